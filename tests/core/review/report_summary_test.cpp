// The report summary's changes since a day: trial-weighted means on each side of its week.
#include "game/core/review/report_summary.h"

#include <gtest/gtest.h>

namespace poise::core {
namespace {

TEST(ReportSummaryTest, Changes_AreWeightedMeansBeforeAndSinceTheWeek) {
  const int w1 = DayNumber("2026-11-02"), w2 = w1 + 7, w3 = w1 + 14;  // Mondays
  MetricTrend hold{"single_leg_stance", "hold_time", "s", {{w1, 4, 10}, {w2, 6, 30}, {w3, 9, 10}}};
  MetricTrend leg{"single_leg_stance", "stance_leg", "1", {{w1, 0.5, 10}, {w3, 0.5, 10}}};
  MetricTrend only_new{"bubble_reach", "hit", "1", {{w3, 0.8, 20}}};
  // Split on the Wednesday of week 2: week 2 counts as "since".
  const auto c = ChangesSince({hold, leg, only_new}, w2 + 2);
  ASSERT_EQ(c.size(), 1u) << "a code and a metric without earlier trials are left out";
  EXPECT_EQ(c[0].metric, "hold_time");
  EXPECT_DOUBLE_EQ(c[0].before, 4);
  EXPECT_EQ(c[0].n_before, 10);
  EXPECT_DOUBLE_EQ(c[0].since, (6 * 30 + 9 * 10) / 40.0);
  EXPECT_EQ(c[0].n_since, 40);
}

}  // namespace
}  // namespace poise::core
