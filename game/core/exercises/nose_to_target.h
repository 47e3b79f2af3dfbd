// Nose to target (coordination, standing or seated): the finger-to-nose test as a game. With
// the named hand, touch your nose, then the dot, then your nose again, four times.
// Level -> dot distance (60 % to 95 % of the calibrated reach from the shoulder), dot radius
// (7 % to 3.5 % of the picture height) and time allowed (40 s to 25 s); from level 0.5 the dot
// moves to a new place after every touch.
// A touch needs the index finger (wrist if the finger is not seen) inside the nose zone (7 cm)
// or the dot for 150 ms; once inside, it counts as inside until 1.3 radii (hysteresis against
// jitter). Time stops while the hand, its shoulder or the nose is not visible.
// Metrics: touches (dot touches completed), endpoint_error (cm, mean distance of where the
// finger stopped from the dot's centre: the trimmed mean of its rest between the touch and the
// return's onset, finger frames only; a stop seen in under 3 frames, or stops seen too little
// to place the endpoint figures within 1 cm, make the trial unmeasurable), endpoint_sd (cm) and
// endpoint_ellipse_area (cm2, 95 %) of those rest points relative to the dot (dysmetria),
// to_target_time and to_nose_time (s, mean movement time of each leg: from movement onset, where
// the finger left its resting place (OnsetDetector), to entering the other zone and staying,
// interpolated between frames), and intention tremor from the end of each approach and the rest on
// the dot (0.5 s before the touch until the finger starts back, at most 1.5 s; high-passed, 3-12
// Hz): power (cm2), power ratio, and frequency and dispersion (Hz) when a rhythm stands out; left
// out with a note when the pose rate is too low. Success: four touches in time. Touching the dot
// with the other hand makes the trial invalid.
#pragma once

#include <array>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "game/core/exercises/trial_exercise.h"
#include "game/core/metrics/event_timing.h"

namespace poise::core {

class NoseToTarget : public TrialExercise {
 public:
  static constexpr int kTouches = 4;
  static ExerciseInfo Describe();
  std::string Id() const override { return "nose_to_target"; }
  std::string Name() const override { return "Nose to target"; }
  std::vector<std::string> Instructions() const override;
  BodySpec Demo(double t_s) const override;
  ExerciseView View() const override;

 protected:
  void BeginTrial(double t_ms) override;
  bool CanSee(const PoseFrame& f) const override;
  void Step(const PoseFrame& f, double dt_ms) override;
  void Interrupt() override;

 private:
  struct Zone {  // debounced "finger inside" with hysteresis
    bool inside = false;
    double since_ms = -1;    // trial clock of the first frame inside
    double entered_ms = -1;  // entering, interpolated between that frame and the one before
    bool confirmed = false;
    double prev_d_px = -1, prev_t_ms = 0;
    bool Update(double d_px, double r_px, double t_ms);  // true on the frame it is confirmed
  };
  void PlaceTarget();
  /// Where the finger stopped on the dot, from its rest before `depart_ms` (trial clock);
  /// `required`: a stop seen too little makes the trial unmeasurable (else it is left out).
  void AddEndpoint(std::optional<double> depart_ms, bool required);
  /// Sets the trial unmeasurable when its stops, with the jitter seen at rest, cannot place
  /// the endpoint error and spread within 1 cm.
  void CheckEndpointPrecision();
  void AddTremorSegment(double end_ms);  // capture time the segment ends
  void Report(TrialOutcome outcome, const std::string& note, double t_ms);
  bool left_hand_ = false;
  // Current trial.
  double distance_ = 0.6, radius_ = 0.07, limit_ms_ = 40000;
  bool moves_ = false;
  double tx_ = 0.6, ty_ = 0.3, nose_x_ = -1, nose_y_ = -1, nose_r_ = 0.05;
  bool to_target_ = false;  // heading for the dot (else for the nose)
  bool started_ = false;    // the first nose touch happened
  int touches_ = 0;
  Zone nose_, target_, other_;
  double leave_ms_ = -1;           // active time the finger left the last zone
  OnsetDetector leg_onset_{1, 5};  // the current leg's movement onset (trial clock)
  std::vector<double> dwell_t_, dwell_x_, dwell_y_;  // on the dot: trial clock, offsets in cm
  bool endpoint_pending_ = false;                    // touched the dot, its stop not taken yet
  double rest_ss_ = 0, rest_dof_ = 0;                // squared scatter at rest on the dot (jitter)
  std::vector<double> end_dx_cm_, end_dy_cm_, to_target_s_, to_nose_s_;
  std::vector<int> end_frames_, end_touch_;   // per stop: frames its place is the mean of, touch
  std::vector<double> end_sd_cm_;             // per stop: its frames' own scatter (per axis)
  std::deque<std::array<double, 3>> recent_;  // (t_ms, x_cm, y_cm) of the finger, last ~3 s
  double touch_ms_ = -1;                      // capture time of the last touch of the dot
  std::vector<double> tremor_x_, tremor_y_, stamps_ms_;
  double hand_x_ = -1, hand_y_ = -1;
  Calibration demo_calibration_;  // for Demo() when the game has no calibration (demo-poses)
};

}  // namespace poise::core
