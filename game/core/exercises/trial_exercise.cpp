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
  const double dt = last_t_ms_ < 0 ? 0 : std::max(0.0, f.capture_ms - last_t_ms_);
  last_t_ms_ = f.capture_ms;
  const bool seen = f.pose && CanSee(f);
  if (!seen) {
    if (!missing_) Interrupt();
    missing_ = true;
    return;
  }
  missing_ = false;
  active_ms_ += dt;
  stepped_ = true;
  Step(f, dt);
}

void TrialExercise::Resume(double t_ms) {
  last_t_ms_ = t_ms;
  Interrupt();
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

double TrialExercise::CmPerPx() const {
  // Uncalibrated: assume a 170 cm person filling 75 % of the picture height (standing).
  if (config_.calibration.cm_per_px > 0) return config_.calibration.cm_per_px;
  return 170.0 / (0.75 * std::max(1, config_.calibration.image_height));
}

}  // namespace poise::core
