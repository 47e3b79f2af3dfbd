// TrialResult: what an exercise reports for one finished trial. Plain value type shared by the
// exercises, the difficulty controller, the session store and the UI.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poise::core {

/// One measured quantity with its unit (UCUM where one exists: "s", "cm", "Hz", "cm/s", "1").
struct Metric {
  std::string name;  ///< snake_case id, e.g. "hold_time", "sway_area"
  double value = 0;
  std::string unit;
};

/// One difficulty parameter actually used for the trial, e.g. {"hold_time", 10, "s"}.
struct Parameter {
  std::string name;
  double value = 0;
  std::string unit;
};

enum class TrialOutcome {
  kSuccess,  ///< the goal was met
  kFailure,  ///< tried and missed (counts against the success rate)
  kInvalid,  ///< did not count: e.g. stepped during a reach, landmarks not visible (not scored)
};

struct TrialResult {
  std::string exercise_id;  ///< catalogue id, e.g. "single_leg_stance"
  std::string variant;      ///< "standing" | "seated"
  int trial_index = 0;      ///< 0-based within the exercise block
  double level = 0;         ///< difficulty level in [0, 1] the trial was run at
  std::vector<Parameter> parameters;
  TrialOutcome outcome = TrialOutcome::kFailure;
  std::string note;  ///< why, in plain words ("stepped", "touched down 2 times")
  std::vector<Metric> metrics;
  double start_ms = 0;  ///< session clock
  double end_ms = 0;
};

/// The value of the metric called `name`, if the trial reported it.
inline std::optional<double> MetricValue(const TrialResult& t, std::string_view name) {
  for (const Metric& m : t.metrics)
    if (m.name == name) return m.value;
  return std::nullopt;
}

inline const char* TrialOutcomeName(TrialOutcome o) {
  switch (o) {
    case TrialOutcome::kSuccess:
      return "success";
    case TrialOutcome::kFailure:
      return "failure";
    case TrialOutcome::kInvalid:
      return "invalid";
  }
  return "failure";
}

}  // namespace poise::core
