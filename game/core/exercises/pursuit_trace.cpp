#include "game/core/exercises/pursuit_trace.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "game/core/demo/demo_calibration.h"
#include "game/core/metrics/event_timing.h"
#include "game/core/metrics/movement_metrics.h"

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kMinTremorPowerCm2 = 0.05;  // ~2 mm RMS: below it no rhythm is claimed
constexpr double kRestMs = 300;              // hand on the waiting dot before it starts
constexpr double kStartAnywayMs = 10000;     // the dot starts even if the hand never came
constexpr double kLeaveFactor = 1.25;
constexpr double kStillFactor = 0.25;  // resting: moves less than a quarter radius        //
                                       // hysteresis: "off target" beyond 1.25 radii
constexpr double kLaps = 2;
constexpr double kSuccessPercent = 50;
constexpr double kMaxLagS = 1.5;

struct Layout {
  int shape;
  double lap_s, radius, cx, cy, half_w, half_h;
};

/// The path for one trial at `level` with the named hand, fitted to the calibration.
Layout MakeLayout(double level, bool left_hand, const Calibration& c, double cm_per_px) {
  Layout l;
  l.shape = level < 1.0 / 3 ? 0 : level < 2.0 / 3 ? 1 : 2;
  l.lap_s = Lerp(9, 5, level);
  l.radius = Lerp(0.09, 0.045, level);
  const double w = c.image_width, h = c.image_height;
  const double reach_px = ArmReachCm(c, left_hand) / cm_per_px;
  const double size_px = 0.35 * reach_px;
  l.half_w = size_px / w;
  l.half_h = (l.shape == 2 ? 0.6 : 1.0) * size_px / h;
  const double side = left_hand ? 1 : -1;  // person's left = image +x
  l.cx = std::clamp(c.neutral_shoulder_x + side * 0.6 * reach_px / w, 0.08 + l.half_w,
                    0.92 - l.half_w);
  l.cy = std::clamp(c.neutral_shoulder_y + 0.05, 0.1 + l.half_h, 0.9 - l.half_h);
  return l;
}

}  // namespace

ExerciseInfo PursuitTrace::Describe() {
  return {
      "pursuit_trace",
      "Pursuit trace",
      "coordination",
      {"standing", "seated"},
      {{"path_shape", "1", 0, 2,
        "0 a line, 1 a circle (from level 0.33), 2 a figure-eight "
        "(from level 0.67)"},
       {"lap_time", "s", 9, 5, "time for the dot to go once round its path (two laps a trial)"},
       {"target_radius", "1", 0.09, 0.045, "dot radius, fraction of the picture height"}},
      {{"tracking_error", "cm",
        "mean distance from the hand to the dot while it moved, without the landmark jitter's "
        "share (each distance d taken as sqrt(d^2 - s^2), s the hand's jitter measured from "
        "its path)"},
       {"time_on_target", "%", "share of the moving time the hand was on the dot"},
       {"lag", "s", "how far the hand trailed the dot (the delay that aligns them best)"},
       {"tremor_power", "cm2",
        "3-12 Hz power of the hand's deviation from the path "
        "(left out when the pose rate is too low)"},
       {"tremor_power_ratio", "1",
        "share of the deviation's power that lies in 3-12 Hz (when that power is above 0.05 cm2)"},
       {"tremor_frequency", "Hz", "frequency of a rhythm standing out in 3-12 Hz, if any"},
       {"tremor_dispersion", "Hz",
        "spread of the 3-12 Hz power across frequencies "
        "(irregularity)"}}};
}

std::vector<std::string> PursuitTrace::Instructions() const {
  return {"A dot appears with a letter: L for your left hand, R for your right hand.",
          "Put that hand on the dot. When the dot moves, follow it with your hand.",
          "Stay on the dot as well as you can. It goes round twice.",
          seated() ? "Stay seated with your back against the chair."
                   : "Keep your feet still. Hold a chair or counter with the other hand if you "
                     "like."};
}

PixelPoint PursuitTrace::PathPoint(int shape, double cx, double cy, double half_w, double half_h,
                                   double lap_s, double t_s) {
  const double a = 2 * std::numbers::pi * t_s / lap_s;
  switch (shape) {
    case 0:
      return {cx - half_w * std::cos(a), cy};
    case 1:
      return {cx - half_w * std::cos(a), cy - half_h * std::sin(a)};
    default:
      return {cx - half_w * std::cos(a), cy - half_h * std::sin(2 * a)};
  }
}

PixelPoint PursuitTrace::Target(double t_s) const {
  return PathPoint(shape_, cx_, cy_, half_w_, half_h_, lap_s_, std::max(0.0, t_s));
}

BodySpec PursuitTrace::Demo(double t_s) const {
  // Both hands at once, each on its own side's path, so that whichever hand a trial names is
  // on its dot when these poses are replayed into the game (at a phase the demo cannot know):
  // reach out (0.8 s), then over and over rest on the start point for 0.6 s and go round twice.
  // A dot that appeared meanwhile starts during the rest, so hand and dot go round together.
  const Calibration& c = calibration().cm_per_px > 0 ? calibration() : demo_calibration_;
  BodySpec s;
  s.seated = seated();
  const Pose body = MakePose(s);
  const double finger_below = 0.03 * s.height;  // index finger below the wrist
  for (const bool left : {true, false}) {
    const Layout l = MakeLayout(level(), left, c, CmPerPxOrTypical(c));
    const double k = std::min(1.0, t_s / 0.8);
    const double u = std::fmod(std::max(0.0, t_s - 0.8), 0.6 + kLaps * l.lap_s);
    const PixelPoint p =
        PathPoint(l.shape, l.cx, l.cy, l.half_w, l.half_h, l.lap_s, std::max(0.0, u - 0.6));
    const auto& wrist = body.landmarks[left ? kLeftWrist : kRightWrist];
    (left ? s.left_wrist_x : s.right_wrist_x) = wrist.x + k * (p.x - wrist.x);
    (left ? s.left_wrist_y : s.right_wrist_y) = wrist.y + k * (p.y - finger_below - wrist.y);
  }
  return s;
}

void PursuitTrace::BeginTrial(double /*t_ms*/) {
  if (trial() == 0) {
    left_hand_ = config().dominant_side != "left";  // non-dominant hand first
    if (calibration().cm_per_px <= 0) demo_calibration_ = DemoCalibration(seated());
  }
  const Layout l = MakeLayout(level(), left_hand_, calibration(), CmPerPx());
  shape_ = l.shape;
  lap_s_ = l.lap_s;
  radius_ = l.radius;
  cx_ = l.cx;
  cy_ = l.cy;
  half_w_ = l.half_w;
  half_h_ = l.half_h;
  move_start_active_ms_ = -1;
  rest_since_ms_ = -1;
  on_target_ = other_on_ = false;
  on_ms_ = other_on_ms_ = moving_ms_ = 0;
  dist_cm_.clear();
  dist_ms_.clear();
  samples_.clear();
  sample_t_ms_.clear();
}

bool PursuitTrace::CanSee(const PoseFrame& f) const {
  return LandmarksVisible(
      *f.pose, {left_hand_ ? kLeftWrist : kRightWrist, left_hand_ ? kLeftShoulder : kRightShoulder},
      kVisible);
}

void PursuitTrace::Step(const PoseFrame& f, double dt_ms) {
  const auto& lm = f.pose->landmarks;
  auto finger = [&](bool left) {
    const int index = left ? kLeftIndex : kRightIndex, wrist = left ? kLeftWrist : kRightWrist;
    return lm[index].visibility >= kVisible ? ToPixels(f, index) : ToPixels(f, wrist);
  };
  const double w = f.image_width, h = f.image_height;
  const PixelPoint hand = finger(left_hand_);
  hand_x_ = hand.x / w;
  hand_y_ = hand.y / h;
  const double r_px = radius_ * h;
  if (move_start_active_ms_ < 0) {  // waiting at the start point
    const PixelPoint t0 = Target(0);
    // The hand must rest on the dot: within a quarter radius for 300 ms (sweeping past does
    // not start it).
    if (PixelDistance(hand, {t0.x * w, t0.y * h}) <= r_px) {
      const bool moved = PixelDistance(hand, rest_anchor_) > kStillFactor * r_px;
      if (rest_since_ms_ < 0 || moved) {
        rest_since_ms_ = f.capture_ms;
        rest_anchor_ = hand;
      }
    } else {
      rest_since_ms_ = -1;
    }
    if ((rest_since_ms_ >= 0 && f.capture_ms - rest_since_ms_ >= kRestMs) ||
        active_ms() >= kStartAnywayMs)
      move_start_active_ms_ = active_ms();
    return;
  }
  const double t_s = (active_ms() - move_start_active_ms_) / 1000;
  const PixelPoint target = Target(t_s);
  const PixelPoint target_px{target.x * w, target.y * h};
  const double d_px = PixelDistance(hand, target_px);
  on_target_ = on_target_ ? d_px <= kLeaveFactor * r_px : d_px <= r_px;
  const double d_other = PixelDistance(finger(!left_hand_), target_px);
  other_on_ = other_on_ ? d_other <= kLeaveFactor * r_px : d_other <= r_px;
  moving_ms_ += dt_ms;
  on_ms_ += on_target_ ? dt_ms : 0;
  other_on_ms_ += other_on_ ? dt_ms : 0;
  dist_cm_.push_back(d_px * CmPerPx());
  dist_ms_.push_back(dt_ms);
  if (samples_.empty() || t_s > samples_.back().t_s) {
    samples_.push_back({t_s, hand.x * CmPerPx(), hand.y * CmPerPx()});
    sample_t_ms_.push_back(f.capture_ms);
  }
  if (t_s >= kLaps * lap_s_) Report(f.capture_ms);
}

void PursuitTrace::Report(double t_ms) {
  const Calibration& c = calibration();
  const double cm_x = c.image_width * CmPerPx(), cm_y = c.image_height * CmPerPx();
  auto target_cm = [&](double t_s) {
    const PixelPoint p = Target(t_s);
    return PixelPoint{p.x * cm_x, p.y * cm_y};
  };
  // Lag: the delay of the dot's path that best matches the hand (least mean squared distance).
  double best_lag = 0, best_err = -1;
  for (double lag = 0; lag <= kMaxLagS + 1e-9; lag += 1.0 / 60) {
    double sum = 0;
    int n = 0;
    for (const Sample& s : samples_) {
      if (s.t_s < lag) continue;
      const PixelPoint p = target_cm(s.t_s - lag);
      sum += std::pow(s.hx_cm - p.x, 2) + std::pow(s.hy_cm - p.y, 2);
      ++n;
    }
    if (n > 0 && (best_err < 0 || sum / n < best_err)) {
      best_err = sum / n;
      best_lag = lag;
    }
  }
  // Tremor from the deviation from the lag-corrected path, on the active-time grid.
  std::vector<double> active_t_ms, dx, dy;
  for (const Sample& s : samples_) {
    const PixelPoint p = target_cm(s.t_s - best_lag);
    active_t_ms.push_back(s.t_s * 1000);
    dx.push_back(s.hx_cm - p.x);
    dy.push_back(s.hy_cm - p.y);
  }
  const double rate = EstimateRateHz(sample_t_ms_);
  const TremorResult tremor =
      AnalyseTremor(ResampleUniform(active_t_ms, dx, rate), ResampleUniform(active_t_ms, dy, rate),
                    rate, TremorOptions{.min_band_power = kMinTremorPowerCm2});
  double lap_cm = 0;
  for (int i = 1; i <= 400; ++i) {
    const PixelPoint a = target_cm(lap_s_ * (i - 1) / 400), b = target_cm(lap_s_ * i / 400);
    lap_cm += std::hypot(b.x - a.x, b.y - a.y);
  }
  TrialResult r;
  r.parameters = {{"path_shape", double(shape_), "1"},
                  {"lap_time", lap_s_, "s"},
                  {"target_radius", radius_, "1"},
                  {"target_speed", lap_cm / lap_s_, "cm/s"},
                  {"hand", left_hand_ ? 0.0 : 1.0, "1"}};
  const double on_pct = moving_ms_ > 0 ? 100 * on_ms_ / moving_ms_ : 0;
  // Tracking error without the jitter's share: a distance d measured with white jitter of s
  // per axis reads d + s^2 / (2 d) on average (the sideways jitter only lengthens it; about
  // +0.2 cm at 5 cm and a webcam's 1.2 cm hand jitter), while sqrt(d^2 - s^2) is unbiased to
  // that order. s: the hand's jitter from the second differences of its path (white noise of SD
  // s gives s * sqrt(6); a pursuit's smooth path adds next to nothing), robust to a few jumps.
  std::vector<double> second;
  for (size_t i = 2; i < samples_.size(); ++i) {
    second.push_back(samples_[i].hx_cm - 2 * samples_[i - 1].hx_cm + samples_[i - 2].hx_cm);
    second.push_back(samples_[i].hy_cm - 2 * samples_[i - 1].hy_cm + samples_[i - 2].hy_cm);
  }
  const double jitter = second.size() >= 8 ? Robust(second).sd / std::sqrt(6.0) : 0;
  double error_sum = 0;
  for (size_t i = 0; i < dist_cm_.size(); ++i)
    error_sum +=
        std::sqrt(std::max(0.0, dist_cm_[i] * dist_cm_[i] - jitter * jitter)) * dist_ms_[i];
  r.metrics = {{"tracking_error", moving_ms_ > 0 ? error_sum / moving_ms_ : 0, "cm"},
               {"time_on_target", on_pct, "%"},
               {"lag", best_lag, "s"}};
  if (tremor.enough_data && tremor.rate_ok) {
    r.metrics.push_back({"tremor_power", tremor.band_power, "cm2"});
    if (tremor.band_power >= kMinTremorPowerCm2)  // a share of almost nothing says nothing
      r.metrics.push_back({"tremor_power_ratio", tremor.band_power_ratio, "1"});
  }
  if (tremor.found) {
    r.metrics.push_back({"tremor_frequency", tremor.peak_hz, "Hz"});
    r.metrics.push_back({"tremor_dispersion", tremor.dispersion_hz, "Hz"});
  }
  const bool other_hand = other_on_ms_ > on_ms_ && other_on_ms_ > 0.3 * moving_ms_;
  if (other_hand) {
    r.outcome = TrialOutcome::kInvalid;
    r.note = std::string("followed the dot with the other hand; this one was for the ") +
             (left_hand_ ? "LEFT" : "RIGHT") + " hand";
  } else {
    r.outcome = on_pct >= kSuccessPercent ? TrialOutcome::kSuccess : TrialOutcome::kFailure;
    r.note = on_pct >= kSuccessPercent ? "stayed with the dot" : "lost the dot too often";
  }
  if (!tremor.rate_ok) r.note += "; tremor not measured: " + tremor.note;
  if (!other_hand) left_hand_ = !left_hand_;
  Finish(r, t_ms);
}

ExerciseView PursuitTrace::View() const {
  ExerciseView v = BaseView();
  if (Done()) {
    v.prompt = "Well done!";
    return v;
  }
  const std::string hand = left_hand_ ? "LEFT" : "RIGHT";
  const bool waiting = move_start_active_ms_ < 0;
  if (missing())
    v.prompt = "I cannot see your hand: please step back into view.";
  else if (waiting)
    v.prompt = "Put your " + hand + " hand on the dot.";
  else
    v.prompt = "Follow the dot with your " + hand + " hand.";
  const double t_s = waiting ? 0 : (active_ms() - move_start_active_ms_) / 1000;
  const PixelPoint p = Target(t_s);
  Shape dot{Shape::Role::kTarget, p.x, p.y, radius_, left_hand_ ? "L" : "R", 0};
  if (waiting && rest_since_ms_ >= 0)
    dot.progress = std::min(1.0, (now_ms() - rest_since_ms_) / kRestMs);
  if (!waiting) dot.progress = on_target_ ? 1 : 0;
  // The path ahead, as small guide dots, spaced apart and kept off the dot and its label.
  const double aspect = double(calibration().image_width) / calibration().image_height;
  PixelPoint last = p;
  for (int i = 1; i <= 24; ++i) {
    const PixelPoint g = Target(t_s + lap_s_ * i / 24.0);
    const double from_dot = std::hypot((g.x - p.x) * aspect, g.y - p.y);
    const double from_last = std::hypot((g.x - last.x) * aspect, g.y - last.y);
    if (from_dot < 1.3 * radius_ || from_last < 0.04) continue;
    v.shapes.push_back({Shape::Role::kGuide, g.x, g.y, 0.012, "", 0});
    last = g;
  }
  v.shapes.push_back(dot);
  if (hand_x_ >= 0 && !missing())
    v.shapes.push_back({Shape::Role::kHand, hand_x_, hand_y_, 0.02, left_hand_ ? "L" : "R", 0});
  if (!waiting) {
    v.meter = std::clamp(t_s / (kLaps * lap_s_), 0.0, 1.0);
    v.meter_label = "Round " + std::to_string(std::min(int(kLaps), int(t_s / lap_s_) + 1)) +
                    " of " + std::to_string(int(kLaps));
  }
  return v;
}

}  // namespace poise::core
