#include "game/core/review/report_summary.h"

#include "game/core/review/plain_words.h"

namespace poise::core {

std::vector<MetricChange> ChangesSince(const std::vector<MetricTrend>& trends, int split_day) {
  const int split_week = WeekStart(split_day);
  std::vector<MetricChange> out;
  for (const MetricTrend& t : trends) {
    if (KindOfMetric(t.metric, t.unit) == MetricKind::kCategory) continue;
    MetricChange c{t.exercise, t.metric, t.unit};
    double sum_before = 0, sum_since = 0;
    for (const WeeklyPoint& w : t.weeks) {
      if (w.week < split_week) {
        sum_before += w.mean * w.n;
        c.n_before += w.n;
      } else {
        sum_since += w.mean * w.n;
        c.n_since += w.n;
      }
    }
    if (c.n_before == 0 || c.n_since == 0) continue;
    c.before = sum_before / c.n_before;
    c.since = sum_since / c.n_since;
    out.push_back(c);
  }
  return out;
}

}  // namespace poise::core
