#include "game/core/adaptation/fatigue_monitor.h"

#include <gtest/gtest.h>

namespace poise::core {
namespace {

/// A steady baseline: 8 trials, 6 successes, ~1 s movements.
void Baseline(FatigueMonitor& m) {
  for (int i = 0; i < 8; ++i)
    EXPECT_FALSE(m.RecordTrial({i % 4 != 0, 1.0 + 0.02 * (i % 3), 0.1}).fatigue);
}

TEST(FatigueMonitorTest, SlowingWithFailures_IsFatigueAndOffersRestThenEnforces) {
  FatigueMonitor m(0.75);
  Baseline(m);
  FatigueDecision d;
  int trial = 0;
  for (; trial < 10 && !d.fatigue; ++trial) d = m.RecordTrial({false, 1.5, 0.4});
  EXPECT_TRUE(d.fatigue);
  EXPECT_LE(trial, 3) << "should act within a few trials of slowing + failing";
  EXPECT_EQ(d.rest, RestAdvice::kOffer);
  EXPECT_FALSE(d.allow_raise);
  EXPECT_NE(d.why.find("slower"), std::string::npos) << d.why;
  // Cooldown: no second detection for a few trials, then a second one enforces the rest.
  for (int i = 0; i < FatigueOptions{}.cooldown_trials; ++i)
    EXPECT_FALSE(m.RecordTrial({false, 1.6, 0.5}).fatigue);
  d = m.RecordTrial({false, 1.6, 0.5});
  EXPECT_TRUE(d.fatigue);
  EXPECT_EQ(d.rest, RestAdvice::kEnforce);
  EXPECT_EQ(m.detections(), 2);
}

TEST(FatigueMonitorTest, FailuresWithoutSlowing_NeedAStrongDecline) {
  FatigueMonitor m(0.75);
  Baseline(m);
  // Three failures at normal speed: chance, not fatigue.
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(m.RecordTrial({false, 1.0, 0.3}).fatigue);
  for (int i = 0; i < 5; ++i) m.RecordTrial({i % 2 == 0, 1.0, 0.3});
  // Keep failing (no movement times from this exercise): a strong drop plus a streak is fatigue.
  FatigueDecision d;
  for (int i = 0; i < 6 && !d.fatigue; ++i) d = m.RecordTrial({false, std::nullopt, 0.4});
  EXPECT_TRUE(d.fatigue);
  EXPECT_NE(d.why.find("success fell"), std::string::npos) << d.why;
}

TEST(FatigueMonitorTest, SteadyPlayerAtTarget_IsNeverFlagged) {
  FatigueMonitor m(0.75);
  for (int i = 0; i < 80; ++i)
    EXPECT_FALSE(m.RecordTrial({i % 4 != 1, 1.0 + 0.05 * (i % 5), i / 80.0}).fatigue) << i;
}

TEST(FatigueMonitorTest, LastFifthOfSession_AllowsNoRise) {
  FatigueMonitor m(0.75);
  EXPECT_TRUE(m.RecordTrial({true, 1.0, 0.79}).allow_raise);
  EXPECT_FALSE(m.RecordTrial({true, 1.0, 0.8}).allow_raise);
  EXPECT_FALSE(m.RecordTrial({true, 1.0, 0.95}).allow_raise);
}

TEST(FatigueMonitorTest, SelfReportedFatigue_ModerateHoldsHighEnforcesRest) {
  FatigueMonitor m(0.75);
  FatigueDecision d = m.SelfReport(5);
  EXPECT_FALSE(d.fatigue);
  EXPECT_EQ(d.rest, RestAdvice::kOffer);
  EXPECT_FALSE(m.RecordTrial({true, 1.0, 0.1}).allow_raise);
  d = m.SelfReport(8);
  EXPECT_TRUE(d.fatigue);
  EXPECT_EQ(d.rest, RestAdvice::kEnforce);
  EXPECT_NE(d.why.find("8/10"), std::string::npos);
  FatigueMonitor fresh(0.75);
  EXPECT_EQ(fresh.SelfReport(2).rest, RestAdvice::kNone);
}

}  // namespace
}  // namespace poise::core
