#include "game/core/review/dashboard_flags.h"

#include <gtest/gtest.h>

#include "game/core/metrics/trends.h"

namespace poise::core {
namespace {

const int kToday = DayNumber("2026-11-27");  // a Friday

/// Windows for one measure: `n` trials in each window with means `before` and `recent`, and a
/// within-day SD of `sd` (3 degrees of freedom a day over n / 4 days).
MetricWindows Windows(const std::string& exercise, const std::string& metric, double before,
                      double recent, double sd, int n_before = 112, int n_recent = 28) {
  MetricWindows w;
  w.exercise = exercise;
  w.metric = metric;
  w.unit = metric == "sparc" ? "1" : metric == "hip_sway_area" ? "cm2" : "s";
  w.n_before = n_before;
  w.n_recent = n_recent;
  w.sum_before = before * n_before;
  w.sum_recent = recent * n_recent;
  w.within_df = (n_before + n_recent) / 4 * 3;
  w.within_ss = sd * sd * w.within_df;
  return w;
}

PatientActivity Active() {
  PatientActivity a;
  a.name = "Eve";
  a.last_session_day = kToday - 1;
  return a;
}

TEST(DashboardFlagsTest, DirectionIsBetterOrWorsePerMeasure_NotUpOrDown) {
  PatientActivity a = Active();
  // Longer stance: better. Larger sway area: worse. Faster sit-to-stand: better. Smoother reach
  // (SPARC up, towards 0): better.
  a.metrics = {Windows("single_leg_stance", "hold_time", 10, 12, 1.5),
               Windows("steady_stance", "hip_sway_area", 10, 12, 1.5),
               Windows("sit_to_stand", "total_time", 16, 14, 1.0),
               Windows("bubble_reach", "sparc", -2.0, -1.7, 0.1)};
  const DashboardRow r = EvaluatePatient(a, kToday);
  ASSERT_EQ(r.trends.size(), 5u);
  EXPECT_EQ(r.trends[0].direction, TrendDirection::kBetter);
  EXPECT_EQ(r.trends[1].direction, TrendDirection::kWorse);
  EXPECT_EQ(r.trends[2].direction, TrendDirection::kBetter);
  EXPECT_EQ(r.trends[3].direction, TrendDirection::kNone) << "no reach trials";
  EXPECT_STREQ(TrendWord(r.trends[3].direction), "no data");
  EXPECT_EQ(r.trends[4].direction, TrendDirection::kBetter);
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0].kind, FlagKind::kDecline);
  EXPECT_EQ(r.flags[0].reason,
            "Steady stance, hip sway area worse: 12.0 cm² in the last 7 days against 10.0 cm² "
            "before, more than the noise (0.62 cm²).");
}

TEST(DashboardFlagsTest, ChangeWithinTheNoise_IsSteadyAndNotFlagged) {
  PatientActivity a = Active();
  // The same 0.5 cm2 rise: real with a within-day SD of 0.5, noise with an SD of 3.
  a.metrics = {Windows("steady_stance", "hip_sway_area", 10, 10.5, 3)};
  DashboardRow r = EvaluatePatient(a, kToday);
  EXPECT_EQ(r.trends[1].direction, TrendDirection::kSteady);
  EXPECT_TRUE(r.flags.empty());
  a.metrics = {Windows("steady_stance", "hip_sway_area", 10, 10.5, 0.5)};
  r = EvaluatePatient(a, kToday);
  EXPECT_EQ(r.trends[1].direction, TrendDirection::kWorse);
  EXPECT_EQ(r.flags.size(), 1u);
  // Too few repeated trials to know the noise: no judgement either way.
  a.metrics = {Windows("steady_stance", "hip_sway_area", 10, 20, 0.5, 1, 1)};
  a.metrics[0].within_df = 2;
  r = EvaluatePatient(a, kToday);
  EXPECT_EQ(r.trends[1].direction, TrendDirection::kNone);
  EXPECT_TRUE(r.flags.empty());
}

TEST(DashboardFlagsTest, StopsAndFalls_FlaggedWithinTwoWeeksWithTheirReason) {
  PatientActivity a = Active();
  a.stops = {{kToday - 2, "pain"},   {kToday - 4, "warm"},      {kToday - 6, "tired"},
             {kToday - 20, "dizzy"}, {kToday - 1, "completed"}, {kToday - 3, "fall alarm"}};
  a.falls = {{kToday - 3, "help asked"}, {kToday - 30, "sudden drop of the hips"}};
  const DashboardRow r = EvaluatePatient(a, kToday);
  ASSERT_EQ(r.flags.size(), 4u);
  EXPECT_EQ(r.flags[0].kind, FlagKind::kFall);
  EXPECT_EQ(r.flags[0].reason, "Fall alarm on Tue 24 Nov (help asked).") << "one flag a day";
  EXPECT_EQ(r.flags[1].reason, "Session on Wed 25 Nov stopped for pain.");
  EXPECT_EQ(r.flags[2].reason,
            "Session on Mon 23 Nov stopped for feeling too warm or blurred vision.");
  EXPECT_EQ(r.flags[3].kind, FlagKind::kFatigueStop);
  EXPECT_EQ(r.flags[3].reason, "Session on Sat 21 Nov stopped for tiredness.");
}

TEST(DashboardFlagsTest, NoSessionForNDays_NFromThePlan) {
  PatientActivity a = Active();
  a.last_session_day = kToday - 9;
  EXPECT_EQ(EvaluatePatient(a, kToday).flags.at(0).reason,
            "No session for 9 days (the plan allows 7); the last was on Wed 18 Nov.");
  a.alert_after_days = 10;
  EXPECT_TRUE(EvaluatePatient(a, kToday).flags.empty());
  EXPECT_EQ(EvaluatePatient(a, kToday).days_since_last, 9);
  a.last_session_day.reset();
  EXPECT_EQ(EvaluatePatient(a, kToday).flags.at(0).reason, "No session yet.");
}

}  // namespace
}  // namespace poise::core
