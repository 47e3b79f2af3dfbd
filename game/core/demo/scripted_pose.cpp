#include "game/core/demo/scripted_pose.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace poise::core {

Pose MakePose(const BodySpec& s) {
  Pose p;
  p.score = 0.99f;
  const double h = s.height;         // in image heights
  const double xs = 1.0 / s.aspect;  // converts a length in image heights to x units
  auto set = [&](int i, double x, double y) {
    p.landmarks[i] = {float(x), float(y), 0.0f, s.visibility, s.visibility};
    // World: metres around the hips, assuming a 1.7 m person.
    p.world[i] = {float((x - s.hip_x) / xs / h * 1.7), float((y - s.hip_y) / h * 1.7), 0.0f};
  };
  const double torso = 0.30 * h, hip_half = 0.06 * h, sh_half = 0.11 * h;
  const double sx = s.hip_x + s.lean_x;  // shoulder midpoint x
  // Sit-to-stand blend: the hips drop, the trunk tips forward (shorter in the picture) mid-way.
  const double sit = s.seated ? 0.0 : std::clamp(s.sit, 0.0, 1.0);
  const double hip_y = s.hip_y + 0.20 * h * sit;
  const double trunk =
      (s.seated ? 0.95 : 1.0) - 0.05 * sit - 0.25 * std::sin(sit * std::numbers::pi);
  const double sy = hip_y - torso * trunk;
  const double head_y = sy - 0.12 * h;
  // Face (person's left = image right).
  set(kNose, sx, head_y);
  set(kLeftEyeInner, sx + 0.015 * h * xs, head_y - 0.02 * h);
  set(kLeftEye, sx + 0.025 * h * xs, head_y - 0.02 * h);
  set(kLeftEyeOuter, sx + 0.035 * h * xs, head_y - 0.02 * h);
  set(kRightEyeInner, sx - 0.015 * h * xs, head_y - 0.02 * h);
  set(kRightEye, sx - 0.025 * h * xs, head_y - 0.02 * h);
  set(kRightEyeOuter, sx - 0.035 * h * xs, head_y - 0.02 * h);
  set(kLeftEar, sx + 0.05 * h * xs, head_y - 0.01 * h);
  set(kRightEar, sx - 0.05 * h * xs, head_y - 0.01 * h);
  set(kMouthLeft, sx + 0.015 * h * xs, head_y + 0.025 * h);
  set(kMouthRight, sx - 0.015 * h * xs, head_y + 0.025 * h);
  set(kLeftShoulder, sx + sh_half * xs, sy);
  set(kRightShoulder, sx - sh_half * xs, sy);
  set(kLeftHip, s.hip_x + hip_half * xs, hip_y);
  set(kRightHip, s.hip_x - hip_half * xs, hip_y);
  // Arms hanging unless wrists are given; elbows halfway.
  const double lwx = s.left_wrist_x.value_or(s.hip_x + (hip_half + 0.06 * h) * xs);
  const double lwy = s.left_wrist_y.value_or(hip_y + 0.02 * h);
  const double rwx = s.right_wrist_x.value_or(s.hip_x - (hip_half + 0.06 * h) * xs);
  const double rwy = s.right_wrist_y.value_or(hip_y + 0.02 * h);
  const double lsx = sx + sh_half * xs, rsx = sx - sh_half * xs;
  set(kLeftElbow, (lsx + lwx) / 2, (sy + lwy) / 2);
  set(kRightElbow, (rsx + rwx) / 2, (sy + rwy) / 2);
  set(kLeftWrist, lwx, lwy);
  set(kRightWrist, rwx, rwy);
  const double hand = 0.03 * h;
  set(kLeftPinky, lwx + 0.01 * h * xs, lwy + hand);
  set(kLeftIndex, lwx, lwy + hand);
  set(kLeftThumb, lwx - 0.01 * h * xs, lwy + hand * 0.7);
  set(kRightPinky, rwx - 0.01 * h * xs, rwy + hand);
  set(kRightIndex, rwx, rwy + hand);
  set(kRightThumb, rwx + 0.01 * h * xs, rwy + hand * 0.7);
  // Legs.
  const double thigh = 0.25 * h, shin = 0.24 * h;
  auto leg = [&](int knee, int ankle, int heel, int toe, double x, double lift,
                 std::optional<double> foot_x, double dx, double dy) {
    double kx = x, ky = s.hip_y + thigh, ax = x, ay = ky + shin;
    if (foot_x) {
      ax = *foot_x;
      kx = (x + ax) / 2;
    }
    if (s.seated) {  // thigh towards the camera: short in the image, shin down
      ky = s.hip_y + 0.05 * h;
      ay = ky + shin;
    }
    ky -= lift * 0.5;
    ay -= lift;
    kx += dx * xs / 2;  // a moved foot: the knee follows halfway
    ky += dy / 2;
    ax += dx * xs;
    ay += dy;
    set(knee, kx, ky);
    set(ankle, ax, ay);
    set(heel, ax, ay + 0.02 * h);
    set(toe, ax, ay + 0.035 * h);
  };
  leg(kLeftKnee, kLeftAnkle, kLeftHeel, kLeftFootIndex, s.hip_x + hip_half * xs,
      s.lift_left_foot * h, s.left_foot_x, s.left_foot_dx, s.left_foot_dy);
  leg(kRightKnee, kRightAnkle, kRightHeel, kRightFootIndex, s.hip_x - hip_half * xs,
      s.lift_right_foot * h, s.right_foot_x, s.right_foot_dx, s.right_foot_dy);
  if (s.sway_x != 0 || s.sway_y != 0) {  // the body above the knees moves over still feet
    for (int i = 0; i <= kRightHip; ++i) {
      p.landmarks[i].x += float(s.sway_x);
      p.landmarks[i].y += float(s.sway_y);
    }
    for (int i : {kLeftKnee, kRightKnee}) {
      p.landmarks[i].x += float(s.sway_x / 2);
      p.landmarks[i].y += float(s.sway_y / 2);
    }
  }
  if (s.lean_forward_m != 0) {  // upper body toward the camera, pivoting at the hips
    constexpr double kTorsoM = 0.30 * 1.7;
    const double f = std::clamp(s.lean_forward_m / kTorsoM, -0.9, 0.9);
    const float drop = float(torso * (1 - std::sqrt(1 - f * f)));
    for (int i = 0; i < kLeftHip; ++i) {
      p.landmarks[i].y += drop;
      p.world[i].z -= float(s.lean_forward_m);
    }
  }
  return p;
}

BodySpec ReachingDemo(double t_s) {
  BodySpec s;
  const double a = 0.5 + 0.5 * std::sin(t_s * 2.0);
  if (std::fmod(t_s, 6.0) < 3.0) {
    s.left_wrist_x = 0.6 + 0.2 * a;
    s.left_wrist_y = 0.55 - 0.35 * a;
  } else {
    s.right_wrist_x = 0.4 - 0.2 * a;
    s.right_wrist_y = 0.55 - 0.35 * a;
  }
  return s;
}

BodySpec CalibrationDemo(double t_s, bool seated) {
  BodySpec s;
  s.seated = seated;
  if (t_s < 5 || t_s >= 17) return s;
  const double phase = std::fmod(t_s - 5, 3.0) / 3.0;     // 0..1 within a move
  const double out = std::sin(phase * 3.14159265358979);  // out and back
  switch (int((t_s - 5) / 3)) {
    case 0:  // lean to the person's left (image +x)
      s.lean_x = 0.05 * out;
      break;
    case 1:
      s.lean_x = -0.05 * out;
      break;
    case 2:
      s.left_wrist_x = 0.56 + 0.2 * out;
      s.left_wrist_y = 0.55 - 0.25 * out;
      break;
    case 3:
      s.right_wrist_x = 0.44 - 0.2 * out;
      s.right_wrist_y = 0.55 - 0.25 * out;
      break;
  }
  return s;
}

PoseFrame MakeFrame(const BodySpec& spec, double t_ms, int64_t index, int width, int height) {
  PoseFrame f;
  f.frame_index = index;
  f.capture_ms = t_ms;
  f.inference_done_ms = t_ms;
  f.image_width = width;
  f.image_height = height;
  f.pose = MakePose(spec);
  return f;
}

}  // namespace poise::core
