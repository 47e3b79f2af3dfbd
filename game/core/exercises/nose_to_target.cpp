#include "game/core/exercises/nose_to_target.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
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
// starts back for the nose (at most kTremorSegmentMs): the end of the approach and the rest on
// the dot.
constexpr double kBeforeTouchMs = 500;
constexpr double kTremorSegmentMs = 1500;
// The tremor high-pass: the position minus its quartic Savitzky-Golay smooth (applied twice)
// over 0.6 s either side 0.3 s: 19 frames at 30 fps, 13 at 20 fps, the same in Hz at any rate.
// Power kept: 2 % at 2 Hz, 47 % at 3 Hz, about all from 4 Hz; a minimum-jerk reach (a quintic)
// leaves almost nothing. (It was a quadratic pass over 11 frames whatever the rate: it kept
// only 9 % at 3 Hz, amplified white jitter 1.6-fold near 6 Hz at 30 fps, and at 20 fps passed
// the approach's end; both read as a rhythm now and then.)
constexpr double kSmoothHalfS = 0.3;
constexpr int kSmoothOrder = 4;
// Where the finger stopped on the dot: each stop at least this many frames of its rest (fewer,
// or a stop hidden from the camera, make the trial unmeasurable), and the trial's endpoint
// figures known to kMaxEndpointSeCm (0.5 cm: their tolerance, 1 cm, is two standard errors).
// The figures average the stops, so it is the trial's precision that matters, not each stop's:
// with s_i the standard error of stop i (rest jitter, or the stop's own scatter when larger,
// / sqrt(frames)), endpoint_error (the mean
// of n distances) has sqrt(sum s_i^2) / n, and endpoint_sd (sqrt of the summed variances of n
// points) moves by sum (p_i - c).e_i / (sd (n - 1)), whose SD is at most max s_i / sqrt(n - 1)
// (Cauchy-Schwarz). (Each stop had to be within 0.5 cm itself: at 15 fps a 0.6 s stop is seen
// in about 8 frames of a finger's 1.2 cm jitter, 0.42 cm, and one stop with a flicker run in it,
// 5-6 frames, 0.5-0.55 cm, voided a trial whose figures were known to 0.3 cm; about 1 draw in 30
// lost both of its trials so.)
constexpr int kMinRestFrames = 3;
constexpr double kMaxEndpointSeCm = 0.5;
// Rest samples further than 3 jitter SDs (at least this) from the rest's centre are the
// approach's end or the departure's start, not the rest.
constexpr double kMinKeepCm = 1.0;

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
       {"endpoint_error", "cm",
        "mean distance of where the finger rested from the dot's centre: per touch, the mean of "
        "the frames that see the finger itself between the touch and the return's movement "
        "onset, within 3 jitter SDs (at least 1 cm) of their centre (the approach's end "
        "trimmed); a stop seen in under 3 frames, or stops seen too briefly to place the "
        "endpoint error and spread within 1 cm (2 standard errors from each stop's frames and "
        "the rest jitter, or the stop's own scatter when larger), make the trial unmeasurable"},
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
        "3-12 Hz power from 0.5 s before each touch of the dot until the finger starts back, "
        "after a high-pass (the position minus its 0.6 s quartic smooth, applied twice) "
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
  endpoint_pending_ = false;
  rest_ss_ = rest_dof_ = 0;
  end_dx_cm_.clear();
  end_dy_cm_.clear();
  end_frames_.clear();
  end_touch_.clear();
  end_sd_cm_.clear();
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
  // The stop seen on the dot before a gap is kept: it is where the finger stopped (what
  // moved away during the gap is trimmed as the departure is).
}

void NoseToTarget::AddTremorSegment(double end_ms) {
  // High-passed (minus its Savitzky-Golay smooth, which keeps below ~3 Hz) so the movement
  // itself is not mistaken for tremor; segments are appended back to back.
  if (touch_ms_ < 0) return;
  const double from_ms = std::max(touch_ms_ - kBeforeTouchMs, end_ms - kTremorSegmentMs);
  std::vector<double> ts, xs, ys;
  for (const auto& s : recent_)
    if (s[0] >= from_ms && s[0] <= end_ms) {
      ts.push_back(s[0]);
      xs.push_back(s[1]);
      ys.push_back(s[2]);
    }
  const double rate = EstimateRateHz(stamps_ms_);
  const std::vector<double> rx = ResampleUniform(ts, xs, rate), ry = ResampleUniform(ts, ys, rate);
  const int window = std::max(kSmoothOrder + 3, 2 * int(std::lround(kSmoothHalfS * rate)) + 1);
  if (int(rx.size()) < window) return;
  // Smoothed twice: one Savitzky-Golay pass's response H dips below zero, so x - smooth(x)
  // amplifies white jitter there (1.5-1.6-fold in power) and jitter alone read as a rhythm now
  // and then. Twice, the response is H^2 >= 0: the residue never exceeds the input at any
  // frequency, and polynomial movement is still removed exactly.
  auto smooth = [&](const std::vector<double>& v) {
    return SavitzkyGolay(SavitzkyGolay(v, window, kSmoothOrder, 0, 1 / rate), window, kSmoothOrder,
                         0, 1 / rate);
  };
  const std::vector<double> sx = smooth(rx), sy = smooth(ry);
  for (size_t i = 0; i < rx.size(); ++i) {
    tremor_x_.push_back(rx[i] - sx[i]);
    tremor_y_.push_back(ry[i] - sy[i]);
  }
}

void NoseToTarget::AddEndpoint(std::optional<double> depart_ms, bool required) {
  // Where the finger stopped: the rest samples between the touch and the return's movement
  // onset (the finger leaving its place on the dot). The approach's last centimetres, seen
  // after the touch, are trimmed away around the rest's median, then the kept samples are
  // averaged (jitter is white: the mean is the best estimate; a tremor's swing is centred).
  std::vector<double> xs, ys;
  for (size_t i = 0; i < dwell_t_.size(); ++i)
    if (!depart_ms || dwell_t_[i] < *depart_ms) {
      xs.push_back(dwell_x_[i]);
      ys.push_back(dwell_y_[i]);
    }
  endpoint_pending_ = false;
  const int touch = touches_;
  char buf[200];
  if (xs.size() < size_t(kMinRestFrames)) {
    std::snprintf(buf, sizeof buf,
                  "the finger's stop on the dot at touch %d was hidden from the camera, so where "
                  "it stopped is not known",
                  touch);
    if (required) Unmeasurable(buf);
    return;
  }
  // Start from the median and its robust spread, then twice: keep the samples within 3 SDs
  // (at least kMinKeepCm) of the centre, average them, and take the spread (per axis) from the
  // kept ones.
  double cx = Robust(xs).median, cy = Robust(ys).median;
  std::vector<double> dev;
  for (size_t i = 0; i < xs.size(); ++i) {
    dev.push_back(xs[i] - cx);
    dev.push_back(ys[i] - cy);
  }
  double sd = Robust(dev).sd, ss = 0;
  size_t kept = 0;
  for (int round = 0; round < 2; ++round) {
    const double keep_cm = std::max(kMinKeepCm, 3 * sd);
    for (int iteration = 0; iteration < 3; ++iteration) {
      double sx = 0, sy = 0;
      size_t n = 0;
      for (size_t i = 0; i < xs.size(); ++i)
        if (std::hypot(xs[i] - cx, ys[i] - cy) <= keep_cm) {
          sx += xs[i];
          sy += ys[i];
          ++n;
        }
      if (n == 0) break;
      kept = n;
      cx = sx / double(n);
      cy = sy / double(n);
    }
    ss = 0;
    for (size_t i = 0; i < xs.size(); ++i)
      if (std::hypot(xs[i] - cx, ys[i] - cy) <= keep_cm)
        ss += (xs[i] - cx) * (xs[i] - cx) + (ys[i] - cy) * (ys[i] - cy);
    if (kept >= 2) sd = std::sqrt(ss / (2.0 * double(kept - 1)));
  }
  // The finger's jitter at rest (per axis), pooled over this trial's stops on the dot.
  if (kept >= 2) {
    rest_ss_ += ss;
    rest_dof_ += 2.0 * double(kept - 1);
  }
  const double jitter = rest_dof_ > 0 ? std::sqrt(rest_ss_ / rest_dof_) : 0;
  if (kept < size_t(kMinRestFrames) ||
      (!required && jitter / std::sqrt(double(kept)) > kMaxEndpointSeCm)) {
    std::snprintf(buf, sizeof buf,
                  "the finger's stop on the dot at touch %d was seen in only %zu frames, too "
                  "few to place it",
                  touch, kept);
    if (required) Unmeasurable(buf);
    return;
  }
  end_dx_cm_.push_back(cx);
  end_dy_cm_.push_back(cy);
  end_frames_.push_back(int(kept));
  end_touch_.push_back(touch);
  end_sd_cm_.push_back(kept >= 2 ? sd : 0);
}

void NoseToTarget::CheckEndpointPrecision() {
  const size_t n = end_frames_.size();
  if (n == 0 || rest_dof_ <= 0) return;
  const double jitter = std::sqrt(rest_ss_ / rest_dof_);
  double sum_s2 = 0, max_s = 0;
  size_t worst = 0;
  for (size_t i = 0; i < n; ++i) {
    // A stop whose frames scatter more than the jitter moved while it was seen (a hidden rest,
    // then the departure's first frames: 4 frames 4.4 cm apart read 8 cm off the dot): its
    // own scatter is its uncertainty.
    const double s = std::max(jitter, end_sd_cm_[i]) / std::sqrt(double(end_frames_[i]));
    sum_s2 += s * s;
    if (s > max_s) {
      max_s = s;
      worst = i;
    }
  }
  const double se_error = std::sqrt(sum_s2) / double(n);
  const double se_spread = n >= 2 ? max_s / std::sqrt(double(n - 1)) : 0;
  if (std::max(se_error, se_spread) <= kMaxEndpointSeCm) return;
  char buf[220];
  std::snprintf(buf, sizeof buf,
                "the finger's stops on the dot were seen too little to place them within %.0f cm "
                "(%.1f cm jitter; touch %d in only %d frames)",
                2 * kMaxEndpointSeCm, jitter, end_touch_[worst], end_frames_[worst]);
  Unmeasurable(buf);
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
  const int finger_index = left_hand_ ? kLeftIndex : kRightIndex;
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
      endpoint_pending_ = true;
    }
  } else {
    // On the dot: where did it stop? Only frames that see the finger itself (the wrist, used
    // when it is hidden, is a hand's length away).
    if (target_.inside && target_.confirmed && lm[finger_index].visibility >= kVisible) {
      dwell_t_.push_back(t);
      dwell_x_.push_back((p.x - target.x) * cm);
      dwell_y_.push_back((p.y - target.y) * cm);
    }
    if (target_was_on && !target_.inside && endpoint_pending_) {
      AddEndpoint(leg_onset_.onset_ms(), true);
      // Up to the return's onset: the movement away from the dot is not intention tremor (and
      // its fast start, cut at the segment's end, passed the high-pass as a false rhythm).
      const std::optional<double> depart = leg_onset_.onset_ms();
      AddTremorSegment(depart ? f.capture_ms - (t - *depart) : f.capture_ms);
      leave_ms_ = t;
      PlaceTarget();
    }
    if (nose_touch && !target_.inside) {
      if (endpoint_pending_) {  // it left the dot while hidden (a gap): what was seen of the stop
        AddEndpoint(leg_onset_.onset_ms(), true);
        PlaceTarget();
      }
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
  // Time ran out while resting on the dot: that stop counts if it was seen well enough.
  if (endpoint_pending_) AddEndpoint(std::nullopt, false);
  CheckEndpointPrecision();
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
