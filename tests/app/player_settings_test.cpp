// The player's own settings survive a restart of the real game (per profile, in the database),
// and the keyboard drives the menu: arrows move the focus and Enter presses the focused button.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tests/app/headless_game.h"

namespace poise {
namespace {

class PlayerSettingsTest : public testing_support::HeadlessGameTest {
 protected:
  PlayerSettingsTest() : HeadlessGameTest("poise_player_") {}
  void Run(const std::string& script, double exit_after,
           const std::string& source = "poses:/nonexistent.jsonl") {
    const std::string cmd = std::string(POISE_BINARY) + " --headless --db " + P("poise.db") +
                            " --trace " + P("trace.jsonl") + " --source " + source +
                            " --exit-after " + std::to_string(exit_after) + " --script " +
                            Script(script) + " >/dev/null 2>" + P("stderr.txt");
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
};

TEST_F(PlayerSettingsTest, TextSizeContrastAndSound_SurviveARestart) {
  // First launch: create Anna, then larger text twice, high contrast, sounds off.
  Run("0.5 click:profiles\n0.6 set:name=Anna\n1.0 click:create_profile\n1.5 click:settings\n"
      "2.0 click:larger\n2.5 click:larger\n3.0 click:contrast\n3.5 click:mute\n4.0 click:back\n",
      6);
  EXPECT_EQ(
      Query("SELECT key, value FROM profile_settings ORDER BY key"),
      "high_contrast|1\nmodel|lite\nreminder_time|\nsound|0\nsource|poses:/nonexistent.jsonl\n"
      "ui_scale|1.50\n");
  // Second launch: choosing Anna brings her settings back.
  Run("0.5 click:profiles\n1.0 click:profile:Anna\n", 3);
  EXPECT_TRUE(TraceHas("settings applied: text 150 %, contrast high, sound off"))
      << "the settings were not applied after the restart";
}

TEST_F(PlayerSettingsTest, SavedSettingsOfOneProfile_DoNotApplyToAnother) {
  Run("0.5 click:profiles\n0.6 set:name=Anna\n1.0 click:create_profile\n1.5 click:settings\n"
      "2.0 click:larger\n2.5 click:back\n3.0 click:profiles\n3.1 set:name=Ben\n"
      "3.5 click:create_profile\n",
      5);
  EXPECT_EQ(Query("SELECT count(DISTINCT profile_id) FROM profile_settings"), "1\n");
  Run("0.5 click:profiles\n1.0 click:profile:Ben\n", 3);
  EXPECT_FALSE(TraceHas("settings applied")) << "Ben never saved any settings";
}

TEST_F(PlayerSettingsTest, ArrowsMoveTheFocusAndEnterPressesTheFocusedButton) {
  // Menu at 100 %: Quit, then Play today's plan, Free play... The first Down gives the focus
  // to Quit, the second moves it to "Play today's plan", whose Enter opens the profile choice
  // (no profile yet); a third Down would have reached Free play.
  const std::string src = Poses([](double) { return core::BodySpec{}; }, 6);
  Run("0.5 press:down\n1.0 press:down\n1.5 press:return\n", 4, src);
  auto scenes = Scenes();
  ASSERT_GE(scenes.size(), 2u) << "Enter pressed nothing: " << nlohmann::json(scenes).dump();
  EXPECT_EQ(scenes[1], "profile");
  Run("0.5 press:down\n1.0 press:down\n1.5 press:down\n2.0 press:return\n", 4, src);
  scenes = Scenes();
  ASSERT_GE(scenes.size(), 2u) << "Enter pressed nothing: " << nlohmann::json(scenes).dump();
  EXPECT_EQ(scenes[1], "free_play");
}

}  // namespace
}  // namespace poise
