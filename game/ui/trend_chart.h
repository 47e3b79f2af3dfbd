// Charts for the physiotherapist's review, drawn with ImGui's draw list at the cursor: a metric's
// weekly means across weeks and the weekly adherence strip (numbers in each box, not colour
// alone). A trend chart has its name in words, a value axis that suits the metric (core::
// AxisForMetric: a rate runs 0-100 %), as many date labels as fit, reference values as dashed
// lines tagged outside the plot (never on the data), a legend, the latest value written out, and
// a tooltip with a week's value and date under the mouse. Sizes follow the current font, so they
// stay readable at 100-200 % UI scale.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "game/core/metrics/reference_values.h"
#include "game/core/metrics/trends.h"

namespace poise::ui {

/// One point of a chart: a week's mean.
struct ChartPoint {
  int week = 0;  ///< day number of the week's Monday
  double value = 0;
  int n = 0;                  ///< trials behind it
  bool poor_quality = false;  ///< drawn hollow and named so in the tooltip and legend
};

struct ChartData {
  std::string exercise, metric, unit;  ///< ids and UCUM unit as stored
  std::vector<ChartPoint> points;      ///< ascending weeks
  std::vector<core::ReferenceLine> refs;
};
/// The chart of a weekly trend, with the metric's published reference lines.
ChartData ChartOfTrend(const core::MetricTrend& trend);

/// Draws the chart in a box `width` wide (height from the font size) and advances the cursor.
void DrawTrendChart(const ChartData& chart, float width, bool high_contrast);
/// How many weeks met the target, then one box per week ("done/target", a thick frame when met)
/// for the most recent weeks that fit on one row, with their dates.
void DrawAdherenceStrip(const std::vector<core::AdherenceWeek>& weeks, float width,
                        bool high_contrast);

}  // namespace poise::ui
