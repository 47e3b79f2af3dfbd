// Fatigue guard for one session. People with MS tire: a decline within the session is a usable
// signal (clinical.md). The monitor compares recent trials with the session's start:
//  - a failure streak (3 in a row),
//  - a drop in success rate (last 8 trials at least 0.3 below the first 8, or below the target),
//  - slowing movement (median of the last 3 movement times 20 % above the first 8's median),
//  - self-reported fatigue (0-10: 5-6 moderate, 7+ high).
// Two of the performance signals together, or high self-reported fatigue, count as fatigue: the
// level is lowered and a rest offered; a second detection (or high self-report) enforces the rest.
// Rises are held back in the last fifth of the session and for a few trials after fatigue.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace poise::core {

struct FatigueOptions {
  int baseline_trials = 8;      ///< trials that define the session's start
  int recent_trials = 8;        ///< window for the success-rate decline
  double decline = 0.3;         ///< success-rate drop that counts as a decline
  int strong_window = 12;       ///< window for a strong decline
  double strong_decline = 0.4;  ///< drop below the start/target that needs no slowing
  int failure_streak = 3;
  int slowing_window = 3;
  double slowing_ratio = 1.2;  ///< recent median movement time / baseline median
  double lower_by = 0.1;       ///< level drop on fatigue
  int cooldown_trials = 5;     ///< after a detection: no new detection, no rises
  double late_fraction = 0.8;  ///< the last fifth of a session: no rises
};

enum class RestAdvice { kNone, kOffer, kEnforce };
const char* RestAdviceName(RestAdvice r);

/// One scored trial as the monitor sees it.
struct TrialSignal {
  bool success = false;
  std::optional<double> movement_time_s;  ///< e.g. reach or step time; none if not measured
  double session_progress = 0;            ///< elapsed / planned session length, 0..1
};

struct FatigueDecision {
  bool fatigue = false;  ///< lower the level now
  RestAdvice rest = RestAdvice::kNone;
  bool allow_raise = true;  ///< false in the last fifth, during cooldown or moderate fatigue
  std::string why;          ///< plain words for the log and the physiotherapist
};

class FatigueMonitor {
 public:
  explicit FatigueMonitor(double target_success, const FatigueOptions& options = {});

  /// Self-reported fatigue 0-10 (before the session or at a rest). Returns the decision it
  /// forces (high fatigue: lower and enforce a rest).
  FatigueDecision SelfReport(int fatigue_0_to_10);
  /// Call after each scored trial.
  FatigueDecision RecordTrial(const TrialSignal& t);
  int detections() const { return detections_; }

 private:
  double target_;
  FatigueOptions o_;
  std::vector<bool> outcomes_;
  std::vector<double> times_s_;
  int streak_ = 0, detections_ = 0, cooldown_ = 0, self_report_ = -1;
};

}  // namespace poise::core
