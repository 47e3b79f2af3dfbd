#include "game/core/exercises/nose_to_target.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "game/core/demo/demo_calibration.h"
#include "game/core/metrics/movement_metrics.h"

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kMinTremorPowerCm2 = 0.05;  // ~2 mm RMS: below it no rhythm is claimed
constexpr double kHoldMs = 150;
constexpr double kLeaveFactor = 1.3;
constexpr double kNoseZoneCm = 7;
// Intention tremor is searched from this long before each touch of the dot until the finger
// leaves it (at most kTremorSegmentMs): the end of the approach and the rest on the dot.
constexpr double kBeforeTouchMs = 500;
constexpr double kTremorSegmentMs = 1500;
constexpr int kSmoothWindow = 11;  // Savitzky-Golay high-pass: keeps > ~3 Hz at 30 fps

/// The dot's centre for touch number `touch` (image-normalised).
PixelPoint TargetPoint(const Calibration& c, double cm_per_px, bool left_hand, double distance,
                       bool moves, int touch) {
  static constexpr double kAnglesDeg[3] = {20, 50, -10};  // from straight out sideways, upwards
  const double deg = moves ? kAnglesDeg[touch % 3] : kAnglesDeg[0];
  const double a = deg * std::numbers::pi / 180;
  const double reach_cm = ArmReachCm(c, left_hand);
  const double dist_px = distance * reach_cm / cm_per_px;
  const double side = left_hand ? 1 : -1;  // person's left = image +x
  const double sx = c.neutral_shoulder_x + side * 0.02, sy = c.neutral_shoulder_y;
  return {std::clamp(sx + side * std::cos(a) * dist_px / c.image_width, 0.08, 0.92),
          std::clamp(sy - std::sin(a) * dist_px / c.image_height, 0.08, 0.92)};
}

/// The nose, or the mouth's middle when the nose is covered (a finger on it can hide it).
bool FacePoint(const PoseFrame& f, PixelPoint& p) {
  const auto& l = f.pose->landmarks;
  if (l[kNose].visibility >= kVisible) {
    p = ToPixels(f, kNose);
    return true;
  }
  if (l[kMouthLeft].visibility >= kVisible && l[kMouthRight].visibility >= kVisible) {
    p = PixelMidpoint(f, kMouthLeft, kMouthRight);
    return true;
  }
  return false;
}

double MinJerk(double u) {
  u = std::clamp(u, 0.0, 1.0);
  return u * u * u * (10 - 15 * u + 6 * u * u);
}

}  // namespace

bool NoseToTarget::Zone::Update(double d_px, double r_px, double t_ms) {
  // Returns true when confirmed on this frame; `inside`/`confirmed` say the rest.
  const bool was = inside;
  const double pd = prev_d_px, pt = prev_t_ms;
  prev_d_px = d_px;
  prev_t_ms = t_ms;
  inside = was ? d_px <= kLeaveFactor * r_px : d_px <= r_px;
  if (inside && !was) {
    // Entered between the last frame and this one: interpolated at the zone's edge.
    since_ms = t_ms;
    entered_ms = pd > r_px && t_ms > pt ? pt + (t_ms - pt) * (pd - r_px) / (pd - d_px) : t_ms;
    confirmed = false;
  }
  if (!inside) {
    since_ms = -1;
    return false;
  }
  if (!confirmed && t_ms - since_ms >= kHoldMs) return confirmed = true;
  return false;
}

ExerciseInfo NoseToTarget::Describe() {
  return {
      "nose_to_target",
      "Nose to target",
      "coordination",
      {"standing", "seated"},
      {{"target_distance", "1", 0.6, 0.95,
        "dot distance from the shoulder, fraction of the "
        "calibrated reach"},
       {"target_radius", "1", 0.07, 0.035, "dot radius, fraction of the picture height"},
       {"time_limit", "s", 40, 25, "time allowed for four touches and back"},
       {"target_moves", "1", 0, 1, "the dot moves after every touch (from level 0.5)"}},
      {{"touches", "1", "dot touches completed (four are asked)"},
       {"endpoint_error", "cm", "mean distance of where the finger rested from the dot's centre"},
       {"endpoint_sd", "cm", "spread of where the finger rested on the dot (dysmetria)"},
       {"endpoint_ellipse_area", "cm2", "95 % ellipse of where the finger rested on the dot"},
       {"to_target_time", "s",
        "mean movement time from the nose to the dot: from movement onset (the finger leaving "
        "its resting place at the nose: seen 5 cm towards the dot, or 3 jitter bands, and timed "
        "back to where it left a band of 1 cm or 1.5 jitter SDs around where it rested, i.e. "
        "its speed first above about 5 % of the peak) to entering the dot and staying 150 ms, "
        "each interpolated between frames"},
       {"to_nose_time", "s",
        "mean movement time from the dot back to the nose: from the finger leaving the dot "
        "(timed as above) to entering the 7 cm nose zone and staying 150 ms"},
       {"intention_tremor_power", "cm2",
        "3-12 Hz power in the last second of each approach "
        "(left out when the pose rate is too low)"},
       {"intention_tremor_power_ratio", "1", "share of that movement's power in 3-12 Hz"},
       {"intention_tremor_frequency", "Hz", "a rhythm standing out near the dot, if any"},
       {"intention_tremor_dispersion", "Hz", "spread of the 3-12 Hz power (irregularity)"}}};
}

std::vector<std::string> NoseToTarget::Instructions() const {
  return {"Use the hand named on the dot: L for left, R for right.",
          "Touch your nose with your pointing finger. Then touch the dot.",
          "Go back to your nose, then the dot again: four times. Take your time.",
          seated() ? "Stay seated with your back against the chair."
                   : "Keep your feet still. Hold a chair or counter with the other hand if you "
                     "like."};
}

BodySpec NoseToTarget::Demo(double t_s) const {
  // Both hands at once, each to its own side's dot, so whichever hand a trial names does the
  // movement when these poses are replayed: to the nose, then four rounds nose -> dot -> nose
  // (0.9 s legs, 0.6 s rests), then down.
  const Calibration& c = calibration().cm_per_px > 0 ? calibration() : demo_calibration_;
  const double leg = 0.9, rest = 0.6, round = 2 * (leg + rest);
  const double u = std::fmod(t_s, leg + rest + kTouches * round + 1.5);
  BodySpec s;
  s.seated = seated();
  const Pose body = MakePose(s);
  const double finger_below = 0.03 * s.height;  // index finger below the wrist
  const PixelPoint nose{body.landmarks[kNose].x, body.landmarks[kNose].y};
  for (const bool left : {true, false}) {
    const auto& w = body.landmarks[left ? kLeftWrist : kRightWrist];
    const PixelPoint hang{w.x, w.y + finger_below};
    const PixelPoint dot =
        TargetPoint(c, CmPerPxOrTypical(c), left, Lerp(0.6, 0.95, level()), false, 0);
    PixelPoint from = hang, to = nose;
    double k = MinJerk(u / leg);
    if (u >= leg + rest + kTouches * round) {  // back down and rest
      from = nose;
      to = hang;
      k = MinJerk((u - leg - rest - kTouches * round) / leg);
    } else if (u >= leg + rest) {
      const double r = std::fmod(u - leg - rest, round);
      const bool out = r < leg + rest;
      from = out ? nose : dot;
      to = out ? dot : nose;
      k = MinJerk((out ? r : r - leg - rest) / leg);
    }
    // The two fingers meet at the nose side by side.
    const double side = left ? 0.004 : -0.004;
    (left ? s.left_wrist_x : s.right_wrist_x) = from.x + k * (to.x - from.x) + side;
    (left ? s.left_wrist_y : s.right_wrist_y) = from.y + k * (to.y - from.y) - finger_below;
  }
  return s;
}

void NoseToTarget::BeginTrial(double /*t_ms*/) {
  if (trial() == 0) {
    left_hand_ = config().dominant_side != "left";  // non-dominant hand first
    if (calibration().cm_per_px <= 0) demo_calibration_ = DemoCalibration(seated());
  }
  distance_ = Lerp(0.6, 0.95, level());
  radius_ = Lerp(0.07, 0.035, level());
  limit_ms_ = Lerp(40000, 25000, level());
  moves_ = level() >= 0.5;
  touches_ = 0;
  started_ = to_target_ = false;
  nose_ = target_ = other_ = Zone{};
  leg_onset_.Reset();
  leave_ms_ = -1;
  dwell_t_.clear();
  dwell_x_.clear();
  dwell_y_.clear();
  end_dx_cm_.clear();
  end_dy_cm_.clear();
  to_target_s_.clear();
  to_nose_s_.clear();
  recent_.clear();
  tremor_x_.clear();
  tremor_y_.clear();
  stamps_ms_.clear();
  touch_ms_ = -1;
  PlaceTarget();
}

void NoseToTarget::PlaceTarget() {
  const PixelPoint p =
      TargetPoint(calibration(), CmPerPx(), left_hand_, distance_, moves_, touches_);
  tx_ = p.x;
  ty_ = p.y;
}

void NoseToTarget::Interrupt() {
  nose_ = target_ = other_ = Zone{};
  leg_onset_.Reset();  // the rest before a long gap says nothing about the movement after it
  recent_.clear();     // tremor segments never span a gap
  touch_ms_ = -1;
  dwell_t_.clear();
  dwell_x_.clear();
  dwell_y_.clear();
}

void NoseToTarget::AddTremorSegment(double now_ms) {
  // High-passed (minus its Savitzky-Golay smooth, which keeps below ~3 Hz at 30 fps) so the
  // movement itself is not mistaken for tremor; segments are appended back to back.
  if (touch_ms_ < 0) return;
  const double from_ms = std::max(touch_ms_ - kBeforeTouchMs, now_ms - kTremorSegmentMs);
  std::vector<double> ts, xs, ys;
  for (const auto& s : recent_)
    if (s[0] >= from_ms) {
      ts.push_back(s[0]);
      xs.push_back(s[1]);
      ys.push_back(s[2]);
    }
  const double rate = EstimateRateHz(stamps_ms_);
  const std::vector<double> rx = ResampleUniform(ts, xs, rate), ry = ResampleUniform(ts, ys, rate);
  if (int(rx.size()) < kSmoothWindow) return;
  const std::vector<double> sx = SavitzkyGolay(rx, kSmoothWindow, 2, 0, 1 / rate),
                            sy = SavitzkyGolay(ry, kSmoothWindow, 2, 0, 1 / rate);
  for (size_t i = 0; i < rx.size(); ++i) {
    tremor_x_.push_back(rx[i] - sx[i]);
    tremor_y_.push_back(ry[i] - sy[i]);
  }
}

void NoseToTarget::AddEndpoint() {
  if (dwell_t_.size() < 2) return;
  // Where the finger stopped: around the slowest point of the dwell (jitter averages out).
  const double rate = EstimateRateHz(dwell_t_);
  const std::vector<double> rx = ResampleUniform(dwell_t_, dwell_x_, rate),
                            ry = ResampleUniform(dwell_t_, dwell_y_, rate);
  constexpr int kWindow = 7;
  if (int(rx.size()) < kWindow) {
    double sx = 0, sy = 0;
    for (size_t i = 0; i < rx.size(); ++i) {
      sx += rx[i];
      sy += ry[i];
    }
    end_dx_cm_.push_back(sx / double(rx.size()));
    end_dy_cm_.push_back(sy / double(ry.size()));
    return;
  }
  const std::vector<double> speed = SpeedProfile(rx, ry, rate, kWindow, 2);
  const size_t k = size_t(std::min_element(speed.begin(), speed.end()) - speed.begin());
  // The mean over 0.3 s around the slowest point: a stop's jitter averages out, a tremor's
  // swing is centred.
  const size_t half = size_t(std::lround(0.15 * rate)), n = rx.size();
  const size_t lo = k > half ? k - half : 0, hi = std::min(n - 1, k + half);
  double mx = 0, my = 0;
  for (size_t i = lo; i <= hi; ++i) {
    mx += rx[i];
    my += ry[i];
  }
  end_dx_cm_.push_back(mx / double(hi - lo + 1));
  end_dy_cm_.push_back(my / double(hi - lo + 1));
}

bool NoseToTarget::CanSee(const PoseFrame& f) const {
  PixelPoint face;
  return LandmarksVisible(
             *f.pose,
             {left_hand_ ? kLeftWrist : kRightWrist, left_hand_ ? kLeftShoulder : kRightShoulder},
             kVisible) &&
         FacePoint(f, face);
}

void NoseToTarget::Step(const PoseFrame& f, double /*dt_ms*/) {
  const auto& lm = f.pose->landmarks;
  auto finger = [&](bool left) {
    const int index = left ? kLeftIndex : kRightIndex, wrist = left ? kLeftWrist : kRightWrist;
    return lm[index].visibility >= kVisible ? ToPixels(f, index) : ToPixels(f, wrist);
  };
  const double w = f.image_width, h = f.image_height, cm = CmPerPx(), t = active_ms();
  const PixelPoint p = finger(left_hand_);
  PixelPoint face;
  FacePoint(f, face);
  hand_x_ = p.x / w;
  hand_y_ = p.y / h;
  nose_x_ = face.x / w;
  nose_y_ = face.y / h;
  nose_r_ = kNoseZoneCm / cm / h;
  stamps_ms_.push_back(f.capture_ms);
  recent_.push_back({f.capture_ms, p.x * cm, p.y * cm});
  while (recent_.front()[0] < f.capture_ms - 2 * kTremorSegmentMs) recent_.pop_front();
  const PixelPoint target{tx_ * w, ty_ * h};
  const double r_t = radius_ * h, r_n = kNoseZoneCm / cm;
  const bool target_was_on = target_.inside && target_.confirmed;
  const bool nose_was_on = nose_.inside && nose_.confirmed;
  const bool nose_touch = nose_.Update(PixelDistance(p, face), r_n, t);
  const bool target_touch = target_.Update(PixelDistance(p, target), r_t, t);
  if (other_.Update(PixelDistance(finger(!left_hand_), target), r_t, t) && !target_.inside)
    return Report(TrialOutcome::kInvalid,
                  std::string("touched the dot with the other hand; this one was for the ") +
                      (left_hand_ ? "LEFT" : "RIGHT") + " hand",
                  f.capture_ms);
  // Movement onset of the current leg, from where the finger rested (the nose or the dot).
  const std::optional<double> onset =
      to_target_ ? leg_onset_.Add(t, p.x * cm, p.y * cm, target.x * cm, target.y * cm)
                 : leg_onset_.Add(t, p.x * cm, p.y * cm, face.x * cm, face.y * cm);
  if (!started_) {
    if (nose_touch) {
      started_ = to_target_ = true;
      leg_onset_.Reset();
    }
  } else if (to_target_) {
    if (nose_was_on && !nose_.inside) leave_ms_ = t;
    if (target_touch) {
      ++touches_;
      if (onset && target_.entered_ms >= *onset)
        to_target_s_.push_back((target_.entered_ms - *onset) / 1000);
      leg_onset_.Reset();
      touch_ms_ = f.capture_ms;
      to_target_ = false;
      dwell_t_.clear();
      dwell_x_.clear();
      dwell_y_.clear();
    }
  } else {
    if (target_.inside && target_.confirmed) {  // on the dot: where did it stop?
      dwell_t_.push_back(f.capture_ms);
      dwell_x_.push_back((p.x - target.x) * cm);
      dwell_y_.push_back((p.y - target.y) * cm);
    }
    if (target_was_on && !target_.inside) {
      AddEndpoint();
      AddTremorSegment(f.capture_ms);
      leave_ms_ = t;
      PlaceTarget();
    }
    if (nose_touch && !target_.inside) {
      if (onset && nose_.entered_ms >= *onset)
        to_nose_s_.push_back((nose_.entered_ms - *onset) / 1000);
      if (touches_ >= kTouches) return Report(TrialOutcome::kSuccess, "four touches", f.capture_ms);
      to_target_ = true;
      leg_onset_.Reset();
    }
  }
  if (t >= limit_ms_)
    Report(TrialOutcome::kFailure, "time ran out after " + std::to_string(touches_) + " touches",
           f.capture_ms);
}

void NoseToTarget::Report(TrialOutcome outcome, const std::string& note, double t_ms) {
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / double(v.size());
  };
  TrialResult r;
  r.outcome = outcome;
  r.note = note;
  r.parameters = {{"target_distance", distance_, "1"},
                  {"target_radius", radius_, "1"},
                  {"time_limit", limit_ms_ / 1000, "s"},
                  {"target_moves", moves_ ? 1.0 : 0.0, "1"},
                  {"hand", left_hand_ ? 0.0 : 1.0, "1"}};
  r.metrics = {{"touches", double(touches_), "1"}};
  if (!end_dx_cm_.empty()) {
    std::vector<double> err;
    for (size_t i = 0; i < end_dx_cm_.size(); ++i)
      err.push_back(std::hypot(end_dx_cm_[i], end_dy_cm_[i]));
    r.metrics.push_back({"endpoint_error", mean(err), "cm"});
  }
  if (end_dx_cm_.size() >= 2) {
    const Dispersion d = PointDispersion(end_dx_cm_, end_dy_cm_);
    r.metrics.push_back({"endpoint_sd", d.sd, "cm"});
    r.metrics.push_back({"endpoint_ellipse_area", d.ellipse95_area, "cm2"});
  }
  if (!to_target_s_.empty()) r.metrics.push_back({"to_target_time", mean(to_target_s_), "s"});
  if (!to_nose_s_.empty()) r.metrics.push_back({"to_nose_time", mean(to_nose_s_), "s"});
  const TremorResult tremor = AnalyseTremor(tremor_x_, tremor_y_, EstimateRateHz(stamps_ms_),
                                            TremorOptions{.min_band_power = kMinTremorPowerCm2});
  if (tremor.rate_ok && tremor.enough_data) {
    r.metrics.push_back({"intention_tremor_power", tremor.band_power, "cm2"});
    if (tremor.band_power >= kMinTremorPowerCm2)  // a share of almost nothing says nothing
      r.metrics.push_back({"intention_tremor_power_ratio", tremor.band_power_ratio, "1"});
  }
  if (tremor.found) {
    r.metrics.push_back({"intention_tremor_frequency", tremor.peak_hz, "Hz"});
    r.metrics.push_back({"intention_tremor_dispersion", tremor.dispersion_hz, "Hz"});
  }
  if (!tremor.rate_ok) r.note += "; tremor not measured: " + tremor.note;
  if (outcome != TrialOutcome::kInvalid) left_hand_ = !left_hand_;
  Finish(r, t_ms);
}

ExerciseView NoseToTarget::View() const {
  ExerciseView v = BaseView();
  if (Done()) {
    v.prompt = "Well done!";
    return v;
  }
  const std::string hand = left_hand_ ? "LEFT" : "RIGHT";
  const std::string label = left_hand_ ? "L" : "R";
  if (missing())
    v.prompt = "I cannot see your hand or face: please step back into view.";
  else if (!started_)
    v.prompt = "Touch your nose with your " + hand + " hand.";
  else
    v.prompt = to_target_ ? "Now touch the dot." : "Back to your nose.";
  Shape dot{Shape::Role::kTarget, tx_, ty_, radius_, label, 0};
  if (target_.inside && to_target_)
    dot.progress = std::min(1.0, (active_ms() - target_.since_ms) / kHoldMs);
  v.shapes.push_back(dot);
  if (nose_x_ >= 0 && !missing() && !to_target_) {
    Shape nose{Shape::Role::kGuide, nose_x_, nose_y_, nose_r_, "Nose", 0};
    if (nose_.inside) nose.progress = std::min(1.0, (active_ms() - nose_.since_ms) / kHoldMs);
    v.shapes.push_back(nose);
  }
  if (hand_x_ >= 0 && !missing())
    v.shapes.push_back({Shape::Role::kHand, hand_x_, hand_y_, 0.02, label, 0});
  v.meter = double(touches_) / kTouches;
  v.meter_label = "Touches: " + std::to_string(touches_) + " of " + std::to_string(kTouches);
  return v;
}

}  // namespace poise::core
