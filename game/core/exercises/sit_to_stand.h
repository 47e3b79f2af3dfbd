// Five-times sit-to-stand (balance; standing variant only: it needs a firm chair without wheels,
// against a wall). A trial is one set of five rises: sit, then stand up fully and sit down again
// five times, as quickly as is safe, arms crossed.
// - Sitting or standing comes from the hip height over the knee, divided by the shin length
//   (knee-to-ankle), so it needs no calibration and does not depend on the camera distance:
//   about 1 standing (thigh as long as the shin), about 0.2 sitting (the thigh points at the
//   camera). Hysteresis: "up" above 0.85, "down" below 0.45, each for 150 ms (dwell).
// - Times: a repetition starts when the hips rise through 0.45 (leaving the seat) and ends when
//   they sink through 0.45 again after standing up (back on the seat). total_time runs from the
//   first leaving of the seat to the fifth landing (the clinical stopwatch starts at "go"; here
//   the player's reaction time is left out). rise_1..rise_5 are the five repetitions.
// - Symmetry: the sideways shift of the shoulder midpoint over the ankle midpoint while off the
//   seat, from its value at the deepest point of the sitting before that rise; the largest in
//   each rise, signed (+ = towards the person's left), averaged over the rises, in cm.
// - Level -> the time goal for five rises: 20 s (level 0) to 10 s (level 1). Success: within it.
//   The trial also ends, as a failure, after twice the goal (at least 30 s) of visible time.
// - Time stops while hips, knees and ankles are not visible; a half rise never counts.
#pragma once

#include <deque>
#include <vector>

#include "game/core/exercises/trial_exercise.h"

namespace poise::core {

class SitToStand : public TrialExercise {
 public:
  static constexpr int kRises = 5;
  static ExerciseInfo Describe();
  std::string Id() const override { return "sit_to_stand"; }
  std::string Name() const override { return "Five times sit to stand"; }
  std::vector<std::string> Instructions() const override;
  BodySpec Demo(double t_s) const override;
  ExerciseView View() const override;
  /// A new level applies at once while the current trial has not begun (no rise yet), else from the
  /// next trial: the game sets it right after a trial ends, when the next one is already set up.
  void SetLevel(double level) override;

  /// Hip height over the knee divided by the shin length (see above); < 0 if not measurable.
  static double RiseRatio(const PoseFrame& f);

 protected:
  void BeginTrial(double t_ms) override;
  bool CanSee(const PoseFrame& f) const override;
  void Step(const PoseFrame& f, double dt_ms) override;
  void Interrupt() override;

 private:
  enum class State { kUnknown, kSeated, kStanding };
  void Report(bool in_time, const std::string& note, double t_ms);

  // Current trial.
  double goal_ms_ = 20000;
  State state_ = State::kUnknown;
  bool ready_ = false;  // seated once: the set may begin
  double candidate_since_ms_ = -1;
  State candidate_ = State::kUnknown;
  double crossed_up_ms_ = -1, crossed_down_ms_ = -1;  // last passes through the seat level
  double ratio_ = -1, prev_ratio_ = -1;
  std::vector<double> leave_ms_, land_ms_;  // per repetition
  double first_leave_active_ms_ = -1;
  double seated_shift_cm_ = 0, seated_min_ratio_ = 1, rise_peak_cm_ = 0;
  std::vector<double> shifts_cm_;  // signed largest trunk shift per rise
  std::deque<double> recent_shift_cm_;
  double hip_x_ = -1, hip_y_ = -1;  // for View(), image-normalised
};

}  // namespace poise::core
