#include "game/core/exercises/stepping_targets.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>

#include "game/core/demo/scripted_pose.h"

namespace poise::core {
namespace {

constexpr double kDt = 1000.0 / 30;
constexpr double kAspect = 640.0 / 480;

Calibration TestCalibration() {
  Calibration c;
  const Pose p = MakePose({});
  c.cm_per_px = 170 * 0.88 / ((p.landmarks[kLeftAnkle].y - p.landmarks[kNose].y) * 480);
  return c;
}

/// A scripted player who watches the screen: delay_s after a target (or the way home) appears,
/// moves the foot there in move_s (linearly) and keeps it there.
struct Stepper {
  double delay_s = 0.5, move_s = 0.1;
  double miss_cm = 0;       // lands this far to the image's right of the target
  bool wrong_foot = false;  // uses the other foot
  bool still = false;       // never steps
  bool hide = false;        // ankles unseen from 0.2 s to 1.2 s after each target appears
  bool noise = false;

  BodySpec Body(const ExerciseView& v, double t_s) {
    if (!v.landmarks_missing) {
      std::array<std::array<double, 2>, 2> want{};  // per foot: x units, y units
      std::string key = "home";
      for (const Shape& s : v.shapes) {
        if (s.role != Shape::Role::kTarget || (s.label != "L" && s.label != "R")) continue;
        int foot = s.label == "L" ? 0 : 1;
        if (wrong_foot) foot = 1 - foot;
        const Pose home = MakePose({});
        const auto& ankle = home.landmarks[foot == 0 ? kLeftAnkle : kRightAnkle];
        want[foot] = {s.x + miss_cm / TestCalibration().cm_per_px / 640 - ankle.x, s.y - ankle.y};
        key = s.label + std::to_string(int(s.x * 1000)) + std::to_string(int(s.y * 1000));
      }
      if (still) want = {};
      if (key != key_) {
        from_ = Offset(t_s);
        to_ = want;
        key_ = key;
        key_t_s_ = t_s;
        out_ = key != "home";
      }
    }
    const auto o = Offset(t_s);
    BodySpec b;
    b.left_foot_dx = o[0][0] * kAspect;
    b.left_foot_dy = o[0][1];
    b.right_foot_dx = o[1][0] * kAspect;
    b.right_foot_dy = o[1][1];
    return b;
  }
  bool Hidden(double t_s) const {
    return hide && out_ && t_s - key_t_s_ >= 0.2 && t_s - key_t_s_ < 1.2;
  }

  // Movement state (public so the options above can be given by name).
  std::array<std::array<double, 2>, 2> Offset(double t_s) const {
    const double k = std::clamp((t_s - key_t_s_ - delay_s) / move_s, 0.0, 1.0);
    std::array<std::array<double, 2>, 2> o{};
    for (int f = 0; f < 2; ++f)
      for (int a = 0; a < 2; ++a) o[f][a] = from_[f][a] + (to_[f][a] - from_[f][a]) * k;
    return o;
  }
  std::string key_ = "home";
  double key_t_s_ = -100;
  bool out_ = false;
  std::array<std::array<double, 2>, 2> from_{}, to_{};
};

std::vector<TrialResult> Play(SteppingTargets& ex, Stepper p, double seconds) {
  std::vector<TrialResult> out;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> jitter(-0.003f, 0.003f);
  for (int i = 0; i < int(seconds * 30) && !ex.Done(); ++i) {
    const double t = i * kDt;
    PoseFrame f = MakeFrame(p.Body(ex.View(), t / 1000), t, i);
    if (p.noise)
      for (auto& l : f.pose->landmarks) {
        l.x += jitter(rng);
        l.y += jitter(rng);
      }
    if (p.Hidden(t / 1000)) f.pose->landmarks[kLeftAnkle].visibility = 0.1f;
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
  }
  return out;
}

SteppingTargets Started(double level, int trials) {
  SteppingTargets ex;
  ExerciseConfig cfg;
  cfg.calibration = TestCalibration();
  cfg.level = level;
  cfg.trials = trials;
  ex.Start(cfg, 0);
  return ex;
}

// The player reacts one frame after a target appears, then waits 0.5 s and moves for 0.1 s.
constexpr double kReaction = 0.5 + 0.1 + 1 / 30.0;

TEST(SteppingTargetsTest, AccurateSteps_AllLandWithTheirTimes) {
  SteppingTargets ex = Started(/*level=*/0.5, /*trials=*/2);  // 3 steps per trial
  const auto trials = Play(ex, {}, 60);
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_NEAR(t.parameters[4].value, 3, 1e-9);  // sequence_length
    EXPECT_NEAR(MetricValue(t, "step_time").value_or(-1), kReaction, 0.04);
    EXPECT_NEAR(MetricValue(t, "return_time").value_or(-1), kReaction, 0.04);
    EXPECT_LT(MetricValue(t, "accuracy").value_or(99), 0.5);
    EXPECT_EQ(MetricValue(t, "wrong_foot"), 0);
    EXPECT_EQ(MetricValue(t, "missed"), 0);
  }
}

TEST(SteppingTargetsTest, LandingBeside_ReportsTheMissDistanceInCm) {
  SteppingTargets ex = Started(/*level=*/0.0, /*trials=*/2);  // 15 cm radius; all 4 directions
  const auto trials = Play(ex, {.miss_cm = 6}, 60);
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_NEAR(MetricValue(t, "accuracy").value_or(-1), 6, 0.3);
  }
}

TEST(SteppingTargetsTest, WrongFoot_IsCountedAndTheTrialFails) {
  SteppingTargets ex = Started(/*level=*/0.0, /*trials=*/1);  // 2 steps, 6 s each
  const auto trials = Play(ex, {.wrong_foot = true}, 60);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_EQ(MetricValue(trials[0], "wrong_foot"), 2);
  EXPECT_EQ(MetricValue(trials[0], "missed"), 2);
  EXPECT_FALSE(MetricValue(trials[0], "step_time").has_value());
}

TEST(SteppingTargetsTest, StandingStill_MissesEveryStepAtTheTimeLimit) {
  SteppingTargets ex = Started(/*level=*/1.0, /*trials=*/1);  // 4 steps, 2.5 s each
  const auto trials = Play(ex, {.still = true}, 60);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_EQ(MetricValue(trials[0], "missed"), 4);
  // Each: 2.5 s waiting, a frame, then 0.2 s to confirm the foot is home.
  EXPECT_NEAR(MetricValue(trials[0], "sequence_time").value_or(-1), 4 * (2.5 + 1 / 30.0 + 0.2),
              4 * 1.5 / 30.0);
}

TEST(SteppingTargetsTest, Jitter_DoesNotChangeTheOutcomeOrAddWrongFeet) {
  SteppingTargets ex = Started(/*level=*/0.5, /*trials=*/2);
  const auto trials = Play(ex, {.noise = true}, 60);
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_NEAR(MetricValue(t, "step_time").value_or(-1), kReaction, 0.1);
    EXPECT_LT(MetricValue(t, "accuracy").value_or(99), 2.5);
  }
}

TEST(SteppingTargetsTest, HiddenFoot_StopsTheClock) {
  SteppingTargets ex = Started(/*level=*/0.0, /*trials=*/1);
  const auto trials = Play(ex, {.delay_s = 1.5, .hide = true}, 60);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess) << trials[0].note;
  // 1.5 s + 0.1 s + a frame after each target appears, of which 1 s was not visible.
  EXPECT_NEAR(MetricValue(trials[0], "step_time").value_or(-1), 1.5 + 0.1 + 1 / 30.0 - 1.0, 0.07);
}

TEST(SteppingTargetsTest, ForwardTarget_IsLowerInThePictureByTheDepthScale) {
  SteppingTargets ex = Started(/*level=*/1.0, /*trials=*/1);
  Stepper still{.still = true};
  for (int i = 0; i < 30 * 10 && ex.View().prompt.find("FORWARD") == std::string::npos; ++i)
    ex.Update(MakeFrame(still.Body(ex.View(), i * kDt / 1000), i * kDt, i));
  const ExerciseView v = ex.View();
  ASSERT_NE(v.prompt.find("RIGHT foot"), std::string::npos) << v.prompt;
  const Pose home = MakePose({});
  const double cm = TestCalibration().cm_per_px;
  const double leg_cm = (home.landmarks[kRightAnkle].y - home.landmarks[kRightHip].y) * 480 * cm;
  ASSERT_FALSE(v.shapes.empty());
  EXPECT_NEAR(v.shapes[0].x, home.landmarks[kRightAnkle].x, 1e-3);
  EXPECT_NEAR((v.shapes[0].y - home.landmarks[kRightAnkle].y) * 480 * cm,
              0.5 * leg_cm * SteppingTargets::kDepthScale, 0.2);
}

TEST(SteppingTargetsTest, DemoMovement_LandsEveryStep) {
  SteppingTargets ex = Started(/*level=*/0.3, /*trials=*/2);
  std::vector<TrialResult> trials;
  for (int i = 0; i < 40 * 30 && !ex.Done(); ++i) {
    ex.Update(MakeFrame(ex.Demo(i / 30.0), i * kDt, i));
    for (auto& t : ex.TakeFinishedTrials()) trials.push_back(t);
  }
  ASSERT_EQ(trials.size(), 2u);
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_LT(MetricValue(t, "accuracy").value_or(99), 3);
  }
}

TEST(SteppingTargetsTest, LevelSetRightAfterATrial_AppliesToTheNextTrial) {
  SteppingTargets ex = Started(/*level=*/0.0, /*trials=*/2);
  Stepper p;
  std::vector<TrialResult> trials;
  for (int i = 0; i < 60 * 30 && !ex.Done(); ++i) {
    ex.Update(MakeFrame(p.Body(ex.View(), i * kDt / 1000), i * kDt, i));
    for (auto& r : ex.TakeFinishedTrials()) {
      trials.push_back(r);
      ex.SetLevel(1.0);  // as the game does, after the next trial has been set up
    }
  }
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_NEAR(trials[0].parameters[4].value, 2, 1e-9);  // sequence_length
  EXPECT_NEAR(trials[1].parameters[4].value, 4, 1e-9);
  EXPECT_NEAR(trials[1].parameters[2].value, 8, 1e-9);  // target_radius
  EXPECT_EQ(trials[1].outcome, TrialOutcome::kSuccess) << trials[1].note;
}

TEST(SteppingTargetsTest, FootSwingingThroughTheTarget_DoesNotLand) {
  SteppingTargets ex = Started(/*level=*/0.0, /*trials=*/1);  // 20 cm away, 15 cm radius, 6 s
  const double cm = TestCalibration().cm_per_px;
  std::vector<TrialResult> trials;
  for (int i = 0; i < 20 * 30 && !ex.Done(); ++i) {
    const double t = i * kDt / 1000;
    BodySpec s;
    // From 1 s the left foot slides out to the left at 60 cm/s, 2 cm a frame, to 60 cm.
    const double out_cm = std::clamp((t - 1) * 60, 0.0, 60.0);
    s.left_foot_dx = out_cm / cm / 480;
    ex.Update(MakeFrame(s, i * kDt, i));
    for (auto& r : ex.TakeFinishedTrials()) trials.push_back(r);
  }
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kFailure);
  EXPECT_GE(MetricValue(trials[0], "missed"), 1);
  EXPECT_FALSE(MetricValue(trials[0], "step_time").has_value());
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

double MinJerk(double u) {
  u = std::clamp(u, 0.0, 1.0);
  return u * u * u * (10 - 15 * u + 6 * u * u);
}

// A smooth (minimum-jerk) stepper: 0.4 s after a target shows, the named foot moves onto its
// centre in 0.6 s; 0.3 s after "back to the middle", home in 0.6 s. Clean, 30 fps.
std::vector<TrialResult> PlaySmooth(SteppingTargets& ex) {
  std::vector<TrialResult> out;
  std::array<std::array<double, 2>, 2> from{}, to{};  // per foot: dx, dy (image heights)
  std::array<double, 2> start{-1, -1};
  std::string key;
  const Pose home = MakePose({});
  for (int i = 0; i < 60 * 30 && !ex.Done(); ++i) {
    const double t = i * kDt / 1000;
    const ExerciseView v = ex.View();
    for (const Shape& s : v.shapes) {
      if (s.role != Shape::Role::kTarget) continue;
      const std::string k = s.label + std::to_string(s.x) + std::to_string(s.y);
      if (k == key) break;
      key = k;
      int f = s.label == "L" ? 0 : 1;
      if (s.label == "home")
        for (const Shape& m : v.shapes)
          if (m.role == Shape::Role::kHand) f = m.label == "L" ? 0 : 1;
      const auto& a = home.landmarks[f == 0 ? kLeftAnkle : kRightAnkle];
      for (int k2 = 0; k2 < 2; ++k2) {  // where each foot is now
        const double u = start[k2] < 0 ? 1 : MinJerk((t - start[k2]) / 0.6);
        for (int ax = 0; ax < 2; ++ax) from[k2][ax] += (to[k2][ax] - from[k2][ax]) * u;
        to[k2] = from[k2];
        start[k2] = -1;
      }
      to[f] = {(s.x - a.x) * kAspect, s.y - a.y};
      // The view reflects the last frame given: it showed there, one frame ago.
      start[f] = t - kDt / 1000 + (s.label == "home" ? 0.3 : 0.4);
    }
    BodySpec b;
    std::array<std::array<double, 2>, 2> at{};
    for (int f = 0; f < 2; ++f) {
      const double u = start[f] < 0 ? 1 : MinJerk((t - start[f]) / 0.6);
      for (int ax = 0; ax < 2; ++ax) at[f][ax] = from[f][ax] + (to[f][ax] - from[f][ax]) * u;
    }
    b.left_foot_dx = at[0][0];
    b.left_foot_dy = at[0][1];
    b.right_foot_dx = at[1][0];
    b.right_foot_dy = at[1][1];
    ex.Update(MakeFrame(b, i * kDt, i));
    for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
  }
  return out;
}

// Timed where the foot comes to rest (its speed under 5 % of its peak: 94 % into a
// minimum-jerk step) and placed where it stood, forward and back steps included: the dwell's
// first frames (still the end of the approach) made both read short (0.08 s early, 0.8 cm).
TEST(SteppingTargetsTest, SmoothSteps_TimedWhereTheFootCameToRestAndPlacedWhereItStood) {
  SteppingTargets ex = Started(/*level=*/0.3, /*trials=*/2);  // 3 steps a trial: all directions
  const auto trials = PlaySmooth(ex);
  ASSERT_EQ(trials.size(), 2u);
  const double rest_share = 0.9407;  // speed back under 5 % of its peak
  for (const auto& t : trials) {
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << t.note;
    EXPECT_NEAR(MetricValue(t, "step_time").value_or(-1), 0.4 + rest_share * 0.6, 0.03);
    EXPECT_NEAR(MetricValue(t, "return_time").value_or(-1), 0.3 + rest_share * 0.6, 0.03);
    EXPECT_LT(MetricValue(t, "accuracy").value_or(99), 0.3);
  }
}

// A gap over 0.4 s that hides a step's end (the foot first seen again where it landed): the
// step cannot be timed, so the trial is unmeasurable, says why, keeps no numbers, and is
// repeated.
TEST(SteppingTargetsTest, StepEndHiddenInALongGap_TrialUnmeasurable) {
  SteppingTargets ex = Started(/*level=*/0.0, /*trials=*/1);
  const auto trials = Play(ex, {.delay_s = 0.5, .move_s = 0.3, .hide = true}, 60);
  ASSERT_GE(trials.size(), 1u);
  EXPECT_FALSE(trials[0].quality.measurable);
  EXPECT_NE(trials[0].quality.reason.find("out of sight"), std::string::npos)
      << trials[0].quality.reason;
  EXPECT_TRUE(trials[0].metrics.empty());
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

// After the last return home the trial is reported once that landing is measured (0.5 s): in
// the meantime the player is asked to stand still, not to step back again.
TEST(SteppingTargetsTest, AfterTheLastReturn_AsksToStandStillUntilReported) {
  SteppingTargets ex = Started(/*level=*/0.0, /*trials=*/1);  // 2 steps
  Stepper p;
  bool settling_seen = false;
  std::vector<TrialResult> trials;
  for (int i = 0; i < 60 * 30 && trials.empty(); ++i) {
    const ExerciseView v = ex.View();
    if (v.prompt == "Stand still with your feet in the middle." && !v.shapes.empty() &&
        v.shapes[0].label == "home")
      settling_seen = true;
    ex.Update(MakeFrame(p.Body(v, i * kDt / 1000), i * kDt, i));
    for (auto& r : ex.TakeFinishedTrials()) trials.push_back(r);
  }
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kSuccess) << trials[0].note;
  EXPECT_TRUE(settling_seen);
}

}  // namespace
}  // namespace poise::core
