// Shared by the coordination exercise tests: the calibration they play at and metric lookups.
#pragma once

#include <string>

#include "game/core/session/calibration.h"
#include "game/core/exercises/trial.h"

namespace poise::core::testing {

inline constexpr double kCmPerPx = 0.5;
/// BodySpec puts the index finger 0.03 x the body height (0.75 of the picture) below the wrist.
inline constexpr double kFingerBelowWrist = 0.03 * 0.75;

inline Calibration TestCalibration() {
  Calibration c;
  c.cm_per_px = kCmPerPx;
  c.neutral_shoulder_x = 0.5;
  c.neutral_shoulder_y = 0.355;
  c.reach_left_cm = c.reach_right_cm = 60;
  return c;
}

/// The metric's value, or `missing` when the trial did not report it.
inline double MetricOr(const TrialResult& r, const std::string& name, double missing = -1) {
  return MetricValue(r, name).value_or(missing);
}

}  // namespace poise::core::testing
