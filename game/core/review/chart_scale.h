// Scales for the review's charts (screen and PDF): a value axis that suits the metric (a rate runs
// 0-100 %, a time or distance from 0 unless its values sit far from 0, a signed value around its
// data) with round tick values, date ticks that fit the width without overlapping, and labels
// stacked so they never overlap. Pure: no drawing.
#pragma once

#include <string>
#include <vector>

#include "game/core/metrics/reference_values.h"
#include "game/core/metrics/trends.h"
#include "game/core/review/plain_words.h"

namespace poise::core {

struct ValueAxis {
  double lo = 0, hi = 1;      ///< in display units (values x scale)
  std::vector<double> ticks;  ///< round values from lo to hi, display units
  double scale = 1;           ///< display value = stored value x scale (100 for a 0-1 rate)
  std::string unit;           ///< display unit: "%", "s", "cm²", "" (none)
  int decimals = 0;           ///< for the tick labels
  /// "12.5 %" / "3 s": a tick or a value in display units with the unit.
  std::string Label(double display_value) const;
};

/// The axis for `values` (stored units) and the reference lines of one metric. At most
/// `max_ticks` ticks (at least 2).
ValueAxis AxisForMetric(const std::string& metric, const std::string& unit,
                        const std::vector<double>& values, const std::vector<ReferenceLine>& refs,
                        int max_ticks = 5);

/// Up to `max_labels` (at least 2 when first < last) day numbers from first to last, evenly
/// spread, always with the first and the last.
std::vector<int> DateTicks(int first, int last, int max_labels);

/// Date ticks from first to last (day numbers) whose labels, `label_w` wide, centred under their
/// tick on an axis `axis_w` long and kept inside it, leave at least `gap` between them: the
/// first and the last always, inner ones only where they fit.
std::vector<int> FitDateTicks(int first, int last, float axis_w, float label_w, float gap);
/// Where FitDateTicks puts a label's left edge (0 = the axis' start).
float DateLabelX(int day, int first, int last, float axis_w, float label_w);

/// Positions for labels of height `h` wanted at `ys` (top edges, any order), moved as little as
/// possible so none overlaps another and all stay within [lo, hi - h]. Same order as `ys`.
std::vector<float> StackLabels(const std::vector<float>& ys, float h, float lo, float hi);

}  // namespace poise::core
