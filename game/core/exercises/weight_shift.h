// Weight shift (balance, standing or seated): lean the trunk until the catcher (a ring driven by
// the lean) sits in the target, and hold it there. The controller is the trunk lean: sideways,
// the shoulder midpoint relative to the hip midpoint, in cm (CmPerPx), minus the calibrated
// neutral offset, positive = the person's left (image +x); forward, the shoulder midpoint's
// world depth (BlazePose metric z) relative to the hips', toward the camera, minus a neutral
// learnt while the player is upright in sideways trials. Sideways targets alternate left/right,
// starting left; from level 0.6 every third target is forward (never backward: falling
// backwards is the dangerous direction). The 2-D picture alone cannot show forward lean: an 8 cm
// lean shortens the torso by about 1 %, under landmark jitter.
// Level -> target lean (40 % to 90 % of the calibrated comfortable lean on that side; forward:
// of the mean of both sides, as calibration does not measure it), tolerance
// (30 % to 12 % of it, at least 1.5 cm; 1.5 cm hysteresis to leave), hold (0.5 s to 1.5 s), time
// allowed (10 s to 6 s). The lean is smoothed (SwaySmoother, tau 0.15 s).
// Standing, the feet must stay put: an ankle 10 cm from where it started the trial for 200 ms
// makes the trial invalid ("stepped"). Time stops while shoulders, hips (and standing, ankles)
// are not visible.
// Metrics: success, time to target (s, from the trial's start until the lean entered the target
// band, on the unpaused clock, unseen time included), controlled lean (cm: the largest lean
// toward the target side held for 0.5 s) and the block's controlled lean range each way so far
// (lean_range_left / _right / _forward, cm, once that way has data). Both are taken on the raw
// lean fitted by a local line (game/core/metrics/local_fit.h: no lag, unlike the catcher), within
// seen stretches; an entry into the band hidden in a gap longer than a bridged one, or no seen
// 0.5 s stretch, makes the trial unmeasurable. A repeated trial (same side) counts the band only
// once the lean has left it.
#pragma once

#include <optional>
#include <vector>

#include "game/core/exercises/hysteresis_switch.h"
#include "game/core/exercises/trial_exercise.h"
#include "game/core/metrics/event_timing.h"
#include "game/core/metrics/sway_metrics.h"

namespace poise::core {

class WeightShift : public TrialExercise {
 public:
  static ExerciseInfo Describe();
  std::string Id() const override { return "weight_shift"; }
  std::string Name() const override { return "Weight shift"; }
  std::vector<std::string> Instructions() const override;
  BodySpec Demo(double t_s) const override;
  ExerciseView View() const override;

 protected:
  void BeginTrial(double t_ms) override;
  bool CanSee(const PoseFrame& f) const override;
  void Step(const PoseFrame& f, double dt_ms) override;
  void Interrupt() override;

 private:
  double ComfortableLeanCm(bool left) const;
  void Report(TrialOutcome outcome, const std::string& note, double t_ms);
  bool left_ = true, forward_ = false;
  // Current trial.
  double target_cm_ = 10, tolerance_cm_ = 3, hold_ms_ = 500, limit_ms_ = 10000;
  HysteresisSwitch in_band_, stepped_;
  SwaySmoother smoother_;
  std::optional<double> reached_ms_;
  double lean_cm_ = 0, forward_cm_ = 0;  // smoothed leans (the catcher), cm
  double controlled_cm_ = 0;             // set when the trial is reported
  /// (trial_clock_ms, unsmoothed lean toward the target, cm) of every seen frame of the trial,
  /// and where each seen stretch begins (a gap longer than a bridged one, or a pause, ends one).
  std::vector<TimedValue> track_;
  std::vector<size_t> stretch_starts_ = {0};
  bool armed_ = true;        // the band may count (a repeated trial: once the lean left it)
  int reported_trial_ = -1;  // trial() when the last trial was reported
  /// When the lean entered the target band (trial clock), on the lag-free fitted raw lean, or
  /// nullopt when it entered while out of view.
  std::optional<double> EnteredBandMs() const;
  /// The largest lean toward the target held for kControlledMs within one seen stretch.
  std::optional<double> ControlledLeanCm() const;
  bool feet_set_ = false;
  PixelPoint left_foot_, right_foot_;
  double shoulder_y_ = -1;  // where the catcher is drawn (image-normalised)
  // Block.
  double range_left_cm_ = -1, range_right_cm_ = -1, range_forward_cm_ = -1;
  double upright_depth_m_ = 0;  // shoulders' depth relative to the hips when upright
  bool upright_known_ = false;
};

}  // namespace poise::core
