// Stepping targets (balance; standing only), in the spirit of the Four Square Step Test: step
// with the named foot onto a target to the left, forward, right or back, then back to the
// middle. A trial is a sequence of targets in the fixed order left (left foot), forward (right
// foot), right (right foot), back (left foot), continuing across trials.
// - Home: both ankles still for 0.5 s at the start of each trial (the mean of their last three
//   frames within 3 cm of their mean since); home is their mean over that stillness.
// - Sideways distances are measured across the picture (calibrated cm_per_px). Forward and back
//   cannot be seen as depth by one front camera: a foot stepping towards the camera appears
//   lower in the picture, one stepping back higher. For a camera at about hip height, 2-3 m
//   away, a step of D cm on the floor moves the ankle about kDepthScale x D cm down the picture
//   (the floor is seen at a shallow angle); forward targets are drawn and scored with that
//   factor. It depends on the camera's height and distance, so forward/back accuracy is coarser
//   than sideways accuracy.
// - A landing: the foot inside the target (radius) and still (within 3 cm of where it entered)
//   for 200 ms. It is measured once the foot has stood there (until it leaves, or 0.5 s for a
//   return home; the trial is reported after its last return is measured): its arrival is timed
//   on the approach (where it came to rest, extrapolated between frames) and its place is the
//   mean from arrival to departure. A gap over kMaxBridgedGapMs that hid the end of a step
//   makes the trial unmeasurable. Landings of the other foot in the target count as wrong-foot
//   steps.
// - Level -> target distance 0.25 to 0.5 of the leg length (hip-to-ankle when home), target
//   radius 15 cm to 8 cm, time allowed per step (and per return) 6 s to 2.5 s, and 2 to 4 steps
//   per trial. Success: every step landed with the named foot, in time, and every return made.
// - Time stops while the hips or ankles are not visible.
#pragma once

#include <array>
#include <deque>
#include <utility>
#include <vector>

#include "game/core/exercises/trial_exercise.h"
#include "game/core/metrics/event_timing.h"

namespace poise::core {

class SteppingTargets : public TrialExercise {
 public:
  /// A forward step of D cm appears as about kDepthScale x D cm lower in the picture.
  static constexpr double kDepthScale = 0.35;
  static ExerciseInfo Describe();
  std::string Id() const override { return "stepping_targets"; }
  std::string Name() const override { return "Step to the targets"; }
  std::vector<std::string> Instructions() const override;
  BodySpec Demo(double t_s) const override;
  ExerciseView View() const override;
  /// A new level applies at once while the current trial has not begun (no target shown yet), else
  /// from the next trial: the game sets it right after a trial ends, when the next one is already
  /// set up.
  void SetLevel(double level) override;

 protected:
  void BeginTrial(double t_ms) override;
  bool CanSee(const PoseFrame& f) const override;
  void Step(const PoseFrame& f, double dt_ms) override;
  void Interrupt() override;

 private:
  void ApplyLevel();
  /// kSettle: the last return has landed; the trial is reported once that landing is timed.
  enum class Phase { kHome, kOut, kBack, kSettle };
  /// One foot's landing in a circle: inside and still for the dwell time.
  struct Landing {
    double since_ms = -1, since_active_ms = -1;
    PixelPoint sum{};  // the foot summed since the stillness began
    int n = 0;
    std::deque<PixelPoint> recent;  // the last three frames
    PixelPoint Mean() const { return n > 0 ? PixelPoint{sum.x / n, sum.y / n} : PixelPoint{}; }
  };
  void StepHome(const PoseFrame& f);
  /// Feeds `foot` (pixels) into `l` for a circle at `centre`; true once landed.
  bool Feed(Landing& l, PixelPoint foot, PixelPoint centre, double t_ms);
  void ShowTarget();
  void Report(double t_ms);
  /// Floor distance in cm between two ankle positions (depth undone by kDepthScale).
  double FloorCm(PixelPoint a, PixelPoint b) const;
  PixelPoint TargetPx() const;
  int FootOf() const;  ///< 0 = left, 1 = right, for the current target

  // Current trial.
  double distance_frac_ = 0.25, radius_cm_ = 15, limit_ms_ = 6000;
  int length_ = 2;
  Phase phase_ = Phase::kHome;
  int index_ = 0;       // target within the trial
  int next_order_ = 0;  // position in the left/forward/right/back cycle
  int order_ = 0;       // the current target's position in that cycle
  std::array<PixelPoint, 2> home_{}, foot_{};
  double leg_cm_ = 80, distance_cm_ = 20;
  double home_since_ms_ = -1;
  std::array<PixelPoint, 2> home_anchor_{};
  double shown_active_ms_ = 0, first_shown_active_ms_ = -1;
  Landing named_, other_;
  bool wrong_this_target_ = false, landed_out_ = false;
  std::deque<std::pair<double, PixelPoint>> track_;  // the named foot since the target showed
  /// A landing whose arrival (and, for a step out, accuracy) is measured once the foot has
  /// stood there a while: its resting place is then known from many frames, not the few of
  /// the dwell (whose first frames are still the end of the approach).
  struct Settling {
    bool open = false, out = false;  // out: a step onto a target (else a return home)
    bool cut = false;                // a long gap hid part of the approach
    double step_px = 0;              // the step's length in the picture
    int foot = 0;
    double shown_ms = 0, since_ms = 0, landed_ms = 0;  // trial clock
    PixelPoint target{};
    std::deque<std::pair<double, PixelPoint>> track;  // approach, then the stand
    size_t stand_from = 0;                            // first sample of the stand
    double left_at = -1;  // the first of the frames that showed it leaving (-1: it stayed)
  };
  Settling settle_;
  /// Adds the named foot's sample to the open landing; closes it (Measure) once the foot
  /// leaves, or after kSettleMs for a return.
  void FeedSettle(PixelPoint foot);
  /// Times the open landing's arrival and its accuracy from its whole stand, and closes it.
  void Measure();
  /// Opens the landing `l` of the named foot (out: on the target; else home).
  void Land(bool out, const Landing& l, double shown_ms);
  double sequence_end_ms_ = -1;
  bool approach_cut_ = false;  // a long gap during the current approach
  std::array<PixelPoint, 2> home_sum_{};
  int home_n_ = 0;
  std::deque<std::array<PixelPoint, 2>> home_recent_;
  // Results.
  std::vector<double> step_s_, return_s_, accuracy_cm_;
  int wrong_ = 0, missed_ = 0;
};

}  // namespace poise::core
