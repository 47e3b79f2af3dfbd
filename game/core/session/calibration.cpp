#include "game/core/session/calibration.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "game/core/metrics/event_timing.h"

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kNoseToAnkle = 0.88;  // of standing height
constexpr double kTorso = 0.29;        // shoulder-to-hip, of standing height

double Px(const Pose& p, int a, int b, int w, int h) {
  return std::hypot((p.landmarks[a].x - p.landmarks[b].x) * w,
                    (p.landmarks[a].y - p.landmarks[b].y) * h);
}

}  // namespace

const char* CalibrationInstruction(CalibrationStep s) {
  switch (s) {
    case CalibrationStep::kStill:
      return "Stand still and look at the screen.";
    case CalibrationStep::kLeanLeft:
      return "Lean slowly to your left, only as far as is comfortable, then come back.";
    case CalibrationStep::kLeanRight:
      return "Now lean slowly to your right, then come back to the middle.";
    case CalibrationStep::kReachLeft:
      return "Reach out to your left side with your left hand, then lower it.";
    case CalibrationStep::kReachRight:
      return "Reach out to your right side with your right hand, then lower it.";
    case CalibrationStep::kDone:
      return "Thank you, all set.";
  }
  return "";
}

CalibrationRecorder::CalibrationRecorder(double height_cm, bool seated) : height_cm_(height_cm) {
  cal_.seated = seated;
}

std::optional<double> RecentMedian::Add(double t_ms, double value) {
  recent_.emplace_back(t_ms, value);
  while (!recent_.empty() && recent_.front().first < t_ms - window_ms_) recent_.pop_front();
  if (recent_.size() < 3) return std::nullopt;
  std::vector<double> v;
  v.reserve(recent_.size());
  for (const auto& [t, x] : recent_) v.push_back(x);
  return MedianOf(std::move(v));
}

void CalibrationRecorder::Next() {
  step_ = CalibrationStep(int(step_) + 1);
  step_start_ms_ = -1;
  peak_ = peak_side_ = 0;
  shift_.Clear();
  side_.Clear();
  straight_since_ms_ = -1;
}

void CalibrationRecorder::Feed(const PoseFrame& f) {
  if (step_ == CalibrationStep::kDone) return;
  if (step_start_ms_ < 0) step_start_ms_ = f.capture_ms;
  const double elapsed = f.capture_ms - step_start_ms_;
  if (!f.pose) {
    if (last_ok_ms_ < 0 || f.capture_ms - last_ok_ms_ > kCalibrationDropoutMs)
      problem_ = "I cannot see you: please step into view.";
    return;
  }
  const Pose& p = *f.pose;
  const int w = f.image_width > 0 ? f.image_width : 640,
            h = f.image_height > 0 ? f.image_height : 480;
  auto vis = [&](std::initializer_list<int> ids) {
    for (int i : ids)
      if (p.landmarks[i].visibility < kVisible) return false;
    return true;
  };
  const auto& l = p.landmarks;
  const double sh_x = (l[kLeftShoulder].x + l[kRightShoulder].x) / 2,
               sh_y = (l[kLeftShoulder].y + l[kRightShoulder].y) / 2;
  const double hip_x = (l[kLeftHip].x + l[kRightHip].x) / 2,
               hip_y = (l[kLeftHip].y + l[kRightHip].y) / 2;
  // A short dropout (flicker) is skipped; only a lasting one restarts the still step and is
  // shown as a problem.
  auto dropout = [&](const char* text) {
    if (last_ok_ms_ < 0 || f.capture_ms - last_ok_ms_ > kCalibrationDropoutMs) {
      problem_ = text;
      return true;  // lasting
    }
    return false;
  };
  switch (step_) {
    case CalibrationStep::kStill: {
      const bool ok = cal_.seated ? vis({kLeftShoulder, kRightShoulder, kLeftHip, kRightHip})
                                  : vis({kNose, kLeftAnkle, kRightAnkle, kLeftShoulder,
                                         kRightShoulder, kLeftHip, kRightHip});
      if (!ok) {
        if (dropout(cal_.seated
                        ? "Please make sure your head, shoulders and hips are in the picture."
                        : "Please make sure your whole body, head to feet, is in the picture.")) {
          samples_.clear();
          hip_x_.clear(), hip_y_.clear(), sh_x_.clear(), sh_y_.clear();
          step_start_ms_ = f.capture_ms;
        }
        return;
      }
      last_ok_ms_ = f.capture_ms;
      problem_.clear();
      double body_px;
      if (cal_.seated) {
        body_px = std::hypot((sh_x - hip_x) * w, (sh_y - hip_y) * h);
      } else {
        const double ax = (l[kLeftAnkle].x + l[kRightAnkle].x) / 2,
                     ay = (l[kLeftAnkle].y + l[kRightAnkle].y) / 2;
        body_px = std::hypot((l[kNose].x - ax) * w, (l[kNose].y - ay) * h);
      }
      samples_.push_back(body_px);
      hip_x_.push_back(hip_x);
      hip_y_.push_back(hip_y);
      sh_x_.push_back(sh_x);
      sh_y_.push_back(sh_y);
      cal_.image_width = w;
      cal_.image_height = h;
      if (elapsed >= 2000 && samples_.size() >= 10) {
        cal_.cm_per_px = height_cm_ * (cal_.seated ? kTorso : kNoseToAnkle) / MedianOf(samples_);
        cal_.neutral_hip_x = MedianOf(hip_x_);
        cal_.neutral_hip_y = MedianOf(hip_y_);
        cal_.neutral_shoulder_x = MedianOf(sh_x_);
        cal_.neutral_shoulder_y = MedianOf(sh_y_);
        samples_.clear();
        Next();
      }
      return;
    }
    case CalibrationStep::kLeanLeft:
    case CalibrationStep::kLeanRight: {
      if (!vis({kLeftShoulder, kRightShoulder})) {
        dropout("Please keep your shoulders in the picture.");
        return;
      }
      last_ok_ms_ = f.capture_ms;
      problem_.clear();
      // The person's left is image +x when facing the camera.
      const double shift_px =
          (sh_x - cal_.neutral_shoulder_x) * w * (step_ == CalibrationStep::kLeanLeft ? 1 : -1);
      // The peak and the return are judged on the running median, not on single jittery frames.
      const std::optional<double> shift = shift_.Add(f.capture_ms, shift_px);
      if (shift) peak_ = std::max(peak_, *shift);
      const bool back = shift && peak_ > 10 && *shift < 0.3 * peak_;
      if (back || elapsed > 6000) {
        (step_ == CalibrationStep::kLeanLeft ? cal_.lean_left_cm : cal_.lean_right_cm) =
            peak_ * cal_.cm_per_px;
        Next();
      }
      return;
    }
    case CalibrationStep::kReachLeft:
    case CalibrationStep::kReachRight: {
      const bool left = step_ == CalibrationStep::kReachLeft;
      const int wrist = left ? kLeftWrist : kRightWrist,
                shoulder = left ? kLeftShoulder : kRightShoulder,
                elbow = left ? kLeftElbow : kRightElbow;
      if (!vis({wrist, shoulder})) {
        dropout("Please keep your hand in the picture.");
        return;
      }
      last_ok_ms_ = f.capture_ms;
      problem_.clear();
      const double reach = Px(p, wrist, shoulder, w, h);
      const std::optional<double> reach_med = shift_.Add(f.capture_ms, reach);
      if (reach_med) peak_ = std::max(peak_, *reach_med);
      // Sideways: a straight arm hanging down is as long as one held out, so "came back" is
      // judged by how far the hand is out to the side, not by the wrist-shoulder distance.
      const double side = std::abs(p.landmarks[wrist].x - p.landmarks[shoulder].x) * w;
      const std::optional<double> side_med = side_.Add(f.capture_ms, side);
      if (side_med) peak_side_ = std::max(peak_side_, *side_med);
      const bool back = side_med && peak_side_ > 20 && *side_med < 0.4 * peak_side_;
      // Held straight out to the side (elbow on the line, hand well out): done without waiting.
      const double arm = Px(p, shoulder, elbow, w, h) + Px(p, elbow, wrist, w, h);
      const bool straight_out = p.landmarks[elbow].visibility >= kVisible && arm > 20 &&
                                reach > 0.95 * arm && side > 0.8 * arm;
      // ... and no longer reaching further (the timer restarts while the hand still goes out).
      if (!straight_out) {
        straight_since_ms_ = -1;
      } else if (const double r = reach_med.value_or(reach);
                 straight_since_ms_ < 0 || r > 1.02 * straight_reach_) {
        straight_since_ms_ = f.capture_ms;
        straight_reach_ = r;
      }
      const bool held = straight_since_ms_ >= 0 && f.capture_ms - straight_since_ms_ >= 500;
      if (back || held || elapsed > 6000) {
        (left ? cal_.reach_left_cm : cal_.reach_right_cm) = peak_ * cal_.cm_per_px;
        Next();
      }
      return;
    }
    case CalibrationStep::kDone:
      return;
  }
}

std::optional<Calibration> CalibrationRecorder::Result() const {
  if (step_ != CalibrationStep::kDone) return std::nullopt;
  return cal_;
}

double CmPerPxOrTypical(const Calibration& c) {
  return c.cm_per_px > 0 ? c.cm_per_px : 170.0 / (0.75 * std::max(1, c.image_height));
}

double ArmReachCm(const Calibration& c, bool left_hand) {
  double r = left_hand ? c.reach_left_cm : c.reach_right_cm;
  if (r <= 0) r = left_hand ? c.reach_right_cm : c.reach_left_cm;
  if (r <= 0) r = 50;
  return std::max(20.0, r);
}

}  // namespace poise::core
