#include "game/core/exercises/stepping_targets.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kHomeHoldMs = 500;  // both feet still this long before a sequence
constexpr double kDwellMs = 200;     // a landing: inside and still this long
constexpr double kStillCm = 3;
constexpr double kStandCm = 3;  // a landed foot still standing there (picture cm)       // "still":
                                // within this of where it entered (picture cm)

struct Direction {
  const char* name;
  int foot;       // 0 = left, 1 = right
  double dx, dy;  // image x (person's left = +x), image y (towards the camera = +y)
};
constexpr std::array<Direction, 4> kDirections = {{{"to the LEFT", 0, 1, 0},
                                                   {"FORWARD", 1, 0, 1},
                                                   {"to the RIGHT", 1, -1, 0},
                                                   {"BACK", 0, 0, -1}}};

double Smooth01(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

double Mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / double(std::max<size_t>(1, v.size()));
}

}  // namespace

ExerciseInfo SteppingTargets::Describe() {
  return {"stepping_targets",
          "Step to the targets",
          "balance",
          {"standing"},
          {{"target_distance", "1", 0.25, 0.5, "step length, fraction of the leg length"},
           {"target_distance_cm", "cm", 20, 40, "the same in cm (for an 80 cm leg)"},
           {"target_radius", "cm", 15, 8, "how close to the target's centre the foot must land"},
           {"time_limit", "s", 6, 2.5, "time allowed for each step and each return"},
           {"sequence_length", "1", 2, 4, "steps in one trial"}},
          {{"step_time", "s",
            "mean, from the target appearing to the foot landing in it: a landing is the foot "
            "inside and still (the mean of its last three frames within 3 cm) for 0.2 s, timed "
            "where it came to rest (its remaining distance along the way it came fell into a "
            "1.5 cm band, extrapolated to zero), interpolated between frames"},
           {"return_time", "s",
            "mean, from a landing in the target to the foot landing home (timed the same way)"},
           {"accuracy", "cm",
            "mean distance of where the foot (ankle) landed, averaged from its arrival for as "
            "long as it stands there, from the target's centre; forward/back distances are "
            "estimated from "
            "the foot's height "
            "in the picture"},
           {"wrong_foot", "1", "landings of the other foot in a target"},
           {"missed", "1", "steps or returns not made in the time allowed"},
           {"sequence_time", "s",
            "from the first target to the last return (Four Square Step Test: MS mean 11 s; "
            "fallers 12.5 s vs 9 s)"}}};
}

std::vector<std::string> SteppingTargets::Instructions() const {
  return {"Have a chair or counter within reach and a clear floor around you.",
          "Stand still with your feet in the middle. A circle appears on the floor.",
          "Step into it with the foot shown (L = left, R = right), then step back to the middle.",
          "Take your time: a steady step counts more than a fast one."};
}

BodySpec SteppingTargets::Demo(double t_s) const {
  // 3 s per target, in the exercise's order: still, step out (0.5-1.0 s), hold, step back
  // (1.8-2.3 s), still. About 26 cm (a third of an 80 cm leg) on the floor.
  BodySpec s;
  const Direction& d = kDirections[int(std::fmod(t_s, 12.0) / 3.0) % 4];
  const double p = std::fmod(t_s, 3.0);
  const double out = Smooth01((p - 0.5) / 0.5) * (1 - Smooth01((p - 1.8) / 0.5));
  const double swing = (p > 0.5 && p < 1.0) || (p > 1.8 && p < 2.3)
                           ? std::sin(std::fmod(p - 0.5, 1.3) / 0.5 * std::numbers::pi)
                           : 0.0;
  const double side_h = 0.1186, depth_h = 0.0415;  // 26 cm in image heights, at 0.457 cm/px
  (d.foot == 0 ? s.left_foot_dx : s.right_foot_dx) = d.dx * side_h * out;
  (d.foot == 0 ? s.left_foot_dy : s.right_foot_dy) = d.dy * depth_h * out;
  (d.foot == 0 ? s.lift_left_foot : s.lift_right_foot) = 0.04 * std::max(0.0, swing);
  s.lean_x = -0.015 * d.dx * out;  // the weight stays over the other foot
  return s;
}

int SteppingTargets::FootOf() const { return kDirections[order_].foot; }

double SteppingTargets::FloorCm(PixelPoint a, PixelPoint b) const {
  const double cm = CmPerPx();
  return std::hypot((a.x - b.x) * cm, (a.y - b.y) * cm / kDepthScale);
}

PixelPoint SteppingTargets::TargetPx() const {
  const Direction& d = kDirections[order_];
  const double px = distance_cm_ / CmPerPx();
  const PixelPoint h = home_[d.foot];
  return {h.x + d.dx * px, h.y + d.dy * px * kDepthScale};
}

void SteppingTargets::ApplyLevel() {
  distance_frac_ = Lerp(0.25, 0.5, level());
  radius_cm_ = Lerp(15, 8, level());
  limit_ms_ = Lerp(6000, 2500, level());
  length_ = int(std::lround(Lerp(2, 4, level())));
}

void SteppingTargets::SetLevel(double level) {
  TrialExercise::SetLevel(level);
  if (phase_ == Phase::kHome) ApplyLevel();
}

void SteppingTargets::BeginTrial(double /*t_ms*/) {
  if (trial() == 0) next_order_ = 0;
  phase_ = Phase::kHome;
  ApplyLevel();
  index_ = 0;
  first_shown_active_ms_ = -1;
  step_s_.clear();
  return_s_.clear();
  accuracy_cm_.clear();
  stand_ = Stand{};
  wrong_ = missed_ = 0;
  Interrupt();
}

void SteppingTargets::Interrupt() {
  home_since_ms_ = -1;
  named_ = other_ = Landing{};
  track_.clear();  // no approach is timed across a long gap
}

bool SteppingTargets::CanSee(const PoseFrame& f) const {
  return LandmarksVisible(*f.pose, {kLeftAnkle, kRightAnkle, kLeftHip, kRightHip}, kVisible);
}

bool SteppingTargets::Feed(Landing& l, PixelPoint foot, PixelPoint centre, double t_ms) {
  if (FloorCm(foot, centre) > radius_cm_) {
    l = Landing{};
    return false;
  }
  // Still: the last three frames' mean within kStillCm of the mean since the stillness began
  // (one jittery frame against one jittery anchor restarted it again and again).
  l.recent.push_back(foot);
  if (l.recent.size() > 3) l.recent.pop_front();
  PixelPoint now{};
  for (const PixelPoint& p : l.recent) {
    now.x += p.x / double(l.recent.size());
    now.y += p.y / double(l.recent.size());
  }
  if (l.since_ms < 0 || (l.n > 0 && PixelDistance(now, l.Mean()) * CmPerPx() > kStillCm)) {
    l.since_ms = t_ms;
    l.since_active_ms = active_ms();
    l.sum = {};
    l.n = 0;
    l.recent.assign(1, foot);
  }
  l.sum.x += foot.x;
  l.sum.y += foot.y;
  ++l.n;
  return t_ms - l.since_ms >= kDwellMs;
}

void SteppingTargets::ShowTarget() {
  order_ = next_order_;
  next_order_ = (next_order_ + 1) % int(kDirections.size());
  phase_ = Phase::kOut;
  shown_active_ms_ = active_ms();
  if (first_shown_active_ms_ < 0) first_shown_active_ms_ = shown_active_ms_;
  named_ = other_ = Landing{};
  wrong_this_target_ = landed_out_ = false;
  track_.clear();
}

double SteppingTargets::ArrivalMs(const Landing& l) const {
  // The foot's approach, as its remaining distance to where it came to rest along the way it
  // came (zero-mean jitter at rest), timed where it reached rest (ReachedRestMs: from where it
  // fell through the threshold, forward to a band above the jitter, extrapolated), between
  // frames. Not found (too short a track): when the stillness began.
  if (track_.size() < 4) return l.since_active_ms;
  const PixelPoint end = l.Mean(), start = track_.front().second;
  double ux = end.x - start.x, uy = end.y - start.y;
  const double norm = std::hypot(ux, uy), cm = CmPerPx();
  if (norm * cm < 4) return l.since_active_ms;
  ux /= norm;
  uy /= norm;
  std::deque<TimedValue> u;
  for (const auto& [t, p] : track_)
    u.push_back({t, ((end.x - p.x) * ux + (end.y - p.y) * uy) * cm});
  constexpr double kBandCm = 1.5;  // above the smoothed jitter of an ankle (1.2 cm SD)
  const double thr = std::min(5.0, norm * cm / 2);
  return ReachedRestMs(u, std::min(kBandCm, thr / 2), thr).value_or(l.since_active_ms);
}

void SteppingTargets::Step(const PoseFrame& f, double /*dt_ms*/) {
  const double t = f.capture_ms;
  foot_ = {ToPixels(f, kLeftAnkle), ToPixels(f, kRightAnkle)};
  if (phase_ == Phase::kHome) return StepHome(f);
  const int foot = FootOf();
  const bool over_time = active_ms() - shown_active_ms_ >= limit_ms_;
  track_.push_back({active_ms(), foot_[foot]});
  if (phase_ == Phase::kOut) {
    if (Feed(named_, foot_[foot], TargetPx(), t)) {
      const double arrived = ArrivalMs(named_);
      step_s_.push_back((arrived - shown_active_ms_) / 1000);
      // Where it landed: the mean from its arrival on (the approach's last centimetres left out).
      PixelPoint sum{};
      int n = 0;
      for (const auto& [ta, p] : track_)
        if (ta >= arrived) {
          sum.x += p.x;
          sum.y += p.y;
          ++n;
        }
      // Kept open while the foot stays there (more frames, less jitter); see Stand().
      stand_ = n >= 2 ? Stand{sum, n, TargetPx(), true}
                      : Stand{{named_.Mean().x, named_.Mean().y}, 1, TargetPx(), true};
      landed_out_ = true;
    } else if (Feed(other_, foot_[1 - foot], TargetPx(), t) && !wrong_this_target_) {
      ++wrong_;
      wrong_this_target_ = true;
    }
    if (landed_out_ || over_time) {
      missed_ += !landed_out_;
      phase_ = Phase::kBack;
      shown_active_ms_ = active_ms();
      named_ = other_ = Landing{};
      track_.clear();
    }
    return;
  }
  // Back to the middle. While the foot still stands where it landed, it adds to the landing.
  if (stand_.open) {
    const PixelPoint at{stand_.sum.x / stand_.n, stand_.sum.y / stand_.n};
    if (PixelDistance(foot_[foot], at) * CmPerPx() <= kStandCm) {
      stand_.sum.x += foot_[foot].x;
      stand_.sum.y += foot_[foot].y;
      ++stand_.n;
    } else {
      CloseStand();
    }
  }
  const bool home = Feed(named_, foot_[foot], home_[foot], t);
  if (home && landed_out_) return_s_.push_back((ArrivalMs(named_) - shown_active_ms_) / 1000);
  if (!home && !over_time) return;
  CloseStand();
  missed_ += !home;
  if (++index_ >= length_) return Report(t);
  ShowTarget();
}

void SteppingTargets::CloseStand() {
  if (!stand_.open) return;
  stand_.open = false;
  accuracy_cm_.push_back(
      FloorCm({stand_.sum.x / stand_.n, stand_.sum.y / stand_.n}, stand_.target));
}

void SteppingTargets::StepHome(const PoseFrame& f) {
  const double t = f.capture_ms, cm = CmPerPx();
  if (home_since_ms_ < 0 || PixelDistance(foot_[0], home_anchor_[0]) * cm > kStillCm ||
      PixelDistance(foot_[1], home_anchor_[1]) * cm > kStillCm) {
    home_since_ms_ = t;
    home_anchor_ = foot_;
    return;
  }
  if (t - home_since_ms_ < kHomeHoldMs) return;
  home_ = foot_;
  const PixelPoint hip = PixelMidpoint(f, kLeftHip, kRightHip);
  leg_cm_ = ((foot_[0].y + foot_[1].y) / 2 - hip.y) * cm;
  distance_cm_ = distance_frac_ * leg_cm_;
  ShowTarget();
}

void SteppingTargets::Report(double t_ms) {
  TrialResult r;
  r.parameters = {{"target_distance", distance_frac_, "1"},
                  {"target_distance_cm", distance_cm_, "cm"},
                  {"target_radius", radius_cm_, "cm"},
                  {"time_limit", limit_ms_ / 1000, "s"},
                  {"sequence_length", double(length_), "1"}};
  const bool ok = missed_ == 0 && wrong_ == 0;
  r.outcome = ok ? TrialOutcome::kSuccess : TrialOutcome::kFailure;
  r.note = ok            ? "every step landed"
           : missed_ > 0 ? "missed " + std::to_string(missed_)
                         : "wrong foot " + std::to_string(wrong_);
  if (!step_s_.empty()) {
    r.metrics.push_back({"step_time", Mean(step_s_), "s"});
    r.metrics.push_back({"accuracy", Mean(accuracy_cm_), "cm"});
  }
  if (!return_s_.empty()) r.metrics.push_back({"return_time", Mean(return_s_), "s"});
  r.metrics.push_back({"wrong_foot", double(wrong_), "1"});
  r.metrics.push_back({"missed", double(missed_), "1"});
  r.metrics.push_back({"sequence_time", (active_ms() - first_shown_active_ms_) / 1000, "s"});
  Finish(r, t_ms);
}

ExerciseView SteppingTargets::View() const {
  ExerciseView v = BaseView();
  if (Done()) {
    v.prompt = "Well done!";
    return v;
  }
  const Calibration& c = calibration();
  const double w = std::max(1, c.image_width), h = std::max(1, c.image_height);
  const double r = radius_cm_ / CmPerPx() / h;
  if (missing()) {
    v.prompt = "I cannot see your feet: please step back until your feet are in the picture.";
    return v;
  }
  if (phase_ == Phase::kHome) {
    v.prompt = "Stand still with your feet in the middle.";
    const double held = home_since_ms_ >= 0 ? (now_ms() - home_since_ms_) / kHomeHoldMs : 0;
    v.shapes.push_back({Shape::Role::kGuide, (foot_[0].x + foot_[1].x) / 2 / w,
                        (foot_[0].y + foot_[1].y) / 2 / h, 0.08, "middle",
                        std::clamp(held, 0.0, 1.0)});
    return v;
  }
  const int foot = FootOf();
  const std::string name = foot == 0 ? "LEFT" : "RIGHT", letter = foot == 0 ? "L" : "R";
  const auto progress = [&](const Landing& l) {
    return l.since_ms < 0 ? 0.0 : std::min(1.0, (now_ms() - l.since_ms) / kDwellMs);
  };
  if (phase_ == Phase::kOut) {
    v.prompt = "Step " + std::string(kDirections[order_].name) + " with your " + name + " foot.";
    const PixelPoint t = TargetPx();
    v.shapes.push_back({Shape::Role::kTarget, t.x / w, t.y / h, r, letter, progress(named_)});
  } else {
    v.prompt = "Now step back to the middle.";
    v.shapes.push_back(
        {Shape::Role::kTarget, home_[foot].x / w, home_[foot].y / h, r, "home", progress(named_)});
  }
  v.shapes.push_back({Shape::Role::kHand, foot_[foot].x / w, foot_[foot].y / h, 0.02, letter, 0});
  const double left_s = std::max(0.0, (limit_ms_ - (active_ms() - shown_active_ms_)) / 1000);
  v.meter = std::clamp(left_s * 1000 / limit_ms_, 0.0, 1.0);
  v.meter_label = "Step " + std::to_string(index_ + 1) + " of " + std::to_string(length_) + ", " +
                  std::to_string(int(std::ceil(left_s))) + " s left";
  return v;
}

}  // namespace poise::core
