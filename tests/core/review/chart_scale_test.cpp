// Chart scales: axes that suit the metric, date labels that fit, labels that never overlap.
#include "game/core/review/chart_scale.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace poise::core {
namespace {

TEST(ChartScaleTest, HitRate_RunsFrom0To100Percent) {
  const ValueAxis a = AxisForMetric("hit", "1", {0.72, 0.8, 0.78}, {});
  EXPECT_EQ(a.lo, 0);
  EXPECT_EQ(a.hi, 100);
  EXPECT_EQ(a.scale, 100);
  EXPECT_EQ(a.unit, "%");
  EXPECT_EQ(a.ticks, (std::vector<double>{0, 25, 50, 75, 100}));
  EXPECT_EQ(a.Label(a.ticks[1]), "25 %");
  // Even a constant rate (every try a hit) keeps the 0-100 % axis.
  EXPECT_EQ(AxisForMetric("hit", "1", {1, 1}, {}).lo, 0);
}

TEST(ChartScaleTest, Amounts_StartAt0_UnlessFarFromIt_WithRoundTicks) {
  const ValueAxis hold = AxisForMetric("hold_time", "s", {3.2, 9.7}, {{5, "s", "5 s", ""}});
  EXPECT_EQ(hold.lo, 0);
  EXPECT_GE(hold.hi, 9.7);
  EXPECT_LE(hold.ticks.size(), 5u);
  for (const double t : hold.ticks) EXPECT_NEAR(t / 2.5, std::round(t / 2.5), 1e-9) << t;
  const ValueAxis sts = AxisForMetric("total_time", "s", {14.2, 15.1}, {});
  EXPECT_GT(sts.lo, 0) << "values far from 0 keep their own range";
  EXPECT_LE(sts.lo, 14.2);
  EXPECT_GE(sts.hi, 15.1);
  EXPECT_EQ(AxisForMetric("hip_sway_area", "cm2", {3, 4}, {}).unit, "cm²");
}

TEST(ChartScaleTest, SignedSmoothness_StaysAroundItsValuesAndReferences) {
  const ValueAxis a = AxisForMetric("sparc", "1", {-1.9, -1.7}, {{-1.4, "1", "", ""}});
  EXPECT_LE(a.lo, -1.9);
  EXPECT_GE(a.hi, -1.4 - 1e-9);
  EXPECT_LT(a.hi, 0) << "not stretched to 0";
  EXPECT_EQ(a.decimals, 1);
}

TEST(ChartScaleTest, DateTicks_FitTheirCountAndKeepTheEnds) {
  const int first = DayNumber("2025-08-04"), last = DayNumber("2025-11-24");  // Mondays
  const auto t = DateTicks(first, last, 4);
  ASSERT_LE(t.size(), 4u);
  EXPECT_EQ(t.front(), first);
  EXPECT_EQ(t.back(), last);
  for (const int d : t) EXPECT_EQ((d - first) % 7, 0) << DateOfDay(d);
  EXPECT_EQ(DateTicks(first, first, 4), std::vector<int>{first});
  EXPECT_EQ(DateTicks(first, first + 7, 6).size(), 2u);
}

TEST(ChartScaleTest, FittedDateLabels_NeverOverlap) {
  const int first = DayNumber("2025-11-24"), last = DayNumber("2026-03-23");
  for (const float axis_w : {120.0f, 300.0f, 540.0f, 715.0f, 1500.0f}) {
    const float label_w = 130, gap = 20;
    const auto t = FitDateTicks(first, last, axis_w, label_w, gap);
    ASSERT_FALSE(t.empty());
    EXPECT_EQ(t.back(), last) << axis_w;
    for (size_t i = 1; i < t.size(); ++i)
      EXPECT_GE(DateLabelX(t[i], first, last, axis_w, label_w),
                DateLabelX(t[i - 1], first, last, axis_w, label_w) + label_w + gap)
          << axis_w << ": " << DateOfDay(t[i - 1]) << " and " << DateOfDay(t[i]);
    if (axis_w >= 2 * label_w + gap) {
      EXPECT_EQ(t.front(), first) << axis_w;
    }
  }
}

TEST(ChartScaleTest, StackedLabels_NeverOverlapAndStayInside) {
  const auto y = StackLabels({50, 52, 10, 95}, 10, 0, 100);
  EXPECT_EQ(y[2], 10);
  EXPECT_EQ(y[0], 50);
  EXPECT_GE(y[1], y[0] + 10);
  EXPECT_LE(y[3], 90);
  const auto crowded = StackLabels({95, 96, 97}, 10, 0, 100);
  std::vector<float> s = crowded;
  std::sort(s.begin(), s.end());
  EXPECT_GE(s[1] - s[0], 10 - 1e-4);
  EXPECT_GE(s[2] - s[1], 10 - 1e-4);
  EXPECT_LE(s[2], 90 + 1e-4);
}

}  // namespace
}  // namespace poise::core
