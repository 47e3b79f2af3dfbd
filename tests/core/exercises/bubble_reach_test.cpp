#include "game/core/exercises/bubble_reach.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "game/core/demo/scripted_pose.h"
#include "game/core/session/calibration.h"

namespace poise::core {
namespace {

constexpr double kDt = 33.3;

Calibration Calibrate(double height_cm) {
  CalibrationRecorder rec(height_cm, false);
  int i = 0;
  auto feed = [&](const BodySpec& s) {
    rec.Feed(MakeFrame(s, i * kDt, i));
    ++i;
  };
  for (int k = 0; k < 70; ++k) feed({});
  for (int k = 0; k < 20; ++k) {
    BodySpec s;
    s.lean_x = 0.004 * std::min(k, 10);
    feed(s);
  }
  for (int k = 0; k < 10; ++k) feed({});
  for (int k = 0; k < 20; ++k) {
    BodySpec s;
    s.lean_x = -0.004 * std::min(k, 10);
    feed(s);
  }
  for (int k = 0; k < 10; ++k) feed({});
  for (int k = 0; k < 20; ++k) {
    BodySpec s;
    s.left_wrist_x = 0.58 + 0.01 * std::min(k, 12);
    s.left_wrist_y = 0.3;
    feed(s);
  }
  for (int k = 0; k < 10; ++k) feed({});
  for (int k = 0; k < 20; ++k) {
    BodySpec s;
    s.right_wrist_x = 0.42 - 0.01 * std::min(k, 12);
    s.right_wrist_y = 0.3;
    feed(s);
  }
  for (int k = 0; k < 10; ++k) feed({});
  auto c = rec.Result();
  EXPECT_TRUE(c.has_value()) << "stuck at step " << int(rec.step()) << ": " << rec.problem();
  return c.value_or(Calibration{});
}

TEST(CalibrationTest, HeightGivesScaleAndRangesAreMeasured) {
  const Calibration c = Calibrate(170);
  // Standing nose-to-ankle in the scripted body is about 0.70 of 0.75 x 480 px.
  const double nose_to_ankle_px =
      (MakePose({}).landmarks[kLeftAnkle].y - MakePose({}).landmarks[kNose].y) * 480;
  EXPECT_NEAR(c.cm_per_px, 170 * 0.88 / nose_to_ankle_px, 1e-6);
  EXPECT_NEAR(c.lean_left_cm, 0.04 * 640 * c.cm_per_px, 0.5);
  EXPECT_NEAR(c.lean_right_cm, 0.04 * 640 * c.cm_per_px, 0.5);
  EXPECT_GT(c.reach_left_cm, 30);
  EXPECT_GT(c.reach_right_cm, 30);
}

TEST(CalibrationTest, FeetNotVisible_SaysSoAndWaits) {
  CalibrationRecorder rec(170, false);
  BodySpec s;
  for (int i = 0; i < 100; ++i) {
    PoseFrame f = MakeFrame(s, i * kDt, i);
    f.pose->landmarks[kLeftAnkle].visibility = 0.1f;
    rec.Feed(f);
  }
  EXPECT_EQ(rec.step(), CalibrationStep::kStill);
  EXPECT_NE(rec.problem().find("head to feet"), std::string::npos);
}

/// Moves the named hand straight to the current target and holds it there.
std::vector<TrialResult> Play(BubbleReach& ex, int max_frames, bool reach, double t0 = 0,
                              bool hide_hand_sometimes = false) {
  std::vector<TrialResult> out;
  for (int i = 0; i < max_frames && !ex.Done(); ++i) {
    const ExerciseView v = ex.View();
    BodySpec s;
    if (reach && !v.shapes.empty()) {
      const Shape& t = v.shapes[0];
      (t.label == "L" ? s.left_wrist_x : s.right_wrist_x) = t.x;
      (t.label == "L" ? s.left_wrist_y : s.right_wrist_y) =
          t.y - 0.02;  // index finger 0.03*h below
    }
    PoseFrame f = MakeFrame(s, t0 + i * kDt, i);
    if (hide_hand_sometimes && (i / 15) % 2 == 1) {
      f.pose->landmarks[kLeftWrist].visibility = f.pose->landmarks[kRightWrist].visibility = 0.1f;
    }
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
  }
  return out;
}

TEST(BubbleReachTest, GoodPlayer_HitsEveryBubbleWithTimes) {
  BubbleReach ex;
  ExerciseConfig cfg;
  cfg.calibration = Calibrate(170);
  cfg.trials = 6;
  ex.Start(cfg, 0);
  const auto trials = Play(ex, 2000, true);
  ASSERT_EQ(trials.size(), 6u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.trial_index;
    EXPECT_EQ(t.exercise_id, "bubble_reach");
    EXPECT_LT(t.end_ms - t.start_ms, 1000);  // hand jumps there; 150 ms hold
  }
  EXPECT_EQ(ex.View().score, 6);
}

TEST(BubbleReachTest, PlayerWhoDoesNotMove_FailsAtTheTimeLimit) {
  BubbleReach ex;
  ExerciseConfig cfg;
  cfg.calibration = Calibrate(170);
  cfg.level = 0.0;  // 8 s allowed
  cfg.trials = 2;
  ex.Start(cfg, 0);
  const auto trials = Play(ex, 1000, false);
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kFailure);
    EXPECT_NEAR(t.end_ms - t.start_ms, 8000, 2 * kDt);
  }
}

TEST(BubbleReachTest, HiddenHand_PausesTheClockInsteadOfFailing) {
  BubbleReach ex;
  ExerciseConfig cfg;
  cfg.calibration = Calibrate(170);
  cfg.level = 1.0;  // 4 s allowed
  cfg.trials = 1;
  ex.Start(cfg, 0);
  const auto trials = Play(ex, 1000, false, 0, true);
  ASSERT_EQ(trials.size(), 1u);
  // Half of the frames hid the hand: 4 s of visible time took about 8 s.
  EXPECT_NEAR(trials[0].end_ms - trials[0].start_ms, 8000, 600);
}

/// Reaches each bubble in `seconds` along a minimum-jerk path from the hanging-hand position,
/// optionally with three stops on the way (sub-movements); returns the trials' SPARC values.
std::vector<double> ReachSparc(bool with_stops) {
  BubbleReach ex;
  ExerciseConfig cfg;
  cfg.calibration = Calibrate(170);
  cfg.trials = 2;
  ex.Start(cfg, 0);
  auto min_jerk = [](double u) {
    u = std::clamp(u, 0.0, 1.0);
    return 10 * std::pow(u, 3) - 15 * std::pow(u, 4) + 6 * std::pow(u, 5);
  };
  std::vector<double> sparc;
  double trial_t0 = 0;
  int trial = 0;
  for (int i = 0; i < 600 && !ex.Done(); ++i) {
    const double t = i * kDt;
    const Shape target = ex.View().shapes[0];
    const bool left = target.label == "L";
    const double x0 = left ? 0.5675 : 0.4325, y0 = 0.595;
    const double u = (t - trial_t0 - 200) / 1000;  // 200 ms rest, then 1 s
    const double p =
        with_stops
            ? (min_jerk(u / 0.3) + min_jerk((u - 0.35) / 0.3) + min_jerk((u - 0.7) / 0.3)) / 3
            : min_jerk(u);
    BodySpec s;
    (left ? s.left_wrist_x : s.right_wrist_x) = x0 + p * (target.x - x0);
    (left ? s.left_wrist_y : s.right_wrist_y) = y0 + p * (target.y - 0.02 - y0);
    ex.Update(MakeFrame(s, t, i));
    for (const auto& r : ex.TakeFinishedTrials()) {
      EXPECT_EQ(r.outcome, TrialOutcome::kSuccess) << "trial " << trial;
      for (const auto& m : r.metrics)
        if (m.name == "sparc") sparc.push_back(m.value);
      trial_t0 = t;
      ++trial;
    }
  }
  return sparc;
}

TEST(BubbleReachTest, SmoothReach_SparcLikeHealthyReaching) {
  const std::vector<double> s = ReachSparc(false);
  ASSERT_EQ(s.size(), 2u);
  for (double v : s) {
    EXPECT_LT(v, -1.3);
    EXPECT_GT(v, -1.7);
  }
}

TEST(BubbleReachTest, ReachWithStops_SparcClearlyLower) {
  const std::vector<double> smooth = ReachSparc(false), stops = ReachSparc(true);
  ASSERT_EQ(stops.size(), 2u);
  for (size_t i = 0; i < stops.size(); ++i) EXPECT_LT(stops[i], smooth[i] - 0.5);
}

TEST(BubbleReachTest, HigherLevel_SmallerBubblesFartherAway) {
  ExerciseConfig cfg;
  cfg.calibration = Calibrate(170);
  BubbleReach easy, hard;
  cfg.level = 0;
  easy.Start(cfg, 0);
  cfg.level = 1;
  hard.Start(cfg, 0);
  EXPECT_GT(easy.View().shapes[0].radius, 2 * hard.View().shapes[0].radius);
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

// Defect 6: a miss stores neither the time limit as a reaction time nor a movement time; a touch
// is timed from movement onset (not the 5 cm mark) to entering the bubble (not the end of the
// hold).
TEST(BubbleReachTest, TimesFromMovementOnset_AndAMissStoresNoTimes) {
  BubbleReach ex;
  ExerciseConfig cfg;
  cfg.calibration = Calibrate(170);
  cfg.level = 0.0;
  cfg.trials = 2;
  ex.Start(cfg, 0);
  const Pose rest = MakePose({});
  constexpr double kWaitS = 0.8, kMoveS = 0.9;
  int trial = -1;
  double trial_start_s = 0;
  std::vector<TrialResult> out;
  for (int i = 0; i < 900 && !ex.Done(); ++i) {
    const double t_s = i * kDt / 1000;
    const ExerciseView v = ex.View();
    if (v.trial != trial) trial = v.trial, trial_start_s = t_s;
    BodySpec s;
    if (trial == 1 && !v.shapes.empty()) {  // the first bubble: a smooth reach; the second: none
      const Shape& t = v.shapes[0];
      const bool left = t.label == "L";
      const auto& w = rest.landmarks[left ? kLeftWrist : kRightWrist];
      double u = std::clamp((t_s - trial_start_s - kWaitS) / kMoveS, 0.0, 1.0);
      u = u * u * (3 - 2 * u);
      (left ? s.left_wrist_x : s.right_wrist_x) = w.x + (t.x - w.x) * u;
      (left ? s.left_wrist_y : s.right_wrist_y) = w.y + (t.y - 0.02 - w.y) * u;
    }
    ex.Update(MakeFrame(s, i * kDt, i));
    for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
  }
  ASSERT_EQ(out.size(), 2u);
  ASSERT_EQ(out[0].outcome, TrialOutcome::kSuccess);
  // Enters the bubble (radius 0.1 of the picture) a little before the end of the movement.
  EXPECT_NEAR(MetricValue(out[0], "reaction_time").value_or(-1), kWaitS, 0.07);
  const double mt = MetricValue(out[0], "movement_time").value_or(-1);
  EXPECT_GT(mt, 0.4);
  EXPECT_LT(mt, kMoveS + 0.04) << "includes the hold";
  EXPECT_EQ(out[1].outcome, TrialOutcome::kFailure);
  EXPECT_FALSE(MetricValue(out[1], "reaction_time")) << "a miss has no reaction time";
  EXPECT_FALSE(MetricValue(out[1], "movement_time"));
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

// The trial clock starts when the bubble appears: a hand hidden for the first 0.13 s is a short
// gap like any other (bridged), not a later start (the reaction read 0.13 s short).
TEST(BubbleReachTest, HandHiddenAtTheStart_ReactionStillFromTheBubbleAppearing) {
  BubbleReach ex;
  ExerciseConfig cfg;
  cfg.calibration = Calibrate(170);
  cfg.level = 0.0;
  cfg.trials = 1;
  ex.Start(cfg, 0);
  const Pose rest = MakePose({});
  constexpr double kWaitS = 0.8, kMoveS = 0.9;
  std::vector<TrialResult> out;
  for (int i = 0; i < 300 && !ex.Done(); ++i) {
    const double t_s = i * kDt / 1000;
    const ExerciseView v = ex.View();
    BodySpec s;
    if (!v.shapes.empty()) {
      const Shape& t = v.shapes[0];
      const bool left = t.label == "L";
      const auto& w = rest.landmarks[left ? kLeftWrist : kRightWrist];
      double u = std::clamp((t_s - kWaitS) / kMoveS, 0.0, 1.0);
      u = u * u * (3 - 2 * u);
      (left ? s.left_wrist_x : s.right_wrist_x) = w.x + (t.x - w.x) * u;
      (left ? s.left_wrist_y : s.right_wrist_y) = w.y + (t.y - 0.02 - w.y) * u;
    }
    PoseFrame f = MakeFrame(s, i * kDt, i);
    if (i < 4)
      for (int k : {kLeftWrist, kRightWrist}) f.pose->landmarks[k].visibility = 0.1f;
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
  }
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].outcome, TrialOutcome::kSuccess);
  EXPECT_NEAR(MetricValue(out[0], "reaction_time").value_or(-1), kWaitS, 0.07);
  EXPECT_EQ(out[0].quality.gaps_bridged, 1);
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

/// One trial: the hand rests, reaches smoothly from `wait_s` over 0.9 s and holds; hidden (both
/// hands) from `hide_from_s` to `hide_to_s`.
TrialResult OneReach(double wait_s, double hide_from_s, double hide_to_s) {
  BubbleReach ex;
  ExerciseConfig cfg;
  cfg.calibration = Calibrate(170);
  cfg.level = 0.0;
  cfg.trials = 1;
  ex.Start(cfg, 0);
  const Pose rest = MakePose({});
  constexpr double kMoveS = 0.9;
  std::vector<TrialResult> out;
  for (int i = 0; i < 300 && out.empty(); ++i) {
    const double t_s = i * kDt / 1000;
    const ExerciseView v = ex.View();
    BodySpec s;
    if (!v.shapes.empty()) {
      const Shape& t = v.shapes[0];
      const bool left = t.label == "L";
      const auto& w = rest.landmarks[left ? kLeftWrist : kRightWrist];
      double u = std::clamp((t_s - wait_s) / kMoveS, 0.0, 1.0);
      u = u * u * (3 - 2 * u);
      (left ? s.left_wrist_x : s.right_wrist_x) = w.x + (t.x - w.x) * u;
      (left ? s.left_wrist_y : s.right_wrist_y) = w.y + (t.y - 0.02 - w.y) * u;
    }
    PoseFrame f = MakeFrame(s, i * kDt, i);
    if (t_s >= hide_from_s && t_s < hide_to_s)
      for (int k : {kLeftWrist, kRightWrist}) f.pose->landmarks[k].visibility = 0.1f;
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
  }
  EXPECT_EQ(out.size(), 1u);
  return out.empty() ? TrialResult{} : out[0];
}

// Hidden for 0.5 s at rest (longer than a bridged gap: the trial on hold), then a reach at
// 1.2 s: the reaction is still from the bubble appearing (on the clock that ran through the
// gap, it read 0.7 s).
TEST(BubbleReachTest, LongGapAtRest_ReactionStillFromTheBubbleAppearing) {
  const TrialResult r = OneReach(1.2, 0.2, 0.7);
  ASSERT_TRUE(r.quality.measurable) << r.quality.reason;
  EXPECT_NEAR(MetricValue(r, "reaction_time").value_or(-1), 1.2, 0.07);
  EXPECT_GT(r.quality.longest_gap_ms, kMaxBridgedGapMs);
}

// The reach starts while the hand is hidden for 0.5 s (0.5 to 1.0 s, the reach from 0.8 s):
// when it left rest is not known, so the trial is unmeasurable with its reason, no numbers
// (the detector, started again after the gap, read the onset from moving frames only).
TEST(BubbleReachTest, ReachStartedOutOfView_Unmeasurable) {
  const TrialResult r = OneReach(0.8, 0.5, 1.0);
  EXPECT_FALSE(r.quality.measurable);
  EXPECT_NE(r.quality.reason.find("out of view when it started moving"), std::string::npos)
      << r.quality.reason;
  EXPECT_TRUE(r.metrics.empty());
}

// The hand enters the bubble while hidden for 0.6 s: the movement time is not known (the
// first frame inside after the gap is up to 0.6 s late).
TEST(BubbleReachTest, BubbleEnteredOutOfView_Unmeasurable) {
  const TrialResult r = OneReach(0.5, 1.0, 1.6);
  EXPECT_FALSE(r.quality.measurable);
  EXPECT_NE(r.quality.reason.find("out of view when it reached the bubble"), std::string::npos)
      << r.quality.reason;
  EXPECT_TRUE(r.metrics.empty());
}

}  // namespace
}  // namespace poise::core
