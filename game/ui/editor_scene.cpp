#include "game/ui/editor_scene.h"

namespace poise::ui {

void EditorScene::Draw(UiContext& ctx) {
  BeginPanel(Name(), ImVec2(0.01f, 0.01f), ImVec2(0.98f, 0.98f), ctx);
  if (!ctx.store) {
    Title(Heading());
    ImGui::TextWrapped("%s", ctx.store_error.c_str());
    if (ctx.Button("Back", "back", -1)) ctx.Pop();
    EndPanel();
    return;
  }
  if (!opened_) {
    opened_ = true;
    Open(ctx);
  }
  large_ = ctx.ui_scale > 1.3;
  // Below the scrolling part: the message (wrapped) and the buttons.
  EditorColumns(
      large_, FooterHeight(message_), [&] { DrawList(ctx); }, [&] { DrawForm(ctx); });
  TakeScriptValues(ctx);
  if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  if (ctx.Button(SaveLabel().c_str(), SaveId(), half)) Save(ctx);
  ImGui::SameLine();
  if (ctx.Button("Back", "back", half)) ctx.Pop();
  EndPanel();
}

void EditorScene::ShowErrors(const std::string& field, int block) {
  for (const core::FieldError& e : errors_) {
    if (e.field != field || e.block != block) continue;
    // Marked in words as well as colour.
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 200, 80, 255));
    ImGui::TextWrapped("Problem: %s", e.Plain().c_str());
    ImGui::PopStyleColor();
    if (scroll_to_error_) {  // once, after a failed save: show the first field with a problem
      ImGui::SetScrollHereY(0.5f);
      scroll_to_error_ = false;
    }
  }
}

void EditorScene::Reject(UiContext& ctx, core::FieldErrors errors, const std::string& what) {
  errors_ = std::move(errors);
  scroll_to_error_ = true;
  const size_t n = errors_.size();
  message_ =
      "Not saved: " + (n == 1 ? std::string("one problem, shown next to its field.")
                              : std::to_string(n) + " problems, each shown next to its field.");
  std::string all;
  for (const core::FieldError& e : errors_) {
    if (!all.empty()) all += ' ';
    all += e.Sentence();
  }
  ctx.Trace("event", what + " not saved: " + all);
}

int EditorScene::ErrorsOfBlock(int block) const {
  int n = 0;
  for (const core::FieldError& e : errors_) n += e.block == block;
  return n;
}

}  // namespace poise::ui
