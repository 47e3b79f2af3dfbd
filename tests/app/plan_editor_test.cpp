// Headless runs of the real game (build/poise) for the physiotherapist's plan editor and profile
// management: both only behind the PIN; create a profile, create and edit a plan (an invalid
// value is shown and nothing is saved), assign it, play it (the session records the version);
// and `poise plan validate|import|export` from a terminal.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <optional>
#include <sstream>

#include "game/core/demo/scripted_pose.h"
#include "game/core/session/session_plan.h"
#include "game/store/pin_vault.h"
#include "tests/app/headless_game.h"

namespace poise {
namespace {
namespace fs = std::filesystem;

class PlanEditorTest : public testing_support::HeadlessGameTest {
 protected:
  PlanEditorTest() : HeadlessGameTest("poise_plan_editor_") {}

  /// Runs a command; returns its exit code, with stdout in out_ and stderr in err_.
  int Sh(const std::string& cmd) {
    const int rc = std::system((cmd + " >" + P("out.txt") + " 2>" + P("err.txt")).c_str());
    std::ifstream o(P("out.txt")), e(P("err.txt"));
    std::stringstream so, se;
    so << o.rdbuf();
    se << e.rdbuf();
    out_ = so.str();
    err_ = se.str();
    return WEXITSTATUS(rc);
  }
  /// Runs the game headless; returns the stats JSON (its last stdout line).
  nlohmann::json Run(const std::string& args) {
    fs::remove(P("trace.jsonl"));
    const std::string cmd = std::string(POISE_BINARY) + " --headless --mute --stats --db " +
                            P("poise.db") + " --trace " + P("trace.jsonl") + " " + args;
    EXPECT_EQ(Sh(cmd), 0) << cmd << "\n" << err_;
    return LastJsonLine(out_);
  }
  void SetPin(const std::string& pin) {
    store::SessionStore s(P("poise.db"));
    store::PinVault(s).Set(pin);
  }
  /// The whole database as text, to show that a rejected action changed nothing.
  std::string Dump() const {
    return Query("SELECT * FROM plans") + Query("SELECT * FROM profiles") +
           Query("SELECT * FROM sessions");
  }
  /// The text a screenshot's widgets drew (the game writes it beside the PNG).
  static std::string ScreenText(const std::string& png) {
    std::ifstream in(png + ".txt");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string out_, err_;
};

using testing_support::CalibrationMoves;

TEST_F(PlanEditorTest, EditorsAndReview_UnreachableWithoutThePin) {
  SetPin("246810");
  // Every way in, tried without the PIN and with a wrong one.
  const std::string tries =
      "0.4 click:physio_plans\n0.4 click:physio_profiles\n0.5 click:physio\n"
      "0.7 click:physio_plans\n0.7 click:physio_profiles\n0.8 set:pin=1111\n0.9 click:pin_ok\n"
      "1.1 click:physio_plans\n1.1 click:physio_profiles\n1.2 click:plan_save\n1.2 click:p_save\n";
  const auto stats = Run("--source camera:97 --exit-after 3 --script " + Script(tries));
  EXPECT_EQ(stats["final_scene"], "pin");
  EXPECT_TRUE(TraceHas("pin wrong"));
  for (const std::string& s : Scenes())
    EXPECT_TRUE(s == "menu" || s == "pin") << "reached " << s << " without the PIN";
  // The right PIN opens the way to both editors.
  // Seconds apart: checking the PIN (Argon2id) can take a couple of seconds on a busy machine.
  Run("--source camera:97 --exit-after 7 --script " +
      Script("0.5 click:physio\n0.6 set:pin=246810\n0.7 click:pin_ok\n4.0 click:physio_plans\n"
             "5.0 click:back\n6.0 click:physio_profiles\n"));
  EXPECT_EQ(Scenes(), (std::vector<std::string>{"menu", "pin", "physio", "plan_editor", "physio",
                                                "profile_editor"}));
}

TEST_F(PlanEditorTest, CreateProfileAndPlan_InvalidValueNotSaved_EditAssignAndPlayIt) {
  // 1. The physiotherapist sets the PIN, writes a plan (first with an invalid value), saves it,
  // edits it into version 2, and creates a patient who follows it.
  // The PIN is hashed with Argon2id when set: on a busy machine that frame takes a while, so the
  // editing starts 2 s later.
  const std::string edit =
      "0.3 click:physio\n0.4 set:pin=246810\n0.4 set:pin2=246810\n0.5 click:pin_ok\n"
      "2.8 click:physio_plans\n3.0 click:plan_new\n"
      "3.2 set:plan_name=Anna balance\n3.2 set:notes=Hold the chair.\n3.2 set:b0.sets=0\n"
      "3.4 click:plan_save\n"  // invalid: sets 0
      "3.7 set:b0.sets=2\n3.7 set:b0.reps=1\n3.7 set:b0.rest_sets=2\n3.7 set:b0.rest_after=0\n"
      "3.7 set:b0.level_min=0\n3.7 set:b0.level_start=1\n3.7 set:b0.level_max=1\n"
      "3.9 click:plan_save\n"                                      // version 1
      "4.2 set:per_week=4\n4.2 set:cap=15\n4.4 click:plan_save\n"  // version 2
      "4.7 click:back\n5.0 click:physio_profiles\n5.2 click:p_new\n"
      "5.4 set:p_name=Anna\n5.4 set:p_height=90\n5.6 click:p_save\n"  // invalid height
      "5.8 set:p_height=165\n5.8 set:p_mobility=both\n5.8 set:p_notes=Uses a stick outdoors.\n"
      "5.8 set:p_chair=1\n5.8 set:p_plan=Anna balance\n6.0 click:p_save\n";
  Run("--source camera:97 --exit-after 7 --script " + Script(edit) + " --screenshot " +
      P("profiles.png"));
  EXPECT_TRUE(TraceHas("plan not saved: blocks[0].sets must be between 1 and 10."));
  EXPECT_TRUE(TraceHas("plan saved: Anna balance v1"));
  EXPECT_TRUE(TraceHas("plan saved: Anna balance v2"));
  EXPECT_TRUE(TraceHas("profile not saved: height_cm must be between 100 and 230 cm."));
  EXPECT_EQ(Query("SELECT name, version FROM plans ORDER BY version"),
            "Anna balance|1\nAnna balance|2\n");
  const auto v2 = nlohmann::json::parse(Query("SELECT plan_json FROM plans WHERE version=2"));
  EXPECT_EQ(v2["sessions_per_week"], 4);
  EXPECT_EQ(v2["blocks"][0]["sets"], 2);
  EXPECT_EQ(v2["notes"], "Hold the chair.");
  EXPECT_EQ(
      Query("SELECT name, height_cm, mobility, chair_support, notes, plan_name FROM profiles"),
      "Anna|165.0|both|1|Uses a stick outdoors.|Anna balance\n");
  EXPECT_FALSE(cv::imread(P("profiles.png")).empty());

  // 2. Anna plays today's plan: her assigned plan's latest version, two sets of one try.
  const std::string src =
      Poses([](double t) { return std::optional<core::BodySpec>(CalibrationMoves(t)); }, 120);
  const std::string play =
      "0.5 click:play\n0.8 click:profile:Anna\n1.5 click:safety_all\n1.7 click:safety_ok\n"
      "2.0 click:start\n2.2 set:fatigue=3\n2.3 click:finish\n2.4 click:quit\n";
  Run("--source " + src + " --exit-after 100 --script " + Script(play));
  const std::string uuid2 = Query("SELECT uuid FROM plans WHERE version=2");
  EXPECT_EQ(Query("SELECT plan_name, plan_version, plan_uuid FROM sessions"),
            "Anna balance|2|" + uuid2);
  EXPECT_EQ(Query("SELECT count(*), count(DISTINCT block) FROM trials"), "2|2\n");
  EXPECT_EQ(Query("SELECT stop_reason FROM sessions"), "completed\n");
}

TEST_F(PlanEditorTest, TimedSet_EndsAfterItsDurationOfPlay) {
  core::SessionPlan plan;
  plan.name = "Timed";
  core::PlanBlock b;
  b.duration_s = 10;
  b.rest_after_s = 0;
  plan.blocks = {b};
  std::ofstream(P("timed.json")) << core::PlanToJson(plan);
  const std::string src =
      Poses([](double t) { return std::optional<core::BodySpec>(CalibrationMoves(t)); }, 60);
  Run("--autostart --source " + src + " --plan " + P("timed.json") + " --exit-after 32");
  double started = -1, done = -1;
  for (const auto& j : Trace()) {
    if (j.value("event", "") == "exercise started") started = j["t_s"];
    if (j.value("event", "") == "block done") done = j["t_s"];
  }
  ASSERT_GE(started, 0);
  ASSERT_GE(done, 0) << "the timed set never ended";
  // Play time comes from pose timestamps replayed in real time: 10 s, give or take a frame or two
  // and the start-up of the replay.
  EXPECT_NEAR(done - started, 10, 1.5);
  EXPECT_EQ(Scenes().back(), "summary") << "the plan's only set is over";
}

TEST_F(PlanEditorTest, EditorExportAndImport_GoodFileIsANewVersion_BadFileChangesNothing) {
  SetPin("246810");
  const std::string poise = POISE_BINARY;
  ASSERT_EQ(Sh(poise + " plan import " + std::string(POISE_TEST_DATA) + "/plans/short.json --db " +
               P("poise.db")),
            0);
  std::ofstream(P("bad.json")) << R"({"format": "poise-plan", "schema_version": 2})";
  const std::string open =
      "0.3 click:physio\n0.4 set:pin=246810\n0.5 click:pin_ok\n"
      "0.8 click:physio_plans\n1.0 click:plan_open:Short test plan\n";
  Run("--source camera:97 --exit-after 3 --script " +
      Script(open + "1.2 set:plan_file=" + P("usb/short.json") + "\n1.4 click:plan_export\n"));
  EXPECT_TRUE(TraceHas("plan exported: " + P("usb/short.json")));
  ASSERT_TRUE(fs::exists(P("usb/short.json")));
  const std::string before = Dump();
  Run("--source camera:97 --exit-after 3 --script " +
      Script(open + "1.2 set:plan_file=" + P("bad.json") + "\n1.4 click:plan_import\n"));
  EXPECT_TRUE(TraceHas("plan not imported: The plan file " + P("bad.json") +
                       " cannot be used: version is missing or not a number"))
      << nlohmann::json(Trace()).dump();
  EXPECT_EQ(Dump(), before);
  Run("--source camera:97 --exit-after 3 --script " +
      Script(open + "1.2 set:plan_file=" + P("usb/short.json") + "\n1.4 click:plan_import\n"));
  EXPECT_TRUE(TraceHas("plan imported: Short test plan v2"));
}

TEST_F(PlanEditorTest, EveryProblem_ShownAtOnceNextToItsField_NothingSaved) {
  SetPin("246810");
  const std::string script =
      "0.3 click:physio\n0.4 set:pin=246810\n0.5 click:pin_ok\n0.8 click:physio_plans\n"
      "1.0 click:plan_new\n1.1 click:plan_add_block\n"
      "1.4 set:plan_name=\n1.4 set:target=0.2\n1.4 set:b0.exercise=single_leg_stance\n"
      "1.4 set:b0.sets=0\n1.4 set:b0.level_min=0.4\n1.4 set:b0.level_start=0.2\n"
      "1.4 set:b1.rest_after=900\n1.7 click:plan_save\n";
  const std::string shot = P("problems.png");
  Run("--source camera:97 --exit-after 3.5 --script " + Script(script) +
      " --screenshot-scene plan_editor --screenshot " + shot);
  EXPECT_TRUE(
      TraceHas("plan not saved: name must be 1 to 60 characters. target_success must be "
               "between 0.5 and 0.95. blocks[0].sets must be between 1 and 10. "
               "blocks[0].level_start must be between 0.4 and 1. "
               "blocks[1].rest_after_s must be between 0 and 600 s."))
      << nlohmann::json(Trace()).dump();
  EXPECT_EQ(Query("SELECT count(*) FROM plans"), "0\n");
  const std::string text = ScreenText(shot);
  // Each problem of the plan and of the shown block beside its field; the other block's count
  // in the block list; the summary under the form.
  for (const char* words :
       {"Problem: Plan name must be 1 to 60 characters.",
        "Problem: Target success rate must be between 0.5 and 0.95.",
        "Problem: Sets must be between 1 and 10.",
        "Problem: Difficulty start must be between 0.4 and 1.", "[ 2. Bubble reach ]",
        "Standing, 1 x 8: 1 problem", "Not saved: 5 problems, each shown next to its field.",
        // The difficulty in the exercise's own terms beside its level.
        "hold goal 15.0 s, arms crossed no", "hold goal 10.0 s, arms crossed no"})
    EXPECT_NE(text.find(words), std::string::npos) << words << " in\n" << text;
  if (const char* keep = std::getenv("POISE_KEEP_SCREENSHOTS"))
    fs::copy_file(shot, std::string(keep) + "/plan_editor_problems.png",
                  fs::copy_options::overwrite_existing);
}

TEST_F(PlanEditorTest, PinScreen_PointsToTheGuideOnly) {
  SetPin("246810");
  const std::string shot = P("pin.png");
  Run("--source camera:97 --exit-after 2.5 --script " + Script("0.3 click:physio\n") +
      " --screenshot-scene pin --screenshot " + shot);
  const std::string text = ScreenText(shot);
  EXPECT_NE(text.find("Forgot the PIN? See the physiotherapist's guide."), std::string::npos)
      << text;
  EXPECT_EQ(text.find("reset"), std::string::npos) << text;
}

TEST_F(PlanEditorTest, NewPinNeedsSixDigits_PinEventsListedInThePhysioArea) {
  // The first PIN: 4 digits are refused with a sentence, 6 are taken.
  const std::string set_shot = P("pin_set.png");
  Run("--source camera:97 --exit-after 2.5 --script " +
      Script("0.3 click:physio\n0.4 set:pin=2468\n0.4 set:pin2=2468\n0.5 click:pin_ok\n") +
      " --screenshot-scene pin --screenshot " + set_shot);
  EXPECT_TRUE(TraceHas("pin not set: A new PIN must be 6 to 8 digits."));
  EXPECT_NE(ScreenText(set_shot).find("Choose a PIN of 6 to 8 digits."), std::string::npos)
      << ScreenText(set_shot);
  EXPECT_EQ(Query("SELECT count(*) FROM settings WHERE key = 'physio_pin_hash'"), "0\n");
  // `poise pin reset` says so too, and is recorded.
  ASSERT_EQ(Sh(std::string(POISE_BINARY) + " pin reset --db " + P("poise.db")), 0) << err_;
  EXPECT_NE(out_.find("6 to 8 digits"), std::string::npos) << out_;
  SetPin("246810");
  {
    // Four wrong tries long ago (that lock-out is over), then the right PIN in the game.
    store::SessionStore s(P("poise.db"));
    for (int i = 0; i < 4; ++i) store::PinVault(s).Check("000000", core::PinClock{0, -1, ""});
  }
  const std::string shot = P("physio.png");
  Run("--source camera:97 --exit-after 4 --script " +
      Script("0.3 click:physio\n0.4 set:pin=246810\n0.5 click:pin_ok\n") +
      " --screenshot-scene physio --screenshot " + shot);
  EXPECT_TRUE(TraceHas("pin accepted"));
  const std::string text = ScreenText(shot);
  const size_t head = text.find("PIN events (newest first)");
  const size_t ended = text.find("The right PIN after 4 wrong tries in a row ended the lock-out.");
  const size_t began = text.find("Lock-out began: 4 wrong PINs in a row; the next try waits 5 s.");
  const size_t set = text.find("A new PIN was set.");
  const size_t reset = text.find("'poise pin reset' was run (no PIN was set).");
  ASSERT_NE(head, std::string::npos) << text;
  ASSERT_NE(ended, std::string::npos) << text;
  ASSERT_NE(began, std::string::npos) << text;
  ASSERT_NE(set, std::string::npos) << text;
  ASSERT_NE(reset, std::string::npos) << text;
  EXPECT_TRUE(head < ended && ended < began && began < set && set < reset) << "newest first\n"
                                                                           << text;
  if (const char* keep = std::getenv("POISE_KEEP_SCREENSHOTS")) {
    fs::copy_file(shot, std::string(keep) + "/physio_pin_events.png",
                  fs::copy_options::overwrite_existing);
    fs::copy_file(set_shot, std::string(keep) + "/pin_set.png",
                  fs::copy_options::overwrite_existing);
  }
}

TEST_F(PlanEditorTest, EditorScreenshots_At100And200Percent) {
  SetPin("246810");
  const std::string script =
      "0.3 click:physio\n0.4 set:pin=246810\n0.5 click:pin_ok\n0.8 click:physio_plans\n"
      "1.0 click:plan_new\n1.2 set:plan_name=Anna balance\n"
      "1.2 set:notes=Hold on to the chair whenever you feel unsteady.\n1.2 set:b0.sets=0\n"
      "1.4 click:plan_save\n";
  for (const char* scale : {"1", "2"}) {
    const std::string shot = P(std::string("editor_") + scale + ".png");
    Run("--source camera:97 --exit-after 4 --ui-scale " + std::string(scale) + " --script " +
        Script(script) + " --screenshot-scene plan_editor --screenshot " + shot);
    const cv::Mat img = cv::imread(shot);
    ASSERT_FALSE(img.empty()) << shot;
    if (const char* keep = std::getenv("POISE_KEEP_SCREENSHOTS"))
      fs::copy_file(shot, std::string(keep) + "/plan_editor_" + scale + ".png",
                    fs::copy_options::overwrite_existing);
  }
}

TEST_F(PlanEditorTest, PlanCommand_ValidatesImportsAndExports) {
  const std::string poise = POISE_BINARY, db = " --db " + P("poise.db");
  const std::string plan = std::string(POISE_TEST_DATA) + "/plans/short.json";
  EXPECT_EQ(Sh(poise + " plan validate " + plan), 0) << err_;
  EXPECT_EQ(Sh(poise + " plan import " + plan + db), 0) << err_;
  EXPECT_NE(out_.find("version 1"), std::string::npos) << out_;
  EXPECT_EQ(Sh(poise + " plan export 'Short test plan' --out " + P("usb/short.json") + db), 0)
      << err_;
  EXPECT_EQ(Sh(poise + " plan import " + P("usb/short.json") + db), 0) << err_;
  EXPECT_EQ(Query("SELECT version FROM plans ORDER BY version"), "1\n2\n");
  const auto exported = nlohmann::json::parse(std::ifstream(P("usb/short.json")));
  EXPECT_EQ(exported["schema_version"], 2);
  EXPECT_EQ(exported["blocks"].size(), 2u);
  EXPECT_EQ(Sh(poise + " plan list" + db), 0);
  EXPECT_EQ(out_.rfind("Short test plan\tversion 2\t2 blocks\t", 0), 0u) << out_;
  EXPECT_EQ(Sh(poise + " plan export 'No such plan' --out " + P("x.json") + db), 1);
  EXPECT_FALSE(fs::exists(P("x.json")));
}

TEST_F(PlanEditorTest, PlanCommand_RejectedFile_OneLineNonZeroAndDatabaseUnchanged) {
  const std::string poise = POISE_BINARY, db = " --db " + P("poise.db");
  ASSERT_EQ(Sh(poise + " plan import " + std::string(POISE_TEST_DATA) + "/plans/short.json" + db),
            0);
  const std::string before = Dump();
  nlohmann::json bad =
      nlohmann::json::parse(std::ifstream(std::string(POISE_TEST_DATA) + "/plans/short.json"));
  bad["blocks"][1]["level_start"] = 1.5;
  std::ofstream(P("bad.json")) << bad.dump();
  std::ofstream(P("foreign.json")) << R"({"resourceType": "Bundle", "type": "collection"})";
  std::ofstream(P("garbage.json")) << "\x89PNG\r\n";
  for (const std::string f : {"bad.json", "foreign.json", "garbage.json", "missing.json"}) {
    for (const std::string cmd : {" plan validate ", " plan import "}) {
      EXPECT_EQ(Sh(poise + cmd + P(f) + (cmd == " plan import " ? db : "")), 1) << cmd << f;
      EXPECT_EQ(std::count(err_.begin(), err_.end(), '\n'), 1) << err_;
      EXPECT_NE(err_.find(f), std::string::npos) << err_;
    }
  }
  EXPECT_NE(err_.find("cannot be opened"), std::string::npos) << err_;
  Sh(poise + " plan validate " + P("bad.json"));
  EXPECT_NE(err_.find("blocks[1].level_start must be between 0 and 1"), std::string::npos) << err_;
  EXPECT_EQ(Dump(), before);
  // A rejected import into a database that does not exist yet does not create it.
  EXPECT_EQ(Sh(poise + " plan import " + P("bad.json") + " --db " + P("new.db")), 1);
  EXPECT_FALSE(fs::exists(P("new.db")));
}

}  // namespace
}  // namespace poise
