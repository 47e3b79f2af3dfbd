// Every screen at 200 % text in a 1280x720 window: the real game is driven through every scene
// a patient sees (menu, profile, safety, framing, calibration, instructions, exercise, pause,
// rest, summary, settings, progress, free play, PIN, fall alarm), in both themes, and every
// button it drew (--trace "button" lines: its rectangle, its panel's and the display's) must lie
// inside the window and inside its panel's visible area (no button below the fold or clipped).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/app/headless_game.h"

namespace poise {
namespace {

using testing_support::CalibrationMoves;

const std::string kShortPlan = std::string(POISE_TEST_DATA) + "/plans/short.json";

class LayoutTest : public testing_support::HeadlessGameTest {
 protected:
  LayoutTest() : HeadlessGameTest("poise_layout_") {}

  void Run(const std::string& args) {
    const std::string cmd = std::string(POISE_BINARY) +
                            " --headless --mute --size 1280 --ui-scale 2 --db " + P("poise.db") +
                            " --trace " + P("trace.jsonl") + " " + args + " >/dev/null 2>" +
                            P("stderr.txt");
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }

  /// Every traced button lies inside the display and inside its panel; returns the scenes that
  /// drew buttons.
  std::set<std::string> ExpectButtonsInside() {
    std::set<std::string> scenes;
    int buttons = 0;
    std::vector<nlohmann::json> lines = Trace();
    std::ifstream first(P("trace1.jsonl"));
    for (std::string line; std::getline(first, line);) lines.push_back(nlohmann::json::parse(line));
    for (const auto& j : lines) {
      if (!j.contains("button")) continue;
      ++buttons;
      const std::string where =
          j["screen"].get<std::string>() + " / " + j["button"].get<std::string>();
      scenes.insert(j["screen"]);
      const auto r = j["rect"], p = j["panel"], d = j["display"];
      EXPECT_EQ(d[0].get<double>(), 1280) << where;
      EXPECT_EQ(d[1].get<double>(), 720) << where;
      const double tol = 1;
      EXPECT_GE(r[0].get<double>(), -tol) << where << " is off the left edge: " << j.dump();
      EXPECT_GE(r[1].get<double>(), -tol) << where << " is off the top: " << j.dump();
      EXPECT_LE(r[2].get<double>(), d[0].get<double>() + tol)
          << where << " is off the right edge: " << j.dump();
      EXPECT_LE(r[3].get<double>(), d[1].get<double>() + tol)
          << where << " is below the window: " << j.dump();
      EXPECT_GE(r[0].get<double>(), p[0].get<double>() - tol)
          << where << " sticks out of its panel: " << j.dump();
      EXPECT_GE(r[1].get<double>(), p[1].get<double>() - tol)
          << where << " is scrolled above its panel: " << j.dump();
      EXPECT_LE(r[2].get<double>(), p[2].get<double>() + tol)
          << where << " is clipped by its panel: " << j.dump();
      EXPECT_LE(r[3].get<double>(), p[3].get<double>() + tol)
          << where << " is below the fold of its panel: " << j.dump();
    }
    EXPECT_GT(buttons, 0) << "no button was traced";
    return scenes;
  }

  /// A patient's whole flow (a new profile, safety, framing, calibration, instructions, the
  /// exercise with a pause, a rest, the summary), then, in a second run with that profile,
  /// settings, progress, free play and the PIN.
  void PatientFlow(const std::string& extra) {
    const std::string src = Poses([](double t) { return CalibrationMoves(t); }, 150);
    Run("--source " + src + " --plan " + kShortPlan + " --exit-after 120 " + extra + " --script " +
        Script("0.5 click:play\n0.8 set:name=Anna\n0.8 set:height=165\n1.5 click:create_profile\n"
               "2.5 click:safety_all\n3.0 click:safety_ok\n4.0 click:start\n"
               "4.0 key:space\n4.5 click:resume\n5.0 set:fatigue=4\n5.5 click:finish\n"
               "6.0 click:quit\n"));
    const std::vector<std::string> first = Scenes();
    std::filesystem::rename(P("trace.jsonl"), P("trace1.jsonl"));  // checked too
    Run("--source " + src + " --plan " + kShortPlan + " --exit-after 14 " + extra + " --script " +
        Script("1 click:profiles\n2 click:profile:Anna\n3 click:settings\n4 click:back\n"
               "3.2 click:settings_camera\n3.4 click:settings_reminder\n4 click:back\n"
               "5 click:progress\n6 click:back\n7 click:free\n7.5 click:free_coordination\n"
               "8 click:back\n9 click:physio\n10 click:back\n"));
    std::vector<std::string> scenes = Scenes();
    scenes.insert(scenes.begin(), first.begin(), first.end());
    const std::vector<std::string> want = {
        "menu", "profile", "safety",   "framing",  "calibration", "exercise", "pause",
        "rest", "summary", "settings", "progress", "free_play",   "pin"};
    for (const auto& w : want)
      EXPECT_NE(std::find(scenes.begin(), scenes.end(), w), scenes.end())
          << w << " was not reached: " << nlohmann::json(scenes).dump();
  }
};

TEST_F(LayoutTest, EveryPatientScene_At200Percent_KeepsEveryButtonInsideTheWindow) {
  PatientFlow("");
  const auto drawn = ExpectButtonsInside();
  for (const char* s : {"menu", "profile", "safety", "exercise", "pause", "summary", "settings",
                        "progress", "free_play", "pin"})
    EXPECT_TRUE(drawn.count(s)) << s << " drew no button";
}

TEST_F(LayoutTest, EveryPatientScene_At200PercentHighContrast_KeepsEveryButtonInsideTheWindow) {
  PatientFlow("--high-contrast");
  ExpectButtonsInside();
}

TEST_F(LayoutTest, FallAlarm_At200Percent_KeepsItsButtonsInsideTheWindow) {
  const std::string src = Poses(
      [](double t) {
        if (t < 14) return std::optional<core::BodySpec>(CalibrationMoves(t));
        core::BodySpec s;
        const double c = std::fmod(t - 14, 6.0);
        if (c > 5) {
          const double k = std::min(1.0, (c - 5) / 0.3);
          s.hip_y = 0.58 + 0.3 * k;
          s.height = 0.75 - 0.35 * k;
        }
        return std::optional<core::BodySpec>(s);
      },
      60);
  Run("--autostart --source " + src + " --plan " + kShortPlan + " --exit-after 40");
  const auto drawn = ExpectButtonsInside();
  EXPECT_TRUE(drawn.count("fall")) << "the fall alarm drew no button";
}

}  // namespace
}  // namespace poise
