// Charts for the physiotherapist's review, drawn with ImGui's draw list at the cursor: a metric's
// weekly means across weeks (value axis with units, dates below, published reference lines dashed
// and labelled), and the weekly adherence strip (numbers in each box, not colour alone). Sizes
// follow the current font, so they stay readable at 100-200 % UI scale.
#pragma once

#include <imgui.h>

#include <vector>

#include "game/core/metrics/trends.h"

namespace poise::ui {

/// Draws the chart in a box `width` wide (height from the font size) and advances the cursor.
void DrawTrendChart(const core::MetricTrend& trend, float width, bool high_contrast);
/// How many weeks met the target, then one box per week ("done/target", a thick frame when met)
/// for the most recent weeks that fit on one row, with their dates.
void DrawAdherenceStrip(const std::vector<core::AdherenceWeek>& weeks, float width,
                        bool high_contrast);

}  // namespace poise::ui
