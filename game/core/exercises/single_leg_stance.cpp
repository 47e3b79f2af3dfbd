#include "game/core/exercises/single_leg_stance.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kLiftOnCm = 5, kLiftOffCm = 2, kLiftDebounceMs = 150;
constexpr double kHopUpCm = 4, kHopSideCm = 10, kHopMs = 100;
constexpr double kCapMs = 45000;    // the clinical test's cap
constexpr double kExtraMs = 15000;  // time beyond the goal to get the foot up (again)
constexpr int kMaxTouchDowns = 3;
constexpr double kMinBandCm = 1, kHistoryMs = 4000;
// An unseen stretch of up to this long with the foot up on both sides counts in the hold: a
// touch-down and a new lift take longer (lowering, contact and lifting again, each a few tenths
// of a second), and the game pauses by itself after 1 s unseen.
constexpr double kMaxHeldGapMs = 1000;

double Mean(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

}  // namespace

ExerciseInfo SingleLegStance::Describe() {
  return {
      "single_leg_stance",
      "Single-leg stance",
      "balance",
      {"standing"},
      {{"hold_goal", "s", 5, 30, "how long to stand on one leg (capped at 45 s)"},
       {"arms_crossed", "1", 0, 1, "the prompt suggests crossing the arms (from level 0.7)"}},
      {{"hold_time", "s",
        "longest continuous time on one leg: from lift-off (the foot leaving the floor) to "
        "touch-down (back on it), each timed back from the 5 cm detection and interpolated "
        "between frames; timed as by a stopwatch through unseen stretches of up to 1 s with the "
        "foot up on both sides; capped at the goal; unmeasurable when a lift-off or touch-down "
        "was hidden for over 0.4 s"},
       {"stance_leg", "1", "the leg stood on: 0 left, 1 right"},
       {"touch_downs", "1", "times the lifted foot came down during the trial"},
       {"sway_path", "cm", "shoulder-midpoint path length while on one leg"},
       {"sway_velocity", "cm/s", "shoulder-midpoint mean velocity while on one leg"},
       {"hold_left_mean", "s", "mean hold standing on the left leg in the block so far"},
       {"hold_right_mean", "s", "mean hold standing on the right leg in the block so far"},
       {"hold_asymmetry", "1", "|left - right| / the larger mean hold (0 = symmetric)"}}};
}

std::vector<std::string> SingleLegStance::Instructions() const {
  return {"Stand tall next to a chair or counter you can hold if you need to.",
          "When asked, lift one foot a little off the floor and stand on the other leg.",
          "Hold as long as you can. Put the foot down whenever you need to."};
}

BodySpec SingleLegStance::Demo(double t_s) const {
  // 2 s on both feet, 15 s on one leg with a gentle sway, 3 s down; then the other leg.
  BodySpec s;
  const double c = std::fmod(t_s, 40.0), k = std::fmod(c, 20.0);
  if (k >= 2 && k < 17) {
    (c < 20 ? s.lift_right_foot : s.lift_left_foot) = 0.08;  // stand on the left leg first
    s.lean_x = 0.006 * std::sin(t_s * 1.3);
  }
  return s;
}

void SingleLegStance::BeginTrial(double /*t_ms*/) {
  stand_left_ = trial() % 2 == 0;
  goal_ms_ = std::min(kCapMs, 1000 * std::round(Lerp(5, 30, level())));  // whole seconds
  limit_ms_ = goal_ms_ + kExtraMs;
  lifted_ = HysteresisSwitch(kLiftOnCm, kLiftOffCm, kLiftDebounceMs);
  hopped_ = HysteresisSwitch(1, 0.5, kHopMs);
  smoother_.Reset();
  segment_.clear();
  last_capture_ms_ = -1;
  sway_path_cm_ = sway_time_s_ = best_hold_ms_ = 0;
  touch_downs_ = 0;
  base_set_ = false;
  history_.clear();
  rest_cm_.clear();
  rest_ = {};
  gap_ = false;
}

bool SingleLegStance::CanSee(const PoseFrame& f) const {
  return LandmarksVisible(
      *f.pose, {kLeftShoulder, kRightShoulder, kLeftHip, kRightHip, kLeftAnkle, kRightAnkle},
      kVisible);
}

void SingleLegStance::Interrupt() {
  lifted_.DropPending();
  hopped_.DropPending();
  history_.clear();  // no event may be timed across a long gap
  // Only a foot already seen on the floor can have lifted unseen; a foot up from the first frame
  // (lifted before the start) is timed from then.
  gap_ = gap_ || !rest_cm_.empty();
  CloseSway();
}

void SingleLegStance::CloseSway() {
  smoother_.Reset();
  // The sway path continues after the gap without joining across it.
  sway_path_cm_ += SwayPathLengthCm(segment_);
  if (segment_.size() >= 2) sway_time_s_ += segment_.back().t_s - segment_.front().t_s;
  segment_.clear();
}

double SingleLegStance::CurrentHoldMs() const {
  return lifted_.on() ? active_ms() - segment_start_ms_ : 0;
}

void SingleLegStance::Step(const PoseFrame& f, double dt_ms) {
  const double t = active_ms(), cm = CmPerPx();
  const int stand = stand_left_ ? kLeftAnkle : kRightAnkle,
            lift = stand_left_ ? kRightAnkle : kLeftAnkle;
  const PixelPoint a_stand = ToPixels(f, stand), a_lift = ToPixels(f, lift);
  foot_x_ = a_lift.x / f.image_width;
  foot_y_ = a_lift.y / f.image_height;
  const double height_cm = (a_stand.y - a_lift.y) * cm;  // y grows downwards
  const bool was_lifted = lifted_.on();
  // Back from an unseen stretch longer than the trial clock bridges (kMaxBridgedGapMs, left out
  // of active time): with the foot up before and after it, the hold went on through it (the
  // clinical hold runs from lift-off to touch-down); without this a 0.5 s gap of a 15 fps
  // camera took 0.5 s off a 12 s hold.
  const double unseen_ms = last_capture_ms_ < 0 ? 0 : f.capture_ms - last_capture_ms_ - dt_ms;
  last_capture_ms_ = f.capture_ms;
  if (was_lifted && unseen_ms > 0 && unseen_ms + dt_ms <= kMaxHeldGapMs)
    segment_start_ms_ -= unseen_ms;
  const bool is_lifted = lifted_.Update(height_cm, t);
  history_.push_back({t, height_cm});
  while (history_.size() > 2 && history_.front().t_ms < t - kHistoryMs) history_.pop_front();
  if (!was_lifted && !is_lifted && height_cm < kLiftOnCm) {
    rest_cm_.push_back(height_cm);
    gap_ = false;
  }
  if (rest_cm_.size() > 300) rest_cm_.erase(rest_cm_.begin(), rest_cm_.begin() + 100);
  if (!is_lifted && !was_lifted) {  // not on one leg: learn the floor (the lower ankle) slowly
    const double floor_y = std::max(a_stand.y, a_lift.y);
    if (!base_set_) {
      floor_y_ = floor_y;
      stand_x_ = a_stand.x;
      base_set_ = true;
    } else {
      floor_y_ += 0.05 * (floor_y - floor_y_);
      stand_x_ += 0.05 * (a_stand.x - stand_x_);
    }
  }
  // Hopping: both feet off the floor, or the standing foot landing elsewhere. (Lifting the wrong
  // foot raises only the standing ankle: not a hop, and not a hold either.)
  if (base_set_) {
    const double stand_up_cm = (floor_y_ - a_stand.y) * cm, lift_up_cm = (floor_y_ - a_lift.y) * cm;
    const double side_cm = stand_up_cm < kLiftOffCm ? std::abs(a_stand.x - stand_x_) * cm : 0;
    const double hop = std::max(std::min(stand_up_cm, lift_up_cm) / kHopUpCm, side_cm / kHopSideCm);
    if (hopped_.Update(hop, t)) return Report(TrialOutcome::kInvalid, "hopped", f.capture_ms);
  }
  if (was_lifted && !is_lifted) {  // touch-down: the hold ended when the foot came down
    ++touch_downs_;
    const std::optional<double> down = EventMs(false);
    if (!down && gap_) Unmeasurable("the feet were out of view when the lifted foot came down");
    best_hold_ms_ =
        std::max(best_hold_ms_, down.value_or(lifted_.changed_at_ms()) - segment_start_ms_);
    hopped_.DropPending();
    CloseSway();
  }
  if (is_lifted) {
    if (!was_lifted) {
      const std::optional<double> up = EventMs(true);
      // Not seen leaving the floor: after a long gap that is unmeasurable; a foot already up
      // when the trial began is timed from then.
      if (!up && gap_) Unmeasurable("the feet were out of view when the foot was lifted");
      segment_start_ms_ = up.value_or(lifted_.changed_at_ms());
      rest_cm_.clear();
    }
    const PixelPoint sh = PixelMidpoint(f, kLeftShoulder, kRightShoulder);
    segment_.push_back(smoother_.Filter({t / 1000, sh.x * cm, sh.y * cm}));
    if (t - segment_start_ms_ >= goal_ms_)
      return Report(TrialOutcome::kSuccess, "held", f.capture_ms);
  }
  if (touch_downs_ >= kMaxTouchDowns)
    return Report(TrialOutcome::kFailure, "touched down 3 times", f.capture_ms);
  if (t >= limit_ms_)
    Report(TrialOutcome::kFailure,
           best_hold_ms_ > 0 || lifted_.on() ? "foot came down before the goal" : "foot not lifted",
           f.capture_ms);
}

std::optional<double> SingleLegStance::EventMs(bool lift) {
  const RobustStats rest = lift && rest_cm_.size() >= 2 ? RestLevel(rest_cm_, kMinBandCm) : rest_;
  if (lift) rest_ = rest;
  std::deque<TimedValue> u = history_;
  for (TimedValue& v : u) v.value -= rest.median;
  const double thr = kLiftOnCm - rest.median;
  // Touch-down: back within the band, or at least below the 2 cm detection level.
  const double band = std::clamp(3 * rest.sd, kMinBandCm, thr / 2);
  if (lift) return LeftRestMs(u, band, thr);
  if (auto t = ReachedRestMs(u, band, thr)) return t;
  return ReachedRestMs(u, std::max(band, kLiftOffCm - rest.median), thr);
}

void SingleLegStance::Report(TrialOutcome outcome, const std::string& note, double t_ms) {
  const double hold_s = std::min(std::max(best_hold_ms_, CurrentHoldMs()), goal_ms_) / 1000;
  CloseSway();
  TrialResult r;
  r.parameters = {{"hold_goal", goal_ms_ / 1000, "s"},
                  {"arms_crossed", level() >= 0.7 ? 1.0 : 0.0, "1"},
                  {"stance_leg", stand_left_ ? 0.0 : 1.0, "1"}};
  r.outcome = outcome;
  r.note = note;
  r.metrics = {{"hold_time", hold_s, "s"},
               {"stance_leg", stand_left_ ? 0.0 : 1.0, "1"},
               {"touch_downs", double(touch_downs_), "1"},
               {"sway_path", sway_path_cm_, "cm"},
               {"sway_velocity", sway_time_s_ > 0 ? sway_path_cm_ / sway_time_s_ : 0, "cm/s"}};
  if (outcome != TrialOutcome::kInvalid)
    (stand_left_ ? holds_left_s_ : holds_right_s_).push_back(hold_s);
  if (!holds_left_s_.empty() && !holds_right_s_.empty()) {
    const double l = Mean(holds_left_s_), rr = Mean(holds_right_s_);
    r.metrics.push_back({"hold_left_mean", l, "s"});
    r.metrics.push_back({"hold_right_mean", rr, "s"});
    r.metrics.push_back(
        {"hold_asymmetry", std::max(l, rr) > 0 ? std::abs(l - rr) / std::max(l, rr) : 0, "1"});
  }
  Finish(r, t_ms);
}

ExerciseView SingleLegStance::View() const {
  ExerciseView v = BaseView();
  if (Done()) {
    v.prompt = "Well done!";
    return v;
  }
  if (missing()) {
    v.prompt = "I cannot see your feet: please step back until they are in view.";
    return v;
  }
  const char* lift = stand_left_ ? "RIGHT" : "LEFT";
  char buf[96];
  if (!lifted_.on()) {
    std::snprintf(buf, sizeof buf, "Lift your %s foot a little and hold.%s", lift,
                  level() >= 0.7 ? " Arms crossed if you can." : "");
  } else {
    std::snprintf(buf, sizeof buf, "Good. Keep your %s foot up.", lift);
  }
  v.prompt = buf;
  const Calibration& c = calibration();
  const double lift_px = kLiftOnCm / CmPerPx();
  if (foot_x_ >= 0) {
    Shape s{lifted_.on() ? Shape::Role::kTarget : Shape::Role::kGuide,
            foot_x_,
            foot_y_ - (lifted_.on() ? 0 : lift_px / c.image_height),
            0.05,
            stand_left_ ? "R" : "L",
            0};
    s.progress = std::min(1.0, CurrentHoldMs() / goal_ms_);
    v.shapes.push_back(s);
  }
  const double held_s = std::min(CurrentHoldMs(), goal_ms_) / 1000;
  v.meter = held_s * 1000 / goal_ms_;
  std::snprintf(buf, sizeof buf, "On one leg %.0f s of %.0f s", std::floor(held_s),
                goal_ms_ / 1000);
  v.meter_label = buf;
  return v;
}

}  // namespace poise::core
