// Every trial's tracking quality is stored with it (schema 5), read back, exported (CSV columns,
// FHIR Observation.note), and a poor-quality trial stays out of the weekly trend sums.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "game/core/exercises/trial_json.h"
#include "game/store/exporters.h"
#include "game/store/review_queries.h"
#include "game/store/session_store.h"
#include "game/store/sqlite_review_source.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class TrialQualityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("poise_quality_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "poise.db").string();
    store_ = std::make_unique<SessionStore>(path_);
    core::Profile p;
    p.name = "Anna";
    store_->AddProfile(p);
    patient_ = store_->Profiles().front();
    session_ = store_->BeginSession(patient_.id, "Today's plan", 1, 3);
    core::TrialResult good;
    good.exercise_id = "single_leg_stance";
    good.outcome = core::TrialOutcome::kSuccess;
    good.metrics = {{"hold_time", 12.0, "s"}};
    good.quality.seen_fraction = 0.97;
    good.quality.effective_fps = 29.1;
    good.quality.jitter_cm = 0.4;
    good.quality.gaps_bridged = 3;
    good.quality.longest_gap_ms = 100;
    core::TrialResult poor = good;
    poor.trial_index = 1;
    poor.metrics = {{"hold_time", 8.0, "s"}};
    poor.quality.seen_fraction = 0.75;  // measurable, but seen under 80 % of the time
    store_->RecordTrial(session_, 0, good);
    store_->RecordTrial(session_, 0, poor);
    store_->EndSession(session_, "completed", 3, {});
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::string path_;
  std::unique_ptr<SessionStore> store_;
  core::Profile patient_;
  int64_t session_ = 0;
};

TEST_F(TrialQualityTest, StoredAndReadBackWithEveryTrial) {
  const auto trials = store_->Trials(session_);
  ASSERT_EQ(trials.size(), 2u);
  const auto j = nlohmann::json::parse(trials[0].quality_json);
  const core::TrialQuality q = core::QualityFromJson(j);
  EXPECT_NEAR(q.seen_fraction, 0.97, 1e-9);
  EXPECT_NEAR(q.effective_fps, 29.1, 1e-9);
  EXPECT_NEAR(q.jitter_cm, 0.4, 1e-9);
  EXPECT_EQ(q.gaps_bridged, 3);
  EXPECT_FALSE(j.value("poor", true));
  EXPECT_TRUE(nlohmann::json::parse(trials[1].quality_json).value("poor", false));
}

TEST_F(TrialQualityTest, PoorTrial_StaysOutOfTheTrendSums) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT n, sum FROM metric_days WHERE metric='hold_time'", -1, &st,
                     nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1) << "only the good trial";
  EXPECT_NEAR(sqlite3_column_double(st, 1), 12.0, 1e-9);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_F(TrialQualityTest, Csv_HasTheQualityColumns) {
  SqliteReviewSource source{*store_};
  ExportCsv(source, patient_, {}, dir_.string());
  std::ifstream in(dir_ / "trials.csv");
  std::string header, first, second;
  std::getline(in, header);
  std::getline(in, first);
  std::getline(in, second);
  EXPECT_NE(header.find("seen_fraction (0-1),effective_fps (1/s),jitter (cm),gaps_bridged,quality"),
            std::string::npos)
      << header;
  EXPECT_NE(first.find(",0.97,29.1,0.4,3,good"), std::string::npos) << first;
  EXPECT_NE(second.find("poor: seen 75 % of the time"), std::string::npos) << second;
}

TEST_F(TrialQualityTest, Fhir_ObservationNoteSaysTheQuality) {
  SqliteReviewSource source{*store_};
  const nlohmann::json bundle = ExportFhirBundle(source, patient_, {});
  int notes = 0;
  for (const auto& e : bundle["entry"]) {
    const auto& r = e["resource"];
    if (r["resourceType"] != "Observation" || !r.contains("note")) continue;
    const std::string text = r["note"][0]["text"];
    EXPECT_NE(text.find("Tracking quality: seen"), std::string::npos) << text;
    if (text.find("Poor quality") != std::string::npos) ++notes;
  }
  EXPECT_EQ(notes, 1);
}

TEST_F(TrialQualityTest, Review_TrendHasTheSmallestRealChangeAndCountsPoorTrials) {
  // Three more sessions of hold times 11/12/13 s: within-session SD 1 s.
  for (int k = 0; k < 3; ++k) {
    const int64_t id = store_->BeginSession(patient_.id, "Today's plan", 1, 3);
    for (double v : {11.0, 12.0, 13.0}) {
      core::TrialResult t;
      t.exercise_id = "single_leg_stance";
      t.outcome = core::TrialOutcome::kSuccess;
      t.metrics = {{"hold_time", v, "s"}};
      t.quality.effective_fps = 30;
      store_->RecordTrial(id, 0, t);
    }
    store_->EndSession(id, "completed", 3, {});
  }
  SqliteReviewSource source{*store_};
  const PatientReview r = source.LoadPatientReview(patient_, {});
  const core::MetricTrend* hold = nullptr;
  for (const auto& t : r.trends)
    if (t.metric == "hold_time") hold = &t;
  ASSERT_NE(hold, nullptr);
  EXPECT_NEAR(hold->sem, 1.0, 1e-9);
  EXPECT_NEAR(hold->mdc95, 1.96 * std::sqrt(2.0), 1e-9);
  EXPECT_EQ(hold->poor_quality_trials, 1);
  const std::string note = core::DetectableChangeNote(*hold);
  EXPECT_NE(note.find("Smallest real change: 2.8 s"), std::string::npos) << note;
  EXPECT_NE(note.find("1 trial with poor tracking left out"), std::string::npos) << note;
}

}  // namespace
}  // namespace poise::store
