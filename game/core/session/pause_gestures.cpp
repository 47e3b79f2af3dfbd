#include "game/core/session/pause_gestures.h"

#include <algorithm>
#include <cmath>

namespace poise::core {

const char* PauseGestureName(PauseGesture g) {
  switch (g) {
    case PauseGesture::kNone:
      return "none";
    case PauseGesture::kResume:
      return "resume";
    case PauseGesture::kStop:
      return "stop";
  }
  return "none";
}

bool BothHandsAboveHead(const Pose& pose, float min_visibility, double margin) {
  const auto& l = pose.landmarks;
  auto vis = [&](int i) { return l[i].visibility >= min_visibility; };
  const double sh_y = (l[kLeftShoulder].y + l[kRightShoulder].y) / 2;
  const double head_margin =
      vis(kLeftShoulder) && vis(kRightShoulder) ? std::max(0.0, margin * (sh_y - l[kNose].y)) : 0.0;
  const double above = l[kNose].y - head_margin;
  return vis(kLeftWrist) && vis(kRightWrist) && vis(kNose) && l[kLeftWrist].y < above &&
         l[kRightWrist].y < above;
}

PauseGesture ClassifyPauseGesture(const PoseFrame& f, float min_vis, bool loose, bool* seen) {
  if (seen) *seen = false;
  if (!f.pose) return PauseGesture::kNone;
  const auto& l = f.pose->landmarks;
  auto vis = [&](int i) { return l[i].visibility >= min_vis; };
  if (!vis(kLeftWrist) || !vis(kRightWrist) || !vis(kLeftShoulder) || !vis(kRightShoulder) ||
      !vis(kNose))
    return PauseGesture::kNone;
  // Lengths in image heights (x scaled by the aspect ratio), against the torso's length.
  const double aspect =
      f.image_width > 0 && f.image_height > 0 ? double(f.image_width) / f.image_height : 4.0 / 3.0;
  const double sh_x = (l[kLeftShoulder].x + l[kRightShoulder].x) / 2;
  const double sh_y = (l[kLeftShoulder].y + l[kRightShoulder].y) / 2;
  double torso = 0;
  if (vis(kLeftHip) && vis(kRightHip))
    torso = (l[kLeftHip].y + l[kRightHip].y) / 2 - sh_y;
  else  // hips out of the picture (seated close up): the shoulders' width stands in
    torso = 1.35 * std::fabs(l[kLeftShoulder].x - l[kRightShoulder].x) * aspect;
  if (torso <= 1e-3) return PauseGesture::kNone;
  if (seen) *seen = true;
  if (BothHandsAboveHead(*f.pose, min_vis, loose ? 0.0 : 0.5)) return PauseGesture::kResume;
  // Arms out: each wrist well outside its own shoulder (a straight arm reaches about 1.1 torso
  // lengths), at about shoulder height (within ~30 degrees of level).
  const double out_min = loose ? 0.55 : 0.7, level_max = loose ? 0.7 : 0.5;
  auto arm_out = [&](int wrist, int shoulder) {
    const double side = l[shoulder].x - sh_x;  // which side of the body this arm is on
    const double beyond = (l[wrist].x - l[shoulder].x) * (side >= 0 ? 1 : -1) * aspect;
    return beyond >= out_min * torso && std::fabs(l[wrist].y - l[shoulder].y) <= level_max * torso;
  };
  if (arm_out(kLeftWrist, kLeftShoulder) && arm_out(kRightWrist, kRightShoulder))
    return PauseGesture::kStop;
  return PauseGesture::kNone;
}

PauseGestures::PauseGestures(const PauseGestureOptions& options) : o_(options) {}

void PauseGestures::Reset() { *this = PauseGestures(o_); }

double PauseGestures::HoldMs(PauseGesture g) const {
  return g == PauseGesture::kStop ? o_.stop_hold_ms : o_.resume_hold_ms;
}

PauseGesture PauseGestures::Update(const PoseFrame& f) {
  const double t = now_ms_ = f.capture_ms;
  bool seen = false;
  const PauseGesture g =
      ClassifyPauseGesture(f, o_.min_visibility, /*loose=*/holding_ != PauseGesture::kNone, &seen);
  // Judged with the held pose's loose limits: a different gesture must meet its own strict ones.
  PauseGesture pose = g;
  if (holding_ != PauseGesture::kNone && g != holding_ && g != PauseGesture::kNone)
    pose = ClassifyPauseGesture(f, o_.min_visibility, /*loose=*/false);
  if (!armed_) {
    if (seen && pose == PauseGesture::kNone) {
      if (neutral_since_ms_ < 0) neutral_since_ms_ = t;
      armed_ = t - neutral_since_ms_ >= o_.arm_after_ms;
    } else if (pose != PauseGesture::kNone) {
      neutral_since_ms_ = -1;  // still in a gesture (the one that paused): wait for hands down
    }
    if (!armed_) return PauseGesture::kNone;
  }
  if (holding_ != PauseGesture::kNone && pose == holding_) {
    last_seen_ms_ = t;
  } else if (holding_ != PauseGesture::kNone && t - last_seen_ms_ > o_.release_grace_ms) {
    holding_ = PauseGesture::kNone;  // let go
  }
  if (holding_ == PauseGesture::kNone && pose != PauseGesture::kNone) {
    holding_ = pose;
    since_ms_ = last_seen_ms_ = t;
  }
  if (holding_ != PauseGesture::kNone && t - since_ms_ >= HoldMs(holding_)) {
    const PauseGesture done = holding_;
    holding_ = PauseGesture::kNone;
    armed_ = false;
    neutral_since_ms_ = -1;
    return done;
  }
  return PauseGesture::kNone;
}

PauseGestureView PauseGestures::View() const {
  PauseGestureView v;
  v.armed = armed_;
  v.holding = holding_;
  if (holding_ != PauseGesture::kNone) {
    const double held = now_ms_ - since_ms_, hold = HoldMs(holding_);
    v.progress = std::clamp(held / hold, 0.0, 1.0);
    v.left_ms = std::max(0.0, hold - held);
  }
  return v;
}

}  // namespace poise::core
