// Panels, headings and the animated stick figure shared by the scenes.
#include <algorithm>
#include <cmath>

#include "game/core/demo/scripted_pose.h"
#include "game/ui/scene.h"

namespace poise::ui {

void BeginPanel(const char* id, ImVec2 pos_frac, ImVec2 size_frac, UiContext& ctx,
                ImGuiWindowFlags extra_flags) {
  // Larger text needs wider panels: grow around the panel's centre, up to the screen's width.
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  const float grow = float(std::max(1.0, ctx.ui_scale));
  const float w = std::min(0.98f, size_frac.x * grow);
  const float cx = pos_frac.x + size_frac.x / 2;
  const float x = std::clamp(cx - w / 2, 0.01f, 0.99f - w);
  BeginPanelAt(id, ImVec2(d.x * x, d.y * pos_frac.y), ImVec2(d.x * w, d.y * size_frac.y), ctx,
               extra_flags);
}

void BeginPanelAt(const char* id, ImVec2 pos_px, ImVec2 size_px, UiContext& ctx,
                  ImGuiWindowFlags extra_flags) {
  ImGui::SetNextWindowPos(pos_px);
  ImGui::SetNextWindowSize(size_px);
  ImGui::SetNextWindowBgAlpha(ctx.high_contrast ? 1.0f : 0.94f);
  // No title or resizing, but a scroll bar when large text does not fit (UI scale up to 200 %).
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   extra_flags);
  // For screenshots: the panel's text goes to the app when the panel ends (see app.cpp).
  if (!ctx.options.screenshot.empty()) ImGui::LogToClipboard();
}

void EndPanel() { ImGui::End(); }

void Title(const char* text) {
  ImGui::SetWindowFontScale(1.35f);
  ImGui::TextWrapped("%s", text);
  ImGui::SetWindowFontScale(1.0f);
}

void BigText(const std::string& text) {
  ImGui::SetWindowFontScale(1.15f);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::SetWindowFontScale(1.0f);
}

float FooterHeight(const std::string& message) {
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float text_h = message.empty() ? 0
                                       : ImGui::CalcTextSize(message.c_str(), nullptr, false,
                                                             ImGui::GetContentRegionAvail().x)
                                                 .y +
                                             spacing;
  return ImGui::GetFontSize() * 1.8f + 2 * spacing + text_h;
}

void EditorColumns(bool one_column, float foot_h, const std::function<void()>& draw_list,
                   const std::function<void()>& draw_form) {
  if (one_column) {
    ImGui::BeginChild("all", ImVec2(0, -foot_h), true);
    draw_form();
    ImGui::Separator();
    draw_list();
    ImGui::EndChild();
    return;
  }
  ImGui::BeginChild("list", ImVec2(ImGui::GetContentRegionAvail().x * 0.3f, -foot_h), true);
  draw_list();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("form", ImVec2(0, -foot_h), true);
  draw_form();
  ImGui::EndChild();
}

void BeginBody(float footer_h) { ImGui::BeginChild("body", ImVec2(0, -footer_h), false); }

void EndBody() { ImGui::EndChild(); }

float HalfWidth() {
  return (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
}

void DrawFocusRingOnLastItem() {
  // The keyboard focus, readable from across the room: a thick ring in the theme's strongest
  // colour (NavHighlight: amber, or cyan in high contrast) with a dark edge, so it shows on any
  // background (ImGui's own is 2 px). Buttons, check boxes and sliders alike.
  if (!ImGui::IsItemFocused() || !ImGui::GetIO().NavVisible) return;
  const float t = std::max(4.0f, ImGui::GetFontSize() * 0.2f);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImU32 ring = ImGui::GetColorU32(ImGuiCol_NavHighlight);
  dl->AddRect(ImVec2(a.x - t, a.y - t), ImVec2(b.x + t, b.y + t), IM_COL32(0, 0, 0, 255),
              ImGui::GetStyle().FrameRounding + t, 0, t * 2);
  dl->AddRect(ImVec2(a.x - t, a.y - t), ImVec2(b.x + t, b.y + t), ring,
              ImGui::GetStyle().FrameRounding + t, 0, t);
}

bool CheckLine(const char* label, bool* value) {
  ImGui::PushID(label);
  bool changed = ImGui::Checkbox("##box", value);
  DrawFocusRingOnLastItem();
  ImGui::SameLine();
  const ImVec2 before = ImGui::GetCursorScreenPos();
  ImGui::TextWrapped("%s", label);
  if (ImGui::IsItemClicked()) {
    *value = !*value;
    changed = true;
  }
  (void)before;
  ImGui::PopID();
  return changed;
}

bool TirednessSlider(const char* id, std::optional<int>& value) {
  int v = value.value_or(0);
  // Unanswered: no grab (a grab at 0 would read as "not tired at all") and a plain-words label.
  if (!value) {
    ImGui::PushStyleColor(ImGuiCol_SliderGrab, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_SliderGrabActive, IM_COL32(0, 0, 0, 0));
  }
  ImGui::SetNextItemWidth(-1);
  const bool changed = ImGui::SliderInt(id, &v, 0, 10, value ? "%d" : "Not answered");
  DrawFocusRingOnLastItem();
  const bool touched = changed || ImGui::IsItemActivated();
  if (!value) ImGui::PopStyleColor(2);
  if (touched) value = v;
  return touched;
}

void DrawStickFigure(ImVec2 center, float height_px, core::BodySpec s) {
  s.aspect = 1.0;
  const Pose p = core::MakePose(s);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto pt = [&](int i) {
    // Mirrored like the player's own picture.
    return ImVec2(center.x + float(0.5 - p.landmarks[i].x) * height_px,
                  center.y + float(p.landmarks[i].y - 0.5) * height_px);
  };
  for (const auto& e : kSkeletonEdges)
    dl->AddLine(pt(e[0]), pt(e[1]), IM_COL32(255, 255, 255, 255), 4);
  dl->AddCircle(pt(kNose), height_px * 0.06f, IM_COL32(255, 255, 255, 255), 24, 4);
}

}  // namespace poise::ui
