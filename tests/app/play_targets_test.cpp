// The exercise's targets on screen at 100 % and 200 % text (issue 14): the real game plays the
// exercise's own demonstration headless at 1280x720, and the --trace lines give each target's
// circle as drawn ("target") and the picture's and panels' rectangles ("play_layout"). A target
// must not shrink when the text grows, and no target may reach under the top bar or the prompt
// (stepping targets sit at the feet, at the bottom of the picture).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/app/headless_game.h"

namespace poise {
namespace {

struct Shown {
  double min_radius = 1e9;
  double picture_h = 0;
  int targets = 0;
};

class PlayTargetsTest : public testing_support::HeadlessGameTest {
 protected:
  PlayTargetsTest() : HeadlessGameTest("poise_targets_") {}

  /// Plays `exercise` (its demonstration as the pose source) at `scale`; checks every target
  /// against the panels; returns the smallest target radius and the picture's height.
  Shown Play(const std::string& exercise, double scale, bool high_contrast) {
    const std::string poses = P(exercise + ".jsonl");
    std::string cmd = std::string(POISE_BINARY) + " demo-poses --exercise " + exercise +
                      " --seconds 45 --out " + poses + " >/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::filesystem::remove(P("poise.db"));
    cmd = std::string(POISE_BINARY) + " --headless --mute --size 1280 --ui-scale " +
          std::to_string(scale) + (high_contrast ? " --high-contrast" : "") + " --db " +
          P("poise.db") + " --trace " + P("trace.jsonl") + " --exercise " + exercise +
          " --trials 30 --autostart --source poses:" + poses + " --exit-after 32 >/dev/null 2>" +
          P("stderr.txt");
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    Shown shown;
    nlohmann::json layout;
    for (const auto& j : Trace()) {
      if (j.contains("play_layout")) layout = j;
      if (!j.contains("target")) continue;
      ++shown.targets;
      const double x = j["circle"][0], y = j["circle"][1], r = j["circle"][2];
      const auto pic = j["picture"];
      shown.min_radius = std::min(shown.min_radius, r);
      shown.picture_h = double(pic[3]) - double(pic[1]);
      const double m = r + 12;  // the slow halo around the target reaches 12 px out
      const std::string where = exercise + " at " + std::to_string(scale) + ": " + j.dump();
      EXPECT_GE(x - m, double(pic[0]) - 1) << where;
      EXPECT_LE(x + m, double(pic[2]) + 1) << where;
      EXPECT_GE(y - m, double(pic[1]) - 1) << where;
      EXPECT_LE(y + m, double(pic[3]) + 1) << where;
      if (layout.is_null()) continue;  // the first frame: the panels are drawn after
      for (const char* bar : {"hud", "prompt"}) {
        const auto b = layout[bar];
        const bool apart = x + m <= double(b[0]) + 1 || x - m >= double(b[2]) - 1 ||
                           y + m <= double(b[1]) + 1 || y - m >= double(b[3]) - 1;
        EXPECT_TRUE(apart) << "a target reaches under the " << bar << " bar: " << where << " / "
                           << layout.dump();
      }
    }
    EXPECT_GT(shown.targets, 0) << exercise << " at " << scale << ": no target was traced";
    EXPECT_FALSE(layout.is_null()) << "no play_layout line";
    return shown;
  }
};

TEST_F(PlayTargetsTest, TargetsKeepTheirSizeAt200PercentText) {
  const Shown normal = Play("weight_shift", 1, false);
  const Shown large = Play("weight_shift", 2, true);
  EXPECT_GE(large.picture_h, normal.picture_h - 1)
      << "the camera picture shrank at 200 % text: " << large.picture_h << " px high against "
      << normal.picture_h << " px at 100 %";
  EXPECT_GE(large.min_radius, normal.min_radius - 0.5)
      << "the lean target shrank at 200 % text: " << large.min_radius << " px against "
      << normal.min_radius << " px at 100 %";
}

TEST_F(PlayTargetsTest, SteppingTargetsAtTheFeetStayClearOfTheBars) {
  const Shown normal = Play("stepping_targets", 1, false);
  const Shown large = Play("stepping_targets", 2, false);
  EXPECT_GE(large.min_radius, normal.min_radius - 0.5);
}

}  // namespace
}  // namespace poise
