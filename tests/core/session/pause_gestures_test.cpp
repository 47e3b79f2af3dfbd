// The pause screen's hands-free choices, from scripted poses: both hands above the head held
// 3 s resumes, both arms out to the sides held 3 s stops; nothing counts until the hands that
// paused have come down; letting go cancels; webcam jitter, flickering hands and lost frames
// (the tracking-noise model) neither trigger nor cancel a count.
#include "game/core/session/pause_gestures.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "game/core/demo/scripted_pose.h"
#include "game/core/demo/tracking_noise.h"

namespace poise::core {
namespace {

BodySpec Neutral() { return BodySpec{}; }
BodySpec HandsUp() {
  BodySpec b;
  b.left_wrist_x = 0.58;
  b.left_wrist_y = 0.10;
  b.right_wrist_x = 0.42;
  b.right_wrist_y = 0.10;
  return b;
}
/// Both arms straight out at shoulder height (shoulders at y 0.355, x 0.5 +- 0.062).
BodySpec ArmsOut() {
  BodySpec b;
  b.left_wrist_x = 0.75;
  b.left_wrist_y = 0.36;
  b.right_wrist_x = 0.25;
  b.right_wrist_y = 0.36;
  return b;
}
/// One arm out (a reach to the side): not the stop gesture.
BodySpec OneArmOut() {
  BodySpec b;
  b.left_wrist_x = 0.75;
  b.left_wrist_y = 0.36;
  return b;
}
/// Arms out but hanging 45 degrees down: not clearly the stop gesture.
BodySpec ArmsLow() {
  BodySpec b;
  b.left_wrist_x = 0.69;
  b.left_wrist_y = 0.53;
  b.right_wrist_x = 0.31;
  b.right_wrist_y = 0.53;
  return b;
}

struct Fired {
  PauseGesture gesture;
  double t_ms;
};

/// Feeds the frames; returns every gesture fired, with its time.
std::vector<Fired> Feed(PauseGestures& g, const std::vector<PoseFrame>& frames,
                        std::vector<PauseGestureView>* views = nullptr) {
  std::vector<Fired> out;
  for (const PoseFrame& f : frames) {
    if (const PauseGesture e = g.Update(f); e != PauseGesture::kNone)
      out.push_back({e, f.capture_ms});
    if (views) views->push_back(g.View());
  }
  return out;
}

/// Segments of poses, one after the other: {seconds, body}.
BodyScript Segments(std::vector<std::pair<double, std::function<BodySpec()>>> parts) {
  return [parts](double t) {
    for (const auto& [s, body] : parts) {
      if (t < s) return body();
      t -= s;
    }
    return parts.back().second();
  };
}

TEST(PauseGesturesTest, ClassifiesTheThreePoses) {
  const PoseFrame up = MakeFrame(HandsUp(), 0, 0), out = MakeFrame(ArmsOut(), 0, 0);
  bool seen = false;
  EXPECT_EQ(ClassifyPauseGesture(up, 0.5f, false, &seen), PauseGesture::kResume);
  EXPECT_TRUE(seen);
  EXPECT_EQ(ClassifyPauseGesture(out, 0.5f, false), PauseGesture::kStop);
  EXPECT_EQ(ClassifyPauseGesture(MakeFrame(Neutral(), 0, 0), 0.5f, false, &seen),
            PauseGesture::kNone);
  EXPECT_TRUE(seen) << "a clear neither-pose is evidence";
  EXPECT_EQ(ClassifyPauseGesture(MakeFrame(OneArmOut(), 0, 0), 0.5f, false), PauseGesture::kNone);
  EXPECT_EQ(ClassifyPauseGesture(MakeFrame(ArmsLow(), 0, 0), 0.5f, false), PauseGesture::kNone);
  PoseFrame nobody;
  EXPECT_EQ(ClassifyPauseGesture(nobody, 0.5f, false, &seen), PauseGesture::kNone);
  EXPECT_FALSE(seen);
  BodySpec seated = ArmsOut();
  seated.seated = true;
  EXPECT_EQ(ClassifyPauseGesture(MakeFrame(seated, 0, 0), 0.5f, false), PauseGesture::kStop)
      << "arms out works seated too";
}

TEST(PauseGesturesTest, ArmsOutHeld3s_StopsOnceWithACountdown) {
  PauseGestures g;
  std::vector<PauseGestureView> views;
  const auto fired = Feed(
      g,
      RenderNoisy(Segments({{1, Neutral}, {5, ArmsOut}, {2, Neutral}}), 8, TrackingNoise::Clean()),
      &views);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].gesture, PauseGesture::kStop);
  EXPECT_NEAR(fired[0].t_ms, 1000 + 3000, 40);
  // Half-way through the hold the screen shows the stop count at about half, 1.5 s left.
  const PauseGestureView& mid = views[size_t(2.5 * 30)];
  EXPECT_EQ(mid.holding, PauseGesture::kStop);
  EXPECT_NEAR(mid.progress, 0.5, 0.03);
  EXPECT_NEAR(mid.left_ms, 1500, 40);
}

TEST(PauseGesturesTest, HandsUpHeld3s_Resumes) {
  PauseGestures g;
  const auto fired =
      Feed(g, RenderNoisy(Segments({{1, Neutral}, {4, HandsUp}}), 5, TrackingNoise::Clean()));
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].gesture, PauseGesture::kResume);
  EXPECT_NEAR(fired[0].t_ms, 4000, 40);
}

TEST(PauseGesturesTest, HandsThatPausedStayUp_NothingUntilTheyComeDown) {
  // Paused by both hands up, which stay up for 6 s: no resume 3 s later. Then down 1 s, up again.
  PauseGestures g;
  std::vector<PauseGestureView> views;
  const auto fired = Feed(
      g,
      RenderNoisy(Segments({{6, HandsUp}, {1, Neutral}, {4, HandsUp}}), 11, TrackingNoise::Clean()),
      &views);
  EXPECT_FALSE(views[size_t(5 * 30)].armed);
  EXPECT_EQ(views[size_t(5 * 30)].holding, PauseGesture::kNone);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].gesture, PauseGesture::kResume);
  EXPECT_NEAR(fired[0].t_ms, 7000 + 3000, 40);
}

TEST(PauseGesturesTest, LetGoBeforeTheEnd_CancelsAndStartsAgainFromFull) {
  PauseGestures g;
  std::vector<PauseGestureView> views;
  const auto fired =
      Feed(g,
           RenderNoisy(
               Segments({{1, Neutral}, {2.5, ArmsOut}, {1, Neutral}, {2.5, ArmsOut}, {1, Neutral}}),
               8, TrackingNoise::Clean()),
           &views);
  EXPECT_TRUE(fired.empty()) << "two holds of 2.5 s are not one of 3 s";
  const PauseGestureView& after = views[size_t(4.3 * 30)];  // 0.8 s after letting go
  EXPECT_EQ(after.holding, PauseGesture::kNone);
  EXPECT_EQ(after.progress, 0);
  const PauseGestureView& again = views[size_t(5.5 * 30)];  // 1 s into the second hold
  EXPECT_NEAR(again.progress, 1.0 / 3, 0.03);
}

TEST(PauseGesturesTest, ArmsSaggingALittleDuringTheHold_StillStops) {
  // Tired arms sink during the 3 s: started level, then 0.6 torso lengths below the shoulders
  // (past the 0.5 it takes to start, within the 0.7 a held pose may drift to).
  BodySpec sag = ArmsOut();
  sag.left_wrist_x = 0.74;
  sag.right_wrist_x = 0.26;
  sag.left_wrist_y = sag.right_wrist_y = 0.355 + 0.6 * 0.225;
  ASSERT_EQ(ClassifyPauseGesture(MakeFrame(sag, 0, 0), 0.5f, false), PauseGesture::kNone);
  PauseGestures g;
  const auto fired =
      Feed(g, RenderNoisy(Segments({{1, Neutral}, {0.5, ArmsOut}, {4, [&] { return sag; }}}), 6,
                          TrackingNoise::Clean()));
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].gesture, PauseGesture::kStop);
  EXPECT_NEAR(fired[0].t_ms, 4000, 40);
}

TEST(PauseGesturesTest, ChangingFromOneGestureToTheOther_RestartsTheCount) {
  // Hands up 2 s, then straight to arms out: the stop count starts from zero.
  PauseGestures g;
  const auto fired = Feed(g, RenderNoisy(Segments({{1, Neutral}, {2, HandsUp}, {4, ArmsOut}}), 7,
                                         TrackingNoise::Clean()));
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].gesture, PauseGesture::kStop);
  // The hands-up pose is held through the grace period, then arms out counts 3 s from there.
  EXPECT_GE(fired[0].t_ms, 3000 + 3000 - 40);
  EXPECT_LE(fired[0].t_ms, 3000 + 500 + 3000 + 40);
}

TEST(PauseGesturesTest, WebcamNoiseOnStillOrMovingPlayer_NeverFires) {
  // Standing, reaching one arm out, hanging arms low, fidgeting: two minutes of each with an
  // ordinary webcam's jitter and flicker, several seeds, 30 and 15 fps.
  const std::vector<BodyScript> scripts = {
      [](double) { return Neutral(); }, [](double) { return OneArmOut(); },
      [](double) { return ArmsLow(); },
      Segments({{1, Neutral}, {1, OneArmOut}, {1, ArmsLow}, {1, Neutral}})};
  for (double fps : {30.0, 15.0})
    for (uint32_t seed = 1; seed <= 3; ++seed)
      for (size_t k = 0; k < scripts.size(); ++k) {
        TrackingNoise n = TrackingNoise::Webcam(fps, seed);
        n.jitter_cm = 1.5;      // twice the ordinary
        n.hands_flicker = 0.2;  // hands often lost
        PauseGestures g;
        EXPECT_TRUE(Feed(g, RenderNoisy(scripts[k], 120, n)).empty())
            << "script " << k << " seed " << seed << " fps " << fps;
      }
}

TEST(PauseGesturesTest, WebcamNoiseDuringAHold_NeitherCancelsNorDelaysIt) {
  for (const BodyScript& pose :
       {BodyScript([](double) { return ArmsOut(); }), BodyScript([](double) { return HandsUp(); })})
    for (uint32_t seed = 1; seed <= 5; ++seed) {
      TrackingNoise n = TrackingNoise::Webcam(30, seed);
      n.hands_flicker = 0.15;  // three times the ordinary
      PauseGestures g;
      std::vector<PauseGestureView> views;
      const auto frames = RenderNoisy([&](double t) { return t < 1 ? Neutral() : pose(t); }, 6, n);
      const auto fired = Feed(g, frames, &views);
      ASSERT_EQ(fired.size(), 1u) << "seed " << seed;
      EXPECT_NEAR(fired[0].t_ms, 4000, 150) << "seed " << seed;
      // Once the count started, it only grows until it fires: no spurious cancel.
      double last = 0;
      for (size_t i = 0; i < views.size() && frames[i].capture_ms < fired[0].t_ms; ++i) {
        if (frames[i].capture_ms < 1200) continue;
        EXPECT_GE(views[i].progress, last) << "seed " << seed << " at " << frames[i].capture_ms;
        last = views[i].progress;
      }
    }
}

TEST(PauseGesturesTest, NobodyInThePicture_NeitherArmsNorFires) {
  PauseGestures g;
  std::vector<PoseFrame> frames;
  for (int i = 0; i < 300; ++i) {
    PoseFrame f;
    f.capture_ms = i * 33.3;
    frames.push_back(f);
  }
  EXPECT_TRUE(Feed(g, frames).empty());
  EXPECT_FALSE(g.View().armed);
}

}  // namespace
}  // namespace poise::core
