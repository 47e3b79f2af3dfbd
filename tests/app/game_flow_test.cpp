// Headless runs of the real game loop (build/poise --headless) driven by scripted poses
// (poses:FILE.jsonl) and scripted clicks/keys, observed through --trace, --stats, the session
// database and screenshots.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <optional>

#include "game/core/demo/scripted_pose.h"
#include "game/store/session_store.h"
#include "tests/app/headless_game.h"

namespace poise {
namespace {

class GameFlowTest : public testing_support::HeadlessGameTest {
 protected:
  GameFlowTest() : HeadlessGameTest("poise_game_") {}

  /// Runs the game; returns the stats JSON (last stdout line).
  nlohmann::json Run(const std::string& args) {
    const std::string cmd = std::string(POISE_BINARY) + " --headless --mute --stats --db " +
                            P("poise.db") + " --trace " + P("trace.jsonl") + " " + args + " 2>" +
                            P("stderr.txt");
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    while (fgets(buf, sizeof buf, p)) out += buf;
    const int rc = pclose(p);
    EXPECT_EQ(rc, 0) << cmd << "\n" << out;
    return LastJsonLine(out);
  }
  /// Share of screenshot pixels close to a colour (BGR).
  static double ColourShare(const cv::Mat& img, cv::Vec3b bgr, int tol = 30) {
    int n = 0;
    for (int y = 0; y < img.rows; ++y)
      for (int x = 0; x < img.cols; ++x) {
        const cv::Vec3b p = img.at<cv::Vec3b>(y, x);
        n += std::abs(p[0] - bgr[0]) < tol && std::abs(p[1] - bgr[1]) < tol &&
             std::abs(p[2] - bgr[2]) < tol;
      }
    return double(n) / (img.rows * img.cols);
  }
};

using testing_support::CalibrationMoves;

const std::string kShortPlan = std::string(POISE_TEST_DATA) + "/plans/short.json";

TEST_F(GameFlowTest, MenuProfileSafetyFramingCalibrationExerciseRestSummary_WithPauseByKey) {
  const std::string src = Poses([](double t) { return CalibrationMoves(t); }, 120);
  const std::string script = Script(
      "0.5 click:play\n0.8 set:name=Anna\n0.8 set:height=165\n1.0 click:create_profile\n"
      "1.5 click:safety_all\n1.7 click:safety_ok\n2.0 click:start\n"
      "2.0 key:space\n2.1 click:resume\n"  // pause by key once playing, then carry on
      "2.2 set:fatigue=4\n2.3 click:finish\n2.4 click:quit\n");
  const auto stats = Run("--source " + src + " --plan " + kShortPlan + " --script " + script +
                         " --exit-after 100");
  const std::vector<std::string> want = {"menu",        "profile",  "safety",  "framing",
                                         "calibration", "exercise", "pause",   "exercise",
                                         "rest",        "exercise", "summary", "menu"};
  EXPECT_EQ(Scenes(), want);
  EXPECT_TRUE(TraceHas("pause: You paused the game."));
  EXPECT_TRUE(TraceHas("calibrated"));
  EXPECT_EQ(stats["trials"], 0);  // the session ended before quitting
  EXPECT_EQ(Query("SELECT name, height_cm FROM profiles"), "Anna|165.0\n");
  EXPECT_EQ(Query("SELECT count(*) FROM trials"), "2\n");
  // The tiredness slider before was never touched: stored as not answered.
  EXPECT_EQ(Query("SELECT stop_reason, fatigue_before, fatigue_after FROM sessions"),
            "completed|NULL|4\n");
  EXPECT_EQ(Query("SELECT count(*) FROM events WHERE kind='pause'"), "1\n");
  EXPECT_GE(std::stoi(Query("SELECT count(*) FROM level_changes")), 1);
}

TEST_F(GameFlowTest, BothHandsUpFor2s_PausesDuringTheExercise) {
  // From 14 s on, both hands go up for 2.5 s every 6 s.
  const std::string src = Poses(
      [](double t) {
        core::BodySpec s = t < 14 ? CalibrationMoves(t) : core::BodySpec{};
        if (t >= 14 && std::fmod(t - 14, 6.0) < 2.5) {
          s.left_wrist_x = 0.56;
          s.left_wrist_y = 0.12;
          s.right_wrist_x = 0.44;
          s.right_wrist_y = 0.12;
        }
        return std::optional<core::BodySpec>(s);
      },
      60);
  Run("--autostart --source " + src + " --plan " + kShortPlan + " --exit-after 40 --screenshot " +
      P("pause.png") + " --screenshot-scene pause");
  EXPECT_TRUE(TraceHas("pause: You raised both hands"))
      << "scenes: " << nlohmann::json(Scenes()).dump();
  const cv::Mat shot = cv::imread(P("pause.png"));
  ASSERT_FALSE(shot.empty());
  // The pause panel's buttons (blue) are on screen.
  EXPECT_GT(ColourShare(shot, cv::Vec3b(191, 102, 33)), 0.02);
}

TEST_F(GameFlowTest, TrackingLostForOverASecond_PausesAutomatically) {
  const std::string src = Poses(
      [](double t) -> std::optional<core::BodySpec> {
        if (t >= 14 && std::fmod(t - 14, 6.0) < 1.8) return std::nullopt;
        return t < 14 ? CalibrationMoves(t) : core::BodySpec{};
      },
      60);
  Run("--autostart --source " + src + " --plan " + kShortPlan + " --exit-after 40");
  EXPECT_TRUE(TraceHas("pause: I lost sight of you"))
      << "scenes: " << nlohmann::json(Scenes()).dump();
  EXPECT_GE(std::stoi(Query("SELECT count(*) FROM events WHERE kind='tracking_lost'")), 1)
      << "tracking loss is stored as its own event, not only as a pause";
}

TEST_F(GameFlowTest, SuddenHipDrop_StopsTheSessionAndAsksAreYouOk) {
  // From 14 s, every 6 s: standing for 5 s, then the hips drop to the floor within 0.3 s.
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
  Run("--autostart --source " + src + " --plan " + kShortPlan + " --exit-after 40 --screenshot " +
      P("fall.png") + " --screenshot-scene fall");
  const auto scenes = Scenes();
  ASSERT_FALSE(scenes.empty());
  EXPECT_NE(std::find(scenes.begin(), scenes.end(), "fall"), scenes.end())
      << nlohmann::json(scenes).dump();
  EXPECT_EQ(Query("SELECT count(*) FROM events WHERE kind='fall_alarm'"), "1\n");
  const cv::Mat shot = cv::imread(P("fall.png"));
  ASSERT_FALSE(shot.empty());
  EXPECT_GT(ColourShare(shot, cv::Vec3b(191, 102, 33)), 0.02);  // "I am OK" / "I need help"
}

TEST_F(GameFlowTest, ExerciseScreen_ShowsMirroredSkeletonAndBubble) {
  const std::string src =
      Poses([](double t) { return std::optional<core::BodySpec>(CalibrationMoves(t)); }, 60);
  Run("--autostart --source " + src + " --plan " + kShortPlan + " --exit-after 40 --screenshot " +
      P("ex.png") + " --screenshot-scene exercise");
  const cv::Mat shot = cv::imread(P("ex.png"));
  ASSERT_FALSE(shot.empty());
  EXPECT_GT(ColourShare(shot, cv::Vec3b(60, 210, 255), 40), 0.0005);  // landmark dots (yellow)
  // The bubble: its translucent blue over the backdrop.
  EXPECT_GT(ColourShare(shot, cv::Vec3b(176, 127, 64), 25), 0.0005);
}

TEST_F(GameFlowTest, NoCamera_MenuSaysSoAndOffersTheDemo) {
  const std::string script = Script("0.5 click:demo\n");
  const auto stats = Run("--source camera:97 --script " + script + " --exit-after 3 --screenshot " +
                         P("menu.png"));
  EXPECT_TRUE(TraceHas("no camera: No camera 97 found"));
  EXPECT_TRUE(TraceHas("demo started"));
  EXPECT_GT(stats["poses"].get<int>(), 30) << "the demo feeds poses";
  EXPECT_EQ(stats["final_scene"], "menu");
}

TEST_F(GameFlowTest, PhysiotherapistArea_ListsPatientsAndTheirSessions) {
  {
    store::SessionStore db(P("poise.db"));
    core::Profile p;
    p.name = "Bert";
    const int64_t id = db.AddProfile(p);
    const int64_t s = db.BeginSession(id, "Today's plan", 1, 2);
    core::TrialResult t;
    t.exercise_id = "bubble_reach";
    t.outcome = core::TrialOutcome::kSuccess;
    db.RecordTrial(s, 0, t);
    db.EndSession(s, "dizzy", 6, {"dizzy"});
  }
  // Without the PIN the area stays closed: first use sets the PIN, then it opens.
  Run("--source camera:97 --script " +
      Script("0.5 click:physio\n0.6 set:pin=246810\n0.6 set:pin2=246810\n0.7 click:pin_ok\n") +
      " --exit-after 3");
  EXPECT_TRUE(TraceHas("pin set"));
  EXPECT_TRUE(TraceHas("physio area: 1 patients, 1 sessions"));
  // A wrong PIN: the area stays closed.
  auto stats =
      Run("--source camera:97 --script " +
          Script("0.5 click:physio\n0.6 set:pin=1111\n0.7 click:pin_ok\n") + " --exit-after 3");
  EXPECT_EQ(stats["final_scene"], "pin");
  EXPECT_TRUE(TraceHas("pin wrong"));
  EXPECT_FALSE(TraceHas("physio area"));
  // The right PIN opens it.
  stats = Run("--source camera:97 --script " +
              Script("0.5 click:physio\n0.6 set:pin=246810\n0.7 click:pin_ok\n") +
              " --exit-after 3 --screenshot " + P("physio.png"));
  EXPECT_EQ(stats["final_scene"], "physio");
  EXPECT_TRUE(TraceHas("pin accepted"));
  EXPECT_FALSE(cv::imread(P("physio.png")).empty());
}

TEST_F(GameFlowTest, NextSession_StartsWhereTheLastEndedMinusTheWarmUpMargin) {
  // A player who never reaches: every bubble is missed, so the level falls in session 1.
  const std::string poses = Poses(
      [](double t) -> std::optional<core::BodySpec> {
        return t < core::kCalibrationDemoSeconds ? core::CalibrationDemo(t, false)
                                                 : core::BodySpec{};
      },
      60);
  const std::string args =
      "--autostart --exercise bubble_reach --trials 2 --exit-after 60 "
      "--source " +
      poses;
  Run(args);
  const double first_end =
      std::stod(Query("SELECT level_to FROM level_changes ORDER BY id DESC LIMIT 1"));
  EXPECT_LT(first_end, 0.3) << "two misses lower the level from the plan's start";
  Run(args);
  const std::string levels = Query(
      "SELECT level FROM trials WHERE session_id=(SELECT max(id) FROM sessions) "
      "ORDER BY trial_index LIMIT 1");
  ASSERT_FALSE(levels.empty());
  EXPECT_NEAR(std::stod(levels), std::max(0.0, first_end - 0.1), 1e-9)
      << "session 2 starts from session 1's last level minus the warm-up margin, not the plan's";
}

TEST_F(GameFlowTest, FreePlay_PicksAnExerciseFromTheCatalogueAndStartsItsSession) {
  const std::string src = Poses([](double t) { return CalibrationMoves(t); }, 30);
  const std::string script = Script(
      "0.5 click:free\n0.8 click:free:bubble_reach\n1.0 set:name=Ben\n1.0 set:height=180\n"
      "1.2 click:create_profile\n1.5 click:safety_all\n1.7 click:safety_ok\n");
  Run("--source " + src + " --script " + script + " --exit-after 6");
  const std::vector<std::string> scenes = Scenes();
  const std::vector<std::string> want = {"menu", "free_play", "profile", "safety", "framing"};
  ASSERT_GE(scenes.size(), want.size());
  EXPECT_EQ(std::vector<std::string>(scenes.begin(), scenes.begin() + 5), want);
  EXPECT_TRUE(TraceHas("free play: bubble_reach"));
  EXPECT_EQ(Query("SELECT plan_name FROM sessions"), "Free play\n");
}

}  // namespace
}  // namespace poise
