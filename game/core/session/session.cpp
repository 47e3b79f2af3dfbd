#include "game/core/session/session.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace poise::core {
namespace {

constexpr double kCountdownMs = 3000;
constexpr double kTimedSetGapMs = 200;  ///< a gap between poses counts at most this much play

SessionPlan PlayedPlan(const SessionSetup& s) {
  // One block per set, so rests between sets come from the plan like rests between blocks.
  return OneBlockPerSet(s.seated ? SeatedVersion(s.plan) : s.plan);
}

const char* kNoSeated =
    "None of today's exercises can be done seated; please ask your physiotherapist for a seated "
    "plan.";

}  // namespace

const char* SessionPhaseName(SessionPhase p) {
  switch (p) {
    case SessionPhase::kPreparing:
      return "preparing";
    case SessionPhase::kCalibration:
      return "calibration";
    case SessionPhase::kInstructions:
      return "instructions";
    case SessionPhase::kCountdown:
      return "countdown";
    case SessionPhase::kPlaying:
      return "playing";
    case SessionPhase::kPaused:
      return "paused";
    case SessionPhase::kResting:
      return "resting";
    case SessionPhase::kFallAlarm:
      return "fall_alarm";
    case SessionPhase::kSummary:
      return "summary";
    case SessionPhase::kEnded:
      return "ended";
  }
  return "ended";
}

std::string Session::Playable(const SessionSetup& setup) {
  return PlayedPlan(setup).blocks.empty() ? kNoSeated : "";
}

Session::Session(SessionSetup setup, SessionSink& sink)
    : setup_(std::move(setup)), sink_(sink), plan_(PlayedPlan(setup_)) {
  if (plan_.blocks.empty()) throw std::invalid_argument(kNoSeated);
  calibration_ = setup_.calibration;
}

Session::~Session() = default;

std::string Session::Begin(double now_ms) {
  if (begun_) return "";
  SessionBeginRecord r;
  r.plan_name = plan_.name;
  r.plan_uuid = plan_.uuid;
  r.plan_version = plan_.version;
  r.seated = setup_.seated;
  if (std::string err = sink_.Begin(r); !err.empty()) return err;
  begun_ = true;
  started_ms_ = now_ms_ = now_ms;
  Note("event", "session started: " + plan_.name);
  return "";
}

void Session::Note(const std::string& kind, const std::string& detail, const std::string& cue) {
  notes_.push_back({kind, detail, cue});
}

std::vector<SessionNote> Session::TakeNotes() { return std::exchange(notes_, {}); }

void Session::ReportFatigueBefore(int fatigue) {
  fatigue_before_ = std::clamp(fatigue, 0, 10);
  sink_.FatigueBefore(*fatigue_before_);
}

bool Session::SitDown() {
  if (phase_ != SessionPhase::kPreparing) return false;
  if (setup_.seated) return true;
  SessionPlan seated = SeatedVersion(plan_);
  if (seated.blocks.empty()) return false;
  setup_.seated = true;
  plan_ = std::move(seated);
  Note("event", "seated mode");
  return true;
}

void Session::Ready(double now_ms) {
  if (phase_ != SessionPhase::kPreparing) return;
  now_ms_ = now_ms;
  if (calibration_) {
    StartBlock(last_frame_ms_ >= 0 ? last_frame_ms_ : now_ms);
  } else {
    phase_ = SessionPhase::kCalibration;
    calibrating_.emplace(setup_.height_cm, setup_.seated);
  }
}

void Session::StartBlock(double frame_ms) {
  const PlanBlock& b = plan_.blocks[block_];
  exercise_ = CreateExercise(b.exercise);
  if (!exercise_) throw std::invalid_argument("There is no exercise called '" + b.exercise + "'.");
  const LevelBounds bounds{b.level_min, b.level_start, b.level_max, plan_.target_success};
  std::optional<LevelState> carried;
  if (auto it = levels_.find(b.exercise); it != levels_.end())
    carried = it->second;
  else if (auto c = setup_.carried_levels.find(b.exercise); c != setup_.carried_levels.end())
    carried = c->second;
  controller_.emplace(bounds, carried);
  fatigue_.emplace(plan_.target_success);
  if (fatigue_before_) fatigue_->SelfReport(*fatigue_before_);
  ExerciseConfig cfg;
  cfg.variant = b.variant;
  cfg.level = controller_->level();
  cfg.dominant_side = setup_.dominant_side;
  cfg.calibration = calibration_.value_or(Calibration{});
  // A timed set ends on time; the trial count is then only a ceiling.
  cfg.trials = b.duration_s > 0 ? 10000 : b.trials;
  exercise_->Start(cfg, frame_ms);
  poses_.clear();
  safety_.Reset();
  played_ms_ = 0;
  last_pose_ms_ = -1;
  offer_rest_ = resume_pending_ = false;
  if (setup_.skip_instructions || block_ > 0) {
    phase_ = SessionPhase::kCountdown;
    countdown_start_ms_ = now_ms_;
  } else {
    phase_ = SessionPhase::kInstructions;
  }
}

void Session::StartCountdown(double now_ms) {
  if (phase_ != SessionPhase::kInstructions) return;
  phase_ = SessionPhase::kCountdown;
  countdown_start_ms_ = now_ms_ = now_ms;
}

double Session::TimeLeftMs() const {
  if (block_ >= plan_.blocks.size()) return -1;
  const double d = plan_.blocks[block_].duration_s;
  return d > 0 ? std::max(0.0, d * 1000 - played_ms_) : -1;
}

void Session::Update(const PoseFrame& f, double now_ms) {
  now_ms_ = last_frame_now_ms_ = now_ms;
  last_frame_ms_ = f.capture_ms;
  if (phase_ == SessionPhase::kCalibration) {
    calibrating_->Feed(f);
    if (auto c = calibrating_->Result()) {
      calibration_ = c;
      calibrating_.reset();
      Note("event", "calibrated: " + std::to_string(c->cm_per_px).substr(0, 5) + " cm/px");
      StartBlock(f.capture_ms);
    }
    return;
  }
  if (!exercise_) return;
  if (resume_pending_ && phase_ != SessionPhase::kPaused && phase_ != SessionPhase::kResting) {
    // Back from a pause or a rest: the time away does not count, not even towards a timed set.
    resume_pending_ = false;
    exercise_->Resume(f.capture_ms);
    last_pose_ms_ = -1;
  }
  if (phase_ == SessionPhase::kPaused) return FollowPauseGestures(f, now_ms);
  if (phase_ != SessionPhase::kPlaying) return;
  if (setup_.record_poses && f.pose) {
    ReplayFrame r;
    r.t_ms = f.capture_ms;
    for (int i = 0; i < kNumLandmarks; ++i) {
      const ImageLandmark& l = f.pose->landmarks[size_t(i)];
      r.landmarks[size_t(i)] = {l.x, l.y, l.visibility};
    }
    poses_.push_back(r);
  }
  switch (safety_.Update(f)) {
    case SafetyEvent::kPauseGesture:
      return Pause("You raised both hands: paused.", now_ms);
    case SafetyEvent::kTrackingLost:
      Note("event", "tracking_lost");
      sink_.Event("tracking_lost", "no body seen for over a second");
      return Pause("I lost sight of you, so the game paused.", now_ms);
    case SafetyEvent::kLeftFrame:
      Note("event", "left_frame");
      sink_.Event("left_frame", "the player left the picture");
      return Pause("You left the picture, so the game paused.", now_ms);
    case SafetyEvent::kFall:
      Note("event", "fall alarm");
      sink_.Event("fall_alarm", "sudden drop of the hips");
      fall_alarm_ = true;
      stop_reason_ = "fall alarm";
      SavePoses();
      phase_ = SessionPhase::kFallAlarm;
      return;
    case SafetyEvent::kNone:
      break;
  }
  exercise_->Update(f);
  // A timed set: play time counted from pose timestamps (gaps over 0.2 s count as 0.2 s).
  if (last_pose_ms_ >= 0)
    played_ms_ += std::clamp(f.capture_ms - last_pose_ms_, 0.0, kTimedSetGapMs);
  last_pose_ms_ = f.capture_ms;
  for (const TrialResult& t : exercise_->TakeFinishedTrials()) Score(t, now_ms);
  if (exercise_->Done() || TimeLeftMs() == 0) EndBlock(now_ms);
}

void Session::FollowPauseGestures(const PoseFrame& f, double now_ms) {
  switch (pause_gestures_.Update(f)) {
    case PauseGesture::kResume:
      sink_.Event("resume", "resume gesture held");
      Resume(now_ms);
      safety_.AwaitRelease();  // the raised hands must come down before they pause again
      return;
    case PauseGesture::kStop:
      return Stop("stop gesture", now_ms);
    case PauseGesture::kNone:
      return;
  }
}

void Session::Tick(double now_ms) {
  now_ms_ = now_ms;
  if (phase_ == SessionPhase::kCountdown && now_ms - countdown_start_ms_ > kCountdownMs) {
    phase_ = SessionPhase::kPlaying;
    Note("event", "exercise started", "start");
    exercise_->Resume(last_frame_ms_ >= 0 ? last_frame_ms_ : now_ms);
  }
  if (phase_ == SessionPhase::kResting) {
    rest_.left_ms = rest_.seconds * 1000 - (now_ms - rest_start_ms_);
    if (rest_.left_ms <= 0) {
      rest_.can_skip = true;
      EndRest(now_ms);
    }
  }
  CheckCap(now_ms);
}

void Session::CheckCap(double now_ms) {
  const bool in_block = phase_ == SessionPhase::kInstructions ||
                        phase_ == SessionPhase::kCountdown || phase_ == SessionPhase::kPlaying;
  if (in_block && begun_ && now_ms - started_ms_ > plan_.session_cap_min * 60000) {
    Note("event", "session length cap");
    ToSummary("session length reached");
  }
}

void Session::Score(const TrialResult& t, double now_ms) {
  results_.push_back(t);
  const bool ok = t.outcome == TrialOutcome::kSuccess;
  Note("scored",
       t.exercise_id + " " + std::to_string(t.trial_index + 1) + " " + TrialOutcomeName(t.outcome),
       ok ? "hit" : "miss");
  TrialRecord rec;
  rec.block = int(block_);
  rec.trial = t;
  if (t.outcome == TrialOutcome::kInvalid) {
    sink_.Trial(rec);
    return;
  }
  const double progress = (now_ms - started_ms_) / (plan_.session_cap_min * 60000);
  const FatigueDecision d = fatigue_->RecordTrial({ok, MetricValue(t, "movement_time"), progress});
  if (auto c = controller_->RecordTrial(ok, d.allow_raise)) rec.changes.push_back(*c);
  if (d.fatigue)
    if (auto c = controller_->LowerForFatigue(FatigueOptions{}.lower_by)) rec.changes.push_back(*c);
  for (LevelChange& c : rec.changes) {
    c.trial_index = t.trial_index;
    Note("level", std::string(LevelReasonName(c.reason)) + " " + std::to_string(c.to).substr(0, 5));
  }
  exercise_->SetLevel(controller_->level());
  levels_[t.exercise_id] = controller_->state();
  rec.level_after = controller_->state();
  sink_.Trial(rec);
  if (d.fatigue) sink_.Event("fatigue", d.why);
  if (d.rest == RestAdvice::kEnforce) {
    Note("event", "rest enforced: " + d.why);
    phase_ = SessionPhase::kResting;
    rest_ = {120, 120000, true, false, false, d.why};
    rest_start_ms_ = now_ms;
    resume_pending_ = true;
  } else if (d.rest == RestAdvice::kOffer) {
    offer_rest_ = true;
  }
}

void Session::EndBlock(double now_ms) {
  if (!exercise_ || block_ >= plan_.blocks.size()) return;
  levels_[plan_.blocks[block_].exercise] = controller_->state();
  SavePoses();
  const double rest = plan_.blocks[block_].rest_after_s;
  ++block_;
  Note("event", "block done");
  if (block_ >= plan_.blocks.size()) {
    ToSummary("completed");
  } else if (rest > 0) {
    phase_ = SessionPhase::kResting;
    rest_ = {rest, rest * 1000, false, true, true, "Well done, that round is over."};
    rest_start_ms_ = now_ms;
  } else {
    StartBlock(last_frame_ms_ >= 0 ? last_frame_ms_ : now_ms);
  }
}

void Session::SavePoses() {
  if (poses_.empty() || !exercise_) return;
  PoseStreamRecord r;
  r.block = int(std::min(block_, plan_.blocks.size() - 1));
  r.exercise = exercise_->Id();
  r.frames = std::exchange(poses_, {});
  sink_.PoseStream(r);
}

void Session::Pause(const std::string& why, double now_ms) {
  if (phase_ != SessionPhase::kPlaying && phase_ != SessionPhase::kCountdown &&
      phase_ != SessionPhase::kInstructions)
    return;
  now_ms_ = now_ms;
  paused_from_ = phase_;
  phase_ = SessionPhase::kPaused;
  pause_reason_ = why;
  resume_pending_ = true;
  pause_gestures_.Reset();
  Note("event", "pause: " + why, "pause");
  sink_.Event("pause", why);
}

void Session::Resume(double now_ms) {
  if (phase_ != SessionPhase::kPaused) return;
  now_ms_ = now_ms;
  Note("event", "resumed");
  phase_ = paused_from_;
  if (phase_ == SessionPhase::kCountdown) countdown_start_ms_ = now_ms;
}

void Session::TakeRest(double now_ms) {
  if (!offer_rest_ || phase_ != SessionPhase::kPlaying) return;
  offer_rest_ = false;
  phase_ = SessionPhase::kResting;
  rest_ = {60, 60000, false, true, false, "You asked for a rest."};
  rest_start_ms_ = now_ms_ = now_ms;
  resume_pending_ = true;
}

void Session::EndRest(double now_ms) {
  if (phase_ != SessionPhase::kResting) return;
  now_ms_ = now_ms;
  const double left = rest_.seconds * 1000 - (now_ms - rest_start_ms_);
  if (rest_.enforced && left >= rest_.seconds * 1000 / 2) return;
  Note("event", "rest over");
  if (rest_.between_blocks)
    StartBlock(last_frame_ms_ >= 0 ? last_frame_ms_ : now_ms);
  else
    phase_ = SessionPhase::kPlaying;
}

void Session::Stop(const std::string& reason, double now_ms) {
  if (phase_ == SessionPhase::kSummary || phase_ == SessionPhase::kEnded) return;
  now_ms_ = now_ms;
  Note("event", "stopped: " + reason);
  sink_.Event("stop", reason);
  ToSummary(reason);
}

void Session::ToSummary(const std::string& reason) {
  SavePoses();
  stop_reason_ = reason;
  phase_ = SessionPhase::kSummary;
}

void Session::AskForHelp() {
  if (phase_ != SessionPhase::kFallAlarm || help_asked_) return;
  help_asked_ = true;
  Note("event", "fall alarm: help asked");
  sink_.Event("fall_alarm", "help asked");
}

void Session::FallAnswered() {
  if (phase_ != SessionPhase::kFallAlarm) return;
  Note("event", "fall alarm: player OK");
  phase_ = SessionPhase::kSummary;
}

void Session::Finish(std::optional<int> fatigue_after, const std::vector<std::string>& symptoms) {
  if (phase_ == SessionPhase::kEnded) return;
  SavePoses();
  if (begun_)
    sink_.End({stop_reason_.empty() ? "completed" : stop_reason_, fatigue_after, symptoms});
  phase_ = SessionPhase::kEnded;
}

void Session::EndNow(const std::string& reason) {
  if (phase_ == SessionPhase::kEnded) return;
  if (stop_reason_.empty()) stop_reason_ = reason;
  Finish(std::nullopt, {});
}

SessionView Session::View() const {
  SessionView v;
  v.phase = phase_;
  v.plan_name = plan_.name;
  v.plan_notes = plan_.notes;
  v.seated = setup_.seated;
  v.block = block_;
  v.blocks = plan_.blocks.size();
  if (exercise_) {
    v.exercise_id = exercise_->Id();
    v.exercise_name = exercise_->Name();
    v.instructions = exercise_->Instructions();
    v.exercise = exercise_->View();
    v.level = controller_->level();
  }
  v.time_left_ms = TimeLeftMs();
  if (phase_ == SessionPhase::kCountdown)
    v.countdown_left_ms = std::max(0.0, kCountdownMs - (now_ms_ - countdown_start_ms_));
  v.offer_rest = offer_rest_;
  v.rest = rest_;
  if (phase_ == SessionPhase::kResting) {
    v.rest.left_ms = std::max(0.0, rest_.seconds * 1000 - (now_ms_ - rest_start_ms_));
    v.rest.can_skip = !rest_.enforced || v.rest.left_ms < rest_.seconds * 1000 / 2;
  }
  v.pause_reason = pause_reason_;
  if (phase_ == SessionPhase::kPaused) v.pause_gesture = pause_gestures_.View();
  if (calibrating_) {
    v.calibration_step = calibrating_->step();
    v.calibration_problem = calibrating_->problem();
  } else if (calibration_) {
    v.calibration_step = CalibrationStep::kDone;
  }
  v.trials = int(results_.size());
  for (const TrialResult& t : results_) v.successes += t.outcome == TrialOutcome::kSuccess;
  v.stop_reason = stop_reason_;
  v.fall_alarm = fall_alarm_;
  v.help_asked = help_asked_;
  v.frame_age_ms = last_frame_now_ms_ < 0 ? -1 : now_ms_ - last_frame_now_ms_;
  return v;
}

BodySpec Session::DemoBody(double t_s) const {
  return exercise_ ? exercise_->Demo(t_s) : BodySpec{};
}

}  // namespace poise::core
