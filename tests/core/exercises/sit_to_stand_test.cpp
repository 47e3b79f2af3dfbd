#include "game/core/exercises/sit_to_stand.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>

#include "game/core/demo/scripted_pose.h"

namespace poise::core {
namespace {

constexpr double kDt = 1000.0 / 30;
// Seat-off is where the script's rise begins (sit leaves 1), seat contact where its sit-down
// ends (sit back at 1): the events where they happen, not where a threshold is crossed.

Calibration TestCalibration() {
  Calibration c;
  const Pose p = MakePose({});
  c.cm_per_px = 170 * 0.88 / ((p.landmarks[kLeftAnkle].y - p.landmarks[kNose].y) * 480);
  return c;
}

/// One repetition: rise over rise_s (linear in `sit`), stand for stand_s, sit down over sit_s,
/// stay seated for seated_s; `top` is how far up (1 = fully standing), lean_x the trunk shift
/// while off the seat (scaled by how far up).
struct Rep {
  double rise_s = 1, stand_s = 0.5, sit_s = 1, seated_s = 0.5, top = 1, lean_x = 0;
  double Length() const { return rise_s + stand_s + sit_s + seated_s; }
  /// Seat-off to seat contact.
  double Expected() const { return rise_s + stand_s + sit_s; }
};

/// Stands 1 s, sits down over 1 s, sits 1 s, then the repetitions, then stays seated.
BodySpec Script(double t, const std::vector<Rep>& reps) {
  BodySpec s;
  if (t < 3) {
    s.sit = std::clamp(t - 1, 0.0, 1.0);
    return s;
  }
  t -= 3;
  s.sit = 1;
  for (const Rep& r : reps) {
    if (t < r.Length()) {
      double up = 0;
      if (t < r.rise_s)
        up = t / r.rise_s;
      else if (t < r.rise_s + r.stand_s)
        up = 1;
      else if (t < r.rise_s + r.stand_s + r.sit_s)
        up = 1 - (t - r.rise_s - r.stand_s) / r.sit_s;
      s.sit = 1 - r.top * up;
      s.lean_x = r.lean_x * up;
      return s;
    }
    t -= r.Length();
  }
  return s;
}

/// Total from the first seat-off to the last seat contact.
double ExpectedTotal(const std::vector<Rep>& reps) {
  double total = 0;
  for (const Rep& r : reps) total += r.Length();
  return total - reps.back().seated_s;
}

struct Options {
  bool noise = false;
  double hide_from_s = -1, hide_to_s = -1;  // knees not visible
};

std::vector<TrialResult> Play(SitToStand& ex, const std::vector<Rep>& reps, double seconds,
                              Options o = {}) {
  std::vector<TrialResult> out;
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> jitter(-0.003f, 0.003f);
  for (int i = 0; i < int(seconds * 30) && !ex.Done(); ++i) {
    const double t = i * kDt;
    PoseFrame f = MakeFrame(Script(t / 1000, reps), t, i);
    if (o.noise)
      for (auto& l : f.pose->landmarks) {
        l.x += jitter(rng);
        l.y += jitter(rng);
      }
    if (t >= o.hide_from_s * 1000 && t < o.hide_to_s * 1000)
      f.pose->landmarks[kLeftKnee].visibility = 0.1f;
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
  }
  return out;
}

SitToStand Started(double level) {
  SitToStand ex;
  ExerciseConfig cfg;
  cfg.calibration = TestCalibration();
  cfg.level = level;
  cfg.trials = 1;
  ex.Start(cfg, 0);
  return ex;
}

TEST(SitToStandTest, FiveRises_TotalAndEachRepetitionMatchTheScript) {
  SitToStand ex = Started(/*level=*/0.0);  // goal 20 s
  std::vector<Rep> reps;
  for (int k = 0; k < 5; ++k) reps.push_back({.rise_s = 0.8 + 0.2 * k, .sit_s = 1.0 + 0.1 * k});
  const auto trials = Play(ex, reps, 40);
  ASSERT_EQ(trials.size(), 1u);
  const TrialResult& t = trials[0];
  EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
  EXPECT_EQ(MetricValue(t, "rises"), 5);
  EXPECT_NEAR(MetricValue(t, "total_time").value_or(-1), ExpectedTotal(reps), 0.05);
  double sum = 0, sum_sq = 0;
  for (int k = 0; k < 5; ++k) {
    const double want = reps[k].Expected();
    EXPECT_NEAR(MetricValue(t, "rise_" + std::to_string(k + 1)).value_or(-1), want, 0.05) << k;
    sum += want;
    sum_sq += want * want;
  }
  EXPECT_NEAR(MetricValue(t, "rise_mean").value_or(-1), sum / 5, 0.03);
  EXPECT_NEAR(MetricValue(t, "rise_sd").value_or(-1), std::sqrt((sum_sq - sum * sum / 5) / 4),
              0.03);
  EXPECT_NEAR(MetricValue(t, "trunk_shift").value_or(-1), 0, 0.3);
}

TEST(SitToStandTest, SlowerThanTheGoal_IsAFailureWithItsTime) {
  SitToStand ex = Started(/*level=*/1.0);  // goal 10 s
  const std::vector<Rep> reps(5, Rep{});   // 1.92 s each, 13.9 s in all
  const auto trials = Play(ex, reps, 40);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_EQ(trials[0].note, "slower than the goal");
  EXPECT_NEAR(trials[0].parameters[0].value, 10, 1e-9);
  EXPECT_NEAR(MetricValue(trials[0], "total_time").value_or(-1), ExpectedTotal(reps), 0.05);
}

TEST(SitToStandTest, HalfRises_AreNotCounted) {
  SitToStand ex = Started(/*level=*/0.0);
  std::vector<Rep> reps(3, Rep{.top = 0.6});  // hips rise only to sit = 0.4: never upright
  for (int k = 0; k < 5; ++k) reps.push_back(Rep{});
  const auto trials = Play(ex, reps, 40);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(MetricValue(trials[0], "rises"), 5);
  // Timed from the first full rise.
  const std::vector<Rep> full(reps.begin() + 3, reps.end());
  EXPECT_NEAR(MetricValue(trials[0], "total_time").value_or(-1), ExpectedTotal(full), 0.05);
}

TEST(SitToStandTest, Jitter_CountsExactlyFiveWithTheSameTimes) {
  SitToStand ex = Started(/*level=*/0.0);
  const std::vector<Rep> reps(5, Rep{});
  const auto trials = Play(ex, reps, 40, {.noise = true});
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(MetricValue(trials[0], "rises"), 5);
  EXPECT_NEAR(MetricValue(trials[0], "total_time").value_or(-1), ExpectedTotal(reps), 0.1);
  EXPECT_NEAR(MetricValue(trials[0], "rise_3").value_or(-1), reps[2].Expected(), 0.1);
  EXPECT_LT(std::abs(MetricValue(trials[0], "trunk_shift").value_or(99)), 1.0);
}

TEST(SitToStandTest, KneesHiddenWhileStanding_StopsTheClock) {
  SitToStand ex = Started(/*level=*/0.0);
  std::vector<Rep> reps(5, Rep{});
  reps[2].stand_s = 1.5;  // the third rise stands 1 s longer, unseen
  const double start3 = 3 + 2 * reps[0].Length();
  const auto trials =
      Play(ex, reps, 40, {.hide_from_s = start3 + 1.25, .hide_to_s = start3 + 2.25});
  ASSERT_EQ(trials.size(), 1u);
  std::vector<Rep> seen(5, Rep{});
  EXPECT_NEAR(MetricValue(trials[0], "total_time").value_or(-1), ExpectedTotal(seen), 0.08);
  EXPECT_NEAR(MetricValue(trials[0], "rise_3").value_or(-1), seen[2].Expected(), 0.08);
}

TEST(SitToStandTest, TrunkShiftToTheLeft_IsMeasuredInCm) {
  SitToStand ex = Started(/*level=*/0.0);
  const std::vector<Rep> reps(5, Rep{.lean_x = 0.02});  // 0.02 of the width when upright
  const auto trials = Play(ex, reps, 40);
  ASSERT_EQ(trials.size(), 1u);
  const double want_cm = 0.02 * 640 * TestCalibration().cm_per_px;  // about 5.8 cm
  EXPECT_NEAR(MetricValue(trials[0], "trunk_shift").value_or(-1), want_cm, 0.3);
  EXPECT_NEAR(MetricValue(trials[0], "trunk_shift_size").value_or(-1), want_cm, 0.3);
}

TEST(SitToStandTest, StoppingAfterTwoRises_FailsAtTheTimeLimit) {
  SitToStand ex = Started(/*level=*/1.0);  // limit: max(30 s, 2 x 10 s)
  const auto trials = Play(ex, std::vector<Rep>(2, Rep{}), 60);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_EQ(MetricValue(trials[0], "rises"), 2);
  EXPECT_FALSE(MetricValue(trials[0], "total_time").has_value());
  EXPECT_NEAR(trials[0].end_ms / 1000, 3 + 30, 0.1);
}

TEST(SitToStandTest, NeverSeated_NothingCountsAndThePromptSaysSitDown) {
  SitToStand ex = Started(/*level=*/0.0);
  for (int i = 0; i < 300; ++i) ex.Update(MakeFrame({}, i * kDt, i));
  EXPECT_TRUE(ex.TakeFinishedTrials().empty());
  EXPECT_NE(ex.View().prompt.find("Sit down"), std::string::npos);
  EXPECT_NEAR(ex.View().meter, 0, 1e-9);
}

TEST(SitToStandTest, DemoMovement_PlaysAFullSetWithinTheGoal) {
  SitToStand ex = Started(/*level=*/0.3);  // goal 17 s
  std::vector<TrialResult> trials;
  for (int i = 0; i < 40 * 30 && !ex.Done(); ++i) {
    ex.Update(MakeFrame(ex.Demo(i / 30.0), i * kDt, i));
    for (auto& t : ex.TakeFinishedTrials()) trials.push_back(t);
  }
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess) << trials[0].note;
  EXPECT_EQ(MetricValue(trials[0], "rises"), 5);
}

TEST(SitToStandTest, LevelSetRightAfterASet_AppliesToTheNextSet) {
  SitToStand ex;
  ExerciseConfig cfg;
  cfg.calibration = TestCalibration();
  cfg.level = 0.0;
  cfg.trials = 2;
  ex.Start(cfg, 0);
  const std::vector<Rep> reps(10, Rep{});
  std::vector<TrialResult> trials;
  for (int i = 0; i < 60 * 30 && !ex.Done(); ++i) {
    ex.Update(MakeFrame(Script(i * kDt / 1000, reps), i * kDt, i));
    for (auto& r : ex.TakeFinishedTrials()) {
      trials.push_back(r);
      ex.SetLevel(1.0);  // as the game does, after the next set has been set up
    }
  }
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_NEAR(trials[0].parameters[0].value, 20, 1e-9);  // time_goal
  EXPECT_NEAR(trials[1].parameters[0].value, 10, 1e-9);
  // The second set starts from the seat the first one ended on.
  EXPECT_EQ(MetricValue(trials[1], "rises"), 5);
  EXPECT_NEAR(MetricValue(trials[1], "total_time").value_or(-1),
              ExpectedTotal(std::vector<Rep>(5, Rep{})), 0.05);
}

TEST(SitToStandTest, HoveringBetweenTheTwoLevels_CountsNothing) {
  SitToStand ex = Started(/*level=*/0.0);
  // Seated, then the hips flicker between ratio 0.54 and 0.79 every 100 ms: both are between
  // "down" (0.45) and "up" (0.85), so no rise or landing may be counted.
  for (int i = 0; i < 20 * 30; ++i) {
    const double t = i * kDt / 1000;
    BodySpec s;
    s.sit = t < 3 ? std::clamp(t - 1, 0.0, 1.0) : (int(t * 10) % 2 ? 0.3 : 0.6);
    ex.Update(MakeFrame(s, i * kDt, i));
  }
  EXPECT_TRUE(ex.TakeFinishedTrials().empty());
  EXPECT_NEAR(ex.View().meter, 0, 1e-9);
  EXPECT_EQ(ex.View().meter_label.rfind("0 of 5", 0), 0u) << ex.View().meter_label;
}

}  // namespace
}  // namespace poise::core
