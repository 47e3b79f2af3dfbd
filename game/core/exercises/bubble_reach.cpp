#include "game/core/exercises/bubble_reach.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "game/core/metrics/movement_metrics.h"

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kHoldMs = 150;

}  // namespace

ExerciseInfo BubbleReach::Describe() {
  return {"bubble_reach",
          "Bubble reach",
          "coordination",
          {"standing", "seated"},
          {{"target_radius", "1", 0.10, 0.045, "bubble radius, fraction of the picture height"},
           {"target_distance", "1", 0.5, 1.0,
            "distance from the shoulder, fraction of the "
            "calibrated reach"},
           {"time_limit", "s", 8, 4, "time allowed to touch the bubble"},
           {"across_body", "1", 0, 1, "bubbles may cross the body's midline (from level 0.5)"}},
          {{"hit", "1", "1 when the bubble was touched in time"},
           {"reaction_time", "s",
            "from the bubble appearing to movement onset: the hand's resting place is the median "
            "of where it was; the movement is seen once the hand is 5 cm (or 3 noise bands) "
            "towards the bubble and timed back to where it left rest (a band of 1 cm or 1.5 "
            "jitter SDs), interpolated between frames, never before the last frame still at "
            "rest; on the trial clock, unseen time included; not given when the hand never "
            "moved; the trial is unmeasurable when the hand was out of view as it left rest "
            "(0.25 s or more unseen there, or under 0.2 s of rest seen after a longer gap)"},
           {"movement_time", "s",
            "from movement onset to the hand (index finger) entering the bubble, interpolated "
            "between frames; only for a touch (a miss has no movement time); unmeasurable when "
            "the hand entered it while out of view for over 0.4 s"},
           {"path_straightness", "1",
            "length of the hand's path from onset to entering the bubble / the straight distance "
            "(1 = straight), on the path smoothed over 5 frames so jitter does not lengthen it"},
           {"sparc", "1",
            "smoothness of the hand's path: spectral arc length of its speed (closer to 0 is "
            "smoother; from a webcam's 2-D path, so compare it within the patient, not with lab "
            "values); after a touch of at least 8 frames"}}};
}

std::vector<std::string> BubbleReach::Instructions() const {
  return {"A bubble appears with a letter: L for your left hand, R for your right hand.",
          "Touch the bubble with that hand and hold it there for a moment.",
          seated() ? "Stay seated with your back against the chair. Move at your own pace."
                   : "Keep your feet still. Move at your own pace."};
}

BodySpec BubbleReach::Demo(double t_s) const {
  BodySpec s = ReachingDemo(t_s);
  s.seated = seated();
  return s;
}

void BubbleReach::BeginTrial(double /*t_ms*/) {
  if (trial() == 0) left_hand_ = config().dominant_side != "left";  // non-dominant hand first
  const Calibration& c = calibration();
  const double w = c.image_width, h = c.image_height;
  radius_ = Lerp(0.10, 0.045, level());
  limit_ms_ = Lerp(8000, 4000, level());
  const double reach_cm = std::max(20.0, left_hand_ ? c.reach_left_cm : c.reach_right_cm);
  const double dist_px = Lerp(0.5, 1.0, level()) * reach_cm / CmPerPx();
  // Angles from straight out sideways (0) towards overhead (90 deg); across the body past 90.
  const double max_deg = level() >= 0.5 ? 135 : 80;
  const double deg = std::fmod(37.0 * (trial() + 1), max_deg + 10) - 10;  // spread, deterministic
  const double a = deg * std::numbers::pi / 180;
  const double side = left_hand_ ? 1 : -1;  // person's left = image +x
  const double sx = c.neutral_shoulder_x + side * 0.02, sy = c.neutral_shoulder_y;
  tx_ = std::clamp(sx + side * std::cos(a) * dist_px / w, 0.08, 0.92);
  ty_ = std::clamp(sy - std::sin(a) * dist_px / h, 0.08, 0.92);
  inside_since_ms_ = -1;
  unseen_ms_ = 0;
  rest_after_gap_ = false;
  reaction_ms_.reset();
  touch_ms_ = -1;
  onset_.Reset();
  prev_d_ = -1;
  path_t_ms_.clear();
  path_active_ms_.clear();
  path_x_cm_.clear();
  path_y_cm_.clear();
}

std::optional<double> BubbleReach::Straightness() const {
  const size_t n = path_active_ms_.size();
  if (n < 3 || touch_ms_ < 0) return std::nullopt;
  // Centred moving average over 5 samples (fewer at the ends).
  std::vector<double> sx(n), sy(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t k = std::min<size_t>({2, i, n - 1 - i});
    double ax = 0, ay = 0;
    for (size_t j = i - k; j <= i + k; ++j) {
      ax += path_x_cm_[j];
      ay += path_y_cm_[j];
    }
    sx[i] = ax / double(2 * k + 1);
    sy[i] = ay / double(2 * k + 1);
  }
  size_t i0 = 0, i1 = n - 1;
  for (size_t i = 0; i < n; ++i)
    if (path_active_ms_[i] <= *reaction_ms_) i0 = i;
  for (size_t i = n; i-- > 0;)
    if (path_active_ms_[i] >= touch_ms_) i1 = i;
  if (i1 <= i0) return std::nullopt;
  double length = 0;
  for (size_t i = i0 + 1; i <= i1; ++i) length += std::hypot(sx[i] - sx[i - 1], sy[i] - sy[i - 1]);
  const double direct = std::hypot(sx[i1] - sx[i0], sy[i1] - sy[i0]);
  if (direct < 2) return std::nullopt;  // under 2 cm: no direction to be straight in
  return std::max(1.0, length / direct);
}

void BubbleReach::Report(bool hit, double t_ms) {
  TrialResult r;
  r.parameters = {{"target_radius", radius_, "1"},
                  {"time_limit", limit_ms_ / 1000, "s"},
                  {"hand", left_hand_ ? 0.0 : 1.0, "1"}};
  r.outcome = hit ? TrialOutcome::kSuccess : TrialOutcome::kFailure;
  r.note = hit ? "touched" : "time ran out";
  // A miss stores no time limit as a reaction time and no movement time: only what happened.
  r.metrics = {{"hit", hit ? 1.0 : 0.0, "1"}};
  if (reaction_ms_) r.metrics.push_back({"reaction_time", *reaction_ms_ / 1000, "s"});
  if (hit && reaction_ms_ && touch_ms_ >= *reaction_ms_)
    r.metrics.push_back({"movement_time", (touch_ms_ - *reaction_ms_) / 1000, "s"});
  if (hit && reaction_ms_)
    if (const auto straight = Straightness())
      r.metrics.push_back({"path_straightness", *straight, "1"});
  if (hit && path_t_ms_.size() >= 8)
    r.metrics.push_back({"sparc", PathSparc(path_t_ms_, path_x_cm_, path_y_cm_), "1"});
  left_hand_ = !left_hand_;
  Finish(r, t_ms);
}

bool BubbleReach::CanSee(const PoseFrame& f) const {
  return LandmarksVisible(
      *f.pose, {left_hand_ ? kLeftWrist : kRightWrist, left_hand_ ? kLeftShoulder : kRightShoulder},
      kVisible);
}

void BubbleReach::Step(const PoseFrame& f, double /*dt_ms*/) {
  const double t = f.capture_ms;
  const int hand = left_hand_ ? kLeftIndex : kRightIndex,
            wrist = left_hand_ ? kLeftWrist : kRightWrist;
  const auto& l = f.pose->landmarks;
  const int p = l[hand].visibility >= kVisible ? hand : wrist;
  hand_x_ = l[p].x;
  hand_y_ = l[p].y;
  const Calibration& c = calibration();
  const double w = c.image_width, h = c.image_height, cm = CmPerPx();
  if (path_t_ms_.empty() || t > path_t_ms_.back()) {
    path_t_ms_.push_back(t);
    path_active_ms_.push_back(trial_clock_ms());
    path_x_cm_.push_back(hand_x_ * w * cm);
    path_y_cm_.push_back(hand_y_ * h * cm);
  }
  // Onset: where the hand left its resting place towards the bubble, not where it passed 5 cm.
  // Event times on the trial clock that runs through unseen stretches too: after a long gap
  // (the trial on hold) the reaction is still timed from the bubble appearing.
  const double now = trial_clock_ms();
  // This frame comes after a gap too long to bridge (not after a pause, which neither clock
  // counts): the trial clock ran through it, the active time did not.
  const bool after_gap = now - active_ms() > unseen_ms_ + 1e-6;
  unseen_ms_ = now - active_ms();
  if (after_gap && !reaction_ms_) rest_after_gap_ = true;
  if (!reaction_ms_) {
    reaction_ms_ = onset_.Add(now, hand_x_ * w * cm, hand_y_ * h * cm, tx_ * w * cm, ty_ * h * cm);
    // The onset is only known when the hand was seen resting before it and leaving: unseen
    // there (a long gap reset the detector, or a gap of kMaxOnsetUnseenMs or more where it
    // left), it could lie anywhere in that stretch.
    if (reaction_ms_ && ((rest_after_gap_ && onset_.rest_seen_ms() < kMinRestSeenMs) ||
                         onset_.unseen_at_onset_ms() >= kMaxOnsetUnseenMs))
      Unmeasurable(
          "the hand was out of view when it started moving, so the reaction and "
          "movement times cannot be told");
  }
  // Inside the bubble (radius in picture heights); entering is interpolated between frames.
  const double d = std::hypot((hand_x_ - tx_) * w / h, hand_y_ - ty_);
  if (d <= radius_) {
    if (inside_since_ms_ < 0) {
      inside_since_ms_ = t;
      touch_ms_ = now;
      if (prev_d_ > radius_)
        touch_ms_ = prev_active_ms_ + (now - prev_active_ms_) * (prev_d_ - radius_) / (prev_d_ - d);
      if (reaction_ms_) touch_ms_ = std::max(touch_ms_, *reaction_ms_);
      // First seen inside after a long gap: it entered somewhere in the gap.
      if (after_gap && prev_d_ < 0)
        Unmeasurable(
            "the hand was out of view when it reached the bubble, so the movement "
            "time cannot be told");
    }
    if (t - inside_since_ms_ >= kHoldMs) return Report(true, t);
  } else {
    inside_since_ms_ = -1;
  }
  prev_d_ = d;
  prev_active_ms_ = now;
  if (active_ms() >= limit_ms_) Report(false, t);
}

ExerciseView BubbleReach::View() const {
  ExerciseView v = BaseView();
  if (Done()) {
    v.prompt = "Well done!";
    return v;
  }
  v.prompt = missing() ? "I cannot see your hand: please step back into view."
                       : std::string("Touch the bubble with your ") +
                             (left_hand_ ? "LEFT" : "RIGHT") + " hand.";
  Shape target{Shape::Role::kTarget, tx_, ty_, radius_, left_hand_ ? "L" : "R", 0};
  if (inside_since_ms_ >= 0)
    target.progress = std::min(1.0, (now_ms() - inside_since_ms_) / kHoldMs);
  v.shapes.push_back(target);
  if (hand_x_ >= 0 && !missing())
    v.shapes.push_back({Shape::Role::kHand, hand_x_, hand_y_, 0.02, left_hand_ ? "L" : "R", 0});
  return v;
}

}  // namespace poise::core
