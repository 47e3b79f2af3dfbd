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
constexpr double kStandCm = 3;     // a landed foot still standing there (picture cm)
constexpr double kSettleMs = 500;  // a return is timed once the foot has stood home this long
// An arrival is found where the foot's remaining distance (picture cm) falls through
// kArrivalCm (or half the step) and timed from its crossings of a band, twice and four times
// it, extrapolated to rest. The band is twice an ankle's jitter (1.2 cm SD), 3.6 SDs of it after
// the 3-frame smoothing at 15 fps: 1.5 cm (2 SDs) let a run of jittery frames at rest hold it
// off, so a return read 0.3-0.8 s late. For a minimum-jerk step the crossings of 2.5, 5 and 10
// cm extrapolate to where its speed falls under 5 % of its peak.
constexpr double kArrivalCm = 10, kBandCm = 2.5;

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
  return {
      "stepping_targets",
      "Step to the targets",
      "balance",
      {"standing"},
      {{"target_distance", "1", 0.25, 0.5, "step length, fraction of the leg length"},
       {"target_distance_cm", "cm", 20, 40, "the same in cm (for an 80 cm leg)"},
       {"target_radius", "cm", 15, 8, "how close to the target's centre the foot must land"},
       {"time_limit", "s", 6, 2.5, "time allowed for each step and each return"},
       {"sequence_length", "1", 2, 4, "steps in one trial"}},
      {{"step_time", "s",
        "mean, from the target appearing to the foot coming to rest in it (a landing: the "
        "foot inside and still, the mean of its last three frames within 3 cm, for 0.2 s), "
        "timed once the foot has stood there (until it leaves, or 0.5 s for a return): its "
        "resting place is the median of the frames between arrival and departure, and the "
        "arrival where its remaining distance along the way it came fell through 10 cm (or half "
        "the step), timed from its crossings of 2.5, 5 and 10 cm extrapolated to zero, "
        "interpolated between frames (where its speed falls under "
        "about 5 % of its peak). A gap over 0.4 s that hid a step's end makes the trial "
        "unmeasurable"},
       {"return_time", "s",
        "mean, from a landing in the target to the foot coming to rest home (timed the same "
        "way)"},
       {"accuracy", "cm",
        "mean distance from the target's centre of where the foot (ankle) stood: the mean of "
        "its frames from arrival to departure; forward/back distances are estimated from the "
        "foot's height in the picture"},
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
  settle_ = Settling{};
  sequence_end_ms_ = -1;
  wrong_ = missed_ = 0;
  Interrupt();
}

void SteppingTargets::Interrupt() {
  // An open landing stays open: the foot most likely still stands there, and the frames after
  // the gap show it (the trial clock left the gap out, so the times stay consistent).
  home_since_ms_ = -1;
  named_ = other_ = Landing{};
  track_.clear();  // no approach is timed across a long gap
  approach_cut_ = phase_ == Phase::kOut || phase_ == Phase::kBack;
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
  approach_cut_ = false;
}

void SteppingTargets::FeedSettle(PixelPoint foot) {
  if (!settle_.open) return;
  auto& tr = settle_.track;
  tr.push_back({active_ms(), foot});
  // Moved: its last three frames all farther than kStandCm from where it stands (one jittery
  // frame is not a movement). Towards the target, it was still arriving (a landing is found
  // within 3 picture cm of still, which a step forward or back covers slowly): the stand starts
  // again from there. Away from it, it left.
  std::vector<double> xs, ys;
  for (size_t i = settle_.stand_from; i < tr.size(); ++i) {
    xs.push_back(tr[i].second.x);
    ys.push_back(tr[i].second.y);
  }
  if (xs.size() >= 6) {
    const PixelPoint at{Robust(xs).median, Robust(ys).median};
    const double cm = CmPerPx(), at_target = FloorCm(at, settle_.target);
    bool away = true, nearer = true;
    for (size_t i = tr.size() - 3; i < tr.size(); ++i) {
      away = away && PixelDistance(tr[i].second, at) * cm > kStandCm;
      nearer = nearer && FloorCm(tr[i].second, settle_.target) < at_target;
    }
    if (away && nearer) {
      settle_.stand_from = tr.size() - 3;
    } else if (away) {
      settle_.left_at = tr[tr.size() - 3].first;
      return Measure();  // the departure's frames stay: they show where it began
    }
  }
  if (!settle_.out && active_ms() - settle_.landed_ms >= kSettleMs) Measure();
}

namespace {
/// The median (robust to a jittery frame, for where to time from) or the mean (for where it
/// landed) of the track's frames between two times; false with fewer than three.
bool StandBetween(const std::deque<std::pair<double, PixelPoint>>& tr, double from, double to,
                  PixelPoint& at, bool mean, size_t min_frames = 3) {
  std::vector<double> xs, ys;
  for (const auto& [t, p] : tr)
    if (t >= from && t <= to) {
      xs.push_back(p.x);
      ys.push_back(p.y);
    }
  if (xs.size() < std::max<size_t>(1, min_frames)) return false;
  const auto avg = [](const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  };
  at = mean ? PixelPoint{avg(xs), avg(ys)} : PixelPoint{Robust(xs).median, Robust(ys).median};
  return true;
}
}  // namespace

void SteppingTargets::Measure() {
  if (!settle_.open) return;
  settle_.open = false;
  const auto& tr = settle_.track;
  const double cm = CmPerPx();
  // Where it came from: the median of the track's first three frames (not one jittery frame).
  PixelPoint start = tr.front().second, end = start;
  StandBetween(tr, tr.front().first, tr[std::min<size_t>(2, tr.size() - 1)].first, start, false);
  // A first guess of where it stands: the median of the stand (however short; without the
  // frames that showed it leaving). When its leaving was not seen (a step forward or back, slow
  // in the picture, whose stand began on the approach's last centimetres, which kept the
  // stand's median within 3 picture cm of the way home), the stand ends at its last frame
  // inside the target: the way home and the landing there (the track runs until then) pulled
  // the guess 4 picture cm towards home, under the 4 cm that the timing below needs, and a back
  // step's accuracy then averaged the whole track (10.8 cm for a landing 1.4 cm off).
  double stand_to = tr.back().first;
  if (settle_.left_at >= 0) {
    stand_to = std::nextafter(settle_.left_at, -1.0);
  } else {
    for (auto it = tr.rbegin(); it != tr.rend(); ++it)
      if (FloorCm(it->second, settle_.target) <= radius_cm_) {
        stand_to = it->first;
        break;
      }
  }
  StandBetween(tr, tr[std::min(settle_.stand_from, tr.size() - 1)].first, stand_to, end, false, 1);
  // A long gap (over kMaxBridgedGapMs) during the approach that hid its end: the step cannot
  // be timed (its arrival may lie in the gap). Decided from what was seen: the first frames
  // after the gap already within the arrival threshold (below) plus a band of where it landed.
  if (settle_.cut &&
      PixelDistance(start, end) * cm < std::min(kArrivalCm, settle_.step_px * cm / 2) + kBandCm) {
    Unmeasurable("A foot was out of sight while it stepped, so that step could not be timed.");
    return;
  }
  // Then twice over: the track as its remaining distance to there along the way it came
  // (zero-mean jitter at rest); the arrival where the approach reached rest (ReachedRestMs:
  // from where it fell through a threshold, forward to a band above the jitter, extrapolated to
  // zero) and, if the foot left, the departure where it left rest (LeftRestMs, the same way
  // back), both between frames; where it stands is the median between the two. The end of
  // the approach and the start of a departure both lie on the home side of the target, so a
  // stand that kept either read short (a forward or back step, slow in the picture, by 5-10
  // cm). Where it landed (accuracy) is the mean between arrival and departure.
  // Not found (too short a track or step): the arrival is when the stillness began.
  double arrived = settle_.since_ms, left = tr.back().first;
  for (int pass = 0; pass < 2; ++pass) {
    double ux = end.x - start.x, uy = end.y - start.y;
    const double norm = std::hypot(ux, uy);
    if (tr.size() < 4 || norm * cm < 4) break;
    ux /= norm;
    uy /= norm;
    const double thr = std::min(kArrivalCm, norm * cm / 2), band = std::min(kBandCm, thr / 3);
    std::deque<TimedValue> u;
    for (const auto& [t, p] : tr) u.push_back({t, ((end.x - p.x) * ux + (end.y - p.y) * uy) * cm});
    // The approach: up to the last frame at rest (what follows is the departure).
    std::deque<TimedValue> approach = u;
    while (approach.size() > 1 && approach.back().value > band) approach.pop_back();
    arrived = ReachedRestMs(approach, band, thr).value_or(settle_.since_ms);
    // The departure's start, but never after the last frame at rest (a gap in the departure
    // makes its extrapolation uncertain).
    const double last_rest = approach.back().t_ms;
    left = last_rest;
    if (approach.size() < u.size())
      left = std::min(last_rest, LeftRestMs(u, band, thr).value_or(last_rest));
    if (!StandBetween(tr, arrived, left, end, false)) {
      left = last_rest;
      StandBetween(tr, arrived, left, end, false);
    }
  }
  if (!settle_.out) {
    return_s_.push_back((arrived - settle_.shown_ms) / 1000);
    return;
  }
  step_s_.push_back((arrived - settle_.shown_ms) / 1000);
  if (!StandBetween(tr, arrived, left, end, true)) StandBetween(tr, arrived, left, end, true, 1);
  accuracy_cm_.push_back(FloorCm(end, settle_.target));
}

void SteppingTargets::Land(bool out, const Landing& l, double shown_ms) {
  Measure();
  settle_ = Settling{};
  settle_.open = true;
  settle_.out = out;
  settle_.foot = FootOf();
  settle_.shown_ms = shown_ms;
  settle_.since_ms = l.since_active_ms;
  settle_.landed_ms = active_ms();
  settle_.target = out ? TargetPx() : home_[size_t(FootOf())];
  settle_.track = track_;
  settle_.cut = approach_cut_;
  settle_.step_px = PixelDistance(TargetPx(), home_[size_t(FootOf())]);
  while (settle_.stand_from < settle_.track.size() &&
         settle_.track[settle_.stand_from].first < l.since_active_ms)
    ++settle_.stand_from;
}

void SteppingTargets::Step(const PoseFrame& f, double /*dt_ms*/) {
  const double t = f.capture_ms;
  foot_ = {ToPixels(f, kLeftAnkle), ToPixels(f, kRightAnkle)};
  if (phase_ == Phase::kHome) return StepHome(f);
  if (settle_.open) FeedSettle(foot_[size_t(settle_.foot)]);
  if (phase_ == Phase::kSettle) {
    if (!settle_.open) Report(t);
    return;
  }
  const int foot = FootOf();
  const bool over_time = active_ms() - shown_active_ms_ >= limit_ms_;
  track_.push_back({active_ms(), foot_[foot]});
  if (phase_ == Phase::kOut) {
    if (Feed(named_, foot_[foot], TargetPx(), t)) {
      Land(/*out=*/true, named_, shown_active_ms_);
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
      approach_cut_ = false;
    }
    return;
  }
  // Back to the middle.
  const bool home = Feed(named_, foot_[foot], home_[foot], t);
  if (!home && !over_time) return;
  Measure();  // the step out (if it still stands there: a return timed out)
  if (home && landed_out_) Land(/*out=*/false, named_, shown_active_ms_);
  missed_ += !home;
  if (++index_ < length_) return ShowTarget();
  sequence_end_ms_ = active_ms();
  if (!settle_.open) return Report(t);
  phase_ = Phase::kSettle;  // reported once the last return is timed
}

void SteppingTargets::StepHome(const PoseFrame& f) {
  const double t = f.capture_ms, cm = CmPerPx();
  // Still: the last three frames' mean of each foot within kStillCm of the mean since the
  // stillness began (one jittery frame does not restart it); home is that mean.
  home_recent_.push_back(foot_);
  if (home_recent_.size() > 3) home_recent_.pop_front();
  bool moved = home_since_ms_ < 0;
  for (size_t k = 0; k < 2 && !moved; ++k) {
    PixelPoint now{}, mean{home_sum_[k].x / home_n_, home_sum_[k].y / home_n_};
    for (const auto& r : home_recent_) {
      now.x += r[k].x / double(home_recent_.size());
      now.y += r[k].y / double(home_recent_.size());
    }
    moved = PixelDistance(now, mean) * cm > kStillCm;
  }
  if (moved) {
    home_since_ms_ = t;
    home_sum_ = {};
    home_n_ = 0;
    home_recent_.assign(1, foot_);
  }
  for (size_t k = 0; k < 2; ++k) {
    home_sum_[k].x += foot_[k].x;
    home_sum_[k].y += foot_[k].y;
  }
  ++home_n_;
  if (t - home_since_ms_ < kHomeHoldMs) return;
  for (size_t k = 0; k < 2; ++k) home_[k] = {home_sum_[k].x / home_n_, home_sum_[k].y / home_n_};
  const PixelPoint hip = PixelMidpoint(f, kLeftHip, kRightHip);
  leg_cm_ = ((home_[0].y + home_[1].y) / 2 - hip.y) * cm;
  distance_cm_ = distance_frac_ * leg_cm_;
  ShowTarget();
}

void SteppingTargets::Report(double t_ms) {
  Measure();
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
  r.metrics.push_back({"sequence_time", (sequence_end_ms_ - first_shown_active_ms_) / 1000, "s"});
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
    // Settling: home already, its landing being measured before the trial is reported.
    v.prompt = phase_ == Phase::kSettle ? "Stand still with your feet in the middle."
                                        : "Now step back to the middle.";
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
