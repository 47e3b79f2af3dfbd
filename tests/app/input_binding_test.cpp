// Input is for the screen that shows when it is pressed, in the real game (headless, real SDL
// key events through the script's press:KEY): Space pressed during calibration must not pause
// play the moment it begins; Space pressed during play does pause it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tests/app/headless_game.h"

namespace poise {
namespace {

using testing_support::CalibrationMoves;

class InputBindingTest : public testing_support::HeadlessGameTest {
 protected:
  InputBindingTest() : HeadlessGameTest("poise_input_") {}
  double TimeOf(const std::string& text) const {
    for (const auto& j : Trace())
      if (j.dump().find(text) != std::string::npos) return j["t_s"];
    return -1;
  }
  /// When the trace shows `scene` and when the next scene replaced it; {-1, -1} if never.
  std::pair<double, double> SceneSpan(const std::string& scene) const {
    double from = -1;
    for (const auto& j : Trace()) {
      if (!j.contains("scene")) continue;
      if (from >= 0) return {from, j["t_s"]};
      if (j["scene"] == scene) from = j["t_s"];
    }
    return {from, from >= 0 ? 1e9 : -1};
  }
};

TEST_F(InputBindingTest, SpaceDuringCalibration_DoesNotPausePlayLater) {
  const std::string source = Poses([](double t) { return CalibrationMoves(t); }, 45);
  const std::string script =
      Script("5.0 press:space\n6.0 press:space\n7.0 press:p\n8.0 press:escape\n40.0 press:space\n");
  const std::string cmd = std::string(POISE_BINARY) +
                          " --headless --mute --autostart --exercise bubble_reach --trials 60"
                          " --db " +
                          P("poise.db") + " --trace " + P("trace.jsonl") + " --source " + source +
                          " --script " + script + " --exit-after 42 >/dev/null 2>" +
                          P("stderr.txt");
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const auto [cal_from, cal_to] = SceneSpan("calibration");
  ASSERT_GE(cal_from, 0) << "no calibration screen: " << nlohmann::json(Scenes()).dump();
  ASSERT_LT(cal_from, 5.0) << "the keys came before calibration showed";
  ASSERT_GT(cal_to, 8.0) << "the keys came after calibration";
  const double started = TimeOf("exercise started");
  ASSERT_GT(started, 0) << "the exercise never started";
  ASSERT_LT(started, 38) << "too slow a machine to reach play before the last key";
  const double paused = TimeOf("pause:");
  ASSERT_GT(paused, 0) << "Space pressed during play did not pause";
  EXPECT_GE(paused, 40.0) << "a key pressed during calibration paused play at " << paused;
  EXPECT_LT(paused, 41.0);
  EXPECT_EQ(Query("SELECT count(*) FROM events WHERE kind='pause'"), "1\n");
}

}  // namespace
}  // namespace poise
