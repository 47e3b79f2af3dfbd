#include "game/core/exercises/functional_reach.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <random>

#include "game/core/demo/scripted_pose.h"

namespace poise::core {
namespace {

constexpr double kDt = 1000.0 / 30;

/// The scripted 170 cm body's scale (nose-to-ankle = 0.88 of the height), a 60 cm reach.
Calibration TestCalibration(bool seated = false) {
  Calibration c;
  const Pose p = MakePose({});
  c.cm_per_px = 170 * 0.88 / ((p.landmarks[kLeftAnkle].y - p.landmarks[kNose].y) * 480);
  c.seated = seated;
  c.reach_left_cm = c.reach_right_cm = 60;
  return c;
}

/// One scripted reach, by time since its trial began: the arm rises (0-0.5 s) to shoulder
/// height, holds, reaches out linearly by reach_cm (1.5-2.5 s) with a small lean, holds
/// (2.5-3.5 s), comes back (3.5-4.5 s) and lowers.
struct Reach {
  double reach_cm = 20;
  bool step = false;        // the left foot steps 11 cm sideways at 2 s
  bool lift_seat = false;   // seated: the hips rise 11 cm at 2 s
  bool hide_wrist = false;  // the wrist is not visible from 1.6 s to 2.6 s
  bool noise = false;       // 0.3 % of the picture of jitter on every landmark
};

BodySpec ReachBody(double t, bool left, const Reach& r, bool seated) {
  BodySpec s;
  s.seated = seated;
  const double side = left ? 1 : -1, cm_per_px = TestCalibration().cm_per_px;
  const double shoulder_x = 0.5 + side * 0.11 * 0.75 * 0.75;
  const double shoulder_y = 0.58 - 0.30 * 0.75 * (seated ? 0.95 : 1.0);
  const double up = std::clamp(t / 0.5, 0.0, 1.0) * (1 - std::clamp(t - 4.5, 0.0, 1.0));
  const double out = std::clamp(t - 1.5, 0.0, 1.0) * (1 - std::clamp(t - 3.5, 0.0, 1.0));
  const double hang_x = 0.5 + side * 0.09 * 0.75, hang_y = 0.58 + 0.015;
  const double x =
      hang_x + (shoulder_x + side * 0.17 - hang_x) * up + side * out * r.reach_cm / cm_per_px / 640;
  (left ? s.left_wrist_x : s.right_wrist_x) = x;
  (left ? s.left_wrist_y : s.right_wrist_y) = hang_y + (shoulder_y - hang_y) * up;
  s.lean_x = side * 0.3 * out * r.reach_cm / cm_per_px / 640;
  if (r.step && t >= 2) s.left_foot_dx = 0.05;
  if (r.lift_seat && t >= 2) s.hip_y -= 0.05;
  return s;
}

/// Plays reaches (plan(k) for the k-th trial played, invalid ones included) until the exercise
/// is done or max_s has passed; returns the reported trials.
std::vector<TrialResult> Play(FunctionalReach& ex, const std::function<Reach(int)>& plan,
                              double max_s = 60, bool seated = false) {
  std::vector<TrialResult> out;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> jitter(-0.003f, 0.003f);
  double t0 = 0;
  bool left = ex.View().prompt.find("LEFT") != std::string::npos;
  for (int i = 0; i < int(max_s * 30) && !ex.Done(); ++i) {
    const double t = i * kDt;
    const Reach r = plan(int(out.size()));
    PoseFrame f = MakeFrame(ReachBody((t - t0) / 1000, left, r, seated), t, i);
    if (r.noise)
      for (auto& l : f.pose->landmarks) {
        l.x += jitter(rng);
        l.y += jitter(rng);
      }
    if (r.hide_wrist && t - t0 >= 1600 && t - t0 < 2600)
      f.pose->landmarks[left ? kLeftWrist : kRightWrist].visibility = 0.1f;
    ex.Update(f);
    for (auto& tr : ex.TakeFinishedTrials()) {
      out.push_back(tr);
      t0 = t + kDt;
      left = ex.View().prompt.find("LEFT") != std::string::npos;
    }
  }
  return out;
}

FunctionalReach Started(double level, int trials, bool seated = false) {
  FunctionalReach ex;
  ExerciseConfig cfg;
  cfg.calibration = TestCalibration(seated);
  cfg.variant = seated ? "seated" : "standing";
  cfg.level = level;
  cfg.trials = trials;
  ex.Start(cfg, 0);
  return ex;
}

TEST(FunctionalReachTest, GoodReach_ReportsTheScriptedDistanceAndTimeAndSucceeds) {
  FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/2);  // target at 0.24 x 60 = 14.4 cm
  const auto trials = Play(ex, [](int) { return Reach{}; });
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_NEAR(MetricValue(t, "reach_distance").value_or(-1), 20, 1.0);
    // The hand starts out at 1.5 s (after waiting still from 0.5 s: not counted) and passes
    // 14.4 cm at 2.22 s.
    EXPECT_NEAR(MetricValue(t, "time_to_target").value_or(-1), 0.72, 0.04);
    EXPECT_EQ(MetricValue(t, "stepped"), 0);
  }
  EXPECT_EQ(MetricValue(trials[0], "direction"), 0);  // left first (right-handed player)
  EXPECT_EQ(MetricValue(trials[1], "direction"), 1);
}

TEST(FunctionalReachTest, ShortReach_FailsAndReportsTheShortDistance) {
  FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/1);
  const auto trials = Play(ex, [](int) { return Reach{.reach_cm = 8}; });
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_NEAR(MetricValue(trials[0], "reach_distance").value_or(-1), 8, 1.0);
  EXPECT_FALSE(MetricValue(trials[0], "time_to_target").has_value());
}

TEST(FunctionalReachTest, StepDuringTheReach_IsInvalidAndTheSameSideIsRepeated) {
  FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/2);
  const auto trials = Play(ex, [](int k) { return Reach{.step = k == 0}; });
  ASSERT_EQ(trials.size(), 3u);  // the invalid one is repeated
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_EQ(trials[0].note, "stepped");
  EXPECT_EQ(MetricValue(trials[0], "stepped"), 1);
  EXPECT_EQ(trials[1].outcome, TrialOutcome::kSuccess);
  EXPECT_EQ(MetricValue(trials[1], "direction"), MetricValue(trials[0], "direction"));
}

TEST(FunctionalReachTest, Jitter_NeitherStepsNorInflatesTheReach) {
  FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/2);
  const auto trials = Play(ex, [](int) { return Reach{.noise = true}; });
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_NEAR(MetricValue(t, "reach_distance").value_or(-1), 20, 1.5);
  }
}

TEST(FunctionalReachTest, JitterWithoutReaching_DoesNotReachTheTarget) {
  FunctionalReach ex = Started(/*level=*/0.0, /*trials=*/1);  // target at 9 cm, 12 s allowed
  const auto trials = Play(ex, [](int) { return Reach{.reach_cm = 0, .noise = true}; });
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_EQ(trials[0].note, "time ran out");
  EXPECT_LT(MetricValue(trials[0], "reach_distance").value_or(99), 2);
}

TEST(FunctionalReachTest, HiddenWrist_StopsTheClockAndStillMeasuresTheReach) {
  FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/1);
  const auto trials = Play(ex, [](int) { return Reach{.hide_wrist = true}; });
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess);
  EXPECT_NEAR(MetricValue(trials[0], "reach_distance").value_or(-1), 20, 1.0);
  // The target was passed in a gap too long to bridge: no time rather than a wrong one.
  EXPECT_FALSE(MetricValue(trials[0], "time_to_target").has_value());
}

TEST(FunctionalReachTest, WristNeverVisible_NothingIsCounted) {
  FunctionalReach ex = Started(/*level=*/1.0, /*trials=*/1);
  for (int i = 0; i < 600; ++i) {
    PoseFrame f = MakeFrame(ReachBody(i * kDt / 1000, true, Reach{}, false), i * kDt, i);
    f.pose->landmarks[kLeftWrist].visibility = 0.1f;
    ex.Update(f);
  }
  EXPECT_TRUE(ex.TakeFinishedTrials().empty());
  EXPECT_TRUE(ex.View().landmarks_missing);
}

TEST(FunctionalReachTest, Seated_ReachCountsAndLiftingOffTheSeatIsInvalid) {
  FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/2, /*seated=*/true);
  const auto trials = Play(
      ex, [](int k) { return Reach{.lift_seat = k == 0}; }, 60, /*seated=*/true);
  ASSERT_EQ(trials.size(), 3u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_EQ(trials[0].note, "lifted off the seat");
  EXPECT_EQ(trials[1].outcome, TrialOutcome::kSuccess);
  EXPECT_EQ(trials[1].variant, "seated");
  EXPECT_NEAR(MetricValue(trials[1], "reach_distance").value_or(-1), 20, 1.0);
}

TEST(FunctionalReachTest, HigherLevel_FartherTargetAndLessTime) {
  FunctionalReach easy = Started(/*level=*/0.0, /*trials=*/1),
                  hard = Started(/*level=*/1.0, /*trials=*/1);
  const auto e = Play(easy, [](int) { return Reach{.reach_cm = 30}; });
  const auto h = Play(hard, [](int) { return Reach{.reach_cm = 30}; });
  ASSERT_EQ(e.size(), 1u);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_NEAR(e[0].parameters[1].value, 0.15 * 60, 1e-9);  // target_distance_cm
  EXPECT_NEAR(h[0].parameters[1].value, 0.45 * 60, 1e-9);
  EXPECT_NEAR(e[0].parameters[2].value, 12, 1e-9);  // time_limit
  EXPECT_NEAR(h[0].parameters[2].value, 6, 1e-9);
  EXPECT_LT(MetricValue(e[0], "time_to_target").value(),
            MetricValue(h[0], "time_to_target").value());
}

TEST(FunctionalReachTest, DemoMovement_PlaysSuccessfulTrialsOnBothSides) {
  for (const bool seated : {false, true}) {
    FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/2, seated);
    std::vector<TrialResult> trials;
    for (int i = 0; i < 30 * 30 && !ex.Done(); ++i) {
      ex.Update(MakeFrame(ex.Demo(i / 30.0), i * kDt, i));
      for (auto& t : ex.TakeFinishedTrials()) trials.push_back(t);
    }
    ASSERT_EQ(trials.size(), 2u) << "seated " << seated;
    for (const auto& t : trials) {
      EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
      // The demo reaches 0.10 of the picture width.
      EXPECT_NEAR(MetricValue(t, "reach_distance").value_or(-1),
                  0.10 * 640 * TestCalibration().cm_per_px, 1.0);
    }
  }
}

TEST(FunctionalReachTest, LevelSetRightAfterATrial_AppliesToTheNextTrial) {
  FunctionalReach ex = Started(/*level=*/0.0, /*trials=*/2);
  std::vector<TrialResult> trials;
  double t0 = 0;
  bool left = true;
  for (int i = 0; i < 30 * 30 && !ex.Done(); ++i) {
    const double t = i * kDt;
    ex.Update(MakeFrame(ReachBody((t - t0) / 1000, left, Reach{.reach_cm = 30}, false), t, i));
    for (auto& r : ex.TakeFinishedTrials()) {
      trials.push_back(r);
      ex.SetLevel(1.0);  // as the game does, after the next trial has been set up
      t0 = t + kDt;
      left = !left;
    }
  }
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_NEAR(trials[0].parameters[1].value, 0.15 * 60, 1e-9);  // target_distance_cm
  EXPECT_NEAR(trials[1].parameters[1].value, 0.45 * 60, 1e-9);
  EXPECT_NEAR(trials[1].level, 1.0, 1e-9);
}

TEST(FunctionalReachTest, ArmNeverRaised_FailsAfter30sWithoutAReachDistance) {
  FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/1);
  std::vector<TrialResult> trials;
  for (int i = 0; i < 40 * 30 && !ex.Done(); ++i) {
    ex.Update(MakeFrame({}, i * kDt, i));
    for (auto& t : ex.TakeFinishedTrials()) trials.push_back(t);
  }
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_EQ(trials[0].note, "arm not raised");
  EXPECT_NEAR(trials[0].end_ms, 30000, kDt);
  EXPECT_FALSE(MetricValue(trials[0], "reach_distance").has_value());
}

// A player who repeats the movement every 4 s (rise 0.5 s, hold 0.8 s, reach 25 cm in 0.7 s,
// hold it out 0.4 s, back 0.6 s, lower), the trial beginning anywhere in that cycle: the hold
// before the reach is the one found, never the 0.4 s out there plus the movement frames either
// side of it (that measured the reach from its far end: 0.1 cm for 25 cm).
TEST(FunctionalReachTest, StartedAnywhereInARepeatedReach_MeasuresFromTheRaisedHold) {
  const double cm_per_px = TestCalibration().cm_per_px;
  auto body = [&](double t) {
    const double c = std::fmod(t, 4.0);
    const double up = std::clamp(c / 0.5, 0.0, 1.0) * (1 - std::clamp((c - 3.0) / 0.4, 0.0, 1.0));
    const double out =
        std::clamp((c - 1.3) / 0.7, 0.0, 1.0) * (1 - std::clamp((c - 2.4) / 0.6, 0.0, 1.0));
    const double shoulder_dx = 0.11 * 0.75 * 0.75, shoulder_y = 0.58 - 0.30 * 0.75;
    const double hang_dx = 0.12 * 0.75 * 0.75, hang_y = 0.58 + 0.02 * 0.75;
    const double dx = hang_dx + (shoulder_dx + 0.17 - hang_dx) * up + out * 25 / cm_per_px / 640;
    BodySpec s;
    s.left_wrist_x = 0.5 + dx;
    s.right_wrist_x = 0.5 - dx;
    s.left_wrist_y = s.right_wrist_y = hang_y + (shoulder_y - hang_y) * up;
    return s;
  };
  for (double offset = 0; offset < 4; offset += 0.1) {
    FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/2);
    std::vector<TrialResult> trials;
    for (int i = 0; i < 20 * 30 && !ex.Done(); ++i) {
      ex.Update(MakeFrame(body(offset + i * kDt / 1000), i * kDt, i));
      for (auto& t : ex.TakeFinishedTrials()) trials.push_back(t);
    }
    ASSERT_EQ(trials.size(), 2u) << offset;
    for (const TrialResult& t : trials)
      EXPECT_NEAR(MetricValue(t, "reach_distance").value_or(-1), 25, 1.5) << "offset " << offset;
  }
}

// The wrist hidden for 0.5 s (longer than a bridged gap) in the middle of the still raised hold
// (0.5-1.5 s): the hold seen on both sides of the gap, at the same place, still places the
// target before the reach. It used to start again after the gap, too late for this player, and
// the reach held out at 20 cm was taken for the start (reach 0 cm, a failure).
TEST(FunctionalReachTest, GapDuringTheRaisedHold_StillMeasuresFromIt) {
  FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/1);
  std::vector<TrialResult> trials;
  for (int i = 0; i < 10 * 30 && !ex.Done(); ++i) {
    const double t = i * kDt;
    PoseFrame f = MakeFrame(ReachBody(t / 1000, /*left=*/true, Reach{}, false), t, i);
    if (t >= 800 && t < 1300) f.pose->landmarks[kLeftWrist].visibility = 0.1f;
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) trials.push_back(r);
  }
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess) << trials[0].note;
  EXPECT_NEAR(MetricValue(trials[0], "reach_distance").value_or(-1), 20, 1.0);
}

// A noisy hand at 15 fps (1.6 cm jitter on the wrist, fixed draws): the hold is still found
// before each reach (one frame 3 cm off used to restart it while the jitter measured on its two
// or three frames read as none, so only the reach held out was taken for a hold: 0 cm), and the
// reach reads within 2.5 cm.
TEST(FunctionalReachTest, JitteryHandAt15Fps_FindsTheHoldBeforeEachReach) {
  const double cm_per_px = TestCalibration().cm_per_px;
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/2);
    std::mt19937 rng(seed);
    std::normal_distribution<double> jitter(0, 1.6 / cm_per_px);  // pixels
    std::vector<TrialResult> trials;
    double t0 = 0;
    bool left = true;
    for (int i = 0; i < 30 * 15 && !ex.Done(); ++i) {
      const double t = i * 1000.0 / 15;
      PoseFrame f = MakeFrame(ReachBody((t - t0) / 1000, left, Reach{}, false), t, i);
      for (int k = kLeftWrist; k <= kRightThumb; ++k) {
        f.pose->landmarks[k].x += float(jitter(rng) / 640);
        f.pose->landmarks[k].y += float(jitter(rng) / 480);
      }
      ex.Update(f);
      for (auto& r : ex.TakeFinishedTrials()) {
        trials.push_back(r);
        t0 = t + 1000.0 / 15;
        left = !left;
      }
    }
    ASSERT_EQ(trials.size(), 2u) << "seed " << seed;
    for (const TrialResult& t : trials) {
      EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << "seed " << seed << ": " << t.note;
      EXPECT_NEAR(MetricValue(t, "reach_distance").value_or(-1), 20, 2.5) << "seed " << seed;
    }
  }
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

// The wrist hidden from 2.4 s to 3.6 s, just after the reach passed the 14.4 cm target (at
// 2.22 s) and before it had been past it for 0.2 s; seen again held out at 20 cm until 3.5 s
// and coming back. It was past the target before the gap and still after: a success (the
// smoothing started again after the gap and the reach was back under the target before 5
// frames and 0.2 s more had passed: "came back before the target"). No time: the gap hid it.
TEST(FunctionalReachTest, LongGapWhilePastTheTarget_StillReachedIt) {
  FunctionalReach ex = Started(/*level=*/0.3, /*trials=*/1);
  std::vector<TrialResult> trials;
  for (int i = 0; i < 10 * 30 && !ex.Done(); ++i) {
    const double t = i * kDt;
    PoseFrame f = MakeFrame(ReachBody(t / 1000, /*left=*/true, Reach{}, false), t, i);
    if (t >= 2400 && t < 3600) f.pose->landmarks[kLeftWrist].visibility = 0.1f;
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) trials.push_back(r);
  }
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess) << trials[0].note;
  EXPECT_FALSE(MetricValue(trials[0], "time_to_target").has_value());
  EXPECT_GT(MetricValue(trials[0], "reach_distance").value_or(-1), 14.4);
}

}  // namespace
}  // namespace poise::core
