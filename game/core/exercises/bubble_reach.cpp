#include "game/core/exercises/bubble_reach.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "game/core/metrics/movement_metrics.h"

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kHoldMs = 150;
constexpr double kOnsetCm = 5, kRestCm = 1;  // movement detected at 5 cm, timed back to 1 cm

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
            "from the bubble appearing to movement onset: the hand's first 5 cm away from where "
            "it was, timed back to where it left its resting place (within 1 cm); not given when "
            "the hand never moved"},
           {"movement_time", "s",
            "from movement onset to the hand entering the bubble; only for a touch (a miss has "
            "no movement time)"},
           {"path_straightness", "1", "hand path length / straight-line distance (1 = straight)"},
           {"sparc", "1",
            "smoothness of the hand's path: spectral arc length of its speed (healthy reaching "
            "about -1.4 to -1.6; closer to 0 is smoother); after a touch of at least 8 frames"}}};
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
  reaction_ms_.reset();
  touch_ms_ = -1;
  moved_.clear();
  start_hx_ = start_hy_ = last_hx_ = last_hy_ = -1;
  path_px_ = 0;
  path_t_ms_.clear();
  path_x_cm_.clear();
  path_y_cm_.clear();
}

void BubbleReach::Report(bool hit, double t_ms) {
  const Calibration& c = calibration();
  TrialResult r;
  r.parameters = {{"target_radius", radius_, "1"},
                  {"time_limit", limit_ms_ / 1000, "s"},
                  {"hand", left_hand_ ? 0.0 : 1.0, "1"}};
  r.outcome = hit ? TrialOutcome::kSuccess : TrialOutcome::kFailure;
  r.note = hit ? "touched" : "time ran out";
  const double direct_px =
      std::hypot((tx_ - start_hx_) * c.image_width, (ty_ - start_hy_) * c.image_height);
  // A miss stores no time limit as a reaction time and no movement time: only what happened.
  r.metrics = {{"hit", hit ? 1.0 : 0.0, "1"}};
  if (reaction_ms_) r.metrics.push_back({"reaction_time", *reaction_ms_ / 1000, "s"});
  if (hit && reaction_ms_ && touch_ms_ >= *reaction_ms_)
    r.metrics.push_back({"movement_time", (touch_ms_ - *reaction_ms_) / 1000, "s"});
  if (hit && start_hx_ >= 0 && direct_px > 1)
    r.metrics.push_back({"path_straightness", path_px_ / direct_px, "1"});
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
  const double w = c.image_width, h = c.image_height;
  if (start_hx_ < 0) {
    start_hx_ = last_hx_ = hand_x_;
    start_hy_ = last_hy_ = hand_y_;
  }
  path_px_ += std::hypot((hand_x_ - last_hx_) * w, (hand_y_ - last_hy_) * h);
  if (path_t_ms_.empty() || t > path_t_ms_.back()) {
    path_t_ms_.push_back(t);
    path_x_cm_.push_back(hand_x_ * w * CmPerPx());
    path_y_cm_.push_back(hand_y_ * h * CmPerPx());
  }
  last_hx_ = hand_x_;
  last_hy_ = hand_y_;
  const double moved_cm =
      std::hypot((hand_x_ - start_hx_) * w, (hand_y_ - start_hy_) * h) * CmPerPx();
  if (!reaction_ms_) {
    moved_.push_back({active_ms(), moved_cm});
    if (moved_cm >= kOnsetCm) {
      // Onset: where the hand left its resting place, not where it passed 5 cm.
      reaction_ms_ = LeftRestMs(moved_, kRestCm, kOnsetCm).value_or(active_ms());
      moved_.clear();
    }
  }
  // Inside the bubble (radius in picture heights).
  const double d = std::hypot((hand_x_ - tx_) * w / h, hand_y_ - ty_);
  if (d <= radius_) {
    if (inside_since_ms_ < 0) {
      inside_since_ms_ = t;
      touch_ms_ = active_ms();
    }
    if (t - inside_since_ms_ >= kHoldMs) return Report(true, t);
  } else {
    inside_since_ms_ = -1;
  }
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
