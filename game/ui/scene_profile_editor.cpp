// Patient profiles for the physiotherapist (behind the PIN): create or edit every field (name,
// height, dominant side, mobility, chair support, notes) and assign the plan the patient follows.
// Edits a draft; it is stored only when core::ProfileFieldErrors finds nothing, else every
// problem is shown next to its field. (Patients create their own, basic profile in
// scene_setup.cpp.)
#include "game/store/plan_store.h"
#include "game/ui/editor_scene.h"
#include "game/ui/soft_wrap.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

namespace poise::ui {
namespace {

class ProfileEditorScene : public EditorScene {
 public:
  const char* Name() const override { return "profile_editor"; }

 private:
  const char* Heading() const override { return "Patients"; }
  std::string SaveLabel() const override { return "Check and save"; }
  const char* SaveId() const override { return "p_save"; }

  void Open(UiContext& ctx) override {
    try {
      profiles_ = ctx.store->Profiles();
      plan_names_.clear();
      for (const auto& p : store::PlanStore(*ctx.store).Latest())
        plan_names_.push_back(p.plan.name);
    } catch (const std::exception& e) {
      message_ = e.what();
    }
  }

  void DrawList(UiContext& ctx) override {
    Title("Patients");
    for (const auto& p : profiles_)
      if (ctx.Button(p.name.c_str(), ("p_edit:" + p.name).c_str(), -1)) {
        draft_ = p;
        try {
          plan_ = store::PlanStore(*ctx.store).Assigned(p.id).value_or("");
        } catch (const std::exception& e) {
          message_ = e.what();
        }
        ClearErrors();
        message_ = "Editing " + p.name + ".";
      }
    if (ctx.Button("New patient", "p_new", -1)) {
      draft_ = core::Profile{};
      plan_.clear();
      ClearErrors();
      message_ = "A new patient: fill in the fields, then save.";
    }
  }

  void DrawForm(UiContext& /*ctx*/) override {
    if (!draft_) {
      Title("Choose a patient, or add a new one.");
      return;
    }
    core::Profile& d = *draft_;
    Title(d.id ? ("Patient: " + d.name).c_str() : "New patient");
    const float label_w = ImGui::GetFontSize() * 8;
    auto label = [&](const char* text) {
      ImGui::TextUnformatted(text);
      if (!large_) ImGui::SameLine(label_w);
    };
    label("Name");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##name", &d.name);
    ShowErrors("name");
    label("Height (cm)");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    ImGui::InputDouble("##height", &d.height_cm, 0, 0, "%.0f");
    ShowErrors("height_cm");
    label("Dominant hand");
    if (ImGui::RadioButton("Right", d.dominant_side == "right")) d.dominant_side = "right";
    ImGui::SameLine();
    if (ImGui::RadioButton("Left", d.dominant_side == "left")) d.dominant_side = "left";
    ShowErrors("dominant_side");
    label("Exercises");
    for (const char* m : {"standing", "seated", "both"}) {
      if (ImGui::RadioButton(m, d.mobility == m)) d.mobility = m;
      ImGui::SameLine();
    }
    ImGui::NewLine();
    ShowErrors("mobility");
    CheckLine("Holds on to a chair or counter for support", &d.chair_support);
    ImGui::TextUnformatted("Notes (for the physiotherapist):");
    InputTextWrapped("##notes", &d.notes, ImVec2(-1, ImGui::GetTextLineHeight() * 4.6f));
    ShowErrors("notes");
    label("Plan");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##plan", plan_.empty() ? "The default plan" : plan_.c_str())) {
      if (ImGui::Selectable("The default plan", plan_.empty())) plan_.clear();
      for (const auto& name : plan_names_)
        if (ImGui::Selectable(name.c_str(), name == plan_)) plan_ = name;
      ImGui::EndCombo();
    }
    ShowErrors("plan");
  }

  void TakeScriptValues(UiContext& ctx) override {
    if (!draft_) return;
    core::Profile& d = *draft_;
    if (auto v = ctx.script.TakeValue("p_name")) d.name = *v;
    if (auto v = ctx.script.TakeValue("p_height")) d.height_cm = std::atof(v->c_str());
    if (auto v = ctx.script.TakeValue("p_side")) d.dominant_side = *v;
    if (auto v = ctx.script.TakeValue("p_mobility")) d.mobility = *v;
    if (auto v = ctx.script.TakeValue("p_chair")) d.chair_support = *v == "1";
    if (auto v = ctx.script.TakeValue("p_notes")) d.notes = *v;
    if (auto v = ctx.script.TakeValue("p_plan")) plan_ = *v;
  }

  void Save(UiContext& ctx) override {
    if (!draft_) return;
    core::FieldErrors errors = core::ProfileFieldErrors(*draft_);
    if (!plan_.empty() &&
        std::find(plan_names_.begin(), plan_names_.end(), plan_) == plan_names_.end())
      errors.push_back({"plan", -1, "'" + plan_ + "' is not a saved plan.", "Plan"});
    if (!errors.empty()) return Reject(ctx, std::move(errors), "profile");
    ClearErrors();
    try {
      store::PlanStore plans(*ctx.store);
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
    Open(ctx);  // the list shows the saved name
  }

  std::optional<core::Profile> draft_;
  std::vector<core::Profile> profiles_;
  std::vector<std::string> plan_names_;
  std::string plan_;
};

}  // namespace

std::unique_ptr<Scene> MakeProfileEditorScene() { return std::make_unique<ProfileEditorScene>(); }

}  // namespace poise::ui
