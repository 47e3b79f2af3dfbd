// Forward-only migrations from EVERY past schema version: a fixture database per version
// (tests/data/store/schema_vN.sql, with data) opens, migrates to kSchemaVersion and keeps its data.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "game/store/pin_vault.h"
#include "game/store/review_queries.h"
#include "game/store/session_store.h"
#include "game/store/sqlite_review_source.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

std::string Fixture(int version) {
  return std::string(POISE_TEST_DATA) + "/store/schema_v" + std::to_string(version) + ".sql";
}

int UserVersion(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  sqlite3_step(st);
  const int v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

class MigrationFromTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_migrate_" + std::to_string(::getpid()) + "_v" + std::to_string(GetParam()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "poise.db").string();
    std::ifstream in(Fixture(GetParam()));
    ASSERT_TRUE(in) << "missing fixture " << Fixture(GetParam());
    std::stringstream sql;
    sql << in.rdbuf();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.str().c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
    ASSERT_EQ(UserVersion(path_), GetParam()) << "the fixture sets its own version";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
};

TEST_P(MigrationFromTest, OpensAtCurrentVersion_KeepingProfilesAndSessions) {
  {
    SessionStore s(path_);
    const auto profiles = s.Profiles();
    ASSERT_EQ(profiles.size(), 1u);
    EXPECT_EQ(profiles[0].name, "Vera");
    EXPECT_EQ(profiles[0].uuid, "0b0c6e1e-6a1c-4f5e-9d7e-1a2b3c4d5e6f");
    const auto sessions = s.Sessions(profiles[0].id);
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].stop_reason, "completed");
    // The tables of later versions exist and work.
    s.SetSetting("k", "v");
    AddSessionNote(s, sessions[0].id, "Good balance today.");
    EXPECT_EQ(SqliteReviewSource(s).LatestNote(sessions[0].uuid).text, "Good balance today.");
    PinVault(s).Reset();  // schema 9: the PIN events
    ASSERT_EQ(PinEvents(s).size(), 1u);
    EXPECT_EQ(PinEvents(s)[0].kind, "pin_reset");
  }
  EXPECT_EQ(UserVersion(path_), kSchemaVersion);
}

// Fixtures from schema 2 on hold trials, events, level changes and settings.
class TrialDataMigrationTest : public MigrationFromTest {};
// Fixtures from schema 3 on hold plans and notes.
class PlanDataMigrationTest : public MigrationFromTest {};

TEST_P(TrialDataMigrationTest, TrialsEventsLevelsSettingsSurvive) {
  SessionStore s(path_);
  const int64_t session = s.Sessions(s.Profiles()[0].id)[0].id;
  const auto trials = s.Trials(session);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].uuid, "2d2e8a3a-8c3e-4b7a-9fa0-3c4d5e6f7081");
  EXPECT_NE(trials[0].metrics_json.find("0.61"), std::string::npos);
  ASSERT_EQ(Events(s, session).size(), 1u);
  EXPECT_EQ(Events(s, session)[0].detail, "tracking lost");
  ASSERT_EQ(LevelChanges(s, session).size(), 1u);
  EXPECT_NEAR(LevelChanges(s, session)[0].level_to, 0.33, 1e-9);
  EXPECT_EQ(s.GetSetting("ui_scale").value_or(""), "1.5");
  // Schema 4's per-day metric sums were filled from the trials already stored.
  const auto days = DailyMetrics(s, s.Profiles()[0].id, {});
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].day, "2026-10-01");
  EXPECT_EQ(days[0].metric, "reaction_time");
  EXPECT_EQ(days[0].n, 1);
  EXPECT_NEAR(days[0].mean, 0.61, 1e-12);
}

TEST_P(PlanDataMigrationTest, PlansNotesAndDifficultySurvive) {
  SessionStore s(path_);
  const int64_t vera = s.Profiles()[0].id;
  ASSERT_TRUE(s.LoadLevel(vera, "bubble_reach"));
  EXPECT_NEAR(s.LoadLevel(vera, "bubble_reach")->level, 0.4, 1e-12);
  EXPECT_EQ(SqliteReviewSource(s).LatestNote(s.Sessions(vera)[0].uuid).text,
            "Steady on the seated reaches.");
  const auto days = SessionDays(s, vera, {});
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].sessions_per_week, 4) << "the plan the session used";
}

// Every version from `first` to the one before the current one.
std::vector<int> PastVersions(int first = 1) {
  std::vector<int> v;
  for (int i = first; i < kSchemaVersion; ++i) v.push_back(i);
  return v;
}

std::string VersionName(const ::testing::TestParamInfo<int>& info) {
  std::string name = "v";
  name += std::to_string(info.param);
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryPastVersion, MigrationFromTest, ::testing::ValuesIn(PastVersions()),
                         VersionName);
INSTANTIATE_TEST_SUITE_P(FromVersionTwo, TrialDataMigrationTest,
                         ::testing::ValuesIn(PastVersions(2)), VersionName);
INSTANTIATE_TEST_SUITE_P(FromVersionThree, PlanDataMigrationTest,
                         ::testing::ValuesIn(PastVersions(3)), VersionName);

TEST(MigrationTest, EveryPastVersion_HasAFixture) {
  for (int v : PastVersions())
    EXPECT_TRUE(fs::exists(Fixture(v)))
        << "add " << Fixture(v) << " (a database of schema " << v << " with data)";
}

}  // namespace
}  // namespace poise::store
