#include "game/core/session/safety_monitor.h"

#include <algorithm>
#include <cmath>

#include "game/core/session/pause_gestures.h"

namespace poise::core {

const char* SafetyEventName(SafetyEvent e) {
  switch (e) {
    case SafetyEvent::kNone:
      return "none";
    case SafetyEvent::kPauseGesture:
      return "pause gesture";
    case SafetyEvent::kTrackingLost:
      return "tracking lost";
    case SafetyEvent::kLeftFrame:
      return "left the frame";
    case SafetyEvent::kFall:
      return "suspected fall";
  }
  return "none";
}

SafetyMonitor::SafetyMonitor(const SafetyOptions& options) : o_(options) {}

void SafetyMonitor::Reset() { *this = SafetyMonitor(o_); }

void SafetyMonitor::AwaitRelease() {
  gesture_fired_ = true;
  gesture_progress_ = 0;
}

SafetyEvent SafetyMonitor::Update(const PoseFrame& f) {
  const double t = f.capture_ms;
  if (!f.pose) {
    gesture_since_ms_ = -1;
    gesture_progress_ = 0;
    if (last_seen_ms_ < 0) last_seen_ms_ = t;  // never seen: count from the first frame
    if (!lost_fired_ && t - last_seen_ms_ > o_.lost_after_ms) {
      lost_fired_ = true;
      return SafetyEvent::kTrackingLost;
    }
    return SafetyEvent::kNone;
  }
  last_seen_ms_ = t;
  lost_fired_ = false;
  const auto& l = f.pose->landmarks;
  auto vis = [&](int i) { return l[i].visibility >= o_.min_visibility; };
  const double hip_x = (l[kLeftHip].x + l[kRightHip].x) / 2,
               hip_y = (l[kLeftHip].y + l[kRightHip].y) / 2;
  const double sh_x = (l[kLeftShoulder].x + l[kRightShoulder].x) / 2;
  const double sh_y = (l[kLeftShoulder].y + l[kRightShoulder].y) / 2;

  // Left the frame.
  const bool torso_visible =
      vis(kLeftShoulder) && vis(kRightShoulder) && vis(kLeftHip) && vis(kRightHip);
  auto inside = [](double x, double y) { return x > 0.02 && x < 0.98 && y > 0.0 && y < 1.02; };
  const bool out = !torso_visible || !inside(hip_x, hip_y) || !inside(sh_x, sh_y);
  if (out) {
    if (out_since_ms_ < 0) out_since_ms_ = t;
    if (!out_fired_ && t - out_since_ms_ > o_.lost_after_ms) {
      out_fired_ = true;
      return SafetyEvent::kLeftFrame;
    }
  } else {
    out_since_ms_ = -1;
    out_fired_ = false;
  }

  // Pause gesture: both hands above the head, i.e. both wrists higher than the nose by half the
  // nose-to-shoulder height (about the top of the head). A hand at the nose or at a target just
  // above it (nose to target, bubble reach) is not the gesture.
  const bool hands_up = BothHandsAboveHead(*f.pose, o_.min_visibility);
  if (hands_up) {
    if (gesture_since_ms_ < 0) gesture_since_ms_ = t;
    gesture_progress_ =
        gesture_fired_ ? 0.0 : std::min(1.0, (t - gesture_since_ms_) / o_.gesture_hold_ms);
    if (!gesture_fired_ && t - gesture_since_ms_ >= o_.gesture_hold_ms) {
      gesture_fired_ = true;
      return SafetyEvent::kPauseGesture;
    }
  } else {
    gesture_since_ms_ = -1;
    gesture_progress_ = 0;
    gesture_fired_ = false;
  }

  // Fall: a fast drop of the hips by a torso length.
  if (torso_visible) {
    const double torso = std::fabs(hip_y - sh_y);
    // Track the upright torso length; a collapsing posture must not shrink the yardstick.
    torso_norm_ = torso_norm_ <= 0
                      ? torso
                      : std::max(torso_norm_ * 0.995, std::min(torso, torso_norm_ * 1.2));
    history_[history_head_] = {t, hip_y};
    history_head_ = (history_head_ + 1) % 64;
    history_n_ = std::min(history_n_ + 1, 64);
    double highest = hip_y;  // smallest y within the window
    for (int k = 0; k < history_n_; ++k) {
      const Sample& s = history_[(history_head_ - 1 - k + 64) % 64];
      if (t - s.t_ms > o_.fall_window_ms) break;
      highest = std::min(highest, s.hip_y);
    }
    const bool dropping = hip_y - highest >= o_.fall_drop_torsos * torso_norm_;
    if (dropping && !fall_fired_) {
      fall_fired_ = true;
      return SafetyEvent::kFall;
    }
    if (!dropping && hip_y - highest < 0.2 * torso_norm_) fall_fired_ = false;
  }
  return SafetyEvent::kNone;
}

}  // namespace poise::core
