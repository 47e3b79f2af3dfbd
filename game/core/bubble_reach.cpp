#include "game/core/bubble_reach.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kHoldMs = 150;

double Lerp(double a, double b, double t) { return a + (b - a) * std::clamp(t, 0.0, 1.0); }

}  // namespace

std::vector<std::string> BubbleReach::Instructions() const {
  return {"A bubble appears with a letter: L for your left hand, R for your right hand.",
          "Touch the bubble with that hand and hold it there for a moment.",
          "Keep your feet still. Move at your own pace."};
}

void BubbleReach::Start(const ExerciseConfig& config, double t_ms) {
  config_ = config;
  level_ = config.level;
  trial_ = score_ = 0;
  left_hand_ = config.dominant_side != "left";  // start with the non-dominant hand
  finished_.clear();
  NewTarget(t_ms);
}

void BubbleReach::NewTarget(double t_ms) {
  const Calibration& c = config_.calibration;
  const double w = c.image_width, h = c.image_height;
  radius_ = Lerp(0.10, 0.045, level_);
  limit_ms_ = Lerp(8000, 4000, level_);
  const double reach_cm = std::max(20.0, left_hand_ ? c.reach_left_cm : c.reach_right_cm);
  const double dist_px = Lerp(0.5, 1.0, level_) * reach_cm / std::max(c.cm_per_px, 1e-6);
  // Angles from straight out sideways (0) towards overhead (90 deg); across the body past 90.
  const double max_deg = level_ >= 0.5 ? 135 : 80;
  const double deg = std::fmod(37.0 * (trial_ + 1), max_deg + 10) - 10;  // spread, deterministic
  const double a = deg * std::numbers::pi / 180;
  const double side = left_hand_ ? 1 : -1;  // person's left = image +x
  const double sx = c.neutral_shoulder_x + side * 0.02, sy = c.neutral_shoulder_y;
  tx_ = std::clamp(sx + side * std::cos(a) * dist_px / w, 0.08, 0.92);
  ty_ = std::clamp(sy - std::sin(a) * dist_px / h, 0.08, 0.92);
  trial_start_ms_ = t_ms;
  active_ms_ = 0;
  last_t_ms_ = t_ms;
  inside_since_ms_ = -1;
  reaction_ms_.reset();
  start_hx_ = start_hy_ = last_hx_ = last_hy_ = -1;
  path_px_ = 0;
}

void BubbleReach::Finish(bool hit, double t_ms) {
  const Calibration& c = config_.calibration;
  TrialResult r;
  r.exercise_id = Id();
  r.variant = config_.variant;
  r.trial_index = trial_;
  r.level = level_;
  r.parameters = {{"target_radius", radius_, "1"},
                  {"time_limit", limit_ms_ / 1000, "s"},
                  {"hand", left_hand_ ? 0.0 : 1.0, "1"}};
  r.outcome = hit ? TrialOutcome::kSuccess : TrialOutcome::kFailure;
  r.note = hit ? "touched" : "time ran out";
  const double mt_s = (active_ms_ - reaction_ms_.value_or(active_ms_)) / 1000;
  const double direct_px =
      std::hypot((tx_ - start_hx_) * c.image_width, (ty_ - start_hy_) * c.image_height);
  r.metrics = {{"hit", hit ? 1.0 : 0.0, "1"},
               {"reaction_time", reaction_ms_.value_or(active_ms_) / 1000, "s"},
               {"movement_time", mt_s, "s"}};
  if (hit && start_hx_ >= 0 && direct_px > 1)
    r.metrics.push_back({"path_straightness", path_px_ / direct_px, "1"});
  r.start_ms = trial_start_ms_;
  r.end_ms = t_ms;
  finished_.push_back(r);
  score_ += hit;
  ++trial_;
  left_hand_ = !left_hand_;
  if (!Done()) NewTarget(t_ms);
}

void BubbleReach::Update(const PoseFrame& f) {
  if (Done()) return;
  const double t = f.capture_ms;
  const double dt = std::max(0.0, t - last_t_ms_);
  last_t_ms_ = t;
  const int hand = left_hand_ ? kLeftIndex : kRightIndex,
            wrist = left_hand_ ? kLeftWrist : kRightWrist;
  const int shoulder = left_hand_ ? kLeftShoulder : kRightShoulder;
  missing_ = !f.pose || f.pose->landmarks[wrist].visibility < kVisible ||
             f.pose->landmarks[shoulder].visibility < kVisible;
  if (missing_) {  // hold the trial: never count or fail while we cannot see the hand
    inside_since_ms_ = -1;
    return;
  }
  active_ms_ += dt;
  const auto& l = f.pose->landmarks;
  const int p = l[hand].visibility >= kVisible ? hand : wrist;
  hand_x_ = l[p].x;
  hand_y_ = l[p].y;
  const Calibration& c = config_.calibration;
  const double w = c.image_width, h = c.image_height;
  if (start_hx_ < 0) {
    start_hx_ = last_hx_ = hand_x_;
    start_hy_ = last_hy_ = hand_y_;
  }
  path_px_ += std::hypot((hand_x_ - last_hx_) * w, (hand_y_ - last_hy_) * h);
  last_hx_ = hand_x_;
  last_hy_ = hand_y_;
  const double moved_cm =
      std::hypot((hand_x_ - start_hx_) * w, (hand_y_ - start_hy_) * h) * c.cm_per_px;
  if (!reaction_ms_ && moved_cm >= 5) reaction_ms_ = active_ms_;
  // Inside the bubble (radius in picture heights).
  const double d = std::hypot((hand_x_ - tx_) * w / h, hand_y_ - ty_);
  if (d <= radius_) {
    if (inside_since_ms_ < 0) inside_since_ms_ = t;
    if (t - inside_since_ms_ >= kHoldMs) return Finish(true, t);
  } else {
    inside_since_ms_ = -1;
  }
  if (active_ms_ >= limit_ms_) Finish(false, t);
}

std::vector<TrialResult> BubbleReach::TakeFinishedTrials() { return std::exchange(finished_, {}); }

ExerciseView BubbleReach::View() const {
  ExerciseView v;
  v.trial = std::min(trial_ + 1, config_.trials);
  v.trials = config_.trials;
  v.score = score_;
  v.landmarks_missing = missing_;
  if (Done()) {
    v.prompt = "Well done!";
    return v;
  }
  v.prompt = missing_ ? "I cannot see your hand: please step back into view."
                      : std::string("Touch the bubble with your ") +
                            (left_hand_ ? "LEFT" : "RIGHT") + " hand.";
  Shape target{Shape::Role::kTarget, tx_, ty_, radius_, left_hand_ ? "L" : "R", 0};
  if (inside_since_ms_ >= 0)
    target.progress = std::min(1.0, (last_t_ms_ - inside_since_ms_) / kHoldMs);
  v.shapes.push_back(target);
  if (hand_x_ >= 0 && !missing_)
    v.shapes.push_back({Shape::Role::kHand, hand_x_, hand_y_, 0.02, left_hand_ ? "L" : "R", 0});
  return v;
}

std::unique_ptr<Exercise> CreateExercise(const std::string& id) {
  if (id == "bubble_reach") return std::make_unique<BubbleReach>();
  return nullptr;
}

}  // namespace poise::core
