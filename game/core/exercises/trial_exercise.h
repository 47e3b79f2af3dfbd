// TrialExercise: the bookkeeping every exercise shares, so each one writes only its own rules.
// - Trials: BeginTrial() sets one up at the current level; Finish() reports it. A trial reported
//   as invalid (e.g. stepped during a reach) is repeated, up to `trials` invalid ones per block.
// - Time: the trial clock (active_ms()) runs while the landmarks the exercise needs are visible
//   and the game is not paused. A gap of at most kMaxBridgedGapMs without them (a flicker of the
//   feet, a few lost frames) is bridged: the clock runs through it and the next seen frame's
//   Step() gets the whole gap as dt_ms, so events in it are found by interpolating between the
//   frames either side. A longer gap puts the trial on hold (Interrupt() drops debounce state,
//   the hidden time does not count), so nothing is counted or failed unseen.
// - Quality: every trial reports a TrialQuality (seen fraction, effective frame rate, jitter,
//   gaps). A trial seen less than kMinSeenFraction of its time or at under kMinFps frames a
//   second, or one whose exercise called Unmeasurable(), is reported as unmeasurable: outcome
//   invalid (not scored, repeated), no metrics, the reason in the note and the quality record.
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

/// The longest gap without the needed landmarks the trial clock runs through: 0.4 s is shorter
/// than the quickest movement phase any exercise times (a foot lift or a rise, 0.5 s and more),
/// so an event inside a bridged gap still lies between two seen frames; the game pauses by
/// itself after 1 s unseen.
inline constexpr double kMaxBridgedGapMs = 400;
/// Below these a trial is unmeasurable (its timing would rest on guesses).
inline constexpr double kMinSeenFraction = 0.7, kMinFps = 8;

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
  /// The current trial cannot be measured (e.g. an event fell in a long gap): it is reported as
  /// unmeasurable with this reason whatever Finish() is given. The first reason wins.
  void Unmeasurable(const std::string& reason);
  /// Trial counter, score and the "cannot see you" flag, for View().
  ExerciseView BaseView() const;

  const ExerciseConfig& config() const { return config_; }
  const Calibration& calibration() const { return config_.calibration; }
  bool seated() const { return config_.variant == "seated"; }
  /// The level of the current trial (SetLevel applies from the next one).
  double level() const { return trial_level_; }
  int trial() const { return trial_; }
  int score() const { return score_; }
  /// The needed landmarks have been hidden for longer than a bridged gap.
  bool missing() const { return missing_; }
  double active_ms() const { return active_ms_; }  ///< seen or bridged, unpaused trial time
  /// Unpaused time since the trial began, seen or not (what a stopwatch paused with the game
  /// shows): times of events seen after an unbridged gap stay right on it.
  double trial_clock_ms() const { return wall_ms_; }
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
  // Quality of the current trial.
  void ResetQuality();
  TrialQuality Quality() const;
  void TrackJitter(const PoseFrame& f);
  bool hidden_ = false;       // the last frame did not show the needed landmarks
  double last_seen_ms_ = -1;  // capture time of the last frame that did
  double wall_ms_ = 0, seen_ms_ = 0, longest_gap_ms_ = 0;
  int seen_frames_ = 0, gaps_bridged_ = 0;
  std::vector<double> second_diff_cm_;  // |second differences| of shoulders and hips
  std::vector<PixelPoint> prev_px_, prev2_px_;
  std::string unmeasurable_;
  std::vector<TrialResult> finished_;
};

}  // namespace poise::core
