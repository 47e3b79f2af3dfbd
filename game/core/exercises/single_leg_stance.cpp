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
constexpr double kRestAfterMs = 600;   // samples on the floor after a touch-down before timing it
constexpr double kDownWaitMs = 1500;   // a touch-down not timed by then takes what was seen
constexpr double kLiftSettleMs = 500;  // a lift-off is timed again this long after it
constexpr double kRestBeforeMs = 600;  // both feet down before a lift-off, for its fit
constexpr size_t kStandFrames = 31;
// The middle of a lift or lowering unseen for this long, within kEventNearMs of its event:
// the event is not timed (MiddleHidden).
constexpr double kMaxEventGapMs = 250,
                 kEventNearMs = 500;  // the standing foot's height: median of the last frames
// The foot's landmarks (ankle, heel, toe) by side.
constexpr int kFootLeft[] = {kLeftAnkle, kLeftHeel, kLeftFootIndex};
constexpr int kFootRight[] = {kRightAnkle, kRightHeel, kRightFootIndex};

double Mean(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

}  // namespace

ExerciseInfo SingleLegStance::Describe() {
  return {"single_leg_stance",
          "Single-leg stance",
          "balance",
          {"standing"},
          {{"hold_goal", "s", 5, 30, "how long to stand on one leg (capped at 45 s)"},
           {"arms_crossed", "1", 0, 1, "the prompt suggests crossing the arms (from level 0.7)"}},
          {{"hold_time", "s",
            "longest continuous time on one leg: from lift-off (the foot leaving the floor) to "
            "touch-down (back on it), each found by fitting the whole lift or lowering of the "
            "foot (ankle, heel and toe) with a smooth movement (the shape shared by the trial's "
            "lifts and touch-downs) and taking where it leaves or reaches the floor, between "
            "frames; timed as by a stopwatch through unseen stretches of up to 1 s with the foot "
            "up on both sides; capped at the goal; unmeasurable when a lift-off or touch-down was "
            "hidden for over 0.4 s, or the foot's lift or lowering unseen for 0.25 s"},
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
  for (auto& d : stand_y_) d.clear();
  holds_.clear();
  down_pending_ = lift_pending_ = interrupted_ = lost_ = false;
  unseen_total_ms_ = 0;
  gaps_.clear();
}

bool SingleLegStance::CanSee(const PoseFrame& f) const {
  return LandmarksVisible(
      *f.pose, {kLeftShoulder, kRightShoulder, kLeftHip, kRightHip, kLeftAnkle, kRightAnkle},
      kVisible);
}

void SingleLegStance::Interrupt() {
  lifted_.DropPending();
  hopped_.DropPending();
  // Step decides once the feet are back whether the gap's time was counted (then the samples
  // either side still time the events, unless one fell inside it) or not.
  interrupted_ = true;
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
  const double height_cm = FootHeightCm(f) * cm;
  const bool was_lifted = lifted_.on();
  // Back from an unseen stretch longer than the trial clock bridges (kMaxBridgedGapMs, left out
  // of active time): with the foot up before and after it, the hold went on through it (the
  // clinical hold runs from lift-off to touch-down); without this a 0.5 s gap of a 15 fps
  // camera took 0.5 s off a 12 s hold.
  const double unseen_ms = last_capture_ms_ < 0 ? 0 : f.capture_ms - last_capture_ms_ - dt_ms;
  last_capture_ms_ = f.capture_ms;
  const bool counted = unseen_ms > 0 && unseen_ms + dt_ms <= kMaxHeldGapMs;
  if (was_lifted && counted) segment_start_ms_ -= unseen_ms;
  if (counted) unseen_total_ms_ += unseen_ms;
  if (interrupted_ && !counted && unseen_ms > 0) {
    // Not counted (a pause, or unseen for over 1 s): no event may be timed across it.
    if (down_pending_) ResolveTouchDown(true);
    lost_ = lost_ || was_lifted;
    history_.clear();
    gaps_.clear();
  }
  interrupted_ = false;
  const double clock = EventClockMs();
  const bool is_lifted = lifted_.Update(height_cm, t);
  if (!history_.empty() && clock - history_.back().t_ms > kMaxBridgedGapMs)
    gaps_.push_back({history_.back().t_ms, clock});
  history_.push_back({clock, height_cm});
  while (history_.size() > 2 && history_.front().t_ms < clock - kHistoryMs) history_.pop_front();
  if (down_pending_ && (is_lifted || t - down_at_ms_ >= kDownWaitMs)) ResolveTouchDown(true);
  if (down_pending_) ResolveTouchDown(false);
  // The lift-off again, once the foot has been up for kLiftSettleMs: the fit then sees where
  // the foot came to (the first timing, at the 5 cm detection, saw little of it).
  if (lift_pending_ && is_lifted && was_lifted && t - lift_at_ms_ >= kLiftSettleMs) {
    lift_pending_ = false;
    if (const std::optional<MovementEvent> up = EventFit(true, 0); up && !holds_.empty()) {
      Hold& h = holds_.back();
      if (InGap(up->best_ms()) || MiddleHidden(up->best_ms(), true))
        Unmeasurable("the feet were out of view when the foot was lifted");
      segment_start_ms_ += up->best_ms() - h.lift_ms;
      h.lift = *up;
      h.lift_ms = up->best_ms();
    }
  }
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
    // Timed once the foot has been seen on the floor for kRestAfterMs (ResolveTouchDown).
    down_pending_ = true;
    down_at_ms_ = t;
    if (!holds_.empty()) holds_.back().closed = true;
    hopped_.DropPending();
    CloseSway();
    ResolveTouchDown(false);
  }
  if (is_lifted) {
    if (!was_lifted) {
      const std::optional<MovementEvent> up = EventFit(true, 0);
      // Not seen leaving the floor: after a long gap that is unmeasurable; a foot already up
      // when the trial began is timed from then.
      if ((!up && gap_) || (up && InGap(up->best_ms())))
        Unmeasurable("the feet were out of view when the foot was lifted");
      holds_.push_back({});
      holds_.back().lift = up.value_or(MovementEvent{});
      holds_.back().lift_ms = up ? up->best_ms() : lifted_.changed_at_ms() + unseen_total_ms_;
      // The live hold runs on the trial clock (without the unseen stretches counted so far).
      segment_start_ms_ = holds_.back().lift_ms - unseen_total_ms_;
      lift_pending_ = bool(up);
      lift_at_ms_ = t;
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

bool SingleLegStance::MiddleHidden(double t_ms, bool lift) const {
  // The foot crossed the middle of its lift (a quarter to three quarters of its height) unseen,
  // in a stretch of kMaxEventGapMs or more (as long as a whole quick lift): where in it the
  // movement began or ended is then a guess by more than the 0.1 s a hold is timed to (0.33 s
  // hidden as the foot came down read a hold 0.25 s long).
  std::vector<double> up;
  for (const TimedValue& v : history_)
    if (v.value >= kLiftOnCm) up.push_back(v.value - rest_.median);
  if (up.size() < 3) return false;
  const double top = Robust(up).median, lo = 0.25 * top, hi = 0.75 * top;
  for (size_t k = 1; k < history_.size(); ++k) {
    const TimedValue &a = history_[k - 1], &b = history_[k];
    if (b.t_ms < t_ms - kEventNearMs || a.t_ms > t_ms + kEventNearMs) continue;
    const double va = a.value - rest_.median, vb = b.value - rest_.median;
    const bool crossed = lift ? va <= lo && vb >= hi : va >= hi && vb <= lo;
    if (crossed && b.t_ms - a.t_ms >= kMaxEventGapMs) return true;
  }
  return false;
}

bool SingleLegStance::InGap(double t_ms) const {
  for (const auto& [from, to] : gaps_)
    if (t_ms >= from - 1 && t_ms <= to + 1) return true;  // at either edge: somewhere in it
  return false;
}

double SingleLegStance::FootHeightCm(const PoseFrame& f) {
  // The lifted foot's height over the standing foot, in pixels: the mean over the foot's
  // landmarks (ankle, heel, toe: three looks at one rigid foot, whose jitter is largely
  // independent) of the standing foot's height minus the lifted one's. The standing foot does
  // not move while it stands: its median over the last few frames leaves its jitter out.
  const int* stand = stand_left_ ? kFootLeft : kFootRight;
  const int* lift = stand_left_ ? kFootRight : kFootLeft;
  const bool all = LandmarksVisible(*f.pose, {stand[1], stand[2], lift[1], lift[2]}, kVisible);
  double sum = 0;
  int n = 0;
  for (int k = 0; k < 3; ++k) {
    std::deque<double>& d = stand_y_[k];
    const bool seen = k == 0 || all;
    if (seen) {
      d.push_back(ToPixels(f, stand[k]).y);
      if (d.size() > kStandFrames) d.pop_front();
    }
    if (!seen || d.empty()) continue;
    std::vector<double> v(d.begin(), d.end());
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    sum += v[v.size() / 2] - ToPixels(f, lift[k]).y;  // y grows downwards
    ++n;
  }
  return sum / n;
}

std::optional<MovementEvent> SingleLegStance::EventFit(bool lift, double rest_after_ms) {
  const bool first = lift && !rest_cm_.empty();  // the first timing of this lift-off
  const RobustStats rest = first && rest_cm_.size() >= 2 ? RestLevel(rest_cm_, kMinBandCm) : rest_;
  if (first) rest_ = rest;
  std::deque<TimedValue> u = history_;
  for (TimedValue& v : u) v.value -= rest.median;
  const double thr = kLiftOnCm - rest.median;
  const double band = std::clamp(3 * rest.sd, kMinBandCm, thr / 2);
  if (lift) return FitLeftRest(u, band, thr, kRestBeforeMs);
  if (auto e = FitReachedRest(u, band, thr, rest_after_ms)) return e;
  // Not back within the band (put down a little higher): at least below the 2 cm detection.
  return FitReachedRest(u, std::max(band, kLiftOffCm - rest.median), thr, rest_after_ms);
}

void SingleLegStance::ResolveTouchDown(bool final) {
  std::optional<MovementEvent> down = EventFit(false, final ? 0 : kRestAfterMs);
  if (!down && !final) return;
  down_pending_ = false;
  if ((!down && (gap_ || lost_)) ||
      (down && (InGap(down->best_ms()) || MiddleHidden(down->best_ms(), false))))
    Unmeasurable("the feet were out of view when the lifted foot came down");
  lost_ = false;
  if (holds_.empty()) return;
  Hold& h = holds_.back();
  h.down = down.value_or(MovementEvent{});
  h.down_ms = down ? down->best_ms() : lifted_.changed_at_ms() + unseen_total_ms_;
  best_hold_ms_ = std::max(best_hold_ms_, h.down_ms - h.lift_ms);
}

double SingleLegStance::HoldsWithSharedShape(double now_ms) const {
  // Every lift-off and touch-down of the trial timed with the one movement shape that fits
  // them all best (one event alone cannot tell a slow lift from a late one under jitter).
  std::vector<MovementEvent> all;
  for (const Hold& h : holds_)
    for (const MovementEvent* e : {&h.lift, &h.down})
      if (!e->t_ms.empty()) all.push_back(*e);
  const std::vector<double> shape = ShapeWeights(all);
  double best = 0;
  for (const Hold& h : holds_) {
    const double up = h.lift.t_ms.empty() ? h.lift_ms : h.lift.at(shape);
    double down = now_ms;
    if (h.closed) down = h.down.t_ms.empty() ? h.down_ms : h.down.at(shape);
    if (h.closed && h.down_ms < 0) continue;  // not timed (cannot happen after Resolve)
    best = std::max(best, down - up);
  }
  return best;
}

void SingleLegStance::Report(TrialOutcome outcome, const std::string& note, double t_ms) {
  if (down_pending_) ResolveTouchDown(true);
  const double hold_s = std::min(holds_.empty() ? std::max(best_hold_ms_, CurrentHoldMs())
                                                : HoldsWithSharedShape(EventClockMs()),
                                 goal_ms_) /
                        1000;
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
