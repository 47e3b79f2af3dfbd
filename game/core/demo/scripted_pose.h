// Synthetic poses for tests and demos: a plausible 33-landmark body from a few numbers, so
// exercises, safety rules and the game can be driven by scripted movements.
// Coordinates are image-normalised (x right, y down) of an image with the given aspect ratio.
#pragma once

#include <optional>

#include "vision/pose.h"

namespace poise::core {

struct BodySpec {
  double hip_x = 0.5, hip_y = 0.58;  ///< hip midpoint (default: whole body in view)
  double height = 0.75;              ///< standing height as a fraction of the image height
  double aspect = 4.0 / 3.0;         ///< image width / height
  bool seated = false;               ///< knees forward, thighs horizontal, head lower
  double lean_x = 0;                 ///< shoulder midpoint shift relative to the hips (x units)
  double lift_left_foot = 0, lift_right_foot = 0;  ///< ankle raised, fraction of height
  /// Hands: where the wrists are; default hanging beside the hips.
  std::optional<double> left_wrist_x, left_wrist_y, right_wrist_x, right_wrist_y;
  float visibility = 0.95f;
  // Balance exercises (weight shift, single-leg stance, steady stance). The defaults leave the
  // body exactly as without them.
  /// Where each ankle is (image-normalised x); default: under its hip. The knee goes halfway.
  std::optional<double> left_foot_x, right_foot_x;
  /// Shift of everything above the knees (hips, trunk, head, arms) over still feet, x in image
  /// widths and y in image heights; the knees shift half as much. World coordinates ignore it.
  double sway_x = 0, sway_y = 0;
  /// Trunk tilted toward the camera: the shoulders' forward shift in metres (world z of the
  /// upper body; the image shows the torso foreshortened).
  double lean_forward_m = 0;
  // --- Balance exercises (functional_reach, sit_to_stand, stepping_targets); the defaults
  // leave the body exactly as without them. ---
  /// Each foot (ankle, heel, toe; its knee follows halfway) moved, in image heights: dx to the
  /// image's right (the person's left), dy down the image (a step towards the camera).
  double left_foot_dx = 0, left_foot_dy = 0, right_foot_dx = 0, right_foot_dy = 0;
  /// Sit-to-stand blend of a standing body (ignored when `seated`): 0 upright, 1 sitting on a
  /// chair. The hips drop by 0.20 of the height to just above the knees, knees and feet stay,
  /// and the trunk tips forward mid-way (the shoulders come down towards the hips).
  double sit = 0;
};

/// Left/right are the person's own (BlazePose): the person's left appears on the image's right
/// for a person facing the camera.
Pose MakePose(const BodySpec& spec);

/// A person reaching out and up with the left hand for 3 s, then the right, over and over (the
/// demo and the instructions' stick figure).
BodySpec ReachingDemo(double t_s);

/// The calibration moves, kCalibrationDemoSeconds long: 5 s still (the game reaches its
/// calibration step 1-2 s into a replay), then a lean to the left and back, to the right and
/// back, a reach out with the left hand and back, then the right, then 1 s still.
inline constexpr double kCalibrationDemoSeconds = 18;
BodySpec CalibrationDemo(double t_s, bool seated);

/// Frame wrapper with timestamps and size.
PoseFrame MakeFrame(const BodySpec& spec, double t_ms, int64_t index, int width = 640,
                    int height = 480);

}  // namespace poise::core
