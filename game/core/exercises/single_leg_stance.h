// Single-leg stance (balance, standing only): stand on one leg, the other foot lifted, and hold.
// Legs alternate, starting by standing on the left. Level -> hold goal (5 s to 30 s, never more
// than the clinical test's 45 s); from level 0.7 the prompt suggests crossing the arms.
// Foot lift is debounced with hysteresis: the lifted ankle's height above the standing ankle
// (cm) must reach 5 cm for 150 ms to count as lifted, and fall below 2 cm for 150 ms to count as
// a touch-down. Those thresholds only detect the events; a hold is timed from lift-off (the
// foot leaving its height on the floor: the median while both feet were down) to touch-down
// (back at it), each found by fitting the whole lift (or lowering) with the floor level and a
// smooth movement of free size, duration and shape, between frames (FitLeftRest /
// FitReachedRest, event_timing.h); the lift-off is fitted again 0.5 s after it, the touch-down
// once 0.6 s of floor follows it, and the trial's events share the movement shape that fits
// them best together (ShapeWeights). The foot's height is the mean over ankle, heel and toe of
// the standing foot's height (median of its last 31 frames: it stands still) minus the lifted
// one's. Gaps up to 0.4 s are bridged; a longer one of up to 1 s with the foot up is counted as
// by a stopwatch and the samples either side still time the events, but a lift-off or
// touch-down inside it (or not seen at all), or a lift or lowering whose middle (a quarter to
// three quarters of its height) went unseen for 0.25 s or more, makes the trial unmeasurable
// (the event could lie anywhere in that stretch). A touch-down ends the
// current hold; the player may lift again until the trial's time runs out (goal + 15 s of visible
// time) or three touch-downs. Success: one continuous hold reaching the goal. Hopping (both ankles
// 4 cm above the floor, or the standing foot on the floor 10 cm sideways of where it stood, for 100
// ms) makes the trial invalid. Time stops while shoulders, hips or ankles are hidden. Metrics:
// hold_time (s, the longest continuous hold), stance_leg (0 left, 1 right), touch_downs, sway_path
// (cm) and sway_velocity (cm/s) of the shoulder midpoint during the holds (smoothed with
// SwaySmoother, tau 0.15 s), and, once both legs have data in the block, hold_left_mean,
// hold_right_mean (s) and hold_asymmetry (1: |L - R| / max(L, R)).
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
  /// Lift-off (true) or touch-down on EventClockMs (event_timing.h), nullopt if not seen
  /// (a touch-down: also while fewer than rest_after_ms of samples follow it).
  std::optional<MovementEvent> EventFit(bool lift, double rest_after_ms);
  /// The lifted foot's height over the standing one (pixels, up = +).
  double FootHeightCm(const PoseFrame& f);
  /// Times the pending touch-down once it can be (or, `final`, with what was seen).
  void ResolveTouchDown(bool final);
  /// The longest hold, every event timed with the trial's shared movement shape.
  double HoldsWithSharedShape(double now_ms) const;
  struct Hold {
    MovementEvent lift, down;          // fits (empty: not fitted)
    double lift_ms = 0, down_ms = -1;  // as timed when they happened (EventClockMs)
    bool closed = false;               // the foot came down
  };
  std::vector<Hold> holds_;                           // this trial's
  bool down_pending_ = false, lift_pending_ = false;  // to be timed (again)
  double down_at_ms_ = 0, lift_at_ms_ = 0;
  /// The clock events are timed on: the trial clock plus the unseen stretches of up to
  /// kMaxHeldGapMs (as a stopwatch runs through them).
  double EventClockMs() const { return active_ms() + unseen_total_ms_; }
  double unseen_total_ms_ = 0;
  /// Stretches of history_ longer than the trial clock bridges, unseen (EventClockMs).
  std::vector<std::pair<double, double>> gaps_;
  bool InGap(double t_ms) const;
  /// The lift (or lowering) near t_ms crossed its middle unseen: see kMaxEventGapMs.
  bool MiddleHidden(double t_ms, bool lift) const;
  bool interrupted_ = false;       // a long gap began; Step decides whether it was counted
  bool lost_ = false;              // samples dropped after a gap too long to count, foot up
  std::deque<double> stand_y_[3];  // the standing foot's recent heights (ankle, heel, toe)
  void CloseSway();                // ends the current sway segment (touch-down, report, gap)
  bool gap_ = false;               // a long gap since the foot was last seen on the floor
  RobustStats rest_;               // the lifted ankle's height while both feet were down
  bool stand_left_ = true;         // the standing leg; the other foot lifts
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
  std::deque<TimedValue> history_;    // (EventClockMs, lifted foot height cm), for event timing
  std::vector<double> rest_cm_;       // heights while both feet are down
  double floor_y_ = 0, stand_x_ = 0;  // pixels: the lower ankle and the standing ankle, feet down
  double foot_x_ = -1, foot_y_ = -1;
  // Block: holds per standing leg (valid trials).
  std::vector<double> holds_left_s_, holds_right_s_;
};

}  // namespace poise::core
