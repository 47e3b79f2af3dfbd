// Starting and ending a session; the pause overlay, the fall alarm and the summary. The session
// itself is core::Session (recorded by store::SessionRecorder): these scenes draw its View() and
// forward the player's requests.
#include <algorithm>
#include <cmath>
#include <set>

#include "game/core/session/last_time.h"
#include "game/store/last_time_queries.h"
#include "game/ui/scene.h"

namespace poise::ui {
namespace {

/// Whether this run records landmark streams: --no-record-poses off, else the store setting.
bool RecordPoses(bool option_on, store::SessionStore* store) {
  if (!option_on || !store) return false;
  try {
    return store->GetSetting("record_poses").value_or("1") != "0";
  } catch (const std::exception&) {
    return false;
  }
}

/// The session is over: its trials join the run's, an unsaved part is told, and it goes.
void DropSession(UiContext& ctx) {
  if (!ctx.session) return;
  const auto& r = ctx.session->results();
  ctx.played.insert(ctx.played.end(), r.begin(), r.end());
  if (ctx.recorder && !ctx.recorder->unsaved().empty()) {
    ctx.store_error = ctx.recorder->unsaved();
    ctx.Trace("event", "unsaved: " + ctx.recorder->unsaved());
  }
  ctx.Trace("event", "session finished");
  ctx.session.reset();
  ctx.recorder.reset();
}

}  // namespace

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
  core::SessionSetup setup;
  // Seated when the profile says so, or when every block is a seated variant (e.g. a seated
  // exercise chosen on the command line): calibration then uses the seated proportions.
  setup.seated = ctx.profile->mobility == "seated" ||
                 (!plan.blocks.empty() &&
                  std::all_of(plan.blocks.begin(), plan.blocks.end(),
                              [](const core::PlanBlock& b) { return b.variant == "seated"; }));
  setup.plan = std::move(plan);
  setup.height_cm = ctx.profile->height_cm;
  setup.dominant_side = ctx.profile->dominant_side;
  setup.calibration = ctx.calibration;
  setup.record_poses = RecordPoses(ctx.options.record_poses, ctx.store.get());
  setup.skip_instructions = ctx.options.autostart;
  if (error = core::Session::Playable(setup); !error.empty()) return false;
  // Where this patient's last session ended, per exercise.
  std::set<std::string> ids;
  for (const core::PlanBlock& b : setup.plan.blocks) ids.insert(b.exercise);
  try {
    setup.carried_levels = store::LoadLevels(*ctx.store, ctx.profile->id, {ids.begin(), ids.end()});
  } catch (const std::exception& e) {
    ctx.Trace("event", std::string("store error: ") + e.what());
  }
  auto recorder = std::make_unique<store::SessionRecorder>(*ctx.store, ctx.profile->id);
  recorder->on_note = [&ctx](const std::string& kind, const std::string& detail) {
    ctx.Trace(kind, detail);
  };
  auto session = std::make_unique<core::Session>(std::move(setup), *recorder);
  if (error = session->Begin(ctx.now_ms); !error.empty()) return false;
  ctx.recorder = std::move(recorder);
  ctx.session = std::move(session);
  PumpSession(ctx);
  if (ctx.options.autostart)
    ctx.Push(MakeFramingScene());
  else
    ctx.Push(MakeSafetyScene());
  return true;
}

void FinishSession(UiContext& ctx, std::optional<int> fatigue_after,
                   const std::vector<std::string>& symptoms) {
  if (ctx.session) {
    ctx.session->Finish(fatigue_after, symptoms);
    PumpSession(ctx);
    if (ctx.clinic) ctx.clinic->SyncSoon();
  }
  DropSession(ctx);
  ctx.ResetTo(MakeMenuScene());
}

void EndSessionNow(UiContext& ctx, const std::string& reason) {
  if (!ctx.session) return;
  ctx.session->EndNow(reason);
  PumpSession(ctx);
  ctx.Trace("event", "session ended: " + ctx.session->View().stop_reason);
  DropSession(ctx);
}

void PumpSession(UiContext& ctx) {
  if (!ctx.session) return;
  for (const core::SessionNote& n : ctx.session->TakeNotes()) {
    ctx.Trace(n.kind, n.detail);
    if (!ctx.audio || n.cue.empty()) continue;
    if (n.cue == "start") ctx.audio->Play(Cue::kStart);
    if (n.cue == "hit") ctx.audio->Play(Cue::kHit);
    if (n.cue == "miss") ctx.audio->Play(Cue::kMiss);
    if (n.cue == "pause") ctx.audio->Play(Cue::kPause);
  }
  if (ctx.recorder) ctx.recorder->Retry();
}

namespace {
class PauseScene : public Scene {
 public:
  PauseScene(std::string reason, bool resume_on_frames)
      : reason_(std::move(reason)), resume_on_frames_(resume_on_frames) {}
  const char* Name() const override { return "pause"; }
  bool IsOverlay() const override { return true; }
  void OnPose(UiContext& ctx) override {
    if (left_ || !ctx.session) return;
    if (resume_on_frames_) {
      // Paused because the pictures stopped: they are back, so play goes on.
      left_ = true;
      ctx.Trace("event", "resumed: pictures are back");
      ctx.session->Resume(ctx.now_ms);
      ctx.Pop();
      return;
    }
    // The held resume / stop gestures (core::PauseGestures) see every pose while paused.
    if (ctx.frame) ctx.session->Update(ctx.frame->pose, ctx.now_ms);
    FollowGesture(ctx);
  }
  void Update(UiContext& ctx) override { ctx.PausePressed(); }  // a second press does nothing
  void Draw(UiContext& ctx) override {
    if (left_ || !ctx.session) return;  // already on its way out
    const core::PauseGestureView g = ctx.session->View().pause_gesture;
    if (g.holding != core::PauseGesture::kNone) return DrawCountdown(ctx, g);
    BeginPanel("pause", ImVec2(0.2f, 0.02f), ImVec2(0.6f, 0.96f), ctx);
    // "Carry on" beside the title: the main choice is the first thing seen at every text size.
    Title("Paused");
    ImGui::SameLine();
    if (ctx.Button("Carry on", "resume", -1)) {
      ctx.session->Resume(ctx.now_ms);
      ctx.Pop();
      left_ = true;
    }
    BigText(reason_);
    // One line at large text, so every reason below stays on screen.
    ImGui::TextWrapped("%s", ctx.ui_scale > 1.3
                                 ? "Hands up: carry on. Arms out: stop."
                                 : "Hands-free: both hands above your head for 3 seconds to carry "
                                   "on, or both arms out to the sides for 3 seconds to stop for "
                                   "today.");
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
      if (ctx.Button(r[0], r[1], w) && !left_) {
        ctx.session->Stop(r[1] + 5, ctx.now_ms);  // "tired", "warm", ...
        ctx.Pop();
        ctx.Replace(MakeSummaryScene());
        left_ = true;
      }
    }
    EndPanel();
  }

 private:
  /// A held gesture resumed or stopped the session: leave for play or the summary.
  void FollowGesture(UiContext& ctx) {
    const core::SessionPhase p = ctx.session->phase();
    if (p == core::SessionPhase::kPaused) return;
    left_ = true;
    ctx.Pop();
    if (p == core::SessionPhase::kSummary) {
      ctx.Trace("event", "stopped by the stop gesture");
      ctx.Replace(MakeSummaryScene());
    } else {
      ctx.Trace("event", "resumed by the resume gesture");
    }
  }

  /// While a gesture is held: one large ring filling up and the seconds left, readable from
  /// across the room, and how to cancel. Nothing else competes with it.
  void DrawCountdown(UiContext& ctx, const core::PauseGestureView& g) {
    const bool stop = g.holding == core::PauseGesture::kStop;
    BeginPanel("pause", ImVec2(0.2f, 0.02f), ImVec2(0.6f, 0.96f), ctx,
               ImGuiWindowFlags_NoScrollbar);
    Title(stop ? "Stopping for today" : "Carrying on");
    BigText(stop ? "Keep your arms out to stop. Lower them to cancel."
                 : "Keep your hands up to carry on. Lower them to cancel.");
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float r = std::max(20.0f, std::min(avail.x, avail.y) * 0.42f);
    const ImVec2 c(p.x + avail.x / 2, p.y + avail.y / 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float thick = std::max(10.0f, r * 0.16f);
    const ImU32 track = ctx.high_contrast ? IM_COL32(90, 90, 90, 255) : IM_COL32(60, 70, 85, 255);
    const ImU32 fill = ctx.high_contrast ? IM_COL32(255, 255, 0, 255)
                       : stop            ? IM_COL32(240, 170, 60, 255)
                                         : IM_COL32(90, 200, 120, 255);
    dl->AddCircle(c, r, track, 96, thick);
    const float a0 = -3.14159265f / 2, a1 = a0 + 2 * 3.14159265f * float(g.progress);
    if (g.progress > 0.001) {
      dl->PathArcTo(c, r, a0, a1, 96);
      dl->PathStroke(fill, 0, thick);
    }
    const int left = std::max(1, int(std::ceil(g.left_ms / 1000)));
    ImGui::SetWindowFontScale(4.0f);
    const std::string n = std::to_string(left);
    const ImVec2 ts = ImGui::CalcTextSize(n.c_str());
    ImGui::SetCursorScreenPos(ImVec2(c.x - ts.x / 2, c.y - ts.y / 2));
    ImGui::TextUnformatted(n.c_str());
    ImGui::SetWindowFontScale(1.0f);
    EndPanel();
  }

  std::string reason_;
  bool resume_on_frames_ = false, left_ = false;
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
      if (ctx.session) ctx.session->FallAnswered();
      ctx.Replace(MakeSummaryScene());
    }
    if (!help_ && ctx.Button("I need help", "help", -1)) {
      help_ = true;
      if (ctx.session) ctx.session->AskForHelp();
    }
    EndPanel();
  }
  bool ShowsCamera() const override { return false; }

 private:
  bool help_ = false;
};

/// "You did 5 tries and reached the target 3 times." in plain words, never "0 times".
std::string TriesInWords(int tries, int hits) {
  const std::string did =
      "You did " + (tries == 1 ? std::string("1 try") : std::to_string(tries) + " tries");
  if (tries == 0) return "Thank you for coming to train.";
  if (hits == 0) return did + ": well done for training.";
  const std::string times = hits == 1   ? "once"
                            : hits == 2 ? "twice"
                                        : std::to_string(hits) + " times";
  return did + " and reached the target " + times + ".";
}

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
    const core::SessionView s = ctx.session->View();
    // "Save and finish" stays on screen below; the rest scrolls at large text.
    BeginBody(ctx.FooterHeight(1));
    const bool free_play = s.plan_name == "Free play";
    Title(s.stop_reason == "completed" && !free_play ? "Well done: today's plan is complete!"
          : s.stop_reason == "completed"             ? "Well done!"
                                                     : "Thank you for training today.");
    BigText(TriesInWords(s.trials, s.successes));
    if (!compared_) {
      compared_ = true;
      last_time_ = CompareWithLastTime(ctx);
    }
    for (const std::string& line : last_time_) BigText(line);
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
  /// Today against the last session, one encouraging sentence per exercise (from the store).
  static std::vector<std::string> CompareWithLastTime(UiContext& ctx) {
    std::vector<std::string> out;
    if (!ctx.store || !ctx.recorder || ctx.recorder->session_id() <= 0) return out;
    try {
      const store::LastTimeTries t = store::LoadLastTime(*ctx.store, ctx.recorder->session_id());
      for (const core::LastTimeLine& l : core::CompareWithLastTime(t.today, t.last)) {
        out.push_back(l.words);
        ctx.Trace("event", "last time: " + l.words);
      }
    } catch (const std::exception& e) {
      ctx.Trace("event", std::string("store error: ") + e.what());  // the summary goes on
    }
    return out;
  }

  bool compared_ = false;
  std::vector<std::string> last_time_;
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
