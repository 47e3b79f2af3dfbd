// Starting and ending a session; the pause overlay, the fall alarm and the summary.
#include <algorithm>

#include "game/ui/scene.h"

namespace poise::ui {

bool StartSession(UiContext& ctx, core::SessionPlan plan, std::string& error) {
  if (!ctx.profile) {
    error = "Please choose or create a profile first.";
    return false;
  }
  if (!ctx.store) {
    error = "Sessions cannot be saved: " + ctx.store_error;
    return false;
  }
  if (!ctx.feed) {
    error = ctx.feed_error.empty() ? "No camera is open." : ctx.feed_error;
    return false;
  }
  SessionState s;
  // Seated when the profile says so, or when every block is a seated variant (e.g. a seated
  // exercise chosen on the command line): calibration then uses the seated proportions.
  s.seated = ctx.profile->mobility == "seated" ||
             (!plan.blocks.empty() &&
              std::all_of(plan.blocks.begin(), plan.blocks.end(),
                          [](const core::PlanBlock& b) { return b.variant == "seated"; }));
  // One block per set, so rests between sets come from the plan like rests between blocks.
  s.plan = core::OneBlockPerSet(s.seated ? core::SeatedVersion(std::move(plan)) : std::move(plan));
  if (s.plan.blocks.empty()) {
    error =
        "None of today's exercises can be done seated; please ask your physiotherapist for a "
        "seated plan.";
    return false;
  }
  try {
    s.session_id = ctx.store->BeginSession(ctx.profile->id, s.plan.name, s.plan.version,
                                           std::nullopt, s.plan.uuid);
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
  s.started_ms = ctx.now_ms;
  ctx.session = std::move(s);
  ctx.safety.Reset();
  ctx.Trace("event", "session started: " + ctx.session->plan.name);
  if (ctx.options.autostart)
    ctx.Push(MakeFramingScene());
  else
    ctx.Push(MakeSafetyScene());
  return true;
}

void FinishSession(UiContext& ctx, std::optional<int> fatigue_after,
                   const std::vector<std::string>& symptoms) {
  if (ctx.session && ctx.store) {
    try {
      const std::string reason =
          ctx.session->stop_reason.empty() ? "completed" : ctx.session->stop_reason;
      ctx.store->EndSession(ctx.session->session_id, reason, fatigue_after, symptoms);
    } catch (const std::exception& e) {
      ctx.store_error = e.what();
    }
  }
  ctx.Trace("event", "session finished");
  ctx.session.reset();
  ctx.ResetTo(MakeMenuScene());
}

namespace {

class PauseScene : public Scene {
 public:
  PauseScene(std::string reason, bool resume_on_frames)
      : reason_(std::move(reason)), resume_on_frames_(resume_on_frames) {}
  const char* Name() const override { return "pause"; }
  bool IsOverlay() const override { return true; }
  void OnPose(UiContext& ctx) override {
    // Paused because the pictures stopped: they are back, so play goes on.
    if (!resume_on_frames_ || resumed_) return;
    resumed_ = true;
    ctx.Trace("event", "resumed: pictures are back");
    ctx.Pop();
  }
  void Update(UiContext& ctx) override { ctx.PausePressed(); }  // a second press does nothing
  void Draw(UiContext& ctx) override {
    if (resumed_) return;  // already on its way out
    BeginPanel("pause", ImVec2(0.2f, 0.02f), ImVec2(0.6f, 0.96f), ctx);
    // "Carry on" beside the title: the main choice is the first thing seen at every text size.
    Title("Paused");
    ImGui::SameLine();
    bool done = false;
    if (ctx.Button("Carry on", "resume", -1)) {
      ctx.Trace("event", "resumed");
      ctx.Pop();
      done = true;
    }
    BigText(reason_);
    ImGui::TextWrapped("Or stop for today, because:");
    static const char* kReasons[][2] = {{"I am tired", "stop_tired"},
                                        {"I feel too warm, or my vision is blurred", "stop_warm"},
                                        {"I feel dizzy", "stop_dizzy"},
                                        {"Something hurts", "stop_pain"},
                                        {"Another reason", "stop_other"}};
    // Two columns at large text sizes, so every reason stays on screen.
    const bool two = ctx.ui_scale > 1.3;
    const float w =
        two ? (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2 : -1;
    int k = 0;
    for (const auto& r : kReasons) {
      if (two && k++ % 2 == 1) ImGui::SameLine();
      if (ctx.Button(r[0], r[1], w) && ctx.session && !done) {
        ctx.session->stop_reason = r[1] + 5;  // "tired", "warm", ...
        ctx.Trace("event", std::string("stopped: ") + (r[1] + 5));
        if (ctx.store) ctx.store->RecordEvent(ctx.session->session_id, "stop", r[1] + 5);
        ctx.Pop();
        ctx.Replace(MakeSummaryScene());
        done = true;
      }
    }
    EndPanel();
  }

 private:
  std::string reason_;
  bool resume_on_frames_ = false, resumed_ = false;
};

class FallScene : public Scene {
 public:
  const char* Name() const override { return "fall"; }
  void Draw(UiContext& ctx) override {
    BeginPanel("fall", ImVec2(0.15f, 0.1f), ImVec2(0.7f, 0.8f), ctx);
    Title("Are you OK?");
    BigText("It looked as if you dropped suddenly, so the session has stopped.");
    if (help_) {
      BigText(
          "Stay where you are. Call out to someone nearby, or use your phone or alarm to call for "
          "help.");
      BigText(
          "Do not get up quickly. When you feel able, roll to your side and use a sturdy chair to "
          "get up.");
    }
    if (ctx.Button("I am OK", "ok", -1)) {
      ctx.Trace("event", "fall alarm: player OK");
      ctx.Replace(MakeSummaryScene());
    }
    if (!help_ && ctx.Button("I need help", "help", -1)) {
      help_ = true;
      ctx.Trace("event", "fall alarm: help asked");
      if (ctx.store && ctx.session)
        ctx.store->RecordEvent(ctx.session->session_id, "fall_alarm", "help asked");
    }
    EndPanel();
  }
  bool ShowsCamera() const override { return false; }

 private:
  bool help_ = false;
};

class SummaryScene : public Scene {
 public:
  const char* Name() const override { return "summary"; }
  bool ShowsCamera() const override { return false; }
  void Draw(UiContext& ctx) override {
    BeginPanel("summary", ImVec2(0.12f, 0.03f), ImVec2(0.76f, 0.94f), ctx);
    if (!ctx.session) {
      EndPanel();
      return;
    }
    const SessionState& s = *ctx.session;
    int ok = 0;
    for (const auto& t : s.results) ok += t.outcome == core::TrialOutcome::kSuccess;
    // "Save and finish" stays on screen below; the rest scrolls at large text.
    BeginBody(ctx.FooterHeight(1));
    const bool free_play = s.plan.name == "Free play";
    Title(s.stop_reason == "completed" && !free_play ? "Well done: today's plan is complete!"
          : s.stop_reason == "completed"             ? "Well done!"
                                                     : "Thank you for training today.");
    BigText("You did " + std::to_string(s.results.size()) + " tries and reached the target " +
            std::to_string(ok) + " times.");
    if (s.fall_alarm)
      BigText("Please rest now, and tell your physiotherapist about the fall alarm.");
    else if (s.stop_reason != "completed")
      BigText("Stopping when you need to is the right thing to do.");
    ImGui::Spacing();
    ImGui::TextWrapped("How tired do you feel now? (0 = not at all, 10 = exhausted)");
    if (auto v = ctx.script.TakeValue("fatigue"))
      fatigue_ = std::clamp(std::atoi(v->c_str()), 0, 10);
    TirednessSlider("##fatigue", fatigue_);
    ImGui::TextWrapped("Did you notice any of these?");
    CheckLine("Too warm, or blurred vision", &warm_);
    CheckLine("Dizziness", &dizzy_);
    CheckLine("Pain", &pain_);
    EndBody();
    if (ctx.Button("Save and finish", "finish", -1)) {
      std::vector<std::string> symptoms;
      if (warm_) symptoms.push_back("too warm or blurred vision");
      if (dizzy_) symptoms.push_back("dizzy");
      if (pain_) symptoms.push_back("pain");
      FinishSession(ctx, fatigue_, symptoms);
    }
    EndPanel();
  }

 private:
  std::optional<int> fatigue_;  ///< unset until touched: stored as not answered
  bool warm_ = false, dizzy_ = false, pain_ = false;
};

}  // namespace

std::unique_ptr<Scene> MakePauseScene(const std::string& reason, bool resume_on_frames) {
  return std::make_unique<PauseScene>(reason, resume_on_frames);
}
std::unique_ptr<Scene> MakeFallScene() { return std::make_unique<FallScene>(); }
std::unique_ptr<Scene> MakeSummaryScene() { return std::make_unique<SummaryScene>(); }

}  // namespace poise::ui
