// The adaptive difficulty (staircase + fatigue guard) against simulated players, 200 runs each.
#include "game/core/adaptation/difficulty_simulation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "game/core/adaptation/fatigue_monitor.h"
#include "game/core/adaptation/level_controller.h"

namespace poise::core {
namespace {

SimulatedPlayer Steady(double threshold, double slope = 0.06) {
  SimulatedPlayer p;
  p.name = "threshold " + std::to_string(threshold);
  p.threshold = threshold;
  p.slope = slope;
  return p;
}

TEST(DifficultySimulationTest, SecondHalfSuccessWithin005OfTarget_ForEveryAbility) {
  for (double target : {0.7, 0.75, 0.8}) {
    std::vector<SimulatedPlayer> players;
    for (double th : {0.15, 0.3, 0.5, 0.7, 0.85}) players.push_back(Steady(th));
    players.push_back(Steady(0.5, 0.12));  // noisier responses
    const auto res = Simulate(players, {target, 80, 200, 42});
    for (const auto& s : res) {
      EXPECT_NEAR(s.success_rate_second_half, target, 0.05) << s.name << " target " << target;
      EXPECT_NEAR(s.final_level, s.true_threshold, 0.1) << s.name << " target " << target;
      EXPECT_LE(s.runs_with_fatigue_action, 0.03) << s.name << ": false fatigue alarms";
    }
  }
}

TEST(DifficultySimulationTest, LevelsNeverLeaveBounds_EvenForAbilitiesBeyondThem) {
  // Abilities far below and above a narrow plan range: the level stays inside [min, max].
  SimulationOptions o{0.75, 80, 50, 5};
  for (double th : {-0.5, 1.5}) {
    SimulatedPlayer p = Steady(th);
    LevelBounds b{0.3, 0.4, 0.6, 0.75};
    std::mt19937_64 rng(9);
    std::uniform_real_distribution<double> u(0, 1);
    LevelController c(b);
    bool hit_bound = false;
    for (int t = 0; t < o.trials; ++t) {
      const auto ch = c.RecordTrial(u(rng) < SuccessProbability(p, 0.75, c.level(), t, 0));
      hit_bound |= c.level() == b.min || c.level() == b.max;
      // Only real changes are reported: never a "bounds" change that stays where it was.
      if (ch && ch->reason != LevelReason::kLateSession) {
        ASSERT_NE(ch->from, ch->to);
      }
      ASSERT_GE(c.level(), b.min);
      ASSERT_LE(c.level(), b.max);
    }
    EXPECT_TRUE(hit_bound) << "threshold " << th;
  }
  const auto res = Simulate(StandardPlayers(), {0.75, 80, 50, 3});
  for (const auto& s : res) {
    EXPECT_GE(s.min_level_seen, 0.0);
    EXPECT_LE(s.max_level_seen, 1.0);
  }
}

TEST(DifficultySimulationTest, TiringPlayer_GetsEasierLevelAndRestWithinAFewTrials) {
  SimulatedPlayer p = StandardPlayers()[4];
  ASSERT_EQ(p.name, "tiring");
  const auto res = Simulate({p}, {0.75, 80, 200, 11});
  EXPECT_GE(res[0].runs_with_fatigue_action, 0.95);
  EXPECT_GE(res[0].runs_with_rest, 0.95);
  // Decline starts after trial 40 (threshold -0.03 and movements +5 % per trial).
  EXPECT_GT(res[0].mean_first_fatigue_trial, 40);
  EXPECT_LE(res[0].mean_first_fatigue_trial, 40 + 9);
  EXPECT_LT(res[0].final_level, p.threshold - 0.15);  // followed the decline down
}

TEST(DifficultySimulationTest, CarriedLevelsStartNextSessionNearTheRightPlace) {
  SimulatedPlayer p = StandardPlayers()[5];
  ASSERT_EQ(p.sessions, 5);
  const auto res = Simulate({p}, {0.75, 80, 200, 13});
  const auto& s = res[0];
  for (int k = 1; k < p.sessions; ++k) {
    // Where the player was at the end of the previous session, minus the warm-up margin.
    const double expected = s.session_threshold[k - 1] - LevelControllerOptions{}.warm_up_margin;
    EXPECT_NEAR(s.session_start_level[k], expected, 0.06) << "session " << k + 1;
  }
  EXPECT_NEAR(s.success_rate_second_half, 0.75, 0.05);
  EXPECT_NEAR(s.final_level, s.true_threshold, 0.1);
}

TEST(DifficultySimulationTest, SameSeed_SameNumbers) {
  const auto a = Simulate(StandardPlayers(), {0.75, 80, 20, 99});
  const auto b = Simulate(StandardPlayers(), {0.75, 80, 20, 99});
  for (size_t i = 0; i < a.size(); ++i) EXPECT_DOUBLE_EQ(a[i].final_level, b[i].final_level);
}

}  // namespace
}  // namespace poise::core
