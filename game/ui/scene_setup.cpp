// Before exercising: choose or create a profile, the safety check, framing, calibration.
#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>

#include "game/core/session/calibration.h"
#include "game/core/session/framing_guide.h"
#include "game/ui/player_prefs.h"
#include "game/ui/scene.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

namespace poise::ui {
namespace {

class ProfileScene : public Scene {
 public:
  explicit ProfileScene(bool then_start) : then_start_(then_start) {}
  const char* Name() const override { return "profile"; }
  bool ShowsCamera() const override { return false; }
  void Draw(UiContext& ctx) override {
    BeginPanel("profile", ImVec2(0.15f, 0.03f), ImVec2(0.7f, 0.94f), ctx);
    Title("Who is playing?");
    BeginBody(ctx.FooterHeight(1) + (error_.empty() ? 0 : ImGui::GetFontSize() * 2.5f));
    if (!loaded_) Load(ctx);  // when the scene opens, not every frame
    if (!ctx.store) ImGui::TextWrapped("%s", ctx.store_error.c_str());
    for (const auto& p : profiles_) {
      const std::string label =
          p.name + "  (" + std::to_string(int(p.height_cm)) + " cm, " + p.mobility + ")";
      if (ctx.Button(label.c_str(), ("profile:" + p.name).c_str(), -1)) Choose(ctx, p);
    }
    ImGui::Separator();
    ImGui::Text("New profile");
    if (auto v = ctx.script.TakeValue("name")) draft_.name = *v;
    if (auto v = ctx.script.TakeValue("height")) draft_.height_cm = std::atof(v->c_str());
    if (auto v = ctx.script.TakeValue("mobility")) draft_.mobility = *v;
    ImGui::TextUnformatted("Name");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##name", &draft_.name);
    // Height with our own big -/+ buttons (ImGui's small ones were white on yellow in high
    // contrast).
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Height (cm)");
    ImGui::SameLine();
    float height = float(draft_.height_cm);
    const float sign_w = ImGui::GetFontSize() * 2.2f;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3.5f);
    if (ImGui::InputFloat("##height", &height, 0, 0, "%.0f")) draft_.height_cm = height;
    ImGui::SameLine();
    if (ctx.Button("-", "height_minus", sign_w))
      draft_.height_cm = std::max(100.0, draft_.height_cm - 1);
    ImGui::SameLine();
    if (ctx.Button("+", "height_plus", sign_w))
      draft_.height_cm = std::min(230.0, draft_.height_cm + 1);
    ImGui::Text("Dominant hand:");
    ImGui::SameLine();
    if (ImGui::RadioButton("Right", draft_.dominant_side == "right"))
      draft_.dominant_side = "right";
    ImGui::SameLine();
    if (ImGui::RadioButton("Left", draft_.dominant_side == "left")) draft_.dominant_side = "left";
    ImGui::Text("Exercises:");
    if (ctx.ui_scale <= 1.3) ImGui::SameLine();
    if (ImGui::RadioButton("Standing", draft_.mobility == "standing")) draft_.mobility = "standing";
    ImGui::SameLine();
    if (ImGui::RadioButton("Seated", draft_.mobility == "seated")) draft_.mobility = "seated";
    ImGui::SameLine();
    if (ImGui::RadioButton("Both", draft_.mobility == "both")) draft_.mobility = "both";
    CheckLine("I hold on to a chair or counter for support", &draft_.chair_support);
    EndBody();
    if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());
    if (ctx.Button("Create profile", "create_profile", HalfWidth())) {
      if (!ctx.store) {
        error_ = ctx.store_error;
      } else {
        try {
          core::Profile p = draft_;
          p.id = ctx.store->AddProfile(p);
          Choose(ctx, p);
        } catch (const std::exception& e) {
          error_ = e.what();
        }
      }
    }
    ImGui::SameLine();
    if (ctx.Button("Back", "back", -1)) ctx.Pop();
    EndPanel();
  }

 private:
  void Load(UiContext& ctx) {
    loaded_ = true;
    if (!ctx.store) return;
    try {
      profiles_ = ctx.store->Profiles();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  void Choose(UiContext& ctx, const core::Profile& p) {
    ctx.profile = p;
    ApplyProfileSettings(ctx);
    ctx.calibration.reset();
    ctx.Trace("event", "profile " + p.name);
    ctx.Pop();
    if (then_start_ && ctx.pending_plan) {
      std::string err;
      try {
        // Today's plan depends on the patient (the plan their physiotherapist assigned).
        if (ctx.pending_plan_is_todays) ctx.pending_plan = ctx.TodaysPlan();
        if (!StartSession(ctx, *ctx.pending_plan, err)) error_ = err;
      } catch (const std::exception& e) {
        error_ = e.what();
      }
      ctx.pending_plan.reset();
    }
  }
  bool then_start_;
  bool loaded_ = false;
  std::vector<core::Profile> profiles_;
  core::Profile draft_;
  std::string error_;
};

class SafetyScene : public Scene {
 public:
  const char* Name() const override { return "safety"; }
  void Draw(UiContext& ctx) override {
    BeginPanel("safety", ImVec2(0.15f, 0.03f), ImVec2(0.7f, 0.94f), ctx);
    Title("Before we start: safety check");
    const bool seated = ctx.session && ctx.session->seated();
    if (ctx.script.TakeClick("safety_all")) std::fill(std::begin(checks_), std::end(checks_), true);
    const bool all = std::all_of(std::begin(checks_), std::end(checks_), [](bool b) { return b; });
    const std::string hint =
        no_seated_ ? "None of today's exercises can be done seated: please go back to the menu "
                     "and ask your physiotherapist for a seated plan."
        : !all     ? "Tick all four boxes to continue, or choose to sit."
                   : "";
    // The checks scroll; the choices stay on screen below them at every text size.
    const float hint_h = hint.empty() ? 0
                                      : ImGui::CalcTextSize(hint.c_str(), nullptr, false,
                                                            ImGui::GetContentRegionAvail().x)
                                                .y +
                                            ImGui::GetStyle().ItemSpacing.y;
    const float row2 = !seated && ctx.session
                           ? ctx.ButtonHeight("I should sit for this session", HalfWidth())
                           : ctx.ButtonHeight();
    BeginBody(ctx.FooterHeight(1) + row2 + ImGui::GetStyle().ItemSpacing.y + hint_h);
    if (seated) {
      BigText("Seated session: sit on a sturdy chair without wheels, feet flat on the floor.");
    }
    CheckLine("A sturdy chair or kitchen counter is within reach", &checks_[0]);
    CheckLine("The floor around me is clear (no rugs, cables or pets)", &checks_[1]);
    CheckLine("I am wearing good, closed shoes", &checks_[2]);
    CheckLine("Someone is nearby, if my physiotherapist advised it", &checks_[3]);
    ImGui::TextWrapped("The room is cool and I have water to drink.");
    ImGui::Spacing();
    ImGui::TextWrapped("How tired do you feel right now? (0 = not at all, 10 = exhausted)");
    if (auto v = ctx.script.TakeValue("fatigue_before"))
      fatigue_ = std::clamp(std::atoi(v->c_str()), 0, 10);
    TirednessSlider("##fatigue_before", fatigue_);
    EndBody();
    if (!hint.empty()) ImGui::TextWrapped("%s", hint.c_str());
    if (!all) ImGui::BeginDisabled();
    if (ctx.Button("All done: continue", "safety_ok", -1)) {
      ctx.Trace("event", seated ? "safety check done (seated)" : "safety check done");
      // Untouched: stored as not answered (NULL).
      if (ctx.session && fatigue_) ctx.session->ReportFatigueBefore(*fatigue_);
      ctx.Replace(MakeFramingScene());
    }
    if (!all) ImGui::EndDisabled();
    const float w = seated || !ctx.session ? -1 : HalfWidth();
    if (!seated && ctx.session && ctx.Button("I should sit for this session", "seated", w)) {
      // Exercises without a seated variant are left out; if none is left, stay as planned.
      no_seated_ = !ctx.session->SitDown();
    }
    if (w > 0) ImGui::SameLine();
    if (ctx.Button("Back to the menu", "cancel", -1)) {
      if (ctx.session) ctx.session->EndNow("cancelled before starting");
      FinishSession(ctx, std::nullopt, {});
    }
    EndPanel();
  }

 private:
  bool checks_[4] = {false, false, false, false};
  std::optional<int> fatigue_;  ///< unset until the player moves the slider
  bool no_seated_ = false;
};

class FramingScene : public Scene {
 public:
  const char* Name() const override { return "framing"; }
  void OnPose(UiContext& ctx) override {
    if (ctx.session && ctx.frame) ctx.session->Update(ctx.frame->pose, ctx.now_ms);
    core::FramingInput in;
    if (ctx.frame) {
      in.pose = ctx.frame->pose.pose;
      in.people_detected = ctx.frame->pose.people_detected;
      if (!ctx.frame->image_bgr.empty()) {
        const cv::Scalar m = cv::mean(ctx.frame->image_bgr);
        in.mean_brightness = 0.114 * m[0] + 0.587 * m[1] + 0.299 * m[2];
      }
    }
    in.seated = ctx.session && ctx.session->seated();
    // Steadied: a foot lost for a frame neither shows a problem nor restarts the wait.
    result_ = settle_.Feed(core::AdviseFraming(in), ctx.now_ms);
  }
  void Update(UiContext& ctx) override {
    if (settle_.ready(ctx.now_ms)) Next(ctx);
  }
  void Draw(UiContext& ctx) override {
    // Above the picture: what is needed; below it: what to do now.
    BeginPanel("framing_top", ImVec2(0.0f, 0.0f), ImVec2(1.0f, ctx.TopBar()), ctx);
    const bool seated = ctx.session && ctx.session->seated();
    ImGui::TextWrapped(seated ? "Show your head, shoulders and hips."
                              : "Show your whole body, head to feet.");
    EndPanel();
    BeginPanel("framing", ImVec2(0.0f, 1 - ctx.BottomBar()), ImVec2(1.0f, ctx.BottomBar()), ctx);
    BigText(result_.text);
    // It moves on by itself after 1.5 s in place; the button is a shortcut when there is room.
    if (result_.advice == core::FramingAdvice::kGood && ctx.ui_scale <= 1.3) {
      ImGui::SameLine();
      if (ctx.Button("Continue", "framing_ok", 0)) Next(ctx);
    }
    EndPanel();
  }

 private:
  void Next(UiContext& ctx) {
    if (done_) return;
    done_ = true;
    if (!ctx.session) return ctx.Replace(MakeExerciseScene());
    ctx.session->Ready(ctx.now_ms);
    ctx.Replace(ctx.session->phase() == core::SessionPhase::kCalibration ? MakeCalibrationScene()
                                                                         : MakeExerciseScene());
  }
  core::FramingSettle settle_;
  core::FramingResult result_ = settle_.shown();
  bool done_ = false;
};

class CalibrationScene : public Scene {
 public:
  const char* Name() const override { return "calibration"; }
  void OnPose(UiContext& ctx) override {
    if (!ctx.session || !ctx.frame || done_) return;
    ctx.session->Update(ctx.frame->pose, ctx.now_ms);
    if (ctx.session->phase() != core::SessionPhase::kCalibration) {
      done_ = true;
      ctx.calibration = ctx.session->calibration();  // kept for this player's next session
      ctx.Replace(MakeExerciseScene());
    }
  }
  void Draw(UiContext& ctx) override {
    const core::SessionView v = ctx.session ? ctx.session->View() : core::SessionView{};
    BeginPanel("calibration_top", ImVec2(0.0f, 0.0f), ImVec2(1.0f, ctx.TopBar()), ctx);
    ImGui::Text("Getting to know your movements: step %d of 5",
                std::min(int(v.calibration_step) + 1, 5));
    EndPanel();
    BeginPanel("calibration", ImVec2(0.0f, 1 - ctx.BottomBar()), ImVec2(1.0f, ctx.BottomBar()),
               ctx);
    BigText(core::CalibrationInstruction(v.calibration_step));
    if (!v.calibration_problem.empty()) ImGui::TextWrapped("%s", v.calibration_problem.c_str());
    EndPanel();
  }

 private:
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Scene> MakeProfileScene(bool then_start) {
  return std::make_unique<ProfileScene>(then_start);
}
std::unique_ptr<Scene> MakeSafetyScene() { return std::make_unique<SafetyScene>(); }
std::unique_ptr<Scene> MakeFramingScene() { return std::make_unique<FramingScene>(); }
std::unique_ptr<Scene> MakeCalibrationScene() { return std::make_unique<CalibrationScene>(); }

}  // namespace poise::ui
