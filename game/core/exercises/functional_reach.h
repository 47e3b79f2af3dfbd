// Functional reach, sideways (balance; standing or seated): the Lateral Functional Reach Test.
// Why sideways: the webcam faces the player, so a sideways reach moves the hand across the picture
// (measured well), while a forward reach moves it towards the camera (hardly measurable). Forward
// reach would need the player to turn side-on, where one arm hides the other and landmark jitter
// grows; it is left out on purpose.
// A trial: raise the named arm out to the side to shoulder height and hold it still (0.6 s, every
// frame within 3 cm plus 2.5 times the wrist's jitter of the hold's median; a gap in tracking
// does not restart it if the arm is still there after it: the target circlet position is the
// wrist's mean over the hold's last 0.4 s), then reach sideways as far as is safe towards the
// target circle without moving the feet (seated: without lifting off the seat), then come back.
// - Reach distance: the peak horizontal wrist displacement, in cm (calibrated cm_per_px): the
//   largest mean over 0.4 s (at least 7 frames) less the rest, the mean over up to 1.2 s of the
//   still arm before the onset, so jitter inflates it little at any frame rate.
// - The target sits at a fraction of the calibrated reach (arm length): 0.15 at level 0 to 0.45 at
//   level 1; it counts as reached when the reach stays past it for 200 ms.
// - A trial whose arm is not raised within 30 s (of visible time) fails ("arm not raised"),
//   without a reach distance.
// - The trial ends when the hand has come back (under 40 % of its peak for 200 ms) or the time
//   allowed (12 s to 6 s) has run out. Success: the target circle was reached.
// - Stepping: an ankle or heel (seated: the hip midpoint) more than 5 cm (seated 8 cm) from
//   where it was at the target circlet, for 250 ms, makes the trial invalid ("stepped"); it is
//   repeated.
// - Time stops while the wrist, its shoulder or the feet (seated: hips) are not visible.
#pragma once

#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "game/core/exercises/trial_exercise.h"
#include "game/core/metrics/event_timing.h"

namespace poise::core {

class FunctionalReach : public TrialExercise {
 public:
  static ExerciseInfo Describe();
  std::string Id() const override { return "functional_reach"; }
  std::string Name() const override { return "Reach to the side"; }
  std::vector<std::string> Instructions() const override;
  BodySpec Demo(double t_s) const override;
  ExerciseView View() const override;
  /// A new level applies at once while the current trial has not begun (the arm not yet raised),
  /// else from the next trial: the game sets it right after a trial ends, when the next one is
  /// already set up.
  void SetLevel(double level) override;

 protected:
  void BeginTrial(double t_ms) override;
  bool CanSee(const PoseFrame& f) const override;
  void Step(const PoseFrame& f, double dt_ms) override;
  void Interrupt() override;

 private:
  void ApplyLevel();
  enum class Phase { kRaise, kReach };
  void StepRaise(const PoseFrame& f);
  void StepReach(const PoseFrame& f);
  /// The base of support: ankles and heels standing, the hip midpoint seated (pixels).
  std::vector<PixelPoint> BasePoints(const PoseFrame& f) const;
  void Report(TrialOutcome outcome, const std::string& note, double t_ms);
  int Wrist() const;
  int Shoulder() const;
  double ArmCm() const;

  bool left_ = true;
  // Current trial.
  double target_cm_ = 10, limit_ms_ = 12000;
  Phase phase_ = Phase::kRaise;
  double hold_since_ms_ = -1;  // arm raised and still since (capture ms)
  struct HoldSample {
    double active_ms, capture_ms;
    PixelPoint w;                  // the wrist
    std::vector<PixelPoint> base;  // the base-of-support points
  };
  std::deque<HoldSample> hold_;        // the still frames of the raised arm (a sliding window)
  std::deque<PixelPoint> wrist_seen_;  // the wrist's last frames in the raise phase (jitter)
  std::vector<PixelPoint> base_;       // base-of-support points where the reach began
  PixelPoint start_{};
  double reach_start_active_ms_ = 0;
  std::deque<double> recent_cm_;        // the last few raw displacements (smoothing)
  std::deque<TimedValue> reach_track_;  // (trial clock, raw reach cm) since the target showed
  double TimeToTargetS() const;
  std::optional<double> OnsetMs() const;  ///< the reach's onset (trial clock), once seen
  double ReachDistanceCm() const;
  bool time_unknown_ = false;  // a long gap during the reach: no time_to_target
  double reach_cm_ = 0, peak_cm_ = 0;
  double past_since_ms_ = -1, past_active_ms_ = -1;
  double time_to_target_s_ = -1;
  double back_since_ms_ = -1, step_since_ms_ = -1;
  double hand_x_ = -1, hand_y_ = -1;
};

}  // namespace poise::core
