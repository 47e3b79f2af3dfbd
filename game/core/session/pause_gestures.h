// Hands-free choices on the pause screen, from 2-3 m away, on poses and time only:
//  - resume: both hands above the head (the pause gesture again), held `resume_hold_ms`;
//  - stop:   both arms straight out to the sides at about shoulder height, held `stop_hold_ms`.
// Why arms out for stop: it is symmetric, so the weight stays centred over the feet (arms out
// steady a person, as a tightrope walker's do); the eyes stay ahead (no looking up, which upsets
// balance); it needs no reach above the head or forwards; it works seated; and it is far from
// both the resume pose and the hands-down rest, so neither is mistaken for it.
//
// Robust to a real webcam: a hold survives the pose dropping out (hands flicker below the
// visibility threshold, a frame is lost) for up to `release_grace_ms`, and a pose once held is
// judged with looser limits than it takes to start one (hysteresis), so jitter near a limit
// neither starts nor cancels a count. Both gestures are armed only after `arm_after_ms` of a
// clear neither-pose: the hands that paused the game must come down before they can resume it.
#pragma once

#include "vision/pose.h"

namespace poise::core {

enum class PauseGesture { kNone, kResume, kStop };
const char* PauseGestureName(PauseGesture g);

struct PauseGestureOptions {
  double resume_hold_ms = 3000;
  double stop_hold_ms = 3000;
  double release_grace_ms = 500;  ///< a held pose missing this long counts as let go
  double arm_after_ms = 500;      ///< a neither-pose this long before a gesture counts
  float min_visibility = 0.5f;
};

/// What the pause screen shows: the gesture being held and its countdown.
struct PauseGestureView {
  PauseGesture holding = PauseGesture::kNone;
  double progress = 0;  ///< 0..1 of the hold
  double left_ms = 0;   ///< of the hold
  bool armed = false;   ///< false until the player has lowered their hands once
};

/// The pose in one frame, judged alone: kResume (both hands above the head), kStop (both arms
/// out to the sides) or kNone; `loose` widens the limits (for a pose already being held).
/// `seen` is set false when the landmarks needed are not visible (no evidence either way).
PauseGesture ClassifyPauseGesture(const PoseFrame& frame, float min_visibility, bool loose,
                                  bool* seen = nullptr);

/// Both wrists above the head: higher than the nose by `margin` x the nose-to-shoulder height
/// (0.5: about the top of the head). The SafetyMonitor's pause gesture uses the same test.
bool BothHandsAboveHead(const Pose& pose, float min_visibility, double margin = 0.5);

class PauseGestures {
 public:
  explicit PauseGestures(const PauseGestureOptions& options = {});
  /// Feed every pose frame while paused (pose may be empty). Returns kResume or kStop once, the
  /// moment that pose has been held long enough; then disarms until a neither-pose again.
  PauseGesture Update(const PoseFrame& frame);
  PauseGestureView View() const;
  /// A new pause: disarmed, nothing held.
  void Reset();

 private:
  double HoldMs(PauseGesture g) const;
  PauseGestureOptions o_;
  bool armed_ = false;
  double neutral_since_ms_ = -1;
  PauseGesture holding_ = PauseGesture::kNone;
  double since_ms_ = 0, last_seen_ms_ = 0, now_ms_ = 0;
};

}  // namespace poise::core
