// Settings kept per profile in a real SQLite file: they survive closing and reopening the
// database, belong to one profile only, and bad stored values fall back to defaults.
#include "game/store/profile_settings.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "game/store/progress_queries.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class ProfileSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_settings_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "poise.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  int64_t AddProfile(SessionStore& s, const std::string& name) {
    core::Profile p;
    p.name = name;
    return s.AddProfile(p);
  }
  fs::path dir_;
  std::string path_;
};

TEST_F(ProfileSettingsTest, NoneSaved_IsNullopt) {
  SessionStore s(path_);
  EXPECT_FALSE(LoadPlayerSettings(s, AddProfile(s, "Anna")));
}

TEST_F(ProfileSettingsTest, Saved_SurviveReopeningTheDatabase) {
  int64_t anna = 0, ben = 0;
  {
    SessionStore s(path_);
    anna = AddProfile(s, "Anna");
    ben = AddProfile(s, "Ben");
    core::PlayerSettings p;
    p.ui_scale = 1.75;
    p.high_contrast = true;
    p.sound = false;
    p.source = "camera:1";
    p.model = "full";
    p.reminder_time = "09:30";
    SavePlayerSettings(s, anna, p);
  }
  SessionStore s(path_);
  const auto p = LoadPlayerSettings(s, anna);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->ui_scale, 1.75);
  EXPECT_TRUE(p->high_contrast);
  EXPECT_FALSE(p->sound);
  EXPECT_EQ(p->source, "camera:1");
  EXPECT_EQ(p->model, "full");
  EXPECT_EQ(p->reminder_time, "09:30");
  EXPECT_FALSE(LoadPlayerSettings(s, ben)) << "settings belong to one profile";
}

TEST_F(ProfileSettingsTest, BadStoredValues_FallBackToDefaults) {
  int64_t anna = 0;
  {
    SessionStore s(path_);
    anna = AddProfile(s, "Anna");
    SavePlayerSettings(s, anna, core::PlayerSettings{});
  }
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  sqlite3_exec(db,
               "UPDATE profile_settings SET value='9' WHERE key='ui_scale';"
               "UPDATE profile_settings SET value='turbo' WHERE key='model';"
               "UPDATE profile_settings SET value='25:99' WHERE key='reminder_time';",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  SessionStore s(path_);
  const auto p = LoadPlayerSettings(s, anna);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->ui_scale, 1.0);
  EXPECT_EQ(p->model, "");
  EXPECT_EQ(p->reminder_time, "");
}

TEST_F(ProfileSettingsTest, Progress_CountsSessionsWithATryAndReadsHeadlineValues) {
  SessionStore s(path_);
  const int64_t anna = AddProfile(s, "Anna");
  core::TrialResult t;
  t.exercise_id = "single_leg_stance";
  t.variant = "standing";
  t.outcome = core::TrialOutcome::kSuccess;
  t.metrics = {{"hold_time", 12.5, "s"}, {"touch_downs", 0, "1"}};
  const int64_t first = s.BeginSession(anna, "p", 1, std::nullopt);
  s.RecordTrial(first, 0, t);
  s.BeginSession(anna, "p", 1, std::nullopt);  // cancelled before any try: not a session done
  const int64_t third = s.BeginSession(anna, "p", 1, std::nullopt);
  t.metrics = {{"hold_time", 8.0, "s"}};
  s.RecordTrial(third, 0, t);
  t.outcome = core::TrialOutcome::kInvalid;  // a hop: never a best
  t.metrics = {{"hold_time", 30.0, "s"}};
  s.RecordTrial(third, 1, t);
  const PatientProgress p = LoadPatientProgress(s, anna);
  EXPECT_EQ(p.session_days.size(), 2u);
  EXPECT_EQ(p.latest_session_id, third);
  ASSERT_EQ(p.tries.size(), 2u);
  EXPECT_DOUBLE_EQ(p.tries[0].value, 12.5);
  EXPECT_EQ(p.tries[0].session_id, first);
  const auto bests = core::PersonalBests(p.tries, p.latest_session_id);
  ASSERT_EQ(bests.size(), 1u);
  EXPECT_DOUBLE_EQ(bests[0].value, 12.5);
}

}  // namespace
}  // namespace poise::store
