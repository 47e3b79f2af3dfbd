// Adaptive difficulty for one exercise and one patient: a level in [0, 1] that each exercise maps
// onto its own parameters. A weighted up-down staircase (Kaernbach 1991) aims at a target success
// rate: after a success the level rises by step * (1 - target) * 2, after a failure it falls by
// step * target * 2, so it settles where successes happen at the target rate; the step shrinks at
// every reversal (down to a floor), so it converges instead of oscillating. A FatigueMonitor can
// veto or lower it. Pure logic: no clock, no I/O; every change reports its reason.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace poise::core {

/// The physiotherapist's limits for one exercise (from the plan).
struct LevelBounds {
  double min = 0.0, start = 0.3, max = 1.0;
  double target_success = 0.75;  ///< aimed-at success rate, 0.5 - 0.95
};

/// Tuning; the defaults were chosen with `poise simulate-difficulty`.
struct LevelControllerOptions {
  double initial_step = 0.2;    ///< larger = faster first approach, more overshoot
  double min_step = 0.02;       ///< floor of the shrinking step: how closely it tracks change
  double shrink = 0.5;          ///< step = initial / (1 + shrink * reversals)
  double warm_up_margin = 0.1;  ///< a new session starts this much below where the last ended
  /// Gentle start: in a session's first `gentle_trials` trials no single change exceeds
  /// `gentle_max_change` (one early miss must not drop a frail player to the minimum; more
  /// trials to settle, see `poise simulate-difficulty`).
  int gentle_trials = 4;
  double gentle_max_change = 0.1;
};

enum class LevelReason {
  kStart,        ///< session start (from the plan, or carried over minus the warm-up margin)
  kSuccess,      ///< the trial succeeded: a little harder
  kFailure,      ///< the trial failed: easier
  kFatigue,      ///< the fatigue guard lowered it
  kBounds,       ///< a change was clamped to the plan's minimum or maximum (never logged when
                 ///< the level stays where it was)
  kLateSession,  ///< a rise was held back: last fifth of the session, or just after fatigue
};
const char* LevelReasonName(LevelReason reason);

/// One change of level, to be logged and shown to the physiotherapist.
struct LevelChange {
  double from = 0, to = 0;
  LevelReason reason = LevelReason::kStart;
  int trial_index = -1;  ///< the trial that caused it (-1 at session start)
};

/// What carries over from one session to the next (store it as JSON with the patient).
struct LevelState {
  double level = 0.3;
  double step = 0.2;
  int reversals = 0;
  int trials = 0;
};
nlohmann::json LevelStateToJson(const LevelState& s);
/// Throws std::runtime_error naming the field on malformed input.
LevelState LevelStateFromJson(const nlohmann::json& j);

class LevelController {
 public:
  /// Starts a session: from the plan's start, or from `carried` minus the warm-up margin;
  /// always inside the bounds. Throws std::invalid_argument if the bounds are inconsistent.
  LevelController(const LevelBounds& bounds,
                  const std::optional<LevelState>& carried = std::nullopt,
                  const LevelControllerOptions& options = {});

  double level() const { return state_.level; }
  const LevelState& state() const { return state_; }
  const LevelBounds& bounds() const { return bounds_; }
  const LevelChange& start_change() const { return start_; }

  /// Records a scored trial. `allow_raise` false holds a rise back (reason kLateSession); a held
  /// rise is kept as credit that the next failures use up before the level falls, so holding
  /// rises late in a session does not drag the level below the target-rate level.
  /// Returns the change, if the level moved or a move was held back or clamped.
  std::optional<LevelChange> RecordTrial(bool success, bool allow_raise = true);
  /// Lowers the level by `amount` for fatigue (clamped to the minimum).
  std::optional<LevelChange> LowerForFatigue(double amount);

 private:
  std::optional<LevelChange> MoveTo(double target, LevelReason reason);
  LevelBounds bounds_;
  LevelControllerOptions options_;
  LevelState state_;
  LevelChange start_;
  int last_direction_ = 0;
  int session_trials_ = 0;  ///< trials recorded in this session (the gentle start)
  double held_credit_ = 0;  ///< rises held back and not yet used up by failures
};

/// Checks bounds: 0 <= min <= start <= max <= 1, target in [0.5, 0.95]; returns an empty string
/// when valid, else one sentence naming the field and the allowed range.
std::string ValidateLevelBounds(const LevelBounds& b);

}  // namespace poise::core
