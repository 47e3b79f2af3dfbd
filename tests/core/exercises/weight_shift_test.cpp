#include "game/core/exercises/weight_shift.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "tests/core/exercises/balance_test_util.h"

namespace poise::core {
namespace {
using namespace poise::core::testing;

ExerciseConfig Config(double level, int trials, const std::string& variant = "standing") {
  ExerciseConfig c;
  c.variant = variant;
  c.level = level;
  c.trials = trials;
  c.calibration = TestCalibration(/*lean_cm=*/15, variant == "seated");
  return c;
}

/// Leans toward the side the current target asks for (read from the view), jumping to lean_cm
/// after still_s of standing still in each trial.
struct Leaner {
  WeightShift& ex;
  double lean_cm, still_s = 0;
  double stoop_m = 0;       // the player's upright posture: shoulders this far forward
  double forward_sign = 1;  // -1: leans backwards when asked to lean forward
  int trial = -1;
  double trial_start_s = 0;
  Frame operator()(double t_s) {
    const ExerciseView v = ex.View();
    if (v.trial != trial) {
      trial = v.trial;
      trial_start_s = t_s;
    }
    Frame f;
    f.body.lean_forward_m = stoop_m;
    if (v.shapes.empty() || t_s - trial_start_s < still_s) return f;
    if (v.shapes[0].label == "F")
      f.body.lean_forward_m += forward_sign * lean_cm / 100;
    else
      f.body.lean_x = (v.shapes[0].label == "L" ? 1 : -1) * CmToX(lean_cm);
    return f;
  }
};

TEST(WeightShiftTest, GoodPlayer_HoldsEachTargetAndReportsTimeToTarget) {
  WeightShift ex;
  ex.Start(Config(/*level=*/0.5, /*trials=*/4), 0);
  const double target_cm = 0.65 * 15;  // level 0.5: 65 % of the 15 cm comfortable lean
  Leaner player{ex, target_cm, /*still_s=*/2.0};
  const auto trials = Play(ex, std::ref(player), 60);
  ASSERT_EQ(trials.size(), 4u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.trial_index << " " << t.note;
    EXPECT_NEAR(ParameterOf(t, "target_lean_cm"), target_cm, 1e-6);
    // The lean jumps to the target 2 s in; the smoothing (tau 0.15 s) lags about 0.3 s.
    EXPECT_NEAR(MetricOf(t, "time_to_target"), 2.2, 0.25) << t.trial_index;
    // Held 1 s (level 0.5) at target_cm: the controlled lean is that lean.
    EXPECT_NEAR(MetricOf(t, "controlled_lean"), target_cm, 0.5) << t.trial_index;
  }
  EXPECT_EQ(ParameterOf(trials[0], "side"), 0);  // left first
  EXPECT_EQ(ParameterOf(trials[1], "side"), 1);
  EXPECT_LT(MetricOf(trials[0], "lean_range_right"), 0) << "no right-side data yet";
  EXPECT_NEAR(MetricOf(trials[3], "lean_range_left"), target_cm, 0.5);
  EXPECT_NEAR(MetricOf(trials[3], "lean_range_right"), target_cm, 0.5);
}

TEST(WeightShiftTest, PoorLean_FailsAtTheTimeLimitAndReportsTheLeanReached) {
  WeightShift ex;
  ex.Start(Config(/*level=*/1.0, /*trials=*/2), 0);  // target 13.5 cm +- 1.8 cm, 6 s allowed
  Leaner player{ex, /*lean_cm=*/8};
  const auto trials = Play(ex, std::ref(player), 30);
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kFailure);
    EXPECT_EQ(t.note, "time ran out");
    EXPECT_NEAR(t.end_ms - t.start_ms, 6000, 2 * kFrameMs);
    EXPECT_NEAR(MetricOf(t, "controlled_lean"), 8, 0.5);
    EXPECT_LT(MetricOf(t, "time_to_target"), 0) << "never reached: no time to target";
  }
  EXPECT_NEAR(MetricOf(trials[1], "lean_range_left"), 8, 0.5);
  EXPECT_NEAR(MetricOf(trials[1], "lean_range_right"), 8, 0.5);
}

TEST(WeightShiftTest, Overshoot_IsNotAHold) {
  WeightShift ex;
  ex.Start(Config(/*level=*/1.0, /*trials=*/1), 0);  // target 13.5 cm +- 1.8 cm
  Leaner player{ex, /*lean_cm=*/20};
  const auto trials = Play(ex, std::ref(player), 10);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_NEAR(MetricOf(trials[0], "controlled_lean"), 20, 0.5);
}

TEST(WeightShiftTest, SteppingWhileLeaning_IsInvalidAndRepeated) {
  WeightShift ex;
  ex.Start(Config(/*level=*/0.5, /*trials=*/2), 0);
  // Leans a little, steps 15 cm to the left at 1 s and stays there; from 4 s, with the feet
  // still in their new place, leans properly.
  const auto trials = Play(
      ex,
      [&](double t_s) {
        Frame f;
        f.body.lean_x = t_s < 4 ? CmToX(5) * std::min(1.0, t_s) : CmToX(0.65 * 15);
        if (t_s > 1) f.body.left_foot_x = MakePose({}).landmarks[kLeftAnkle].x + CmToX(15);
        return f;
      },
      30);
  ASSERT_GE(trials.size(), 2u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_EQ(trials[0].note, "stepped");
  EXPECT_NEAR(trials[0].end_ms, 1200, 3 * kFrameMs);  // 1 s + 200 ms debounce
  EXPECT_EQ(trials[1].outcome, TrialOutcome::kSuccess);
  EXPECT_EQ(ParameterOf(trials[1], "side"), 0) << "the repeated trial asks for the same side";
}

TEST(WeightShiftTest, Jitter_NeitherScoresNorStepsWhileStandingStill) {
  WeightShift ex;
  ex.Start(Config(/*level=*/0.0, /*trials=*/2), 0);  // target 6 cm +- 4.5 cm: easiest
  const auto trials = Play(
      ex, [](double) { return Frame{}; }, 30, /*noise=*/0.003);
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kFailure) << t.note;
    EXPECT_EQ(t.note, "time ran out");
    EXPECT_LT(MetricOf(t, "controlled_lean"), 1.0);
  }
}

TEST(WeightShiftTest, Jitter_DoesNotBreakAHeldLean) {
  WeightShift ex;
  ex.Start(Config(/*level=*/1.0, /*trials=*/2), 0);  // 1.5 s hold, +- 1.8 cm band
  Leaner player{ex, 0.9 * 15};
  const auto trials = Play(ex, std::ref(player), 20, /*noise=*/0.003);
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_NEAR(t.end_ms - t.start_ms, 1500 + 300, 300);
  }
}

TEST(WeightShiftTest, HiddenTrunk_StopsTheClockAndCountsNothing) {
  WeightShift ex;
  ex.Start(Config(/*level=*/1.0, /*trials=*/1), 0);  // 6 s allowed
  // Leans to the target only while the trunk is hidden: nothing may be counted.
  const auto trials = Play(
      ex,
      [](double t_s) {
        Frame f;
        f.hide_trunk = std::fmod(t_s, 1.0) >= 0.5;
        if (f.hide_trunk) f.body.lean_x = CmToX(13.5);
        return f;
      },
      30);
  ASSERT_EQ(trials.size(), 1u);
  // Half the frames hidden (in 0.5 s runs, longer than a bridge): nothing counted, and the
  // trial is unmeasurable rather than a failure.
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_FALSE(trials[0].quality.measurable);
  EXPECT_NEAR(trials[0].end_ms - trials[0].start_ms, 12000, 600);
  EXPECT_TRUE(trials[0].metrics.empty());
}

TEST(WeightShiftTest, Seated_WorksWithoutFeetInView) {
  WeightShift ex;
  ex.Start(Config(/*level=*/0.5, /*trials=*/2, "seated"), 0);
  Leaner player{ex, 0.65 * 15, 1.0};
  const auto trials = Play(
      ex,
      [&](double t_s) {
        Frame f = player(t_s);
        f.body.seated = true;
        f.hide_ankles = true;
        return f;
      },
      20);
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_EQ(t.variant, "seated");
    EXPECT_NEAR(MetricOf(t, "time_to_target"), 1.2, 0.25);
  }
}

TEST(WeightShiftTest, HigherLevel_FartherTargetNarrowerBandLongerHold) {
  WeightShift easy, hard;
  easy.Start(Config(0, 1), 0);
  hard.Start(Config(1, 1), 0);
  const auto e = easy.View().shapes.at(0), h = hard.View().shapes.at(0);
  const double neutral_x = TestCalibration().neutral_shoulder_x;
  EXPECT_NEAR(e.x - neutral_x, CmToX(0.4 * 15), 1e-6);
  EXPECT_NEAR(h.x - neutral_x, CmToX(0.9 * 15), 1e-6);
  EXPECT_GT(e.radius, h.radius);
}

TEST(WeightShiftTest, LevelChange_AppliesFromTheNextTrial) {
  WeightShift ex;
  ex.Start(Config(0, 3), 0);
  Leaner player{ex, 0.4 * 15};
  const auto first = Play(ex, std::ref(player), 0.9);  // hold 0.5 s: the first target is done
  ASSERT_EQ(first.size(), 1u);
  EXPECT_NEAR(ParameterOf(first[0], "target_lean"), 0.4, 1e-9);
  ex.SetLevel(1);
  const double neutral_x = TestCalibration().neutral_shoulder_x;
  EXPECT_NEAR(ex.View().shapes.at(0).x - neutral_x, -CmToX(0.4 * 15), 1e-6)
      << "the trial already running keeps its level";
  const auto rest = Play(ex, std::ref(player), 10, 0, 1000);
  ASSERT_GE(rest.size(), 1u);
  EXPECT_EQ(rest[0].level, 0) << "reported at the level it ran at";
  EXPECT_NEAR(ParameterOf(rest[0], "target_lean"), 0.4, 1e-9);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[1].level, 1);
  EXPECT_NEAR(ParameterOf(rest[1], "target_lean"), 0.9, 1e-9);
}

TEST(WeightShiftTest, View_CatcherSitsInsideTheTargetWhenInBand) {
  WeightShift ex;
  ex.Start(Config(/*level=*/1.0, /*trials=*/1), 0);  // target 13.5 cm +- 1.8 cm
  double t0_ms = 0;
  auto lean_to = [&](double cm) {
    t0_ms += 600;
    return Play(
        ex,
        [&](double) {
          Frame f;
          f.body.lean_x = CmToX(cm);
          return f;
        },
        0.6, /*noise=*/0, t0_ms);
  };
  auto gap = [&] {  // how far the catcher pokes out of the target (picture heights)
    const ExerciseView v = ex.View();
    const Shape &t = v.shapes.at(0), &c = v.shapes.at(1);
    return std::hypot((c.x - t.x) * 640 / 480, c.y - t.y) + c.radius - t.radius;
  };
  lean_to(13.5 - 1.5);  // in band
  EXPECT_LT(gap(), 0);
  EXPECT_GT(ex.View().shapes[0].progress, 0);
  EXPECT_NEAR(ex.View().meter, 12.0 / 13.5, 0.02);
  EXPECT_EQ(ex.View().meter_label, "Lean 12 cm of 14 cm");
  lean_to(13.5 - 4.5);  // out of band (beyond the 1.5 cm hysteresis too)
  EXPECT_GT(gap(), 0);
  EXPECT_EQ(ex.View().shapes[0].progress, 0);
}

TEST(WeightShiftTest, Forward_FromLevel06EveryThirdTargetIsAForwardLean) {
  WeightShift ex;
  ex.Start(Config(/*level=*/1.0, /*trials=*/3), 0);
  Leaner player{ex, 0.9 * 15, /*still_s=*/1.0};
  const auto trials = Play(ex, std::ref(player), 30);
  ASSERT_EQ(trials.size(), 3u);
  EXPECT_EQ(ParameterOf(trials[2], "side"), 2);
  EXPECT_EQ(trials[2].outcome, TrialOutcome::kSuccess) << trials[2].note;
  EXPECT_NEAR(MetricOf(trials[2], "controlled_lean"), 13.5, 0.5);
  EXPECT_NEAR(MetricOf(trials[2], "lean_range_forward"), 13.5, 0.5);
  EXPECT_LT(MetricOf(trials[1], "lean_range_forward"), 0) << "no forward data before";
  WeightShift easy;
  easy.Start(Config(/*level=*/0.5, /*trials=*/3), 0);
  Leaner easy_player{easy, 0.65 * 15, 1.0};
  const auto easy_trials = Play(easy, std::ref(easy_player), 30);
  ASSERT_EQ(easy_trials.size(), 3u);
  EXPECT_EQ(ParameterOf(easy_trials[2], "side"), 0) << "below level 0.6: sideways only";
}

TEST(WeightShiftTest, Forward_LeaningBackwardsDoesNotCount) {
  WeightShift ex;
  ex.Start(Config(/*level=*/1.0, /*trials=*/3), 0);
  Leaner player{ex, 0.9 * 15, 1.0};
  player.forward_sign = -1;
  const auto trials = Play(ex, std::ref(player), 30);
  ASSERT_EQ(trials.size(), 3u);
  EXPECT_EQ(trials[2].outcome, TrialOutcome::kFailure);
  EXPECT_LT(MetricOf(trials[2], "controlled_lean"), 0.5);
}

TEST(WeightShiftTest, Forward_MeasuredFromTheUprightPostureLearntInSidewaysTrials) {
  WeightShift ex;
  ex.Start(Config(/*level=*/1.0, /*trials=*/3), 0);
  Leaner player{ex, 0.9 * 15, 1.0};
  player.stoop_m = 0.06;  // a stooped posture: 6 cm forward when upright
  const auto trials = Play(ex, std::ref(player), 30);
  ASSERT_EQ(trials.size(), 3u);
  EXPECT_EQ(trials[2].outcome, TrialOutcome::kSuccess) << trials[2].note;
  EXPECT_NEAR(MetricOf(trials[2], "controlled_lean"), 13.5, 0.5);
}

/// A smooth (minimum-jerk) lean to the left from 0.5 s to 1.7 s, to lean_cm; the trunk hidden
/// (longer than a bridged gap) between hide_from_s and hide_to_s.
Frame SmoothLeft(double t_s, double lean_cm, double hide_from_s = -1, double hide_to_s = -1) {
  const double u = std::clamp((t_s - 0.5) / 1.2, 0.0, 1.0);
  Frame f;
  f.body.lean_x = CmToX(lean_cm) * u * u * u * (10 - 15 * u + 6 * u * u);
  f.hide_trunk = t_s >= hide_from_s && t_s < hide_to_s;
  return f;
}
/// When that lean passes `cm` (s).
double SmoothLeftPassesS(double cm, double lean_cm) {
  double lo = 0, hi = 1;
  for (int i = 0; i < 60; ++i) {
    const double m = (lo + hi) / 2;
    (m * m * m * (10 - 15 * m + 6 * m * m) * lean_cm < cm ? lo : hi) = m;
  }
  return 0.5 + 1.2 * (lo + hi) / 2;
}

TEST(WeightShiftTest, ControlledLean_IsTheLeanHeldWithoutSmoothingLag) {
  // Level 0.5: target 9.75 cm, band +- 3.15 cm, 1 s hold. The lean sits on the target from
  // 1.7 s and the trial ends about 1 s after entering the band, so 0.5 s at 9.75 cm were seen;
  // the catcher's smoothing (0.3 s lag) read 9.46 cm here.
  WeightShift ex;
  ex.Start(Config(/*level=*/0.5, /*trials=*/1), 0);
  const auto trials = Play(
      ex, [](double t_s) { return SmoothLeft(t_s, 9.75); }, 10);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess) << trials[0].note;
  EXPECT_NEAR(MetricOf(trials[0], "controlled_lean"), 9.75, 0.02);
  EXPECT_NEAR(MetricOf(trials[0], "time_to_target"), SmoothLeftPassesS(9.75 - 3.15, 9.75), 0.01);
}

TEST(WeightShiftTest, TimeToTarget_CountsTimeOutOfViewBeforeTheEntry) {
  // Hidden 0.1-0.7 s (longer than a bridged gap, so the trial clock stops), then seen entering
  // the band: the time is still from the target appearing, as a stopwatch would give it (the
  // visible-time clock read 0.6 s short).
  WeightShift ex;
  ex.Start(Config(/*level=*/0.5, /*trials=*/1), 0);
  const auto trials = Play(
      ex, [](double t_s) { return SmoothLeft(t_s, 9.75, 0.1, 0.7); }, 10);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_TRUE(trials[0].quality.measurable) << trials[0].quality.reason;
  EXPECT_NEAR(MetricOf(trials[0], "time_to_target"), SmoothLeftPassesS(9.75 - 3.15, 9.75), 0.01);
}

TEST(WeightShiftTest, EntryWhileOutOfView_IsUnmeasurableWithItsReason) {
  // The lean passes the band's edge (6.6 cm, at 1.1 s) while the trunk is hidden for 0.6 s:
  // when it entered is not known, so no time (nor anything else) is kept, and the trial is
  // repeated.
  WeightShift ex;
  ex.Start(Config(/*level=*/0.5, /*trials=*/1), 0);
  const auto trials = Play(
      ex, [](double t_s) { return SmoothLeft(t_s, 9.75, 0.8, 1.4); }, 3);
  ASSERT_GE(trials.size(), 1u);
  EXPECT_FALSE(trials[0].quality.measurable);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_NE(trials[0].quality.reason.find("out of view"), std::string::npos)
      << trials[0].quality.reason;
  EXPECT_TRUE(trials[0].metrics.empty());
}

TEST(WeightShiftTest, RepeatedTrial_OnTheTargetAlready_CountsOnlyAfterComingBack) {
  // Trial 0 is unmeasurable (entered the band unseen) and repeated on the same side while the
  // player still leans on the target: being there already is not reaching it. The player comes
  // back upright from 3 s and leans again from 4 s.
  WeightShift ex;
  ex.Start(Config(/*level=*/0.5, /*trials=*/2), 0);
  const auto trials = Play(
      ex,
      [&](double t_s) {
        if (t_s < 3) return SmoothLeft(t_s, 9.75, 0.8, 1.4);
        return t_s < 4 ? Frame{} : SmoothLeft(t_s - 4 + 0.5, 9.75);
      },
      7);
  ASSERT_GE(trials.size(), 2u);
  EXPECT_EQ(ParameterOf(trials[1], "side"), 0) << "repeated on the same side";
  EXPECT_FALSE(trials[0].quality.measurable);
  ASSERT_TRUE(trials[1].quality.measurable) << trials[1].quality.reason;
  const double entered_s = 4 - 0.5 + SmoothLeftPassesS(9.75 - 3.15, 9.75);
  EXPECT_NEAR(MetricOf(trials[1], "time_to_target"), entered_s - trials[1].start_ms / 1000, 0.02);
}

}  // namespace
}  // namespace poise::core
