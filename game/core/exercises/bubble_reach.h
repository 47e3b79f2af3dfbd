// Bubble reach (coordination, standing or seated): touch the bubble with the named hand.
// Level -> bubble size (10 % to 4.5 % of the picture height), distance (50 % to 100 % of the
// calibrated reach) and time allowed (8 s to 4 s); from level 0.5 some bubbles cross the body.
// A hit needs the hand inside the bubble for 150 ms (debounce). Time stops while the hand or its
// shoulder is not visible. Metrics: reaction time (hand moved 5 cm), movement time, path
// straightness (path length / straight distance), smoothness (SPARC of the hand's path), hit.
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "game/core/exercises/trial_exercise.h"
#include "game/core/metrics/event_timing.h"

namespace poise::core {

class BubbleReach : public TrialExercise {
 public:
  static ExerciseInfo Describe();
  std::string Id() const override { return "bubble_reach"; }
  std::string Name() const override { return "Bubble reach"; }
  std::vector<std::string> Instructions() const override;
  BodySpec Demo(double t_s) const override;
  ExerciseView View() const override;

 protected:
  void BeginTrial(double t_ms) override;
  bool CanSee(const PoseFrame& f) const override;
  void Step(const PoseFrame& f, double dt_ms) override;
  void Interrupt() override {
    inside_since_ms_ = -1;
    prev_d_ = -1;
    if (!reaction_ms_) onset_.Reset();  // a long gap: the rest before it says nothing
  }

 private:
  void Report(bool hit, double t_ms);
  bool left_hand_ = false;
  // Current trial.
  double tx_ = 0.5, ty_ = 0.5, radius_ = 0.08, limit_ms_ = 8000;
  double inside_since_ms_ = -1;
  std::optional<double> reaction_ms_;        // movement onset (trial_clock_ms)
  double touch_ms_ = -1;                     // entering the bubble (trial_clock_ms)
  OnsetDetector onset_{kRestCm, kOnsetCm};   // until the onset
  double prev_d_ = -1, prev_active_ms_ = 0;  // distance to the bubble on the last frame
  double hand_x_ = -1, hand_y_ = -1;
  double unseen_ms_ = 0;         // trial clock less active time at the last frame
  bool rest_after_gap_ = false;  // the onset detector started again after a long gap
  std::vector<double> path_t_ms_, path_x_cm_, path_y_cm_;  // the hand during this trial
  std::vector<double> path_active_ms_;                     // the same samples, trial clock
  /// Path length / straight distance of the smoothed hand path from onset to entering.
  std::optional<double> Straightness() const;

 public:
  static constexpr double kOnsetCm = 5, kRestCm = 1;  // least detection threshold and band
  /// After a long gap the onset needs this much rest seen before it (from the bubble appearing
  /// any reaction counts, however quick), and the hand seen leaving rest: an unseen stretch
  /// this long where it left means the onset could lie anywhere in a quarter second or more, no
  /// reaction time to trust (within shorter gaps OnsetDetector keeps it after the last sample
  /// at rest).
  static constexpr double kMinRestSeenMs = 200, kMaxOnsetUnseenMs = 250;
};

}  // namespace poise::core
