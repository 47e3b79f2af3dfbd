// What the one-page summary of a report says about the measurements: per metric, the mean before
// a day (the last report's) and since it, in the metric's display units. Pure: fed by the weekly
// trends. (The quality engineer's minimal detectable change can decide which changes to flag.)
#pragma once

#include <string>
#include <vector>

#include "game/core/metrics/trends.h"

namespace poise::core {

struct MetricChange {
  std::string exercise, metric, unit;  ///< ids and UCUM unit as stored
  double before = 0, since = 0;        ///< trial-weighted means, stored units
  int n_before = 0, n_since = 0;       ///< trials behind them
};

/// For every trend with trials both before the week holding `split_day` and from it on: the two
/// means. Metrics that are codes (which leg, which stance) are left out.
std::vector<MetricChange> ChangesSince(const std::vector<MetricTrend>& trends, int split_day);

}  // namespace poise::core
