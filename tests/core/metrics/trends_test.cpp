#include "game/core/metrics/trends.h"

#include <gtest/gtest.h>

namespace poise::core {
namespace {

TEST(TrendsTest, DayNumber_RoundTripsAndKnowsLeapYears) {
  EXPECT_EQ(DayNumber("1970-01-01"), 0);
  EXPECT_EQ(DayNumber("2024-03-01") - DayNumber("2024-02-28"), 2) << "2024 is a leap year";
  EXPECT_EQ(DayNumber("2026-03-01") - DayNumber("2026-02-28"), 1);
  for (int d : {0, 365, 19000, 20417, 21000}) EXPECT_EQ(DayNumber(DateOfDay(d)), d) << d;
  EXPECT_EQ(DateOfDay(DayNumber("2026-11-25")), "2026-11-25");
  EXPECT_EQ(DayNumber("25/11/2026"), -1);
  EXPECT_EQ(DayNumber("2026-13-01"), -1);
}

TEST(TrendsTest, WeekStart_IsTheMondayOnOrBefore) {
  // 2026-11-25 is a Wednesday; its week starts on Monday 2026-11-23.
  EXPECT_EQ(DateOfDay(WeekStart(DayNumber("2026-11-25"))), "2026-11-23");
  EXPECT_EQ(DateOfDay(WeekStart(DayNumber("2026-11-23"))), "2026-11-23");
  EXPECT_EQ(DateOfDay(WeekStart(DayNumber("2026-11-29"))), "2026-11-23") << "Sunday";
  EXPECT_EQ(DateOfDay(WeekStart(DayNumber("1970-01-01"))), "1969-12-29");
}

TEST(TrendsTest, WeeklyTrends_WeightMeansByTrialsAndSplitByMetric) {
  const std::vector<DailyMetric> days = {
      {"2026-11-23", "bubble_reach", "reaction_time", "s", 1.0, 3},
      {"2026-11-25", "bubble_reach", "reaction_time", "s", 2.0, 1},
      {"2026-11-30", "bubble_reach", "reaction_time", "s", 0.5, 2},
      {"2026-11-24", "bubble_reach", "movement_time", "s", 0.9, 4},
      {"bad-date", "bubble_reach", "movement_time", "s", 99, 4},
      {"2026-11-24", "bubble_reach", "movement_time", "s", 99, 0},
  };
  const auto trends = WeeklyTrends(days);
  ASSERT_EQ(trends.size(), 2u);
  EXPECT_EQ(trends[0].metric, "movement_time");
  ASSERT_EQ(trends[0].weeks.size(), 1u);
  EXPECT_NEAR(trends[0].weeks[0].mean, 0.9, 1e-12);
  const MetricTrend& rt = trends[1];
  EXPECT_EQ(rt.unit, "s");
  ASSERT_EQ(rt.weeks.size(), 2u);
  EXPECT_EQ(DateOfDay(rt.weeks[0].week), "2026-11-23");
  EXPECT_NEAR(rt.weeks[0].mean, (3 * 1.0 + 2.0) / 4, 1e-12);
  EXPECT_EQ(rt.weeks[0].n, 4);
  EXPECT_EQ(DateOfDay(rt.weeks[1].week), "2026-11-30");
  EXPECT_NEAR(rt.weeks[1].mean, 0.5, 1e-12);
}

TEST(TrendsTest, WeeklyAdherence_CountsSessionsAndKeepsEmptyWeeks) {
  const std::vector<SessionDay> sessions = {
      {"2026-11-02", 3}, {"2026-11-04", 3}, {"2026-11-06", 3},  // week of 2 Nov: 3 of 3
      {"2026-11-17", 5},                                        // week of 16 Nov: 1 of 5
      {"2026-12-30", 3},                                        // outside the range
  };
  const auto weeks = WeeklyAdherence(sessions, DayNumber("2026-11-01"), DayNumber("2026-11-20"), 4);
  ASSERT_EQ(weeks.size(), 4u) << "weeks of 26 Oct, 2 Nov, 9 Nov, 16 Nov";
  EXPECT_EQ(DateOfDay(weeks[0].week), "2026-10-26");
  EXPECT_EQ(weeks[0].done, 0);
  EXPECT_EQ(weeks[0].target, 4) << "default target for a week without sessions";
  EXPECT_EQ(weeks[1].done, 3);
  EXPECT_EQ(weeks[1].target, 3);
  EXPECT_EQ(weeks[2].done, 0);
  EXPECT_EQ(weeks[3].done, 1);
  EXPECT_EQ(weeks[3].target, 5);
  EXPECT_TRUE(WeeklyAdherence(sessions, 10, 9).empty());
}

}  // namespace
}  // namespace poise::core
