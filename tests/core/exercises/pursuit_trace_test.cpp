#include "game/core/exercises/pursuit_trace.h"

#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <numbers>
#include <random>

#include "game/core/demo/demo_calibration.h"
#include "game/core/demo/scripted_pose.h"
#include "tests/core/exercises/coordination_test_util.h"

namespace poise::core {
namespace {

using testing::kCmPerPx;
using testing::kFingerBelowWrist;
using testing::MetricOr;
using testing::TestCalibration;

bool HasMetric(const TrialResult& r, const std::string& name) {
  return MetricValue(r, name).has_value();
}

/// How a scripted player follows the dot.
struct Follower {
  int lag_frames = 8;    // plus the one frame the shown dot is behind
  double offset_px = 0;  // constant offset to the right of the dot
  double tremor_hz = 0, tremor_cm = 0;
  double noise = 0;         // landmark jitter, fraction of the image size
  bool other_hand = false;  // follows with the wrong hand
  int hide_every = 0;       // hides both wrists for hide_every frames out of 3*hide_every
  double dt_ms = 1000.0 / 30;
};

struct Outcome {
  std::vector<TrialResult> trials;
  double expected_error_cm = 0;  // mean distance the script kept from the dot while it moved
  double scripted_error_cm = 0;  // the same without the jitter (where the hand really was)
};

Outcome Play(const Follower& p, double level, int trials, int max_frames = 4000) {
  PursuitTrace ex;
  ExerciseConfig cfg;
  cfg.calibration = TestCalibration();
  cfg.level = level;
  cfg.trials = trials;
  ex.Start(cfg, 0);
  Outcome run;
  std::deque<Shape> shown;  // the dot as shown before each frame
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0, 1);
  double err_sum = 0, clean_sum = 0;
  int err_n = 0, waiting_frames = 0;
  for (int i = 0; i < max_frames && !ex.Done(); ++i) {
    const double t = i * p.dt_ms;
    const ExerciseView v = ex.View();
    Shape dot;
    for (const Shape& s : v.shapes)
      if (s.role == Shape::Role::kTarget) dot = s;
    shown.push_back(dot);
    if (int(shown.size()) > p.lag_frames + 1) shown.pop_front();
    const Shape& aim = shown.front();
    const bool left = dot.label == "L";
    const double tremor =
        p.tremor_cm * std::sin(2 * std::numbers::pi * p.tremor_hz * t / 1000) / kCmPerPx / 640;
    const double cx = aim.x + p.offset_px / 640 + tremor, cy = aim.y;
    const double fx = cx + p.noise * noise(rng);
    const double fy = cy + p.noise * noise(rng);
    BodySpec s;
    const bool use_left = left != p.other_hand;
    waiting_frames = v.meter < 0 ? waiting_frames + 1 : 0;
    if (waiting_frames == 0 || waiting_frames > 3) {  // hangs 3 frames, then onto the dot
      (use_left ? s.left_wrist_x : s.right_wrist_x) = fx;
      (use_left ? s.left_wrist_y : s.right_wrist_y) = fy - kFingerBelowWrist;
    }
    PoseFrame f = MakeFrame(s, t, i);
    if (p.hide_every > 0 && (i / p.hide_every) % 3 == 2)
      f.pose->landmarks[kLeftWrist].visibility = f.pose->landmarks[kRightWrist].visibility = 0.1f;
    ex.Update(f);
    const ExerciseView after = ex.View();
    if (after.meter >= 0 && !after.landmarks_missing) {  // the dot is moving
      for (const Shape& s2 : after.shapes)
        if (s2.role == Shape::Role::kTarget) {
          err_sum += std::hypot((fx - s2.x) * 640, (fy - s2.y) * 480) * kCmPerPx;
          clean_sum += std::hypot((cx - s2.x) * 640, (cy - s2.y) * 480) * kCmPerPx;
          ++err_n;
        }
    }
    for (auto& r : ex.TakeFinishedTrials()) run.trials.push_back(r);
  }
  run.expected_error_cm = err_n ? err_sum / err_n : 0;
  run.scripted_error_cm = err_n ? clean_sum / err_n : 0;
  return run;
}

TEST(PursuitTraceTest, GoodFollower_OnTargetWithLagAndError) {
  const Outcome run = Play(Follower{}, /*level=*/0.5, /*trials=*/2);
  ASSERT_EQ(run.trials.size(), 2u);
  for (const TrialResult& r : run.trials) {
    EXPECT_EQ(r.outcome, TrialOutcome::kSuccess) << r.note;
    EXPECT_GT(MetricOr(r, "time_on_target"), 95);
    EXPECT_NEAR(MetricOr(r, "lag"), 0.3, 0.04);  // 9 frames at 30 fps
    EXPECT_FALSE(HasMetric(r, "tremor_frequency")) << "a steady hand has no tremor";
    EXPECT_TRUE(HasMetric(r, "tremor_power"));
  }
  // Both trials together: the mean distance the script kept.
  const double reported =
      (MetricOr(run.trials[0], "tracking_error") + MetricOr(run.trials[1], "tracking_error")) / 2;
  EXPECT_NEAR(reported, run.expected_error_cm, 0.3);
  EXPECT_EQ(run.trials[0].parameters[0].value, 1);          // a circle at level 0.5
  EXPECT_NEAR(run.trials[0].parameters[1].value, 7, 1e-9);  // lap time
}

TEST(PursuitTraceTest, Jitter_DoesNotLengthenTheTrackingError) {
  // 1.2-1.6 cm of landmark jitter on a hand that keeps 3-7 cm from the dot: each measured
  // distance is longer on average (by s^2 / 2d, about 0.2 cm here); the tracking error
  // subtracts the jitter it measures and reads where the hand really was.
  Follower p;
  p.noise = 0.005;
  p.offset_px = 4;
  const Outcome run = Play(p, /*level=*/0.5, /*trials=*/4, 8000);
  ASSERT_EQ(run.trials.size(), 4u);
  double reported = 0;
  for (const TrialResult& r : run.trials) reported += MetricOr(r, "tracking_error") / 4;
  EXPECT_GT(run.expected_error_cm, run.scripted_error_cm + 0.15);  // the raw distances do
  // Within 0.12 cm: the mean of 1680 distances still carries the jitter along them (SE 0.03).
  EXPECT_NEAR(reported, run.scripted_error_cm, 0.12);
}

TEST(PursuitTraceTest, Trial_LastsTwoLapsAfterTheHandRests) {
  const Outcome run = Play(Follower{}, /*level=*/0.0, /*trials=*/1);
  ASSERT_EQ(run.trials.size(), 1u);
  // Reach the dot (after 3 frames), rest 300 ms, then two 9 s laps.
  EXPECT_NEAR(run.trials[0].end_ms - run.trials[0].start_ms, 18400, 2 * 1000.0 / 30);
}

TEST(PursuitTraceTest, TremulousHand_ReportsItsFrequencyAndPower) {
  Follower p;
  p.tremor_hz = 6;
  p.tremor_cm = 1.0;  // 1 cm amplitude: power 0.5 cm2
  p.noise = 0.0005;   // light jitter (0.16 cm SD) adds about 0.03 cm2 in the band
  const Outcome run = Play(p, /*level=*/0.5, /*trials=*/1);
  ASSERT_EQ(run.trials.size(), 1u);
  const TrialResult& r = run.trials[0];
  EXPECT_NEAR(MetricOr(r, "tremor_frequency"), 6, 0.3);
  EXPECT_NEAR(MetricOr(r, "tremor_power"), 0.5, 0.12);
  EXPECT_GT(MetricOr(r, "tremor_power_ratio"), 0.5);
}

TEST(PursuitTraceTest, FarBehind_FailsWithLowTimeOnTarget) {
  Follower p;
  p.lag_frames = 35;  // 1.2 s behind on a 5 s figure-eight
  const Outcome run = Play(p, /*level=*/1.0, /*trials=*/1);
  ASSERT_EQ(run.trials.size(), 1u);
  EXPECT_EQ(run.trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_LT(MetricOr(run.trials[0], "time_on_target"), 50);
  EXPECT_NEAR(MetricOr(run.trials[0], "lag"), 1.2, 0.1);
}

TEST(PursuitTraceTest, OtherHand_TrialIsInvalidAndRepeated) {
  Follower p;
  p.other_hand = true;
  const Outcome run = Play(p, /*level=*/0.0, /*trials=*/1, /*max_frames=*/1200);
  ASSERT_GE(run.trials.size(), 1u);
  EXPECT_EQ(run.trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_NE(run.trials[0].note.find("other hand"), std::string::npos);
}

TEST(PursuitTraceTest, HiddenHand_DotWaitsAndNothingIsCounted) {
  Follower p;
  p.hide_every = 10;  // a third of the time hidden, in runs of 0.33 s (bridged)
  const Outcome run = Play(p, /*level=*/0.0, /*trials=*/1);
  ASSERT_EQ(run.trials.size(), 1u);
  // Seen only two thirds of the time: unmeasurable, nothing counted, the reason given.
  EXPECT_EQ(run.trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_FALSE(run.trials[0].quality.measurable);
  EXPECT_NE(run.trials[0].quality.reason.find("seen only 6"), std::string::npos)
      << run.trials[0].quality.reason;
  EXPECT_EQ(MetricOr(run.trials[0], "time_on_target"), -1);
  EXPECT_GE(run.trials[0].quality.gaps_bridged, 15);  // about one a second
}

TEST(PursuitTraceTest, JitterJustOutsideTheDot_DoesNotScore) {
  Follower p;
  p.lag_frames = 0;
  p.noise = 0.003;                 // 0.3 % of the picture
  p.offset_px = 1.4 * 0.09 * 480;  // always a little off the dot (level 0)
  const Outcome run = Play(p, /*level=*/0.0, /*trials=*/1);
  ASSERT_EQ(run.trials.size(), 1u);
  // Never on the dot: it started after the 10 s wait, and jitter scored (almost) nothing.
  EXPECT_LT(MetricOr(run.trials[0], "time_on_target"), 5);
  EXPECT_EQ(run.trials[0].outcome, TrialOutcome::kFailure);
}

TEST(PursuitTraceTest, JitterInsideTheHysteresisBand_StaysOnTarget) {
  PursuitTrace ex;
  ExerciseConfig cfg;
  cfg.calibration = TestCalibration();
  cfg.level = 0;
  cfg.trials = 1;
  ex.Start(cfg, 0);
  std::mt19937 rng(11);
  std::normal_distribution<double> noise(0, 0.003);
  std::vector<TrialResult> out;
  const double r = 0.09 * 480;
  for (int i = 0; i < 1000 && out.empty(); ++i) {
    Shape dot;
    for (const Shape& s : ex.View().shapes)
      if (s.role == Shape::Role::kTarget) dot = s;
    // On the centre while waiting, then 1.05 radii off: outside the entry radius, inside the
    // 1.25-radii exit. Without hysteresis jitter would take it on and off the dot.
    const double off = ex.View().meter >= 0 ? 1.05 * r / 640 : 0;
    BodySpec s;
    s.left_wrist_x = dot.x + off + noise(rng);
    s.left_wrist_y = dot.y - kFingerBelowWrist + noise(rng);
    ex.Update(MakeFrame(s, i * 1000.0 / 30, i));
    for (auto& t : ex.TakeFinishedTrials()) out.push_back(t);
  }
  ASSERT_EQ(out.size(), 1u);
  EXPECT_GT(MetricOr(out[0], "time_on_target"), 95);
}

TEST(PursuitTraceTest, LowPoseRate_OmitsTremorAndSaysWhy) {
  Follower p;
  p.dt_ms = 1000.0 / 12;
  p.lag_frames = 3;
  p.tremor_hz = 8;
  p.tremor_cm = 1;
  const Outcome run = Play(p, /*level=*/0.0, /*trials=*/1);
  ASSERT_EQ(run.trials.size(), 1u);
  EXPECT_FALSE(HasMetric(run.trials[0], "tremor_frequency"));
  EXPECT_FALSE(HasMetric(run.trials[0], "tremor_power"));
  EXPECT_NE(run.trials[0].note.find("too low"), std::string::npos) << run.trials[0].note;
}

TEST(PursuitTraceTest, Level_ChoosesShapeSpeedAndSize) {
  for (double level : {0.0, 0.5, 1.0}) {
    PursuitTrace ex;
    ExerciseConfig cfg;
    cfg.calibration = TestCalibration();
    cfg.level = level;
    ex.Start(cfg, 0);
    const ExerciseView v = ex.View();
    double radius = 0;
    for (const Shape& s : v.shapes)
      if (s.role == Shape::Role::kTarget) radius = s.radius;
    EXPECT_NEAR(radius, 0.09 + (0.045 - 0.09) * level, 1e-9);
  }
  // Shapes: the line stays at one height; the figure-eight crosses its centre twice a lap.
  const PixelPoint a = PursuitTrace::PathPoint(0, 0.5, 0.5, 0.1, 0.1, 8, 2);
  EXPECT_NEAR(a.y, 0.5, 1e-12);
  const PixelPoint b = PursuitTrace::PathPoint(2, 0.5, 0.5, 0.1, 0.06, 8, 2);
  EXPECT_NEAR(b.x, 0.5, 1e-12);
  EXPECT_NEAR(b.y, 0.5, 1e-12);
  const PixelPoint c = PursuitTrace::PathPoint(1, 0.5, 0.5, 0.1, 0.1, 8, 2);
  EXPECT_NEAR(c.y, 0.4, 1e-12);
}

TEST(PursuitTraceTest, Seated_DemoMovesTheHandAlongThePath) {
  PursuitTrace ex;
  ExerciseConfig cfg;
  cfg.variant = "seated";
  ex.Start(cfg, 0);
  const BodySpec early = ex.Demo(0.0), later = ex.Demo(4.0);
  EXPECT_TRUE(early.seated);
  ASSERT_TRUE(later.left_wrist_x.has_value());
  EXPECT_GT(std::abs(*later.left_wrist_x - MakePose({}).landmarks[kLeftWrist].x), 0.05);
}

TEST(PursuitTraceTest, DemoReplayedAsThePlayer_FollowsTheDotWithEitherHand) {
  for (const char* variant : {"standing", "seated"}) {
    PursuitTrace ex;
    ExerciseConfig cfg;
    cfg.variant = variant;
    cfg.calibration = DemoCalibration(cfg.variant == "seated");
    cfg.trials = 2;
    ex.Start(cfg, 0);
    std::vector<TrialResult> out;
    for (int i = 0; i < 3000 && !ex.Done(); ++i) {
      ex.Update(MakeFrame(ex.Demo(i / 30.0), i * 1000.0 / 30, i));
      for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
    }
    ASSERT_EQ(out.size(), 2u) << variant;
    for (const TrialResult& r : out) {
      EXPECT_EQ(r.outcome, TrialOutcome::kSuccess) << variant << ": " << r.note;
      EXPECT_GT(MetricOr(r, "time_on_target"), 90) << variant;
      EXPECT_LT(MetricOr(r, "lag"), 1.0) << variant;
    }
  }
}

}  // namespace
}  // namespace poise::core
