// Framing guide: one plain instruction at a time until the player is placed well for the
// exercise. Standing work needs the whole body (head to feet) in view; seated work the upper
// body (head to hips). Directions are as the player sees the mirrored picture.
#pragma once

#include <optional>
#include <string>

#include "vision/pose.h"

namespace poise::core {

enum class FramingAdvice {
  kGood,        ///< ready
  kNobody,      ///< "Please step into view"
  kTooDark,     ///< "More light please"
  kOnePerson,   ///< "Only one person please"
  kStepBack,    ///< part of the needed body is outside the picture, or too close
  kComeCloser,  ///< the body is too small in the picture
  kMoveLeft,    ///< as seen in the mirror: the player should move to their left... see text
  kMoveRight,
};

struct FramingInput {
  std::optional<Pose> pose;
  double mean_brightness = 128;  ///< 0-255 mean luma of the camera image (negative: unknown)
  int people_detected = -1;      ///< from the detector when it ran; -1 unknown
  bool seated = false;
};

struct FramingResult {
  FramingAdvice advice = FramingAdvice::kNobody;
  std::string text;  ///< one short sentence for the screen (and speech)
};

FramingResult AdviseFraming(const FramingInput& in);

}  // namespace poise::core
