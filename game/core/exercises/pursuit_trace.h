// Pursuit trace (coordination, standing or seated): follow a moving dot with the named hand.
// A trial is one pass: the dot waits at its start point until the named hand rests on it
// (moving less than a quarter radius for 300 ms; or 10 s passed), then goes twice round its
// path. Level -> path shape (a line up to 0.33, a circle up to 0.66, then a figure-eight), lap
// time (9 s to 5 s: faster) and dot radius (9 % to 4.5 % of the picture height). Path size:
// 35 % of the calibrated reach. The hand is "on target" when its index finger (wrist if the
// finger is not seen) enters the dot, and stays on until it leaves 1.25 radii (hysteresis
// against landmark jitter). Time and the dot stop while the hand or its shoulder is not seen.
// Metrics: tracking_error (cm, mean hand-to-dot distance, each frame's sqrt(d^2 - s^2) with s the
// hand's jitter measured from its path, so jitter does not lengthen it), time_on_target (%),
// lag (s, the delay
// that best aligns hand and dot), and from the hand's deviation from the lag-corrected path:
// tremor_power (cm2, 3-12 Hz) and tremor_power_ratio (1), plus tremor_frequency (Hz) and
// tremor_dispersion (Hz) when a rhythm stands out; tremor metrics are left out (and the note
// says why) when the pose rate is too low. Success: on target at least 50 % of the time.
// Following with the other hand (on the dot more than the named hand) makes the trial invalid.
#pragma once

#include <string>
#include <vector>

#include "game/core/exercises/trial_exercise.h"

namespace poise::core {

class PursuitTrace : public TrialExercise {
 public:
  static ExerciseInfo Describe();
  std::string Id() const override { return "pursuit_trace"; }
  std::string Name() const override { return "Pursuit trace"; }
  std::vector<std::string> Instructions() const override;
  BodySpec Demo(double t_s) const override;
  ExerciseView View() const override;

  /// Where the dot is (image-normalised) `t_s` seconds after it starts moving, on a path of the
  /// given shape (0 line, 1 circle, 2 figure-eight) centred at (cx, cy) with half-size
  /// `half_w` x `half_h` (image units), `lap_s` seconds per lap.
  static PixelPoint PathPoint(int shape, double cx, double cy, double half_w, double half_h,
                              double lap_s, double t_s);

 protected:
  void BeginTrial(double t_ms) override;
  bool CanSee(const PoseFrame& f) const override;
  void Step(const PoseFrame& f, double dt_ms) override;
  void Interrupt() override { rest_since_ms_ = -1; }

 private:
  struct Sample {
    double t_s;           // seconds since the dot started moving (active time)
    double hx_cm, hy_cm;  // the named hand
  };
  PixelPoint Target(double t_s) const;  // image-normalised
  void Report(double t_ms);
  bool left_hand_ = false;
  // Current trial.
  int shape_ = 0;
  double cx_ = 0.5, cy_ = 0.4, half_w_ = 0.1, half_h_ = 0.1, lap_s_ = 9, radius_ = 0.09;
  double move_start_active_ms_ = -1;  // active time when the dot started moving
  double rest_since_ms_ = -1;
  bool armed_ = false;      // the hand has been off the waiting dot since it appeared
  PixelPoint rest_anchor_;  // where the hand began resting on the waiting dot (pixels)
  bool on_target_ = false, other_on_ = false;
  double on_ms_ = 0, other_on_ms_ = 0, moving_ms_ = 0;
  std::vector<double> dist_cm_, dist_ms_;  // hand-to-dot distance per frame, and its time
  std::vector<Sample> samples_;
  std::vector<double> sample_t_ms_;  // capture times of samples_, for the pose rate
  double hand_x_ = -1, hand_y_ = -1;
  Calibration demo_calibration_;  // for Demo() when the game has no calibration (demo-poses)
};

}  // namespace poise::core
