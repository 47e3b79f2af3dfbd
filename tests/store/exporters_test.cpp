#include "game/store/exporters.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "game/store/sqlite_review_source.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class ExportersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_export_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::make_unique<SessionStore>((dir_ / "poise.db").string());
    core::Profile p;
    p.name = "Anna, \"Annie\"";
    store_->AddProfile(p);
    patient_ = store_->Profiles().front();
    for (int s = 0; s < 2; ++s) {
      const int64_t id = store_->BeginSession(patient_.id, "Today's plan", 1, 3);
      for (int i = 0; i < 3; ++i) {
        core::TrialResult t;
        t.exercise_id = "bubble_reach";
        t.variant = "standing";
        t.trial_index = i;
        t.level = 0.3 + 0.1 * i;
        t.outcome = i == 1 ? core::TrialOutcome::kFailure : core::TrialOutcome::kSuccess;
        t.parameters = {{"target_radius", 0.08, "1"}};
        t.metrics = {{"reaction_time", 0.5 + i, "s"}, {"path_straightness", 1.2, "1"}};
        store_->RecordTrial(id, 0, t);
      }
      store_->EndSession(id, s ? "tired" : "completed", 5, {"dizzy"});
    }
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  static std::vector<std::string> Lines(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }
  fs::path dir_;
  std::unique_ptr<SessionStore> store_;
  core::Profile patient_;
};

TEST_F(ExportersTest, Csv_SessionsAndTrialsWithUnitsInHeaders) {
  SqliteReviewSource source{*store_};
  ExportCsv(source, patient_, {}, dir_.string());
  const auto sessions = Lines(dir_ / "sessions.csv"), trials = Lines(dir_ / "trials.csv");
  ASSERT_EQ(sessions.size(), 3u);
  EXPECT_NE(sessions[0].find("fatigue_after (0-10)"), std::string::npos);
  EXPECT_NE(sessions[2].find("tired"), std::string::npos);
  ASSERT_EQ(trials.size(), 7u);
  EXPECT_NE(trials[0].find("reaction_time (s)"), std::string::npos) << trials[0];
  EXPECT_NE(trials[0].find("parameter target_radius (1)"), std::string::npos);
  EXPECT_NE(trials[0].find("level (0-1)"), std::string::npos);
  EXPECT_NE(trials[2].find(",failure,"), std::string::npos);
  EXPECT_NE(trials[3].find(",2.5,"), std::string::npos) << trials[3];  // reaction_time of trial 2
}

TEST_F(ExportersTest, DateRange_SelectsSessionsByDay) {
  SqliteReviewSource source{*store_};
  ExportCsv(source, patient_, {"2000-01-01", "2000-12-31"}, dir_.string());
  EXPECT_EQ(Lines(dir_ / "sessions.csv").size(), 1u);  // header only
  EXPECT_THROW(ValidateRange({"25/11/2026", ""}), StoreError);
  EXPECT_THROW(ValidateRange({"2026-13-01", ""}), StoreError) << "no 13th month";
  EXPECT_THROW(ValidateRange({"", "2026-02-30"}), StoreError) << "no 30 February";
  EXPECT_THROW(ValidateRange({"2026-11-30", "2026-11-01"}), StoreError) << "reversed";
  EXPECT_NO_THROW(ValidateRange({"2026-11-01", "2026-11-30"}));
}

TEST_F(ExportersTest, Fhir_BundleIsStructurallyValid) {
  SqliteReviewSource source{*store_};
  const nlohmann::json b = ExportFhirBundle(source, patient_, {});
  EXPECT_EQ(b["resourceType"], "Bundle");
  EXPECT_EQ(b["type"], "collection");
  const auto& e = b["entry"];
  ASSERT_EQ(e.size(),
            1u + 2 * 3 * 2 + 2);  // patient, 2 metrics x 3 trials x 2 sessions, 2 durations
  EXPECT_EQ(e[0]["resource"]["resourceType"], "Patient");
  EXPECT_EQ(e[0]["resource"]["name"][0]["text"], patient_.name);
  const std::string patient_ref = e[0]["fullUrl"];
  std::set<std::string> urls;
  int loinc = 0;
  for (size_t i = 1; i < e.size(); ++i) {
    const auto& r = e[i]["resource"];
    EXPECT_TRUE(urls.insert(e[i]["fullUrl"].get<std::string>()).second) << "fullUrl unique";
    EXPECT_EQ(e[i]["fullUrl"], "urn:uuid:" + r["id"].get<std::string>());
    EXPECT_EQ(r["resourceType"], "Observation");
    EXPECT_EQ(r["status"], "final");
    EXPECT_EQ(r["subject"]["reference"], patient_ref);
    EXPECT_EQ(r["valueQuantity"]["system"], "http://unitsofmeasure.org");
    EXPECT_TRUE(r["valueQuantity"]["value"].is_number());
    EXPECT_NE(r["method"]["text"].get<std::string>().find("Markerless webcam pose estimation"),
              std::string::npos);
    const auto& coding = r["code"]["coding"][0];
    if (coding["system"] == "http://loinc.org") {
      ++loinc;
      EXPECT_EQ(coding["code"], "55411-3");
      EXPECT_EQ(r["valueQuantity"]["code"], "min");
    } else {
      EXPECT_EQ(coding["system"], kPoiseMetricSystem);
    }
  }
  EXPECT_EQ(loinc, 2);
}

TEST_F(ExportersTest, Fhir_OneLegStandHasItsLoincCodeBesideTheLocalOne) {
  const int64_t id = store_->BeginSession(patient_.id, "Today's plan", 1, 3);
  core::TrialResult t;
  t.exercise_id = "single_leg_stance";
  t.variant = "standing";
  t.metrics = {{"hold_time", 12.5, "s"}};
  store_->RecordTrial(id, 0, t);
  SqliteReviewSource source{*store_};
  const nlohmann::json b = ExportFhirBundle(source, patient_, {});
  int found = 0;
  for (const auto& e : b["entry"]) {
    const auto& r = e["resource"];
    if (r["resourceType"] != "Observation" || r["code"]["text"] != "single_leg_stance hold_time")
      continue;
    ++found;
    ASSERT_EQ(r["code"]["coding"].size(), 2u);
    EXPECT_EQ(r["code"]["coding"][0]["system"], "http://loinc.org");
    EXPECT_EQ(r["code"]["coding"][0]["code"], "64388-2");
    EXPECT_EQ(r["code"]["coding"][1]["system"], kPoiseMetricSystem);
    EXPECT_EQ(r["valueQuantity"]["code"], "s");
    EXPECT_EQ(r["method"]["coding"][0]["code"], "markerless-webcam-pose-estimation");
  }
  EXPECT_EQ(found, 1);
}

TEST_F(ExportersTest, UnknownPatient_IsOneSentence) {
  try {
    FindPatient(*store_, "99");
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("No patient with the id '99'"), std::string::npos);
  }
  EXPECT_EQ(FindPatient(*store_, patient_.uuid).id, patient_.id);
}

}  // namespace
}  // namespace poise::store
