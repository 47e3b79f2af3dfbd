// Realistic webcam tracking noise for scripted poses, so exercises can be tested against what a
// real camera gives, with the true answer known from the script:
// - jitter: each landmark moves by white noise of `jitter_cm` (SD, per axis) scaled to the
//   person's size in the picture (a 170 cm person filling 75 % of the height: 1 cm ~ 2.1 px at
//   480 lines); hands and feet jitter `extremity_factor` times more (BlazePose is least sure of
//   them).
// - visibility flicker: feet (knee down) and hands (wrist on) drop below the 0.5 visibility
//   threshold in short runs (mean `flicker_run_frames` frames), `feet_flicker` and
//   `hands_flicker` of the frames on average; the rest of the body `body_flicker`.
// - dropped frames: `dropped` of the frames never arrive (the clock jumps).
// - frame rate `fps` (15 / 20 / 30) with `interval_jitter` (a slow, uneven camera: each frame
//   interval varies by this fraction).
// Deterministic for a given seed. No clock: times come from the frame index.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "game/core/demo/scripted_pose.h"

namespace poise::core {

struct TrackingNoise {
  double fps = 30;
  double jitter_cm = 0;                                          ///< per landmark and axis, one SD
  double extremity_factor = 1.5;                                 ///< extra jitter of hands and feet
  double feet_flicker = 0, hands_flicker = 0, body_flicker = 0;  ///< share of frames hidden
  double flicker_run_frames = 1.5;                               ///< mean length of a hidden run
  double dropped = 0;          ///< share of frames never delivered
  double interval_jitter = 0;  ///< frame interval variation (fraction of 1/fps)
  double body_height_cm = 170;
  uint32_t seed = 1;

  static TrackingNoise Clean(double fps = 30) { return {.fps = fps}; }
  /// What an ordinary webcam in a living room gives (the "noisy" case of the tests): 0.8 cm
  /// jitter, feet hidden 10 % and hands 5 % of frames, 3 % dropped, uneven intervals.
  static TrackingNoise Webcam(double fps = 30, uint32_t seed = 1) {
    return {.fps = fps,
            .jitter_cm = 0.8,
            .feet_flicker = 0.10,
            .hands_flicker = 0.05,
            .dropped = 0.03,
            .interval_jitter = 0.1,
            .seed = seed};
  }
};

/// A scripted movement: the body at t seconds.
using BodyScript = std::function<BodySpec(double t_s)>;

/// Renders `script` from 0 to `duration_s` as the camera would deliver it.
std::vector<PoseFrame> RenderNoisy(const BodyScript& script, double duration_s,
                                   const TrackingNoise& noise, int width = 640, int height = 480);

/// Applies noise to one pose (for streams made elsewhere): `rng` carries the flicker state.
class TrackingNoiseModel {
 public:
  explicit TrackingNoiseModel(const TrackingNoise& noise);
  /// False when the frame is dropped. `body_height` is the person's standing height as a
  /// fraction of the image height, `aspect` width / height.
  bool Apply(Pose& pose, double body_height, double aspect);
  /// The capture time of frame k (uneven when interval_jitter > 0).
  double NextFrameMs();

 private:
  bool Flicker(int part, double share);
  TrackingNoise n_;
  std::mt19937 rng_;
  bool hidden_[3] = {false, false, false};  // feet, hands, body: currently in a hidden run
  double t_ms_ = 0;
  bool first_ = true;
};

}  // namespace poise::core
