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

/// Steadies the per-frame advice against tracking flicker (a foot lost for a frame or two):
/// a new piece of advice is shown only once it has lasted kChangeMs, and the player counts as
/// framed once "good" has lasted kReadyMs with no other advice lasting kChangeMs in between.
class FramingSettle {
 public:
  static constexpr double kChangeMs = 500, kReadyMs = 1500;
  /// Feeds one frame's advice at t_ms; returns what to show.
  const FramingResult& Feed(const FramingResult& now, double t_ms);
  const FramingResult& shown() const { return shown_; }
  /// Framed well for long enough: move on.
  bool ready(double t_ms) const { return good_since_ms_ >= 0 && t_ms - good_since_ms_ >= kReadyMs; }

 private:
  FramingResult shown_ = {FramingAdvice::kNobody, "Please step into view of the camera."};
  FramingAdvice pending_ = FramingAdvice::kNobody;
  double pending_since_ms_ = -1, good_since_ms_ = -1;
};

}  // namespace poise::core
