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

/// How well the trial was seen: stored and exported with it, so a number from a poorly tracked
/// trial can be told apart from a good one.
struct TrialQuality {
  /// Share of the trial's time whose frames showed every landmark the exercise needs (each frame
  /// stands for the time since the previous one).
  double seen_fraction = 1;
  double effective_fps = 0;  ///< frames with the needed landmarks per second of trial time
  /// Frame-to-frame tracking noise of the shoulders and hips (cm, one standard deviation, from
  /// the median second difference, so steady movement does not count as noise).
  double jitter_cm = 0;
  int gaps_bridged = 0;       ///< short gaps (at most kMaxBridgedGapMs) the trial clock ran through
  double longest_gap_ms = 0;  ///< the longest gap without the needed landmarks, bridged or not
  bool measurable = true;     ///< false: the trial's numbers would be wrong, so none are kept
  std::string reason;         ///< why it is unmeasurable, in plain words (empty if measurable)
};

/// Quality below which a metric is shown marked (but still kept, and left out of the trends):
/// seen under 80 % of the time, under 10 frames a second, or jitter over 1.5 cm (each worse than
/// an ordinary webcam gives; see trial.cpp).
bool PoorQuality(const TrialQuality& q);
/// One short phrase saying what is poor, e.g. "seen 82 % of the time", or empty.
std::string QualityProblem(const TrialQuality& q);

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
  TrialQuality quality;
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
