// Hands-free from across the room, in the real game (headless, scripted poses): both hands up
// pauses; after lowering them, both hands up again held 3 s resumes (with the countdown shown);
// paused again, both arms out to the sides held 3 s stops the session, which ends in the
// database with the reason "stop gesture".
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tests/app/headless_game.h"

namespace poise {
namespace {

using testing_support::CalibrationMoves;

class PauseGestureTest : public testing_support::HeadlessGameTest {
 protected:
  PauseGestureTest() : HeadlessGameTest("poise_gesture_") {}
  double TimeOf(const std::string& text, double after = -1) const {
    for (const auto& j : Trace())
      if (j["t_s"].get<double>() > after && j.dump().find(text) != std::string::npos)
        return j["t_s"];
    return -1;
  }
};

core::BodySpec HandsUp() {
  core::BodySpec b;
  b.left_wrist_x = 0.58;
  b.left_wrist_y = 0.10;
  b.right_wrist_x = 0.42;
  b.right_wrist_y = 0.10;
  return b;
}
core::BodySpec ArmsOut() {
  core::BodySpec b;
  b.left_wrist_x = 0.75;
  b.left_wrist_y = 0.36;
  b.right_wrist_x = 0.25;
  b.right_wrist_y = 0.36;
  return b;
}

TEST_F(PauseGestureTest, PauseResumeThenStop_AllByHeldGestures) {
  // Framing and calibration take about 20 s; the gestures start at 28 s.
  const std::string source = Poses(
      [](double t) -> std::optional<core::BodySpec> {
        if (t < 28) return CalibrationMoves(t);
        if (t >= 29 && t < 32) return HandsUp();      // pauses at ~31 s
        if (t >= 33 && t < 37.5) return HandsUp();    // resumes at ~36 s, the hands stay up 1.5 s
        if (t >= 39.5 && t < 42.5) return HandsUp();  // pauses again at ~41.5 s
        if (t >= 44 && t < 48) return ArmsOut();      // stops at ~47 s
        return core::BodySpec{};
      },
      52);
  const std::string cmd = std::string(POISE_BINARY) +
                          " --headless --mute --autostart --exercise bubble_reach --trials 60"
                          " --db " +
                          P("poise.db") + " --trace " + P("trace.jsonl") + " --source " + source +
                          " --exit-after 55 --screenshot " + P("shot.png") +
                          " --screenshot-scene pause >/dev/null 2>" + P("stderr.txt");
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const double started = TimeOf("exercise started");
  ASSERT_GT(started, 0) << "the exercise never started";
  ASSERT_LT(started, 28) << "too slow a machine to reach play before the gestures";
  const double paused = TimeOf("pause: You raised both hands");
  ASSERT_GT(paused, 30) << "both hands up did not pause";
  EXPECT_LT(paused, 32);
  const double resumed = TimeOf("resumed by the resume gesture");
  ASSERT_GT(resumed, 0) << "holding both hands up did not resume";
  EXPECT_GE(resumed, 35.5) << "resumed before the 3 s hold (or before the hands came down)";
  EXPECT_LE(resumed, 37);
  const double paused2 = TimeOf("pause: You raised both hands", resumed);
  ASSERT_GT(paused2, 41) << "the raised hands paused again at once, or the second pause is missing";
  EXPECT_LT(paused2, 42.5);
  const double stopped = TimeOf("stopped by the stop gesture");
  ASSERT_GT(stopped, 0) << "arms out did not stop";
  EXPECT_GE(stopped, 46.5);
  EXPECT_LE(stopped, 48);
  EXPECT_EQ(Scenes().back(), "summary");
  EXPECT_EQ(Query("SELECT stop_reason, ended_utc IS NOT NULL FROM sessions"), "stop gesture|1\n");
  EXPECT_EQ(Query("SELECT count(*) FROM events WHERE kind='resume'"), "1\n");
  EXPECT_EQ(Query("SELECT detail FROM events WHERE kind='stop'"), "stop gesture\n");
}

}  // namespace
}  // namespace poise
