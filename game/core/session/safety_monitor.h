// Safety rules during play, on poses and time only (no clock read here):
//  - pause gesture: both wrists above the head (above the nose) for 2 s;
//  - tracking lost: no pose for more than 1 s;
//  - left the frame: the hips' or shoulders' midpoint outside the frame, or the torso landmarks
//    not visible, for more than 1 s;
//  - suspected fall: the hip midpoint drops by at least one torso length (shoulder-to-hip
//    distance, measured while upright) within 0.6 s. Sitting down takes longer and drops less.
#pragma once

#include <optional>

#include "vision/pose.h"

namespace poise::core {

enum class SafetyEvent { kNone, kPauseGesture, kTrackingLost, kLeftFrame, kFall };
const char* SafetyEventName(SafetyEvent e);

struct SafetyOptions {
  double gesture_hold_ms = 2000;
  double lost_after_ms = 1000;
  double fall_window_ms = 600;
  double fall_drop_torsos = 1.0;
  float min_visibility = 0.5f;
};

class SafetyMonitor {
 public:
  explicit SafetyMonitor(const SafetyOptions& options = {});
  /// Feed every new pose frame (pose may be empty). Returns an event at most once per episode:
  /// the gesture must be released, tracking regained, etc. before the same event fires again.
  SafetyEvent Update(const PoseFrame& frame);
  /// Progress of a held pause gesture, 0..1 (for an on-screen ring).
  double GestureProgress() const { return gesture_progress_; }
  void Reset();
  /// Hands still up (resumed by the same gesture): no pause until they have come down once.
  void AwaitRelease();

 private:
  SafetyOptions o_;
  double last_seen_ms_ = -1, gesture_since_ms_ = -1, out_since_ms_ = -1;
  double gesture_progress_ = 0;
  bool lost_fired_ = false, gesture_fired_ = false, out_fired_ = false, fall_fired_ = false;
  double torso_norm_ = 0;  ///< typical upright torso length (normalised y units)
  struct Sample {
    double t_ms, hip_y;
  };
  Sample history_[64]{};
  int history_n_ = 0, history_head_ = 0;
};

}  // namespace poise::core
