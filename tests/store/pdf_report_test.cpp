// The PDF report of a generated patient: rasterised with pdftoppm (poppler-utils), every page
// exists and carries ink; the page PNGs are kept in build/test_output for people to look at.
#include "game/store/pdf_report.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "game/store/sample_history.h"
#include "game/store/sqlite_review_source.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

/// Share of non-white pixels in a PPM (P6) file rendered by pdftoppm; -1 when unreadable.
double InkShare(const fs::path& ppm) {
  std::ifstream in(ppm, std::ios::binary);
  std::string magic;
  int w = 0, h = 0, max = 0;
  in >> magic >> w >> h >> max;
  in.get();
  if (magic != "P6" || w <= 0 || h <= 0) return -1;
  std::vector<unsigned char> px(size_t(w) * h * 3);
  in.read(reinterpret_cast<char*>(px.data()), std::streamsize(px.size()));
  size_t ink = 0;
  for (size_t i = 0; i < px.size(); i += 3)
    ink += px[i] < 200 || px[i + 1] < 200 || px[i + 2] < 200;
  return double(ink) / (double(w) * h);
}

/// The text of pages first..last (pdftotext, poppler-utils).
std::string PdfText(const std::string& pdf, int first, int last) {
  const std::string cmd = "pdftotext -layout -f " + std::to_string(first) + " -l " +
                          std::to_string(last) + " " + pdf + " -";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  if (p) pclose(p);
  return out;
}

TEST(PdfReportTest, GeneratedPatient_RasterisesToPagesWithContent) {
  const fs::path dir = fs::temp_directory_path() / ("poise_pdf_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  SessionStore s((dir / "poise.db").string());
  HistoryOptions o;
  o.first_day = "2026-06-01";
  o.days = 120;
  o.blocks = 5;
  o.trials = 6;
  o.skip_share = 0.5;
  const int64_t id = GenerateHistory(s, "Generated Patient", o);
  const core::Profile p = FindPatient(s, std::to_string(id));
  const int64_t first = s.Sessions(id).front().id;
  s.RecordEvent(first, "fall_alarm", "sudden drop of the hips");
  SqliteReviewSource source{s};
  const PatientReview r = source.LoadPatientReview(p, {"2026-06-01", "2026-09-28"});
  const std::string pdf = (dir / "report.pdf").string();
  const int pages = WritePdfReport(source, r, pdf);
  EXPECT_GE(pages, 3) << "summary, trends, tables and events";
  ASSERT_TRUE(fs::exists(pdf));

  const std::string cmd = "pdftoppm -r 40 " + pdf + " " + (dir / "page").string() + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "pdftoppm (poppler-utils) missing? run scripts/setup";
  int rendered = 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".ppm") {
      ++rendered;
      EXPECT_GT(InkShare(e.path()), 0.004) << e.path() << " looks blank";
    }
  EXPECT_EQ(rendered, pages);

  // Page 1 is the summary: the patient id, adherence, flags (the fall alarm), changes; the
  // details start on page 2. Plain words throughout, no ids.
  const std::string page1 = PdfText(pdf, 1, 1), all = PdfText(pdf, 1, pages);
  for (const char* words : {"(patient id 1)", "Summary: adherence", "Summary: flags",
                            "2026-06-01 10:00: fall alarm", "no earlier report"})
    EXPECT_NE(page1.find(words), std::string::npos) << words << " in\n" << page1;
  EXPECT_EQ(page1.find("Details"), std::string::npos) << page1;
  EXPECT_NE(all.find("Bubble reach: Smoothness (SPARC)"), std::string::npos);
  for (const char* id : {"bubble_reach", "single_leg_stance", "hold_time", " UTC"})
    EXPECT_EQ(all.find(id), std::string::npos) << id;
  // The second report tells what changed since the first.
  WritePdfReport(source, r, (dir / "again.pdf").string());
  EXPECT_NE(PdfText((dir / "again.pdf").string(), 1, 1).find("changes since the last report"),
            std::string::npos);

  // Keep PNG pages for a person to look at.
  const fs::path out = fs::path(POISE_BINARY).parent_path() / "test_output";
  fs::create_directories(out);
  std::system(("pdftoppm -png -r 70 " + pdf + " " + (out / "report_page").string()).c_str());
  fs::copy_file(pdf, out / "report.pdf", fs::copy_options::overwrite_existing);
  fs::remove_all(dir);
}

TEST(PdfReportTest, TrendsAndTable_ShowTheSmallestRealChangeAndPoorQualityTrials) {
  // As the review screen does: under each chart the smallest real change and the poorly tracked
  // trials left out; in the table a "real change" column, "(noise)" on a change within it and
  // "+N poor" beside the tries.
  const fs::path dir = fs::temp_directory_path() / ("poise_pdfq_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  SessionStore s((dir / "poise.db").string());
  HistoryOptions o;
  o.first_day = "2026-06-01";
  o.days = 60;
  o.blocks = 3;
  o.trials = 6;
  const int64_t id = GenerateHistory(s, "Generated Patient", o);
  // Today: three bubble tries seen only 80 % of the time (poor quality, left out of the means).
  const int64_t session = s.BeginSession(id, "plan", 1, 3);
  for (int i = 0; i < 3; ++i) {
    core::TrialResult t;
    t.exercise_id = "bubble_reach";
    t.variant = "standing";
    t.trial_index = i;
    t.outcome = core::TrialOutcome::kSuccess;
    t.metrics = {{"sparc", -1.9, "1"}, {"hit", 1, "1"}};
    t.quality.seen_fraction = 0.75;
    t.quality.effective_fps = 25;
    ASSERT_TRUE(core::PoorQuality(t.quality));
    s.RecordTrial(session, 0, t);
  }
  s.EndSession(session, "completed", 3, {});
  const core::Profile p = FindPatient(s, std::to_string(id));
  SqliteReviewSource source{s};
  const PatientReview r = source.LoadPatientReview(p, {"2026-06-01", "2099-12-31"});
  const std::string pdf = (dir / "report.pdf").string();
  const int pages = WritePdfReport(source, r, pdf);
  std::string all = PdfText(pdf, 1, pages);
  // Lines wrap where the layout puts them: compare with single spaces.
  std::string flat;
  for (char c : all)
    if (!(std::isspace(static_cast<unsigned char>(c)) && !flat.empty() && flat.back() == ' '))
      flat += std::isspace(static_cast<unsigned char>(c)) ? ' ' : c;
  for (const char* words : {"Smallest real change:", "3 trials with poor tracking left out",
                            "change real change", "+3 poor", "MDC95"})
    EXPECT_NE(flat.find(words), std::string::npos) << words;
  // A page to look at.
  const fs::path out = fs::path(POISE_BINARY).parent_path() / "test_output";
  fs::create_directories(out);
  fs::copy_file(pdf, out / "report_quality.pdf", fs::copy_options::overwrite_existing);
  fs::remove_all(dir);
}

TEST(PdfReportTest, UnwritablePath_IsOneSentence) {
  const fs::path dir = fs::temp_directory_path() / ("poise_pdf2_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  SessionStore s((dir / "poise.db").string());
  core::Profile p;
  p.name = "Anna";
  s.AddProfile(p);
  SqliteReviewSource source{s};
  const PatientReview r = source.LoadPatientReview(s.Profiles().front(), {});
  try {
    WritePdfReport(source, r, "/nonexistent-folder/report.pdf");
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()),
              "The file /nonexistent-folder/report.pdf cannot be written: its folder does not "
              "exist.");
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace poise::store
