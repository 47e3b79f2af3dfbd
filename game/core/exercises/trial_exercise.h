// TrialExercise: the bookkeeping every exercise shares, so each one writes only its own rules.
// - Trials: BeginTrial() sets one up at the current level; Finish() reports it. A trial reported
//   as invalid (e.g. stepped during a reach) is repeated, up to `trials` invalid ones per block.
// - Time: the trial clock (active_ms()) runs only while the landmarks the exercise needs are
//   visible and the game is not paused; while they are missing the trial is on hold (Step() is
//   not called, Interrupt() drops debounce state), so nothing is counted or failed unseen.
// - Pose helpers in pixels and centimetres of the calibrated player.
#pragma once

#include <initializer_list>
#include <vector>

#include "game/core/exercises/exercise.h"

namespace poise::core {

/// A point in image pixels (x right, y down).
struct PixelPoint {
  double x = 0, y = 0;
};

/// True when every listed landmark's visibility reaches `threshold`.
bool LandmarksVisible(const Pose& pose, std::initializer_list<int> landmarks,
                      float threshold = 0.5f);
PixelPoint ToPixels(const PoseFrame& frame, int landmark);
PixelPoint PixelMidpoint(const PoseFrame& frame, int a, int b);
double PixelDistance(PixelPoint a, PixelPoint b);
double Lerp(double at_0, double at_1, double t);  ///< t clamped to [0, 1]

class TrialExercise : public Exercise {
 public:
  void Start(const ExerciseConfig& config, double t_ms) final;
  /// Applies from the next trial, or to the current one if it has not seen a frame yet (it is
  /// set up again: BeginTrial must be safe to call twice).
  void SetLevel(double level) override;
  void Update(const PoseFrame& frame) final;
  void Resume(double t_ms) final;
  std::vector<TrialResult> TakeFinishedTrials() final;
  bool Done() const final;

 protected:
  /// Sets up trial number trial() at level(); called by Start and after every Finish until done.
  virtual void BeginTrial(double t_ms) = 0;
  /// Whether this frame shows every landmark the current trial needs.
  virtual bool CanSee(const PoseFrame& frame) const = 0;
  /// One frame with the needed landmarks visible; dt_ms is the active time since the last one.
  virtual void Step(const PoseFrame& frame, double dt_ms) = 0;
  /// Landmarks went missing, or play resumed after a pause: drop any debounce state.
  virtual void Interrupt() {}

  /// Reports the current trial: fills exercise id, variant, index, level and times, keeps score,
  /// then begins the next trial unless the block is done.
  void Finish(TrialResult result, double t_ms);
  /// Trial counter, score and the "cannot see you" flag, for View().
  ExerciseView BaseView() const;

  const ExerciseConfig& config() const { return config_; }
  const Calibration& calibration() const { return config_.calibration; }
  bool seated() const { return config_.variant == "seated"; }
  /// The level of the current trial (SetLevel applies from the next one).
  double level() const { return trial_level_; }
  int trial() const { return trial_; }
  int score() const { return score_; }
  bool missing() const { return missing_; }
  double active_ms() const { return active_ms_; }  ///< visible, unpaused time in this trial
  double trial_start_ms() const { return trial_start_ms_; }
  double now_ms() const { return last_t_ms_; }
  /// Centimetres per image pixel at the player's distance (calibrated; a fallback if not).
  double CmPerPx() const;

 private:
  ExerciseConfig config_;
  double level_ = 0.3, trial_level_ = 0.3;  // the next trials' level; the current trial's
  int trial_ = 0, score_ = 0, invalid_ = 0;
  bool missing_ = false, stepped_ = false;  // stepped_: the current trial has seen a frame
  double trial_start_ms_ = 0, active_ms_ = 0, last_t_ms_ = -1;
  std::vector<TrialResult> finished_;
};

}  // namespace poise::core
