// Single-leg stance (balance, standing only): stand on one leg, the other foot lifted, and hold.
// Legs alternate, starting by standing on the left. Level -> hold goal (5 s to 30 s, never more
// than the clinical test's 45 s); from level 0.7 the prompt suggests crossing the arms.
// Foot lift is debounced with hysteresis: the lifted ankle's height above the standing ankle
// (cm) must reach 5 cm for 150 ms to count as lifted, and fall below 2 cm for 150 ms to count as
// a touch-down. Those thresholds only detect the events; a hold is timed from lift-off (the
// foot leaving its height on the floor: the median while both feet were down, within a noise
// band of 3 SD, at least 1 cm) to touch-down (back within that band), each found by walking back
// or forward from the 5 cm crossing and extrapolating to the floor, interpolated between frames
// (event_timing.h). Gaps up to 0.4 s are bridged; a lift-off or touch-down hidden in a longer gap
// makes the trial unmeasurable. A touch-down ends the current hold; the player may lift again until
// the trial's time runs out (goal + 15 s of visible time) or three touch-downs. Success: one
// continuous hold reaching the goal. Hopping (both ankles 4 cm above the floor, or the standing
// foot on the floor 10 cm sideways of where it stood, for 100 ms) makes the trial invalid. Time
// stops while shoulders, hips or ankles are hidden. Metrics: hold_time (s, the longest continuous
// hold), stance_leg (0 left, 1 right), touch_downs, sway_path (cm) and sway_velocity (cm/s) of the
// shoulder midpoint during the holds (smoothed with SwaySmoother, tau 0.15 s), and, once both legs
// have data in the block, hold_left_mean, hold_right_mean (s) and hold_asymmetry (1: |L - R| /
// max(L, R)).
#pragma once

#include <deque>
#include <vector>

#include "game/core/exercises/hysteresis_switch.h"
#include "game/core/exercises/trial_exercise.h"
#include "game/core/metrics/event_timing.h"
#include "game/core/metrics/sway_metrics.h"

namespace poise::core {

class SingleLegStance : public TrialExercise {
 public:
  static ExerciseInfo Describe();
  std::string Id() const override { return "single_leg_stance"; }
  std::string Name() const override { return "Single-leg stance"; }
  std::vector<std::string> Instructions() const override;
  BodySpec Demo(double t_s) const override;
  ExerciseView View() const override;

 protected:
  void BeginTrial(double t_ms) override;
  bool CanSee(const PoseFrame& f) const override;
  void Step(const PoseFrame& f, double dt_ms) override;
  void Interrupt() override;

 private:
  void Report(TrialOutcome outcome, const std::string& note, double t_ms);
  double CurrentHoldMs() const;
  /// Lift-off (true) or touch-down time on the trial clock, nullopt if it was not seen.
  std::optional<double> EventMs(bool lift);
  void CloseSway();         // ends the current sway segment (touch-down, report, gap)
  bool gap_ = false;        // a long gap since the foot was last seen on the floor
  RobustStats rest_;        // the lifted ankle's height while both feet were down
  bool stand_left_ = true;  // the standing leg; the other foot lifts
  // Current trial.
  double goal_ms_ = 5000, limit_ms_ = 20000;
  HysteresisSwitch lifted_, hopped_;
  SwaySmoother smoother_;
  std::vector<SwaySample> segment_;  // shoulder midpoint during the current hold
  double sway_path_cm_ = 0, sway_time_s_ = 0;
  double segment_start_ms_ = 0;  // when the current hold began (trial clock)
  double last_capture_ms_ = -1;  // capture time of the last frame stepped
  double best_hold_ms_ = 0;      // longest finished hold
  int touch_downs_ = 0;
  bool base_set_ = false;
  std::deque<TimedValue> history_;    // (trial clock, lifted ankle height cm) for event timing
  std::vector<double> rest_cm_;       // heights while both feet are down
  double floor_y_ = 0, stand_x_ = 0;  // pixels: the lower ankle and the standing ankle, feet down
  double foot_x_ = -1, foot_y_ = -1;
  // Block: holds per standing leg (valid trials).
  std::vector<double> holds_left_s_, holds_right_s_;
};

}  // namespace poise::core
