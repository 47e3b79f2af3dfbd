// Patient profiles for the physiotherapist (behind the PIN): create or edit every field (name,
// height, dominant side, mobility, chair support, notes) and assign the plan the patient follows.
// Edits a draft; it is stored only when core::ValidateProfile accepts it, with the error shown in
// one sentence next to its field. (Patients create their own, basic profile in scene_setup.cpp.)
#include "game/store/plan_store.h"
#include "game/ui/scene.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

namespace poise::ui {
namespace {

class ProfileEditorScene : public Scene {
 public:
  const char* Name() const override { return "profile_editor"; }
  bool ShowsCamera() const override { return false; }

  void Draw(UiContext& ctx) override {
    BeginPanel("profile_editor", ImVec2(0.01f, 0.01f), ImVec2(0.98f, 0.98f), ctx);
    if (!ctx.store) {
      Title("Patients");
      ImGui::TextWrapped("%s", ctx.store_error.c_str());
      if (ctx.Button("Back", "back", -1)) ctx.Pop();
      EndPanel();
      return;
    }
    store::PlanStore plans(*ctx.store);
    // Large text: one scrolling column (labels above their fields); else the list beside the form.
    large_ = ctx.ui_scale > 1.3;
    // Below the scrolling part: the message (wrapped) and the buttons.
    const float foot_h = FooterHeight(message_);
    EditorColumns(
        large_, foot_h, [&] { DrawList(ctx, plans); }, [&] { DrawDraft(ctx, plans); });
    if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ctx.Button("Check and save", "p_save", half)) Save(ctx, plans);
    ImGui::SameLine();
    if (ctx.Button("Back", "back", half)) ctx.Pop();
    EndPanel();
  }

 private:
  void DrawList(UiContext& ctx, store::PlanStore& plans) {
    Title("Patients");
    std::vector<core::Profile> profiles;
    try {
      profiles = ctx.store->Profiles();
    } catch (const std::exception& e) {
      ImGui::TextWrapped("%s", e.what());
    }
    for (const auto& p : profiles)
      if (ctx.Button(p.name.c_str(), ("p_edit:" + p.name).c_str(), -1)) {
        draft_ = p;
        plan_ = plans.Assigned(p.id).value_or("");
        error_.clear();
        message_ = "Editing " + p.name + ".";
      }
    if (ctx.Button("New patient", "p_new", -1)) {
      draft_ = core::Profile{};
      plan_.clear();
      error_.clear();
      message_ = "A new patient: fill in the fields, then save.";
    }
  }

  void DrawDraft(UiContext& ctx, store::PlanStore& plans) {
    if (!draft_) {
      Title("Choose a patient, or add a new one.");
      return;
    }
    core::Profile& d = *draft_;
    if (auto v = ctx.script.TakeValue("p_name")) d.name = *v;
    if (auto v = ctx.script.TakeValue("p_height")) d.height_cm = std::atof(v->c_str());
    if (auto v = ctx.script.TakeValue("p_side")) d.dominant_side = *v;
    if (auto v = ctx.script.TakeValue("p_mobility")) d.mobility = *v;
    if (auto v = ctx.script.TakeValue("p_chair")) d.chair_support = *v == "1";
    if (auto v = ctx.script.TakeValue("p_notes")) d.notes = *v;
    if (auto v = ctx.script.TakeValue("p_plan")) plan_ = *v;
    Title(d.id ? ("Patient: " + d.name).c_str() : "New patient");
    const float label_w = ImGui::GetFontSize() * 8;
    auto label = [&](const char* text) {
      ImGui::TextUnformatted(text);
      if (!large_) ImGui::SameLine(label_w);
    };
    label("Name");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##name", &d.name);
    FieldError("Name");
    label("Height (cm)");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputDouble("##height", &d.height_cm, 0, 0, "%.0f");
    FieldError("Height");
    label("Dominant hand");
    if (ImGui::RadioButton("Right", d.dominant_side == "right")) d.dominant_side = "right";
    ImGui::SameLine();
    if (ImGui::RadioButton("Left", d.dominant_side == "left")) d.dominant_side = "left";
    FieldError("Dominant");
    label("Exercises");
    for (const char* m : {"standing", "seated", "both"}) {
      if (ImGui::RadioButton(m, d.mobility == m)) d.mobility = m;
      ImGui::SameLine();
    }
    ImGui::NewLine();
    FieldError("Mobility");
    CheckLine("Holds on to a chair or counter for support", &d.chair_support);
    ImGui::TextUnformatted("Notes (for the physiotherapist):");
    ImGui::InputTextMultiline("##notes", &d.notes, ImVec2(-1, ImGui::GetTextLineHeight() * 2.6f));
    FieldError("Notes");
    label("Plan");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##plan", plan_.empty() ? "The default plan" : plan_.c_str())) {
      if (ImGui::Selectable("The default plan", plan_.empty())) plan_.clear();
      try {
        for (const auto& p : plans.Latest())
          if (ImGui::Selectable(p.plan.name.c_str(), p.plan.name == plan_)) plan_ = p.plan.name;
      } catch (const std::exception& e) {
        message_ = e.what();
      }
      ImGui::EndCombo();
    }
  }

  /// core::ValidateProfile's sentence ("Height: ..."), next to the field it names.
  void FieldError(const std::string& field) {
    if (error_.rfind(field, 0) != 0) return;
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 200, 80, 255));
    ImGui::TextWrapped("Problem: %s", error_.c_str());
    ImGui::PopStyleColor();
    if (scroll_to_error_) {  // once, after a failed save: show the field with its problem
      ImGui::SetScrollHereY(0.75f);
      scroll_to_error_ = false;
    }
  }

  void Save(UiContext& ctx, store::PlanStore& plans) {
    if (!draft_) return;
    error_ = core::ValidateProfile(*draft_);
    if (error_.empty() && !plan_.empty() && !plans.Latest(plan_))
      error_ = "Plan: '" + plan_ + "' is not a saved plan.";
    if (!error_.empty()) {
      scroll_to_error_ = true;
      message_ = "Not saved. " + error_;
      ctx.Trace("event", "profile not saved: " + error_);
      return;
    }
    try {
      if (draft_->id == 0)
        draft_->id = ctx.store->AddProfile(*draft_);
      else
        ctx.store->UpdateProfile(*draft_);
      plans.Assign(draft_->id, plan_);
      // The patient playing now sees the change at once.
      if (ctx.profile && ctx.profile->id == draft_->id) ctx.profile = *draft_;
      message_ = "Saved " + draft_->name + (plan_.empty() ? "." : ", following '" + plan_ + "'.");
      ctx.Trace("event", "profile saved: " + draft_->name + " plan " + plan_);
    } catch (const std::exception& e) {
      message_ = e.what();
    }
  }

  std::optional<core::Profile> draft_;
  std::string plan_, error_, message_;
  bool large_ = false, scroll_to_error_ = false;
};

}  // namespace

std::unique_ptr<Scene> MakeProfileEditorScene() { return std::make_unique<ProfileEditorScene>(); }

}  // namespace poise::ui
