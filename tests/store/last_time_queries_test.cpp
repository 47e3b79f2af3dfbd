// The summary's "last time" query on a real SQLite file: this session's tries, and for each of
// its exercises the tries of the last earlier session that played it (not a later one, not
// another patient's, not an invalid try).
#include "game/store/last_time_queries.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "game/core/session/last_time.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class LastTimeQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_last_time_" + std::to_string(::getpid()) + "_" +
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
  /// A session with one try per (exercise, metric, value, outcome).
  int64_t Session(
      SessionStore& s, int64_t profile,
      const std::vector<std::tuple<std::string, std::string, double, core::TrialOutcome>>& tries) {
    const int64_t id = s.BeginSession(profile, "p", 1, std::nullopt);
    int k = 0;
    for (const auto& [ex, metric, value, outcome] : tries) {
      core::TrialResult t;
      t.exercise_id = ex;
      t.variant = "standing";
      t.trial_index = k;
      t.outcome = outcome;
      t.metrics = {{metric, value, "s"}};
      s.RecordTrial(id, k++, t);
    }
    return id;
  }
  fs::path dir_;
  std::string path_;
};

constexpr auto kOk = core::TrialOutcome::kSuccess;

TEST_F(LastTimeQueriesTest, ReadsTodayAndEachExercisesLastEarlierSession) {
  SessionStore s(path_);
  const int64_t anna = AddProfile(s, "Anna"), ben = AddProfile(s, "Ben");
  Session(s, anna,
          {{"single_leg_stance", "hold_time", 10, kOk}, {"sit_to_stand", "total_time", 18, kOk}});
  Session(s, anna,
          {{"single_leg_stance", "hold_time", 12, kOk},
           {"single_leg_stance", "hold_time", 11, kOk},
           {"single_leg_stance", "hold_time", 30, core::TrialOutcome::kInvalid}});
  Session(s, ben, {{"single_leg_stance", "hold_time", 25, kOk}});  // another patient
  const int64_t today = Session(s, anna,
                                {{"single_leg_stance", "hold_time", 14, kOk},
                                 {"sit_to_stand", "total_time", 16, kOk},
                                 {"single_leg_stance", "touch_downs", 1, kOk}});
  Session(s, anna, {{"single_leg_stance", "hold_time", 40, kOk}});  // a later session
  const LastTimeTries r = LoadLastTime(s, today);
  ASSERT_EQ(r.today.size(), 2u) << "only headline measures";
  EXPECT_EQ(r.today[0].exercise, "single_leg_stance");
  EXPECT_DOUBLE_EQ(r.today[0].value, 14);
  const auto lines = core::CompareWithLastTime(r.today, r.last);
  ASSERT_EQ(lines.size(), 2u);
  ASSERT_TRUE(lines[0].last);
  EXPECT_DOUBLE_EQ(*lines[0].last, 12) << "the last earlier session, its best valid try";
  EXPECT_EQ(lines[0].words, "You held on one leg for 14 s, 2 s longer than last time.");
  ASSERT_TRUE(lines[1].last) << "sit to stand was last played two sessions ago";
  EXPECT_DOUBLE_EQ(*lines[1].last, 18);
  EXPECT_EQ(lines[1].words, "You stood up five times in 16 s, 2 s quicker than last time.");
}

TEST_F(LastTimeQueriesTest, FirstSessionOrUnknownSession_NothingToCompare) {
  SessionStore s(path_);
  const int64_t anna = AddProfile(s, "Anna");
  const int64_t first = Session(s, anna, {{"bubble_reach", "movement_time", 1.5, kOk}});
  const LastTimeTries r = LoadLastTime(s, first);
  EXPECT_EQ(r.today.size(), 1u);
  EXPECT_TRUE(r.last.empty());
  EXPECT_TRUE(LoadLastTime(s, 999).today.empty());
}

}  // namespace
}  // namespace poise::store
