#include "game/core/exercises/trial_exercise.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace poise::core {

bool LandmarksVisible(const Pose& pose, std::initializer_list<int> landmarks, float threshold) {
  return std::all_of(landmarks.begin(), landmarks.end(),
                     [&](int i) { return pose.landmarks[i].visibility >= threshold; });
}

PixelPoint ToPixels(const PoseFrame& f, int i) {
  const auto& l = f.pose->landmarks[i];
  return {l.x * double(f.image_width), l.y * double(f.image_height)};
}

PixelPoint PixelMidpoint(const PoseFrame& f, int a, int b) {
  const PixelPoint p = ToPixels(f, a), q = ToPixels(f, b);
  return {(p.x + q.x) / 2, (p.y + q.y) / 2};
}

double PixelDistance(PixelPoint a, PixelPoint b) { return std::hypot(a.x - b.x, a.y - b.y); }

double Lerp(double a, double b, double t) { return a + (b - a) * std::clamp(t, 0.0, 1.0); }

void TrialExercise::Start(const ExerciseConfig& config, double t_ms) {
  config_ = config;
  level_ = std::clamp(config.level, 0.0, 1.0);
  trial_ = score_ = invalid_ = 0;
  missing_ = false;
  finished_.clear();
  last_t_ms_ = t_ms;
  trial_start_ms_ = t_ms;
  active_ms_ = 0;
  trial_level_ = level_;
  stepped_ = false;
  hidden_ = false;
  // The trial starts now: landmarks unseen from here are a gap like any other (bridged up to
  // kMaxBridgedGapMs, the clock running), so a hand hidden in the first frames does not start
  // the clock late (trial 0's reaction read short by that much).
  last_seen_ms_ = t_ms;
  prev_px_.clear();
  prev2_px_.clear();
  ResetQuality();
  BeginTrial(t_ms);
}

void TrialExercise::SetLevel(double level) {
  level_ = std::clamp(level, 0.0, 1.0);
  // Set right after a report (as the game's difficulty controller does), before the next trial
  // has seen a frame: that trial is set up again at the new level.
  if (!stepped_ && !Done() && level_ != trial_level_) {
    trial_level_ = level_;
    BeginTrial(last_t_ms_ < 0 ? trial_start_ms_ : last_t_ms_);
  }
}

bool TrialExercise::Done() const { return trial_ >= config_.trials || invalid_ >= config_.trials; }

void TrialExercise::Update(const PoseFrame& f) {
  if (Done()) return;
  const double t = f.capture_ms;
  const double dt = last_t_ms_ < 0 ? 0 : std::max(0.0, t - last_t_ms_);
  last_t_ms_ = t;
  wall_ms_ += dt;
  const bool seen = f.pose && CanSee(f);
  if (!seen) {
    hidden_ = true;
    prev_px_.clear();
    prev2_px_.clear();
    // Past the bridge: the trial is on hold and debounce state goes.
    if (!missing_ && last_seen_ms_ >= 0 && t - last_seen_ms_ > kMaxBridgedGapMs) {
      missing_ = true;
      Interrupt();
    } else if (!missing_ && last_seen_ms_ < 0) {
      missing_ = true;
      Interrupt();
    }
    return;
  }
  double active_dt = dt;
  if (hidden_) {  // back after a gap: bridge it, or leave it out of the clock
    const double gap = last_seen_ms_ >= 0 ? t - last_seen_ms_ : dt;
    longest_gap_ms_ = std::max(longest_gap_ms_, gap);
    if (!missing_ && gap <= kMaxBridgedGapMs) {
      active_dt = gap;
      ++gaps_bridged_;
    } else {
      active_dt = 0;
      if (!missing_) Interrupt();
    }
  }
  hidden_ = missing_ = false;
  last_seen_ms_ = t;
  seen_ms_ += dt;
  ++seen_frames_;
  TrackJitter(f);
  active_ms_ += active_dt;
  stepped_ = true;
  Step(f, active_dt);
}

void TrialExercise::TrackJitter(const PoseFrame& f) {
  const double cm = CmPerPx();
  std::vector<PixelPoint> now;
  for (int i : {kLeftShoulder, kRightShoulder, kLeftHip, kRightHip}) now.push_back(ToPixels(f, i));
  if (prev_px_.size() == now.size() && prev2_px_.size() == now.size()) {
    for (size_t i = 0; i < now.size(); ++i) {
      second_diff_cm_.push_back(std::abs(now[i].x - 2 * prev_px_[i].x + prev2_px_[i].x) * cm);
      second_diff_cm_.push_back(std::abs(now[i].y - 2 * prev_px_[i].y + prev2_px_[i].y) * cm);
    }
  }
  prev2_px_ = std::exchange(prev_px_, std::move(now));
}

void TrialExercise::Resume(double t_ms) {
  last_t_ms_ = t_ms;
  // The pause is not a gap: a hidden stretch starts counting again from here.
  if (last_seen_ms_ >= 0) last_seen_ms_ = std::max(last_seen_ms_, t_ms);
  prev_px_.clear();
  prev2_px_.clear();
  Interrupt();
}

void TrialExercise::Unmeasurable(const std::string& reason) {
  if (unmeasurable_.empty()) unmeasurable_ = reason;
}

void TrialExercise::ResetQuality() {
  wall_ms_ = seen_ms_ = longest_gap_ms_ = 0;
  seen_frames_ = gaps_bridged_ = 0;
  second_diff_cm_.clear();
  unmeasurable_.clear();
}

TrialQuality TrialExercise::Quality() const {
  TrialQuality q;
  q.seen_fraction = wall_ms_ > 0 ? std::clamp(seen_ms_ / wall_ms_, 0.0, 1.0) : 1.0;
  q.effective_fps = wall_ms_ > 0 ? 1000.0 * seen_frames_ / wall_ms_ : 0;
  if (!second_diff_cm_.empty()) {
    std::vector<double> d = second_diff_cm_;
    std::nth_element(d.begin(), d.begin() + d.size() / 2, d.end());
    // White noise of SD s has second differences of SD s * sqrt(6); median |N(0,1)| = 0.6745.
    q.jitter_cm = d[d.size() / 2] / 0.6745 / std::sqrt(6.0);
  }
  q.gaps_bridged = gaps_bridged_;
  q.longest_gap_ms = longest_gap_ms_;
  char buf[120];
  if (!unmeasurable_.empty()) {
    q.reason = unmeasurable_;
  } else if (wall_ms_ >= 1000 && q.seen_fraction < kMinSeenFraction) {
    std::snprintf(buf, sizeof buf, "the body parts it needs were seen only %.0f %% of the time",
                  100 * q.seen_fraction);
    q.reason = buf;
  } else if (wall_ms_ >= 1000 && q.effective_fps < kMinFps) {
    std::snprintf(buf, sizeof buf, "the camera gave only %.1f usable frames a second",
                  q.effective_fps);
    q.reason = buf;
  }
  q.measurable = q.reason.empty();
  return q;
}

std::vector<TrialResult> TrialExercise::TakeFinishedTrials() {
  return std::exchange(finished_, {});
}

void TrialExercise::Finish(TrialResult r, double t_ms) {
  r.exercise_id = Id();
  r.variant = config_.variant;
  r.trial_index = trial_ + invalid_;
  r.level = trial_level_;  // the level the trial ran at, even if SetLevel came during it
  r.start_ms = trial_start_ms_;
  r.end_ms = t_ms;
  r.quality = Quality();
  if (!r.quality.measurable) {  // no number rather than a wrong one
    r.outcome = TrialOutcome::kInvalid;
    r.note = "unmeasurable: " + r.quality.reason;
    r.metrics.clear();
  }
  finished_.push_back(std::move(r));
  const TrialOutcome o = finished_.back().outcome;
  if (o == TrialOutcome::kInvalid) {
    ++invalid_;
  } else {
    score_ += o == TrialOutcome::kSuccess;
    ++trial_;
  }
  trial_start_ms_ = t_ms;
  active_ms_ = 0;
  trial_level_ = level_;
  stepped_ = false;
  ResetQuality();
  if (!Done()) BeginTrial(t_ms);
}

ExerciseView TrialExercise::BaseView() const {
  ExerciseView v;
  v.trial = std::min(trial_ + 1, config_.trials);
  v.trials = config_.trials;
  v.score = score_;
  v.landmarks_missing = missing_;
  return v;
}

double TrialExercise::CmPerPx() const { return CmPerPxOrTypical(config_.calibration); }

}  // namespace poise::core
