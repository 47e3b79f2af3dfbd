// Steady stance (balance, standing only): stand still with the feet together, in semi-tandem or
// in tandem (by level) and keep a virtual glass of water from spilling.
// Level -> stance (feet together below 1/3, semi-tandem below 2/3, tandem above), hold goal
// (10 s to 30 s) and spill threshold (6 cm to 3 cm). The stance is checked from the front as the
// ankles' sideways gap (together <= 15 cm, semi-tandem <= 10 cm, tandem <= 6 cm between ankle
// centres; which foot is in front cannot be seen in 2-D). Held 1 s, the hold starts. Water spills
// while the smoothed shoulder midpoint is farther than the threshold from where the hold began:
// 25 % of the glass per second per cm beyond it. An empty glass fails the trial ("spilled"); a
// step out of the stance (gap 5 cm over the limit, or an ankle 8 cm from where it stood, for
// 200 ms) fails it ("stepped out"); no stance within 20 s makes it invalid (repeated).
// Time stops while shoulders, hips or ankles are hidden; sway segments split at such gaps.
// Metrics over the hold: hold_duration (s), stance_type (0 together, 1 semi-tandem, 2 tandem),
// water_left (1), sway path (cm), 95 % ellipse area (cm2), mean velocity (cm/s) and RMS (cm) of
// the hip midpoint and of the shoulder midpoint (smoothed with SwaySmoother, tau 0.15 s; path
// and velocity on a 5 Hz grid after a zero-lag 0.4 s mean, see ComputeSegmentedSway), with the
// share of the tracking jitter that smoothing lets through estimated from the frames and taken
// out (DejitteredSway, sway_jitter.h).
#pragma once

#include <vector>

#include "game/core/exercises/hysteresis_switch.h"
#include "game/core/exercises/trial_exercise.h"
#include "game/core/metrics/sway_jitter.h"
#include "game/core/metrics/sway_metrics.h"

namespace poise::core {

class SteadyStance : public TrialExercise {
 public:
  static ExerciseInfo Describe();
  std::string Id() const override { return "steady_stance"; }
  std::string Name() const override { return "Steady stance"; }
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
  double MaxGapCm() const;
  // Current trial.
  int stance_ = 0;
  double goal_ms_ = 10000, spill_cm_ = 6;
  HysteresisSwitch in_stance_, stepped_;
  bool holding_ = false;
  double hold_start_ms_ = 0, water_ = 1;
  SwaySmoother hip_smoother_, shoulder_smoother_;
  std::vector<std::vector<SwaySample>> hip_, shoulder_;          // smoothed, in segments
  std::vector<std::vector<SwaySample>> hip_raw_, shoulder_raw_;  // as seen (for the jitter)
  bool new_segment_ = true;
  SwaySample reference_;  // smoothed shoulder midpoint when the hold began
  PixelPoint left_foot_, right_foot_;
  double shoulder_x_ = -1, shoulder_y_ = -1;
};

}  // namespace poise::core
