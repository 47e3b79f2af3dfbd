// The physiotherapist's review, driven headless through the real game (build/poise): a generated
// history opens with its trends, a session's note is saved, the three exports are written from
// the Export tab; a played block's landmark stream is recorded (unless --no-record-poses) and
// replayed as a stick figure. Screenshots are kept in build/test_output for people to look at.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "tests/app/headless_game.h"

namespace poise {
namespace {
namespace fs = std::filesystem;

class ReviewFlowTest : public testing_support::HeadlessGameTest {
 protected:
  ReviewFlowTest() : HeadlessGameTest("poise_reviewflow_") {}

  void SetUp() override {
    HeadlessGameTest::SetUp();
    out_ = fs::path(POISE_BINARY).parent_path() / "test_output";
    fs::create_directories(out_);
  }
  static std::string Sh(const std::string& cmd) {
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    while (fgets(buf, sizeof buf, p)) out += buf;
    EXPECT_EQ(pclose(p), 0) << cmd << "\n" << out;
    return out;
  }
  void Game(const std::string& script, const std::string& args) {
    Script(script);
    // args first: it may start with a subcommand ("play ...").
    Sh("SDL_VIDEODRIVER=offscreen " + std::string(POISE_BINARY) + " " + args +
       " --headless --mute --db " + P("poise.db") + " --trace " + P("trace.jsonl") + " --script " +
       P("script.txt") + " 2>&1");
  }
  /// Matches the trace's raw lines, not their re-dumped JSON.
  bool TraceHas(const std::string& text) const {
    std::ifstream in(P("trace.jsonl"));
    for (std::string l; std::getline(in, l);)
      if (l.find(text) != std::string::npos) return true;
    return false;
  }
  /// The text a screenshot's widgets drew (the game writes it beside the PNG).
  static std::string ScreenText(const fs::path& png) {
    std::ifstream in(png.string() + ".txt");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  /// A NULL reads as "" here.
  std::string Query(const std::string& sql) const { return HeadlessGameTest::Query(sql, ""); }
  fs::path out_;
};

const char* kOpenReview =
    "0.4 click:physio\n0.6 set:pin=246810\n0.6 set:pin2=246810\n0.7 click:pin_ok\n1.0 "
    "click:review:1\n";

TEST_F(ReviewFlowTest, GeneratedHistory_OpensWithTrends_SavesANote_Exports) {
  Sh(std::string(POISE_BINARY) + " bench-review --runs 1 --sessions 120 --blocks 5 --trials 4 " +
     "--keep " + P("poise.db"));
  Game(kOpenReview, "--source camera:97 --exit-after 3.5 --screenshot-scene review --screenshot " +
                        (out_ / "review_overview.png").string());
  EXPECT_TRUE(TraceHas("review of Year of sessions: 120 sessions, 5 trends, 18 weeks"));
  const cv::Mat shot = cv::imread((out_ / "review_overview.png").string());
  ASSERT_FALSE(shot.empty());
  // Plain words, the patient id the command line needs, and the charts' readouts and legends.
  const std::string overview = ScreenText(out_ / "review_overview.png");
  for (const char* words :
       {"Review: Year of sessions (patient id 1)", "poise export --patient 1 (UUID",
        "Sessions from 2025-11-24 to 2026-03-23", "Bubble reach: Smoothness (SPARC)",
        "Reach to the side: Reach distance", "Latest: ", "weekly mean"})
    EXPECT_NE(overview.find(words), std::string::npos) << words << " in\n" << overview;
  // No published norm fits a webcam's SPARC (reference_values.cpp): no line on smoothness.
  EXPECT_EQ(overview.find("healthy reaching"), std::string::npos) << overview;
  for (const char* id : {"bubble_reach", "reach_distance", "functional_reach", "sparc"})
    EXPECT_EQ(overview.find(id), std::string::npos) << id << " on screen:\n" << overview;

  const std::string export_dir = P("exports");
  Game(std::string(kOpenReview) +
           "1.3 click:tab_sessions\n1.6 click:session:0\n1.9 set:note=Steadier,try-tandem.\n"
           "2.1 click:save_note\n2.4 click:back\n2.7 click:tab_export\n3.0 set:export_dir=" +
           export_dir + "\n3.2 click:export_csv\n3.4 click:export_pdf\n3.6 click:export_fhir\n",
       "--source camera:97 --exit-after 4.5 --screenshot " + (out_ / "review_export.png").string());
  EXPECT_TRUE(TraceHas("session detail: 20 trials"));
  EXPECT_TRUE(TraceHas("note saved"));
  EXPECT_EQ(Query("SELECT n.note FROM session_notes n JOIN sessions s ON s.id = n.session_id "
                  "ORDER BY s.started_utc LIMIT 1"),
            "Steadier,try-tandem.\n");
  EXPECT_TRUE(fs::exists(export_dir + "/poise-1-csv/trials.csv"));
  EXPECT_TRUE(fs::exists(export_dir + "/poise-1-csv/sessions.csv"));
  EXPECT_GT(fs::file_size(export_dir + "/poise-1.pdf"), 10000u);
  std::ifstream fhir(export_dir + "/poise-1-fhir.json");
  const auto bundle = nlohmann::json::parse(fhir, nullptr, false);
  ASSERT_TRUE(bundle.is_object());
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_TRUE(TraceHas("export: Saved " + export_dir + "/poise-1.pdf"));
  // The session list and a session's detail: local time (09:00 UTC at +60 min), the plan and
  // its version, the stop reason in words.
  Game(std::string(kOpenReview) + "1.3 click:tab_sessions\n",
       "--source camera:97 --exit-after 3.5 --screenshot " +
           (out_ / "review_sessions.png").string());
  const std::string sessions = ScreenText(out_ / "review_sessions.png");
  EXPECT_NE(sessions.find("Started (local time)"), std::string::npos) << sessions;
  EXPECT_NE(sessions.find("2026-03-23 10:00"), std::string::npos) << sessions;
  EXPECT_NE(sessions.find("generated, version 1"), std::string::npos) << sessions;
  Game(std::string(kOpenReview) + "1.3 click:tab_sessions\n1.6 click:session:0\n",
       "--source camera:97 --exit-after 3.5 --screenshot " + (out_ / "review_detail.png").string());
  const std::string detail = ScreenText(out_ / "review_detail.png");
  EXPECT_NE(detail.find("Session of 2025-11-24 10:00 (local time)"), std::string::npos) << detail;
  EXPECT_NE(detail.find("Plan: generated, version 1."), std::string::npos) << detail;
  EXPECT_NE(detail.find("Bubble reach (standing), 1"), std::string::npos) << detail;
  EXPECT_NE(detail.find("Smoothness (SPARC) -"), std::string::npos) << detail;
  // Large text: one block of lines per try instead of five narrow columns.
  Game(std::string(kOpenReview) + "1.3 click:tab_sessions\n1.6 click:session:0\n",
       "--source camera:97 --ui-scale 2 --exit-after 3.5 --screenshot " +
           (out_ / "review_detail_200.png").string());
  const std::string large = ScreenText(out_ / "review_detail_200.png");
  EXPECT_NE(large.find("Block 1, Bubble reach (standing), try 1: level 0.30, "), std::string::npos)
      << large;
  EXPECT_EQ(large.find("| Outcome |"), std::string::npos) << "no table at 200 %: " << large;

  // Export a date range from the screen: the file names carry it; a bad date is one sentence.
  Game(std::string(kOpenReview) + "1.3 click:tab_export\n1.5 set:export_dir=" + export_dir +
           "\n1.6 set:export_from=2025-12-01\n1.6 set:export_to=2025-12-31\n"
           "1.8 click:export_pdf\n3.0 click:export_fhir\n4.0 set:export_to=2025-12-32\n"
           "4.4 click:export_csv\n",
       "--source camera:97 --exit-after 5.5");
  const std::string december = export_dir + "/poise-1_2025-12-01_2025-12-31";
  EXPECT_TRUE(TraceHas("export: Saved " + december + ".pdf (")) << december;
  EXPECT_TRUE(TraceHas("31 sessions)"));
  const auto dec_fhir =
      nlohmann::json::parse(std::ifstream(december + "-fhir.json"), nullptr, false);
  ASSERT_TRUE(dec_fhir.is_object());
  EXPECT_TRUE(
      TraceHas("export: The date '2025-12-32' is not a calendar date of the form YYYY-MM-DD."));
  EXPECT_FALSE(fs::exists(export_dir + "/poise-1_2025-12-01_2025-12-32-csv"));
  // The PDF's first page is the one-page summary; the first report has no earlier one to compare
  // with, the December one tells what changed since the first.
  const std::string first = Sh("pdftotext -f 1 -l 1 " + export_dir + "/poise-1.pdf -");
  EXPECT_NE(first.find("no earlier report"), std::string::npos) << first;
  const std::string page1 = Sh("pdftotext -f 1 -l 1 " + december + ".pdf -");
  EXPECT_NE(page1.find("Summary: flags"), std::string::npos) << page1;
  EXPECT_NE(page1.find("(patient id 1)"), std::string::npos) << page1;
  EXPECT_NE(page1.find("changes since the last report"), std::string::npos) << page1;
  EXPECT_EQ(page1.find("Details"), std::string::npos) << "the details start on page 2";

  // The same from the command line, for a date range.
  const std::string out =
      Sh(std::string(POISE_BINARY) + " export --db " + P("poise.db") +
         " --patient 1 --from 2025-12-01 --to 2025-12-31 --format pdf --out " + P("december.pdf"));
  EXPECT_NE(out.find("Wrote the report " + P("december.pdf")), std::string::npos) << out;
  const std::string info = Sh("pdfinfo " + P("december.pdf"));
  EXPECT_NE(info.find("Pages:"), std::string::npos) << info;
  const std::string again = Sh("pdftotext -f 1 -l 1 " + P("december.pdf") + " -");
  EXPECT_NE(again.find("changes since the last report"), std::string::npos) << again;
}

TEST_F(ReviewFlowTest, PlayedBlock_IsRecordedAndReplayed_UnlessTurnedOff) {
  Sh(std::string(POISE_BINARY) + " demo-poses --exercise bubble_reach --seconds 40 --out " +
     P("demo.jsonl"));
  const std::string play =
      "play --autostart --exercise bubble_reach --trials 2 --source poses:" + P("demo.jsonl") +
      " --exit-after 70";
  Game("", play);
  ASSERT_EQ(Query("SELECT count(*) FROM trials"), "2\n");
  ASSERT_EQ(Query("SELECT block, exercise, codec FROM pose_streams"), "0|bubble_reach|q16z1\n");
  EXPECT_GT(std::stoi(Query("SELECT frames FROM pose_streams")), 100) << "30 fps over the block";

  Game(std::string(kOpenReview) +
           "1.3 click:tab_sessions\n1.6 click:session:0\n2.0 "
           "click:replay:0\n",
       "--source camera:97 --exit-after 4 --screenshot " + (out_ / "review_replay.png").string());
  EXPECT_TRUE(TraceHas("replay Block 1: Bubble reach"));

  Game("", play + " --no-record-poses");
  EXPECT_EQ(Query("SELECT count(*) FROM trials"), "4\n");
  EXPECT_EQ(Query("SELECT count(*) FROM pose_streams"), "1\n") << "the second run recorded none";
}

}  // namespace
}  // namespace poise
