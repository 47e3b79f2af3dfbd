// Five-times sit-to-stand (balance; standing variant only: it needs a firm chair without wheels,
// against a wall). A trial is one set of five rises: sit, then stand up fully and sit down again
// five times, as quickly as is safe, arms crossed.
// - Sitting or standing comes from the hip height over the knee, divided by the shin length
//   (knee-to-ankle), so it needs no calibration and does not depend on the camera distance:
//   about 1 standing (thigh as long as the shin), about 0.2 sitting (the thigh points at the
//   camera). Hysteresis: "up" above 0.85, "down" below 0.45, each for 150 ms (dwell).
// - Events are timed where they happen: seat-off is when the hips leave their seated height,
//   seat contact when they are back at it. The 0.45 crossings only detect a rise or a sit; the
//   event is found by fitting the whole rise (or sit-down) with the seated level and a smooth
//   movement of free size, duration and shape (FitLeftRest / FitReachedRest, event_timing.h):
//   where the fitted movement leaves (reaches) the seated level, between frames. The seated
//   level is the densest stretch of the sitting's ratios (band: 2.5 noise SDs, at least 0.03);
//   a contact is timed once 0.3 s of sitting follows it. At the end of a set every event is
//   timed again with the movement shape that fits all ten best together (ShapeWeights), since
//   one event alone cannot tell a slow start from a late one under jitter. A seat-off is
//   looked for only after the last contact, a contact only after its own seat-off.
// - Definition (name it when comparing with a stopwatch): total_time runs from seat-off of the
//   first rise to seat contact after the fifth (the protocol that ends seated; the reaction time
//   to "go" is left out). rise_N runs from seat-off to the following seat contact.
// - Gaps: up to 0.4 s without the landmarks are bridged (TrialExercise). A longer one of up to
//   1 s is counted as by a stopwatch, and the samples either side of it still time the events;
//   if a seat-off or seat contact fell inside it (or one was not seen at all), the trial is
//   unmeasurable (no times are kept, never a time borrowed from another repetition). At 15
//   frames a second with webcam flicker that is about one set in twenty; at 30, about none.
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
#include "game/core/metrics/event_timing.h"

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
  /// Tries to time the pending seat contact; true if that reported the trial (fifth rise).
  bool ResolveContact(double t_ms);
  /// The level (above the seat, ratio units) from which seat-off and contact are timed back.
  double TimingThreshold(double band) const;
  std::deque<double> shins_px_;     // recent shin lengths (knee to ankle)
  std::deque<double> knees_px_;     // recent knee heights (image y)
  std::deque<TimedValue> history_;  // (trial clock, ratio), the last few seconds
  /// Stretches of history_ longer than the trial clock bridges, unseen (trial clock, ms).
  std::vector<std::pair<double, double>> gaps_;
  bool interrupted_ = false;  // a long gap began; Step decides whether it was counted
  bool InGap(double t_ms) const;
  std::vector<double> seat_ratios_;  // while seated: for the seated level and its noise
  double seat_level_ = -1, seat_band_ = 0.05;
  bool contact_pending_ = false;  // sat down; the contact time is not found yet
  double contact_since_ms_ = 0;   // when the sit was detected
  double ratio_ = -1;
  std::vector<double> leave_ms_, land_ms_;             // per repetition
  std::vector<MovementEvent> leave_fits_, land_fits_;  // their fits (empty: not fitted)
  /// Times every event with the movement shape the set's events share (see SharedShape).
  void UseSharedShape();
  double first_leave_active_ms_ = -1;
  /// The trial clock plus unseen stretches of up to kMaxCountedGapMs (see Step).
  double clock_ms() const { return active_ms() + unseen_ms_; }
  static constexpr double kMaxCountedGapMs = 1000;
  double unseen_ms_ = 0, last_capture_ms_ = -1;
  double seated_shift_cm_ = 0, seated_min_ratio_ = 1, rise_peak_cm_ = 0;
  std::vector<double> shifts_cm_;  // signed largest trunk shift per rise
  std::deque<double> recent_shift_cm_;
  double hip_x_ = -1, hip_y_ = -1;  // for View(), image-normalised
};

}  // namespace poise::core
