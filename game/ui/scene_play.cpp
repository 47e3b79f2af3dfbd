// The exercise scene (instructions, countdown, play with difficulty, fatigue and safety rules)
// and the rest scene.
#include <algorithm>
#include <cmath>

#include "game/core/exercises/exercise.h"
#include "game/core/adaptation/fatigue_monitor.h"
#include "game/core/adaptation/level_controller.h"
#include "game/ui/block_recorder.h"
#include "game/ui/camera_view.h"
#include "game/ui/exercise_art.h"
#include "game/ui/scene.h"

namespace poise::ui {
namespace {

class ExerciseScene : public Scene {
 public:
  const char* Name() const override { return "exercise"; }

  void OnPose(UiContext& ctx) override {
    if (!ctx.session || !ctx.frame) return;
    Setup(ctx);
    last_pose_at_ms_ = ctx.now_ms;
    const PoseFrame& f = ctx.frame->pose;
    if (covered_) {  // back from a pause or a rest
      covered_ = false;
      exercise_->Resume(f.capture_ms);
      last_pose_ms_ = -1;  // the pause does not count towards a timed set
    }
    if (phase_ != Phase::kPlaying) return;
    if (recorder_) recorder_->Add(f);
    switch (ctx.safety.Update(f)) {
      case core::SafetyEvent::kPauseGesture:
        return Pause(ctx, "You raised both hands: paused.");
      case core::SafetyEvent::kTrackingLost:
        RecordSafetyEvent(ctx, "tracking_lost", "no body seen for over a second");
        return Pause(ctx, "I lost sight of you, so the game paused.");
      case core::SafetyEvent::kLeftFrame:
        RecordSafetyEvent(ctx, "left_frame", "the player left the picture");
        return Pause(ctx, "You left the picture, so the game paused.");
      case core::SafetyEvent::kFall:
        ctx.Trace("event", "fall alarm");
        if (ctx.store)
          ctx.store->RecordEvent(ctx.session->session_id, "fall_alarm", "sudden drop of the hips");
        ctx.session->fall_alarm = true;
        ctx.session->stop_reason = "fall alarm";
        ctx.Replace(MakeFallScene());
        return;
      case core::SafetyEvent::kNone:
        break;
    }
    exercise_->Update(f);
    // A timed set: play time counted from pose timestamps (gaps over 0.2 s count as 0.2 s).
    if (last_pose_ms_ >= 0) played_ms_ += std::clamp(f.capture_ms - last_pose_ms_, 0.0, 200.0);
    last_pose_ms_ = f.capture_ms;
    for (const core::TrialResult& t : exercise_->TakeFinishedTrials()) Score(ctx, t);
    if (exercise_->Done() || TimeLeftMs(ctx) == 0) BlockDone(ctx);
  }

  void Update(UiContext& ctx) override {
    if (!ctx.session) return;
    Setup(ctx);
    if (phase_ == Phase::kCountdown && ctx.now_ms - countdown_start_ > 3000) {
      phase_ = Phase::kPlaying;
      if (ctx.audio) ctx.audio->Play(Cue::kStart);
      exercise_->Resume(ctx.frame ? ctx.frame->pose.capture_ms : ctx.now_ms);
      ctx.Trace("event", "exercise started");
    }
    if (phase_ == Phase::kPlaying && ctx.PausePressed()) Pause(ctx, "You paused the game.");
    if (phase_ == Phase::kPlaying) PauseIfTheSourceStopped(ctx);
    const double cap_ms = ctx.session->plan.session_cap_min * 60000;
    if (ctx.now_ms - ctx.session->started_ms > cap_ms && phase_ != Phase::kDone) {
      phase_ = Phase::kDone;
      ctx.session->stop_reason = "session length reached";
      ctx.Trace("event", "session length cap");
      ctx.Replace(MakeSummaryScene());
    }
  }

  void Draw(UiContext& ctx) override {
    if (!ctx.session) return;
    Setup(ctx);
    if (phase_ == Phase::kInstructions) return DrawInstructions(ctx);
    const core::ExerciseView v = exercise_->View();
    ctx.meter_showing = phase_ == Phase::kPlaying && v.meter >= 0;
    art_->Draw(ctx, v, ctx.elapsed_s);  // the theme under the exercise's own marks
    DrawShapes(ctx, v);  // during the countdown too: the player sees where to reach first
    // One line and the Pause button: never a scroll bar, even at 200 % text.
    BeginPanel("hud", ImVec2(0, 0), ImVec2(1, ctx.TopBar()), ctx, ImGuiWindowFlags_NoScrollbar);
    const bool large = ctx.ui_scale > 1.3;
    const char* pause_label = large ? "Pause" : "Pause (Space)";
    const float pause_w = ImGui::CalcTextSize(pause_label).x + ImGui::GetStyle().FramePadding.x * 4;
    if (const double left_ms = TimeLeftMs(ctx); left_ms >= 0) {
      const int left = int(std::ceil(left_ms / 1000));
      ImGui::Text("%s%sTry %d   Score %d   Time left %d:%02d",
                  large ? "" : exercise_->Name().c_str(), large ? "" : "   ", v.trial, v.score,
                  left / 60, left % 60);
    } else if (large)
      ImGui::Text("Try %d of %d   Score %d", v.trial, v.trials, v.score);
    else
      ImGui::Text("%s   Try %d of %d   Score %d   Pace: %s", exercise_->Name().c_str(), v.trial,
                  v.trials, v.score, LevelInWords(controller_->level()));
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - pause_w);
    if (ctx.Button(pause_label, "pause", pause_w)) Pause(ctx, "You paused the game.");
    EndPanel();
    BeginPanel("prompt", ImVec2(0, 1 - ctx.BottomBar()), ImVec2(1, ctx.BottomBar()), ctx);
    if (phase_ == Phase::kCountdown) {
      const int n = 3 - int((ctx.now_ms - countdown_start_) / 1000);
      BigText("Get ready...");
      ImGui::SameLine();
      ImGui::SetWindowFontScale(2.2f);  // the count itself, readable from across the room
      ImGui::Text("%d", std::max(n, 1));
      ImGui::SetWindowFontScale(1.0f);
    } else {
      BigText(v.prompt);
      if (v.meter >= 0) {
        // White label on a deep blue fill and a black track: readable in both themes (the
        // high-contrast theme's yellow fill would swallow white text).
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImVec4(0.05f, 0.25f, 0.75f, 1));
        ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 1));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        ImGui::ProgressBar(float(std::clamp(v.meter, 0.0, 1.0)), ImVec2(-1, 0),
                           v.meter_label.c_str());
        ImGui::PopStyleColor(3);
      }
      if (offer_rest_ && ctx.Button("Take a rest", "rest_now", 0)) {
        offer_rest_ = false;
        covered_ = true;
        ctx.Push(MakeRestScene(60, false, "You asked for a rest.", false));
      }
    }
    EndPanel();
  }

 private:
  enum class Phase { kInstructions, kCountdown, kPlaying, kDone };

  void Setup(UiContext& ctx) {
    if (exercise_) return;
    SessionState& s = *ctx.session;
    const core::PlanBlock& b = s.plan.blocks[s.block];
    exercise_ = core::CreateExercise(b.exercise);
    art_.emplace(b.exercise);
    core::LevelBounds bounds{b.level_min, b.level_start, b.level_max, s.plan.target_success};
    std::optional<core::LevelState> carried;
    if (auto it = s.levels.find(b.exercise); it != s.levels.end()) {
      carried = it->second;
    } else if (ctx.store && ctx.profile) {  // where this patient's last session ended
      try {
        carried = ctx.store->LoadLevel(ctx.profile->id, b.exercise);
      } catch (const std::exception& e) {
        ctx.Trace("event", std::string("store error: ") + e.what());
      }
    }
    controller_.emplace(bounds, carried);
    fatigue_.emplace(s.plan.target_success);
    if (s.fatigue_before) fatigue_->SelfReport(*s.fatigue_before);
    core::ExerciseConfig cfg;
    cfg.variant = b.variant;
    cfg.level = controller_->level();
    cfg.dominant_side = ctx.profile ? ctx.profile->dominant_side : "right";
    cfg.calibration = ctx.calibration.value_or(core::Calibration{});
    // A timed set ends on time (OnPose); the trial count is then only a ceiling.
    cfg.trials = b.duration_s > 0 ? 10000 : b.trials;
    exercise_->Start(cfg, ctx.frame ? ctx.frame->pose.capture_ms : ctx.now_ms);
    recorder_.emplace(ctx.store.get(), RecordPoses(ctx.options.record_poses, ctx.store.get()),
                      s.session_id, int(s.block), b.exercise);
    ctx.safety.Reset();
    if (ctx.options.autostart || s.block > 0) StartCountdown(ctx);
  }

  /// Play time left in a timed set (ms, 0 when over); -1 for a set of repetitions.
  double TimeLeftMs(const UiContext& ctx) const {
    const double d = ctx.session->plan.blocks[ctx.session->block].duration_s;
    return d > 0 ? std::max(0.0, d * 1000 - played_ms_) : -1;
  }

  void StartCountdown(UiContext& ctx) {
    phase_ = Phase::kCountdown;
    countdown_start_ = ctx.now_ms;
  }

  void DrawInstructions(UiContext& ctx) {
    BeginPanel("instructions", ImVec2(0.1f, 0.03f), ImVec2(0.8f, 0.94f), ctx);
    Title(exercise_->Name().c_str());
    BeginBody(ctx.FooterHeight(1));  // Start stays on screen below at every text size
    for (const auto& line : exercise_->Instructions()) BigText("- " + line);
    if (!ctx.session->plan.notes.empty())
      ImGui::TextWrapped("Note from your physiotherapist: %s", ctx.session->plan.notes.c_str());
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float fig = ImGui::GetContentRegionAvail().y;
    if (fig > 40) {
      DrawStickFigure(ImVec2(p.x + ImGui::GetContentRegionAvail().x / 2, p.y + fig / 2), fig * 0.9f,
                      exercise_->Demo(ctx.elapsed_s));
      ImGui::Dummy(ImVec2(10, fig));
    }
    EndBody();
    if (ctx.Button("Start", "start", -1)) StartCountdown(ctx);
    EndPanel();
  }

  /// A safety event of its own kind (besides the pause it causes), for the review and exports.
  void RecordSafetyEvent(UiContext& ctx, const std::string& kind, const std::string& detail) {
    ctx.Trace("event", kind);
    try {
      if (ctx.store) ctx.store->RecordEvent(ctx.session->session_id, kind, detail);
    } catch (const std::exception& e) {
      ctx.Trace("event", std::string("store error: ") + e.what());
    }
  }

  void Pause(UiContext& ctx, const std::string& why, bool resume_on_frames = false) {
    covered_ = true;
    ctx.Trace("event", "pause: " + why);
    if (ctx.store) ctx.store->RecordEvent(ctx.session->session_id, "pause", why);
    if (ctx.audio) ctx.audio->Play(Cue::kPause);
    ctx.Push(MakePauseScene(why, resume_on_frames));
  }

  /// No new frame for 1.5 s (a frozen or unplugged camera, a file that ended): pause and say
  /// why; the pause lifts itself when frames come back.
  void PauseIfTheSourceStopped(UiContext& ctx) {
    if (last_pose_at_ms_ < 0 || covered_) {
      last_pose_at_ms_ = ctx.now_ms;  // the wait starts when play (re)starts
      return;
    }
    if (ctx.now_ms - last_pose_at_ms_ < kSourceStallMs) return;
    const bool ended = ctx.feed && ctx.feed->Status().state == vision::FeedState::kEnded;
    RecordSafetyEvent(ctx, "source_stopped", ended ? "the video or recording ended"
                                                   : "no picture from the camera");
    Pause(ctx,
          ended ? "The video or recording has ended, so the game paused."
                : "The camera stopped sending pictures, so the game paused. Check that it is "
                  "plugged in; the game carries on when pictures come back.",
          /*resume_on_frames=*/true);
  }
  static constexpr double kSourceStallMs = 1500;

  void Score(UiContext& ctx, const core::TrialResult& t) {
    SessionState& s = *ctx.session;
    s.results.push_back(t);
    ctx.played.push_back(t);
    const bool ok = t.outcome == core::TrialOutcome::kSuccess;
    if (ctx.audio) ctx.audio->Play(ok ? Cue::kHit : Cue::kMiss);
    std::string store_error;
    try {
      if (ctx.store) {
        ctx.store->RecordTrial(s.session_id, int(s.block), t);
        // After the commit returned: the kill -9 test counts these against the database.
        ctx.Trace("trial", "stored " + t.exercise_id + " " + std::to_string(t.trial_index + 1));
      }
    } catch (const std::exception& e) {
      store_error = e.what();
    }
    if (t.outcome == core::TrialOutcome::kInvalid) return;
    const double progress = (ctx.now_ms - s.started_ms) / (s.plan.session_cap_min * 60000);
    const core::FatigueDecision d =
        fatigue_->RecordTrial({ok, core::MetricValue(t, "movement_time"), progress});
    std::vector<core::LevelChange> changes;
    if (auto c = controller_->RecordTrial(ok, d.allow_raise)) changes.push_back(*c);
    if (d.fatigue)
      if (auto c = controller_->LowerForFatigue(core::FatigueOptions{}.lower_by))
        changes.push_back(*c);
    for (const auto& c : changes) {
      ctx.Trace("level", std::string(core::LevelReasonName(c.reason)) + " " +
                             std::to_string(c.to).substr(0, 5));
      try {
        if (ctx.store)
          ctx.store->RecordLevelChange(s.session_id, t.exercise_id, t.trial_index, c.from, c.to,
                                       core::LevelReasonName(c.reason));
      } catch (const std::exception& e) {
        store_error = e.what();
      }
    }
    exercise_->SetLevel(controller_->level());
    s.levels[t.exercise_id] = controller_->state();
    try {
      if (ctx.store && ctx.profile)
        ctx.store->SaveLevel(ctx.profile->id, t.exercise_id, controller_->state());
    } catch (const std::exception& e) {
      store_error = e.what();
    }
    if (!store_error.empty()) ctx.Trace("event", "store error: " + store_error);
    if (d.fatigue && ctx.store) ctx.store->RecordEvent(s.session_id, "fatigue", d.why);
    if (d.rest == core::RestAdvice::kEnforce) {
      covered_ = true;
      ctx.Trace("event", "rest enforced: " + d.why);
      ctx.Push(MakeRestScene(120, true, d.why, false));
    } else if (d.rest == core::RestAdvice::kOffer) {
      offer_rest_ = true;
    }
  }

  void BlockDone(UiContext& ctx) {
    if (phase_ == Phase::kDone) return;
    phase_ = Phase::kDone;
    SessionState& s = *ctx.session;
    s.levels[s.plan.blocks[s.block].exercise] = controller_->state();
    if (recorder_)
      if (const std::string err = recorder_->Save(); !err.empty())
        ctx.Trace("event", "store error: " + err);
    const double rest = s.plan.blocks[s.block].rest_after_s;
    ++s.block;
    ctx.Trace("event", "block done");
    if (s.block >= s.plan.blocks.size()) {
      s.stop_reason = "completed";
      ctx.Replace(MakeSummaryScene());
    } else if (rest > 0) {
      ctx.Replace(MakeRestScene(rest, false, "Well done, that round is over.", true));
    } else {
      ctx.Replace(MakeExerciseScene());
    }
  }

  std::unique_ptr<core::Exercise> exercise_;
  std::optional<core::LevelController> controller_;
  std::optional<core::FatigueMonitor> fatigue_;
  std::optional<BlockRecorder> recorder_;  ///< the block's landmark stream, for replay
  std::optional<ExerciseArt> art_;         ///< the theme and the rewards (exercise_art.cpp)
  Phase phase_ = Phase::kInstructions;
  double countdown_start_ = 0;
  double played_ms_ = 0, last_pose_ms_ = -1;
  double last_pose_at_ms_ = -1;  ///< steady clock of the last pose frame (the stall check)
  bool covered_ = false, offer_rest_ = false;
};

class RestScene : public Scene {
 public:
  RestScene(double seconds, bool enforced, std::string why, bool between)
      : seconds_(seconds), enforced_(enforced), why_(std::move(why)), between_(between) {}
  const char* Name() const override { return "rest"; }
  void Update(UiContext& ctx) override {
    if (start_ < 0) start_ = ctx.now_ms;
    if (Left(ctx) <= 0) Done(ctx);
  }
  void Draw(UiContext& ctx) override {
    BeginPanel("rest", ImVec2(0.15f, 0.03f), ImVec2(0.7f, 0.94f), ctx);
    Title("Time for a rest");
    BeginBody(ctx.FooterHeight(1));  // the way on stays on screen below
    BigText(why_);
    BigText("Sit down, drink some water and let your body cool down.");
    const int left = int(std::ceil(std::max(0.0, Left(ctx)) / 1000));
    // A big clock, readable from across the room.
    const std::string clock =
        std::to_string(left / 60) + ":" + (left % 60 < 10 ? "0" : "") + std::to_string(left % 60);
    ImGui::SetWindowFontScale(3.0f);
    ImGui::TextUnformatted(clock.c_str());
    ImGui::SetWindowFontScale(1.0f);
    const bool can_skip = !enforced_ || Left(ctx) < seconds_ * 1000 / 2;
    if (enforced_ && !can_skip)
      ImGui::TextWrapped("Please rest at least until half of the time has passed.");
    EndBody();
    if (can_skip && ctx.Button("I am ready to continue", "continue", -1)) Done(ctx);
    EndPanel();
  }

 private:
  double Left(const UiContext& ctx) const {
    return start_ < 0 ? seconds_ * 1000 : seconds_ * 1000 - (ctx.now_ms - start_);
  }
  void Done(UiContext& ctx) {
    if (done_) return;
    done_ = true;
    ctx.Trace("event", "rest over");
    if (between_)
      ctx.Replace(MakeExerciseScene());
    else
      ctx.Pop();
  }
  double seconds_;
  bool enforced_;
  std::string why_;
  bool between_;
  double start_ = -1;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Scene> MakeExerciseScene() { return std::make_unique<ExerciseScene>(); }
std::unique_ptr<Scene> MakeRestScene(double seconds, bool enforced, const std::string& why,
                                     bool between) {
  return std::make_unique<RestScene>(seconds, enforced, why, between);
}

}  // namespace poise::ui
