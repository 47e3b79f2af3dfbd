// Calibration from scripted poses with known geometry: the pixels-to-cm scale from the player's
// height, the neutral stance, and the comfortable lean and reach ranges.
#include "game/core/session/calibration.h"

#include <gtest/gtest.h>

#include <cmath>

#include "game/core/demo/scripted_pose.h"

namespace poise::core {
namespace {

constexpr double kDtMs = 1000.0 / 30;

/// Feeds body(t) at 30 fps until done or `seconds` pass; returns the result.
template <class Body>
std::optional<Calibration> Calibrate(CalibrationRecorder& rec, Body body, double seconds) {
  for (int i = 0; i < int(seconds * 30) && rec.step() != CalibrationStep::kDone; ++i)
    rec.Feed(MakeFrame(body(i * kDtMs / 1000), i * kDtMs, i));
  return rec.Result();
}

TEST(CalibrationTest, CalibrationMoves_GiveScaleNeutralLeanAndReach) {
  CalibrationRecorder rec(/*height_cm=*/170, /*seated=*/false);
  const auto cal = Calibrate(
      rec, [](double t) { return CalibrationDemo(t, false); }, 30);
  ASSERT_TRUE(cal);
  // Nose to ankle in the scripted body is 0.12 + 0.30 + 0.25 + 0.24 = 0.91 of its height (0.75 of
  // the 480 px picture) and stands for 0.88 of the 170 cm person.
  const double nose_to_ankle_px = 0.91 * 0.75 * 480;
  EXPECT_NEAR(cal->cm_per_px, 170 * 0.88 / nose_to_ankle_px, 0.01);
  EXPECT_NEAR(cal->neutral_hip_x, 0.5, 1e-3);
  EXPECT_NEAR(cal->neutral_shoulder_x, 0.5, 1e-3);
  // The demo leans 0.05 of the picture width (32 px) each way.
  EXPECT_NEAR(cal->lean_left_cm, 32 * cal->cm_per_px, 1.5);
  EXPECT_NEAR(cal->lean_right_cm, 32 * cal->cm_per_px, 1.5);
  EXPECT_GT(cal->reach_left_cm, 30);
  EXPECT_GT(cal->reach_right_cm, 30);
}

TEST(CalibrationTest, LeanStartingAsTheStillStepEnds_DoesNotShiftTheNeutralStance) {
  CalibrationRecorder rec(170, false);
  // Still, but already leaning left in the last 0.1 s of the still step; the remaining steps
  // then end by their time limits.
  const auto cal = Calibrate(
      rec,
      [](double t) {
        BodySpec s;
        if (t > 1.9 && t < 2.5) s.lean_x = (t - 1.9) * 0.08;
        return s;
      },
      40);
  ASSERT_TRUE(cal);
  EXPECT_NEAR(cal->neutral_shoulder_x, 0.5, 2e-3)
      << "the neutral stance is the median of the still step, not its last frame";
}

TEST(CalibrationTest, Seated_UsesTheTorsoForTheScale) {
  CalibrationRecorder rec(170, /*seated=*/true);
  const auto cal = Calibrate(
      rec, [](double t) { return CalibrationDemo(t, true); }, 40);
  ASSERT_TRUE(cal);
  EXPECT_TRUE(cal->seated);
  // Seated scripted torso: 0.30 * 0.95 of the body height (0.75 of 480 px) is 0.29 of 170 cm.
  EXPECT_NEAR(cal->cm_per_px, 170 * 0.29 / (0.30 * 0.95 * 0.75 * 480), 0.02);
}

TEST(CalibrationTest, FeetOutOfThePicture_SaysSoAndWaits) {
  CalibrationRecorder rec(170, false);
  BodySpec s;
  s.hip_y = 0.8;  // ankles below the picture
  Pose p = MakePose(s);
  for (int i : {kLeftAnkle, kRightAnkle}) p.landmarks[i].visibility = 0.1f;
  for (int i = 0; i < 90; ++i) {
    PoseFrame f = MakeFrame(s, i * kDtMs, i);
    f.pose = p;
    rec.Feed(f);
  }
  EXPECT_EQ(rec.step(), CalibrationStep::kStill);
  EXPECT_NE(rec.problem().find("whole body"), std::string::npos);
  EXPECT_FALSE(rec.Result());
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

// Feet flickering out of view on 10 % of frames (as webcam tracking does) must not hold the
// still step back, nor tell a player who is fully in view to fix the framing.
TEST(CalibrationTest, FeetFlickeringOnTenPercentOfFrames_StillStepFinishesWithoutComplaint) {
  CalibrationRecorder rec(170, false);
  bool complained = false;
  int i = 0;
  for (; i < 30 * 10 && rec.step() == CalibrationStep::kStill; ++i) {
    PoseFrame f = MakeFrame(BodySpec{}, i * kDtMs, i);
    if (i % 10 == 3)  // every tenth frame, the feet are lost
      for (int k : {kLeftAnkle, kRightAnkle}) f.pose->landmarks[k].visibility = 0.2f;
    rec.Feed(f);
    complained |= !rec.problem().empty();
  }
  EXPECT_EQ(rec.step(), CalibrationStep::kLeanLeft) << "still step never finished";
  EXPECT_LT(i * kDtMs, 2300) << "restarted by flicker";
  EXPECT_FALSE(complained);
}

// A reach with a straight arm held out to the side ends the step, instead of waiting out 6 s.
TEST(CalibrationTest, StraightArmHeldOut_EndsTheReachStepEarly) {
  CalibrationRecorder rec(170, false);
  double t_ms = 0;
  int i = 0;
  auto feed = [&](const BodySpec& s) {
    rec.Feed(MakeFrame(s, t_ms, i++));
    t_ms += kDtMs;
  };
  // Still, then lean left and right (out and back).
  while (rec.step() == CalibrationStep::kStill) feed(BodySpec{});
  for (const double sign : {1.0, -1.0}) {
    // Out and back over 2 s, then still (the return is judged on a 0.3 s running median).
    for (int k = 0; k < 90 && rec.step() != CalibrationStep::kReachLeft; ++k) {
      BodySpec s;
      s.lean_x = sign * 0.05 * std::sin(std::min(k, 60) / 60.0 * 3.14159);
      feed(s);
    }
  }
  ASSERT_EQ(rec.step(), CalibrationStep::kReachLeft);
  const double start_ms = t_ms;
  // The left arm goes out straight to the side over 0.5 s and stays there.
  while (rec.step() == CalibrationStep::kReachLeft && t_ms - start_ms < 7000) {
    const double out = std::min(1.0, (t_ms - start_ms) / 500);
    BodySpec s;
    s.left_wrist_x = 0.56 + 0.25 * out;
    s.left_wrist_y = 0.55 - 0.2 * out;
    feed(s);
  }
  EXPECT_EQ(rec.step(), CalibrationStep::kReachRight);
  EXPECT_LT(t_ms - start_ms, 1500) << "waited for the time limit";
}

}  // namespace
}  // namespace poise::core
