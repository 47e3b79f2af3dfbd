// Every screen at 200 % text in a 1280x720 window: the real game is driven through every scene
// a patient sees (menu, profile, safety, framing, calibration, instructions, exercise, pause,
// rest, summary, settings, progress, free play, PIN, fall alarm) and every scene of the
// physiotherapist (PIN, their area, patient and plan editors, the review's tabs and a session's
// detail, the clinic link screen), in both themes, and every
// button it drew (--trace "button" lines: its rectangle, its panel's and the display's) must lie
// inside the window and inside its panel's visible area (no button below the fold or clipped);
// a row of a list that scrolls inside its screen must lie within the list, the list inside
// the window.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "game/store/sample_history.h"
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
    std::vector<nlohmann::json> all;
    std::ifstream first(P("trace1.jsonl"));
    for (std::string line; std::getline(first, line);) all.push_back(nlohmann::json::parse(line));
    for (const auto& j : Trace()) all.push_back(j);
    // Each button where it settled on each visit of a screen: the last place traced before the
    // next screen (a frame whose content just changed, e.g. a message that appeared after a
    // click, lays out once more before it is seen).
    std::vector<nlohmann::json> lines;
    std::map<std::string, nlohmann::json> visit;
    auto flush = [&] {
      for (auto& [k, j] : visit) lines.push_back(j);
      visit.clear();
    };
    for (const auto& j : all) {
      if (j.contains("scene")) flush();
      if (j.contains("button"))
        visit[j["screen"].get<std::string>() + "/" + j["button"].get<std::string>()] = j;
    }
    flush();
    for (const auto& j : lines) {
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
      if (j.value("scrolling_list", false)) {
        // A row of a list that scrolls: its list must lie inside the window, the row inside
        // the list's width; the list scrolls it into view.
        EXPECT_GE(p[1].get<double>(), -tol) << where << "'s list is off the top: " << j.dump();
        EXPECT_LE(p[3].get<double>(), d[1].get<double>() + tol)
            << where << "'s list is below the window: " << j.dump();
        EXPECT_GE(r[0].get<double>(), p[0].get<double>() - tol)
            << where << " sticks out of its list: " << j.dump();
        EXPECT_LE(r[2].get<double>(), p[2].get<double>() + tol)
            << where << " is clipped by its list: " << j.dump();
        continue;
      }
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

TEST_F(LayoutTest, EveryPhysiotherapistScene_At200Percent_KeepsEveryButtonInsideTheWindow) {
  {  // A patient with four weeks of sessions, so the review has charts, rows and a detail.
    store::SessionStore s(P("poise.db"));
    store::HistoryOptions o;
    o.first_day = "2026-10-01";
    o.days = 28;
    o.blocks = 3;
    o.trials = 5;
    ASSERT_EQ(store::GenerateHistory(s, "Anna", o), 1);
  }
  const std::string script = Script(
      "0.5 click:physio\n0.7 set:pin=246810\n0.7 set:pin2=246810\n0.8 click:pin_ok\n"
      "1.5 click:physio_profiles\n2.0 click:p_edit:Anna\n2.5 click:p_new\n3.0 click:back\n"
      "3.5 click:physio_plans\n4.0 click:plan_new\n4.3 click:plan_add_block\n"
      "4.6 click:block:0\n4.9 click:plan_save\n5.4 click:back\n"
      "6.0 click:review:1\n7.0 click:tab_sessions\n7.5 click:session:0\n8.0 click:back\n"
      "8.5 click:tab_export\n9.0 click:back\n9.5 click:clinic:1\n10.5 click:back\n");
  Run("--exit-after 12 --script " + script);
  const std::vector<std::string> first = Scenes();
  std::filesystem::rename(P("trace.jsonl"), P("trace1.jsonl"));  // checked too
  Run("--exit-after 12 --high-contrast --script " + script);
  const auto drawn = ExpectButtonsInside();
  for (const char* s :
       {"pin", "physio", "profile_editor", "plan_editor", "review", "clinic_link"}) {
    EXPECT_TRUE(drawn.count(s)) << s << " drew no button: " << nlohmann::json(first).dump();
    EXPECT_NE(std::find(first.begin(), first.end(), s), first.end()) << s << " was not reached";
  }
  // Every tab of the review and a session's detail were shown (their buttons were traced).
  std::set<std::string> ids;
  for (const auto& j : Trace())
    if (j.contains("button")) ids.insert(j["button"].get<std::string>());
  for (const char* id : {"tab_overview", "session:0", "export_csv", "save_note", "clinic_link"})
    EXPECT_TRUE(ids.count(id)) << id << " was not drawn";
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

// The physiotherapist area's session list at 200 % text: one block of lines per session (the
// six-column table broke words inside narrow cells, "com plet ed"); at 100 % still the table.
TEST_F(LayoutTest, PhysioArea_At200Percent_ListsSessionsAsBlocksNotANarrowTable) {
  {
    store::SessionStore s(P("poise.db"));
    store::HistoryOptions o;
    o.first_day = "2026-10-01";
    o.days = 7;
    o.blocks = 2;
    o.trials = 5;
    ASSERT_EQ(store::GenerateHistory(s, "Anna", o), 1);
  }
  auto shown = [&](const std::string& scale) {
    const std::string png = P("physio" + scale + ".png");
    const std::string cmd =
        std::string(POISE_BINARY) + " --headless --mute --size 1280 --ui-scale " + scale +
        " --db " + P("poise.db") + " --exit-after 5 --screenshot " + png +
        " --screenshot-scene physio --script " +
        Script("0.5 click:physio\n0.7 set:pin=246810\n0.7 set:pin2=246810\n0.8 click:pin_ok\n") +
        " >/dev/null 2>" + P("stderr.txt");
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(png + ".txt");
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string normal = shown("1");
  EXPECT_NE(normal.find("Pauses, alarms"), std::string::npos) << "no table at 100 %:\n" << normal;
  const std::string large = shown("2");
  EXPECT_EQ(large.find("Pauses, alarms"), std::string::npos)
      << "the narrow table is still shown at 200 %:\n"
      << large;
  EXPECT_NE(large.find("Tries / hits"), std::string::npos) << large;
  EXPECT_NE(large.find("Ended:"), std::string::npos) << large;
}

}  // namespace
}  // namespace poise
