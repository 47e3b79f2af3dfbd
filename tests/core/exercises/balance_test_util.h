// Shared by the balance exercise tests: a calibration of the default scripted body, landmark
// jitter, and a loop that plays a scripted body through an exercise at 30 fps.
#pragma once

#include <functional>
#include <random>
#include <vector>

#include "game/core/exercises/exercise.h"
#include "game/core/demo/scripted_pose.h"

namespace poise::core::testing {

inline constexpr double kFrameMs = 1000.0 / 30;

/// What the calibration would measure for the default 170 cm scripted body, with a comfortable
/// lean of lean_cm each way.
inline Calibration TestCalibration(double lean_cm = 15, bool seated = false) {
  const Pose p = MakePose({});
  Calibration c;
  c.seated = seated;
  c.cm_per_px = 170 * 0.88 / ((p.landmarks[kLeftAnkle].y - p.landmarks[kNose].y) * 480);
  c.neutral_hip_x = (p.landmarks[kLeftHip].x + p.landmarks[kRightHip].x) / 2;
  c.neutral_hip_y = (p.landmarks[kLeftHip].y + p.landmarks[kRightHip].y) / 2;
  c.neutral_shoulder_x = (p.landmarks[kLeftShoulder].x + p.landmarks[kRightShoulder].x) / 2;
  c.neutral_shoulder_y = (p.landmarks[kLeftShoulder].y + p.landmarks[kRightShoulder].y) / 2;
  c.lean_left_cm = c.lean_right_cm = lean_cm;
  c.reach_left_cm = c.reach_right_cm = 60;
  return c;
}

/// x units (image widths) for a distance in cm at the test calibration.
inline double CmToX(double cm) { return cm / TestCalibration().cm_per_px / 640; }
/// Fraction of the body height (BodySpec lifts) for a distance in cm.
inline double CmToLift(double cm) { return cm / TestCalibration().cm_per_px / 480 / 0.75; }

struct Frame {
  BodySpec body;
  bool hide_trunk = false, hide_ankles = false;
};

/// Plays frames at 30 fps (script(t_s) gives the body at t_s) until the exercise is done or
/// seconds have passed; noise is landmark jitter (sd, in image fractions) with a fixed seed.
inline std::vector<TrialResult> Play(Exercise& ex, const std::function<Frame(double)>& script,
                                     double seconds, double noise = 0, double t0_ms = 0) {
  std::vector<TrialResult> out;
  std::mt19937 rng(42);
  std::normal_distribution<double> jitter(0, noise > 0 ? noise : 1);
  for (int i = 0; i < int(seconds * 30) && !ex.Done(); ++i) {
    const double t_ms = t0_ms + i * kFrameMs;
    const Frame fr = script(i * kFrameMs / 1000);
    PoseFrame f = MakeFrame(fr.body, t_ms, i);
    if (noise > 0) {
      for (auto& l : f.pose->landmarks) {
        l.x += float(jitter(rng));
        l.y += float(jitter(rng));
      }
    }
    if (fr.hide_trunk)
      for (int k : {kLeftShoulder, kRightShoulder, kLeftHip, kRightHip})
        f.pose->landmarks[k].visibility = 0.1f;
    if (fr.hide_ankles)
      for (int k : {kLeftAnkle, kRightAnkle}) f.pose->landmarks[k].visibility = 0.1f;
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
  }
  return out;
}

inline double MetricOf(const TrialResult& r, const std::string& name, double missing = -1) {
  return MetricValue(r, name).value_or(missing);
}

inline double ParameterOf(const TrialResult& r, const std::string& name, double missing = -1) {
  for (const auto& p : r.parameters)
    if (p.name == name) return p.value;
  return missing;
}

}  // namespace poise::core::testing
