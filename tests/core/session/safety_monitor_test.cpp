#include "game/core/session/safety_monitor.h"

#include <gtest/gtest.h>

#include "game/core/demo/scripted_pose.h"

namespace poise::core {
namespace {

constexpr double kDt = 33.3;

TEST(SafetyMonitorTest, BothHandsAboveHeadFor2s_PausesOnce) {
  SafetyMonitor m;
  BodySpec up;
  up.left_wrist_x = 0.6;
  up.left_wrist_y = 0.1;
  up.right_wrist_x = 0.4;
  up.right_wrist_y = 0.1;
  int fired_at = -1, fires = 0;
  for (int i = 0; i < 120; ++i) {
    if (m.Update(MakeFrame(up, i * kDt, i)) == SafetyEvent::kPauseGesture) {
      ++fires;
      if (fired_at < 0) fired_at = i;
    }
  }
  EXPECT_EQ(fires, 1);
  EXPECT_NEAR(fired_at * kDt, 2000, kDt + 1);
}

TEST(SafetyMonitorTest, OneHandUpOrBriefGesture_DoesNotPause) {
  SafetyMonitor m;
  BodySpec one;
  one.left_wrist_x = 0.6;
  one.left_wrist_y = 0.1;
  for (int i = 0; i < 120; ++i) EXPECT_EQ(m.Update(MakeFrame(one, i * kDt, i)), SafetyEvent::kNone);
  BodySpec both = one;
  both.right_wrist_x = 0.4;
  both.right_wrist_y = 0.1;
  SafetyMonitor m2;
  for (int i = 0; i < 300; ++i)  // 1.5 s up, 0.5 s down, repeatedly
    EXPECT_EQ(m2.Update(MakeFrame(i % 60 < 45 ? both : BodySpec{}, i * kDt, i)), SafetyEvent::kNone)
        << i;
}

TEST(SafetyMonitorTest, BothHandsJustAboveTheNose_AreNotThePauseGesture) {
  // Touching the nose, or a target just above it, with both hands (a two-handed nose-to-target
  // try) is not "both hands above your head".
  const PoseFrame still = MakeFrame(BodySpec{}, 0, 0);
  const double nose_y = still.pose->landmarks[kNose].y;
  BodySpec touch;
  touch.left_wrist_x = 0.52;
  touch.left_wrist_y = nose_y - 0.015;
  touch.right_wrist_x = 0.48;
  touch.right_wrist_y = nose_y - 0.015;
  SafetyMonitor m;
  for (int i = 0; i < 120; ++i)
    EXPECT_EQ(m.Update(MakeFrame(touch, i * kDt, i)), SafetyEvent::kNone) << i;
}

TEST(SafetyMonitorTest, NoPoseForOverOneSecond_IsTrackingLost) {
  SafetyMonitor m;
  for (int i = 0; i < 10; ++i) m.Update(MakeFrame({}, i * kDt, i));
  PoseFrame empty;
  int fired = -1;
  for (int i = 10; i < 80; ++i) {
    empty.capture_ms = i * kDt;
    if (m.Update(empty) == SafetyEvent::kTrackingLost) {
      EXPECT_EQ(fired, -1) << "fires once";
      fired = i;
    }
  }
  EXPECT_GT((fired - 9) * kDt, 1000);
  EXPECT_LT((fired - 9) * kDt, 1000 + 2 * kDt);
}

TEST(SafetyMonitorTest, WalkingOutOfTheSide_IsLeftFrame) {
  SafetyMonitor m;
  SafetyEvent last = SafetyEvent::kNone;
  for (int i = 0; i < 90 && last == SafetyEvent::kNone; ++i) {
    BodySpec s;
    s.hip_x = 0.5 + 0.02 * i;  // walks off the right edge
    last = m.Update(MakeFrame(s, i * kDt, i));
  }
  EXPECT_EQ(last, SafetyEvent::kLeftFrame);
}

TEST(SafetyMonitorTest, SuddenHipDrop_IsAFallButSittingDownIsNot) {
  SafetyMonitor fall;
  SafetyEvent e = SafetyEvent::kNone;
  for (int i = 0; i < 30; ++i) fall.Update(MakeFrame({}, i * kDt, i));
  for (int i = 30; i < 45 && e == SafetyEvent::kNone; ++i) {
    BodySpec s;
    s.hip_y = 0.62 + 0.05 * (i - 29);  // ~0.3 image heights in 0.2 s
    s.height = 0.75 - 0.04 * (i - 29);
    e = fall.Update(MakeFrame(s, i * kDt, i));
  }
  EXPECT_EQ(e, SafetyEvent::kFall);

  SafetyMonitor sit;
  for (int i = 0; i < 30; ++i) sit.Update(MakeFrame({}, i * kDt, i));
  for (int i = 30; i < 90; ++i) {  // sitting down over 2 s: hips drop half a torso length
    BodySpec s;
    s.hip_y = 0.62 + 0.12 * std::min(1.0, (i - 30) / 60.0);
    s.seated = i > 75;
    EXPECT_NE(sit.Update(MakeFrame(s, i * kDt, i)), SafetyEvent::kFall) << "frame " << i;
  }
}

}  // namespace
}  // namespace poise::core
