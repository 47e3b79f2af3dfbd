#include "game/core/exercises/single_leg_stance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "tests/core/exercises/balance_test_util.h"

namespace poise::core {
namespace {
using namespace poise::core::testing;

ExerciseConfig Config(double level, int trials) {
  ExerciseConfig c;
  c.level = level;
  c.trials = trials;
  c.calibration = TestCalibration();
  return c;
}

/// Lifts the foot the exercise asks for (the view's label) 10 cm, from lift_s to down_s after
/// the start of each trial (down_s < 0: never down).
struct Lifter {
  SingleLegStance& ex;
  double lift_s = 1, down_s = -1;
  int trial = -1;
  double trial_start_s = 0;
  bool right = true;
  Frame operator()(double t_s) {
    const ExerciseView v = ex.View();
    if (v.trial != trial) {
      trial = v.trial;
      trial_start_s = t_s;
      if (!v.shapes.empty()) right = v.shapes[0].label == "R";
    }
    const double k = t_s - trial_start_s;
    Frame f;
    if (k >= lift_s && (down_s < 0 || k < down_s))
      (right ? f.body.lift_right_foot : f.body.lift_left_foot) = CmToLift(10);
    return f;
  }
};

TEST(SingleLegStanceTest, GoodHold_ReachesTheGoalOnEachLeg) {
  SingleLegStance ex;
  ex.Start(Config(/*level=*/0, /*trials=*/2), 0);  // 5 s goal
  Lifter player{ex};
  const auto trials = Play(ex, std::ref(player), 30);
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_NEAR(MetricOf(t, "hold_time"), 5, 1e-9);
    EXPECT_EQ(MetricOf(t, "touch_downs"), 0);
    EXPECT_NEAR(t.end_ms - t.start_ms, 6000, 2 * kFrameMs);  // lifted 1 s in, held 5 s
  }
  EXPECT_EQ(MetricOf(trials[0], "stance_leg"), 0);  // standing on the left leg first
  EXPECT_EQ(MetricOf(trials[1], "stance_leg"), 1);
  EXPECT_NEAR(MetricOf(trials[1], "hold_asymmetry"), 0, 1e-9);
}

TEST(SingleLegStanceTest, TwelveSecondHold_Reports12s) {
  SingleLegStance ex;
  ex.Start(Config(/*level=*/1, /*trials=*/1), 0);  // 30 s goal, 45 s allowed
  Lifter player{ex, /*lift_s=*/1, /*down_s=*/13};
  const auto trials = Play(ex, std::ref(player), 60);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_NEAR(MetricOf(trials[0], "hold_time"), 12, 2 * kFrameMs / 1000);
  EXPECT_EQ(MetricOf(trials[0], "touch_downs"), 1);
  EXPECT_NEAR(trials[0].end_ms - trials[0].start_ms, 45000, 2 * kFrameMs);
  EXPECT_EQ(ParameterOf(trials[0], "hold_goal"), 30);
  EXPECT_EQ(ParameterOf(trials[0], "arms_crossed"), 1);
}

TEST(SingleLegStanceTest, PoorBalance_ThreeTouchDownsFailTheTrial) {
  SingleLegStance ex;
  ex.Start(Config(0.5, 1), 0);
  // Up 2 s, down 1 s, over and over.
  const auto trials = Play(
      ex,
      [](double t_s) {
        Frame f;
        if (std::fmod(t_s, 3.0) < 2.0) f.body.lift_right_foot = CmToLift(10);
        return f;
      },
      30);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_EQ(trials[0].note, "touched down 3 times");
  EXPECT_EQ(MetricOf(trials[0], "touch_downs"), 3);
  EXPECT_NEAR(MetricOf(trials[0], "hold_time"), 2, 2 * kFrameMs / 1000);
}

TEST(SingleLegStanceTest, Hopping_IsInvalid) {
  SingleLegStance ex;
  ex.Start(Config(0, 1), 0);
  const auto trials = Play(
      ex,
      [](double t_s) {
        Frame f;
        f.body.lift_right_foot = CmToLift(10);
        // From 2 s: small hops, the whole body 6 cm up for 0.3 s of every 0.6 s.
        if (t_s > 2 && std::fmod(t_s, 0.6) < 0.3)
          f.body.hip_y -= 6 / 480.0 / TestCalibration().cm_per_px;
        return f;
      },
      10);
  ASSERT_GE(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_EQ(trials[0].note, "hopped");
  // Hops from 2.0 to 2.1 s (too short to count) and from 2.4 s: caught 100 ms later.
  EXPECT_NEAR(trials[0].end_ms, 2500, 2 * kFrameMs);
}

TEST(SingleLegStanceTest, Jitter_NoLiftFromNoiseAndNoTouchDownFromNoise) {
  {
    SingleLegStance ex;
    ex.Start(Config(0, 1), 0);
    const auto trials = Play(
        ex, [](double) { return Frame{}; }, 30, /*noise=*/0.003);
    ASSERT_EQ(trials.size(), 1u);
    EXPECT_EQ(trials[0].note, "foot not lifted");
    EXPECT_EQ(MetricOf(trials[0], "hold_time"), 0);
  }
  SingleLegStance ex;
  ex.Start(Config(0.6, 1), 0);  // 20 s goal
  Lifter player{ex};
  const auto trials = Play(ex, std::ref(player), 30, /*noise=*/0.003);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess) << trials[0].note;
  EXPECT_EQ(MetricOf(trials[0], "touch_downs"), 0);
}

TEST(SingleLegStanceTest, HiddenFeet_StopTheClockWithoutEndingTheHold) {
  SingleLegStance ex;
  ex.Start(Config(0, 1), 0);  // 5 s goal
  const auto trials = Play(
      ex,
      [](double t_s) {
        Frame f;
        f.body.lift_right_foot = CmToLift(10);
        f.hide_ankles = t_s > 2 && t_s < 3;  // 1 s out of view mid-hold: longer than a bridge
        return f;
      },
      20);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess);
  EXPECT_NEAR(MetricOf(trials[0], "hold_time"), 5, 1e-9);
  EXPECT_EQ(MetricOf(trials[0], "touch_downs"), 0);
  EXPECT_NEAR(trials[0].end_ms - trials[0].start_ms, 5000 + 1000, 3 * kFrameMs);
  EXPECT_NEAR(trials[0].quality.seen_fraction, 5.0 / 6, 0.02);
}

TEST(SingleLegStanceTest, FeetHiddenMostOfTheTime_TrialIsUnmeasurableWithItsReason) {
  SingleLegStance ex;
  ex.Start(Config(0, 1), 0);  // 5 s goal
  const auto trials = Play(
      ex,
      [](double t_s) {
        Frame f;
        f.body.lift_right_foot = CmToLift(10);
        f.hide_ankles = t_s > 2 && t_s < 6;  // 4 s out of view mid-hold
        return f;
      },
      20);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_FALSE(trials[0].quality.measurable);
  EXPECT_NE(trials[0].note.find("unmeasurable: "), std::string::npos) << trials[0].note;
  EXPECT_NE(trials[0].quality.reason.find("seen only 5"), std::string::npos)
      << trials[0].quality.reason;
  EXPECT_TRUE(trials[0].metrics.empty());  // no number rather than a wrong one
}

TEST(SingleLegStanceTest, Sway_ShoulderPathMatchesTheScriptedSway) {
  SingleLegStance ex;
  ex.Start(Config(0.4, 1), 0);  // 15 s goal
  const double amp_cm = 2, hz = 0.25;
  const auto trials = Play(
      ex,
      [&](double t_s) {
        Frame f;
        f.body.lift_right_foot = CmToLift(10);
        f.body.lean_x = CmToX(amp_cm) * std::sin(2 * std::numbers::pi * hz * t_s);
        return f;
      },
      30);
  ASSERT_EQ(trials.size(), 1u);
  ASSERT_EQ(trials[0].outcome, TrialOutcome::kSuccess);
  // 15 s at 0.25 Hz: 3.75 cycles of 4 * 2 cm = 30 cm; smoothing passes 95 % at 0.25 Hz.
  EXPECT_NEAR(MetricOf(trials[0], "sway_path"), 30, 2.5);
  EXPECT_NEAR(MetricOf(trials[0], "sway_velocity"), 2, 0.2);
}

TEST(SingleLegStanceTest, Asymmetry_ReportedOnceBothLegsHaveData) {
  SingleLegStance ex;
  ex.Start(Config(0, 2), 0);  // 5 s goal, 20 s allowed
  int trial = -1;
  double start_s = 0;
  const auto trials = Play(
      ex,
      [&](double t_s) {
        const ExerciseView v = ex.View();
        if (v.trial != trial) {
          trial = v.trial;
          start_s = t_s;
        }
        Frame f;
        const double k = t_s - start_s;
        if (trial == 1 && k >= 1) f.body.lift_right_foot = CmToLift(10);  // on the left: 5 s
        if (trial == 2 && k >= 1 && k < 3) f.body.lift_left_foot = CmToLift(10);  // right: 2 s
        return f;
      },
      60);
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_LT(MetricOf(trials[0], "hold_asymmetry"), 0) << "one leg only: not yet";
  EXPECT_NEAR(MetricOf(trials[1], "hold_left_mean"), 5, 0.07);
  EXPECT_NEAR(MetricOf(trials[1], "hold_right_mean"), 2, 0.07);
  EXPECT_NEAR(MetricOf(trials[1], "hold_asymmetry"), 0.6, 0.02);
}

TEST(SingleLegStanceTest, View_NamesTheFootAndCountsTheHold) {
  SingleLegStance ex;
  ex.Start(Config(0.8, 1), 0);  // 25 s goal, arms-crossed hint
  EXPECT_EQ(ex.View().prompt, "Lift your RIGHT foot a little and hold. Arms crossed if you can.");
  Lifter player{ex};
  Play(ex, std::ref(player), 4.5);  // lifted from 1 s: 3.5 s held
  const ExerciseView v = ex.View();
  EXPECT_EQ(v.prompt, "Good. Keep your RIGHT foot up.");
  EXPECT_EQ(v.meter_label, "On one leg 3 s of 25 s");
  EXPECT_NEAR(v.meter, 3.5 / 25, 0.01);
  ASSERT_EQ(v.shapes.size(), 1u);
  EXPECT_EQ(v.shapes[0].label, "R");
}

TEST(SingleLegStanceTest, WrongFoot_IsNeitherAHoldNorAHop) {
  SingleLegStance ex;
  ex.Start(Config(0, 1), 0);  // stand on the left: lift the RIGHT foot
  const auto trials = Play(
      ex,
      [](double t_s) {
        Frame f;
        if (t_s > 1) f.body.lift_left_foot = CmToLift(10);  // lifts the left one instead
        return f;
      },
      30);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_EQ(trials[0].note, "foot not lifted");
  EXPECT_EQ(MetricOf(trials[0], "hold_time"), 0);
}

TEST(SingleLegStanceTest, SidewaysJump_IsInvalid) {
  SingleLegStance ex;
  ex.Start(Config(0, 1), 0);
  const double left_ankle_x = MakePose({}).landmarks[kLeftAnkle].x;
  const auto trials = Play(
      ex,
      [&](double t_s) {
        Frame f;
        f.body.lift_right_foot = CmToLift(10);
        if (t_s > 2) f.body.left_foot_x = left_ankle_x + CmToX(15);  // lands 15 cm to the side
        return f;
      },
      10);
  ASSERT_GE(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_EQ(trials[0].note, "hopped");
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {
using namespace poise::core::testing;

// Lifted before the exercise started (the game resumes the exercise after its countdown): the
// hold counts from the first frame, as before; a lift-off hidden in a long gap after the foot was
// seen down is unmeasurable.
TEST(SingleLegStanceTest, FootUpBeforeTheStart_CountsFromTheFirstFrame_LiftInAGapIsUnmeasurable) {
  {
    SingleLegStance ex;
    ex.Start(Config(0, 1), 0);
    ex.Resume(0);
    const auto trials = Play(
        ex,
        [](double) {
          Frame f;
          f.body.lift_right_foot = CmToLift(10);
          return f;
        },
        10);
    ASSERT_EQ(trials.size(), 1u);
    EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess) << trials[0].note;
  }
  {
    SingleLegStance ex;
    ex.Start(Config(0, 1), 0);
    const auto trials = Play(
        ex,
        [](double t_s) {
          Frame f;
          f.hide_ankles = t_s > 2 && t_s < 2.6;                  // 0.6 s: too long to bridge
          if (t_s > 2.3) f.body.lift_right_foot = CmToLift(10);  // lifted in it
          return f;
        },
        12);
    ASSERT_EQ(trials.size(), 1u);
    EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
    EXPECT_NE(trials[0].quality.reason.find("out of view when the foot was lifted"),
              std::string::npos)
        << trials[0].quality.reason;
  }
}

}  // namespace
}  // namespace poise::core
