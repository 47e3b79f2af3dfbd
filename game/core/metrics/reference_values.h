// Published reference values (docs clinical.md) drawn as lines on trend charts and in reports.
// Keyed by exercise id and metric name, so any catalogue entry can have lines; a metric without
// published values has none. Poise is a training aid: the lines give context, not a diagnosis.
#pragma once

#include <string>
#include <vector>

namespace poise::core {

struct ReferenceLine {
  double value = 0;    ///< in the metric's own unit
  std::string unit;    ///< UCUM, the same as the metric's ("s", "cm", "1")
  std::string label;   ///< short, for the chart: "5 s: fall-risk cut-off"
  std::string source;  ///< where the value comes from, for the report's footnote
};

/// The reference lines for one metric of one exercise (empty when none apply).
std::vector<ReferenceLine> ReferenceLines(const std::string& exercise_id,
                                          const std::string& metric);

}  // namespace poise::core
