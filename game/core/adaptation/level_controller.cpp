#include "game/core/adaptation/level_controller.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace poise::core {

const char* LevelReasonName(LevelReason reason) {
  switch (reason) {
    case LevelReason::kStart:
      return "session start";
    case LevelReason::kSuccess:
      return "success";
    case LevelReason::kFailure:
      return "failure";
    case LevelReason::kFatigue:
      return "fatigue";
    case LevelReason::kBounds:
      return "bounds";
    case LevelReason::kLateSession:
      return "held: late in session or resting";
  }
  return "unknown";
}

std::string ValidateLevelBounds(const LevelBounds& b) {
  auto in01 = [](double v) { return std::isfinite(v) && v >= 0 && v <= 1; };
  if (!in01(b.min)) return "level minimum must be between 0 and 1";
  if (!in01(b.max)) return "level maximum must be between 0 and 1";
  if (b.min > b.max) return "level minimum must not be above the maximum";
  if (!in01(b.start) || b.start < b.min || b.start > b.max)
    return "level start must lie between the minimum and the maximum";
  if (!std::isfinite(b.target_success) || b.target_success < 0.5 || b.target_success > 0.95)
    return "target success rate must be between 50 % and 95 %";
  return "";
}

nlohmann::json LevelStateToJson(const LevelState& s) {
  return {{"level", s.level}, {"step", s.step}, {"reversals", s.reversals}, {"trials", s.trials}};
}

LevelState LevelStateFromJson(const nlohmann::json& j) {
  LevelState s;
  auto num = [&](const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number())
      throw std::runtime_error(std::string("difficulty state: '") + key +
                               "' is missing or not a number");
    return j[key].get<double>();
  };
  s.level = num("level");
  s.step = num("step");
  s.reversals = int(num("reversals"));
  s.trials = int(num("trials"));
  if (!(s.level >= 0 && s.level <= 1) || !(s.step > 0 && s.step <= 1) || s.reversals < 0 ||
      s.trials < 0)
    throw std::runtime_error("difficulty state: values out of range");
  return s;
}

LevelController::LevelController(const LevelBounds& bounds,
                                 const std::optional<LevelState>& carried,
                                 const LevelControllerOptions& options)
    : bounds_(bounds), options_(options) {
  if (const std::string err = ValidateLevelBounds(bounds); !err.empty())
    throw std::invalid_argument(err);
  if (carried) {
    state_ = *carried;
    // Keep what was learnt about the step, but allow some re-adaptation after a break.
    state_.step = std::clamp(std::max(carried->step, 2 * options_.min_step), options_.min_step,
                             options_.initial_step);
    state_.level = std::clamp(carried->level - options_.warm_up_margin, bounds_.min, bounds_.max);
  } else {
    state_ = {bounds_.start, options_.initial_step, 0, 0};
  }
  start_ = {carried ? carried->level : bounds_.start, state_.level, LevelReason::kStart, -1};
}

std::optional<LevelChange> LevelController::MoveTo(double target, LevelReason reason) {
  const double from = state_.level;
  if (session_trials_ <= options_.gentle_trials)  // a gentle start
    target =
        std::clamp(target, from - options_.gentle_max_change, from + options_.gentle_max_change);
  const double clamped = std::clamp(target, bounds_.min, bounds_.max);
  if (clamped != target) reason = LevelReason::kBounds;
  state_.level = clamped;
  // Only real changes are reported: a level already at the minimum (or maximum) stays put.
  if (clamped == from) return std::nullopt;
  return LevelChange{from, clamped, reason, state_.trials - 1};
}

std::optional<LevelChange> LevelController::RecordTrial(bool success, bool allow_raise) {
  ++state_.trials;
  ++session_trials_;
  const int direction = success ? 1 : -1;
  if (last_direction_ != 0 && direction != last_direction_) {
    ++state_.reversals;
    state_.step = std::max(options_.min_step,
                           options_.initial_step / (1 + options_.shrink * state_.reversals));
  }
  last_direction_ = direction;
  const double p = bounds_.target_success;
  if (success) {
    const double up = state_.step * (1 - p) * 2;
    if (!allow_raise) {
      held_credit_ += up;
      return LevelChange{state_.level, state_.level, LevelReason::kLateSession, state_.trials - 1};
    }
    held_credit_ = 0;
    return MoveTo(state_.level + up, LevelReason::kSuccess);
  }
  double down = state_.step * p * 2;
  const double used = std::min(held_credit_, down);
  held_credit_ -= used;
  down -= used;
  if (down <= 0) return std::nullopt;
  return MoveTo(state_.level - down, LevelReason::kFailure);
}

std::optional<LevelChange> LevelController::LowerForFatigue(double amount) {
  auto c = MoveTo(state_.level - amount, LevelReason::kFatigue);
  held_credit_ = 0;
  if (!c || c->from == c->to) return std::nullopt;
  c->reason = LevelReason::kFatigue;  // lowered for fatigue, even if the minimum stopped it
  return c;
}

}  // namespace poise::core
