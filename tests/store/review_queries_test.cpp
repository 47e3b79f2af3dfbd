#include "game/store/review_queries.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "game/store/sample_history.h"
#include "game/store/sqlite_review_source.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class ReviewQueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_review_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = std::make_unique<SessionStore>((dir_ / "poise.db").string());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void Exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(store_->handle(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(store_->handle());
  }
  /// A session on a given UTC time and offset, with trials of given reaction times.
  int64_t Session(int64_t profile, const std::string& started_utc, int offset_min,
                  const std::vector<double>& reaction_s, const std::string& plan_uuid = "") {
    const int64_t id = store_->BeginSession(profile, "plan", 1, 3);
    Exec("UPDATE sessions SET started_utc='" + started_utc + "', utc_offset_min=" +
         std::to_string(offset_min) + (plan_uuid.empty() ? "" : ", plan_uuid='" + plan_uuid + "'") +
         " WHERE id=" + std::to_string(id));
    for (size_t i = 0; i < reaction_s.size(); ++i) {
      core::TrialResult t;
      t.exercise_id = "bubble_reach";
      t.variant = "standing";
      t.trial_index = int(i);
      t.outcome = core::TrialOutcome::kSuccess;
      t.metrics = {{"reaction_time", reaction_s[i], "s"}, {"hit", 1, "1"}};
      store_->RecordTrial(id, 0, t);
    }
    return id;
  }
  int64_t Patient(const std::string& name) {
    core::Profile p;
    p.name = name;
    return store_->AddProfile(p);
  }
  fs::path dir_;
  std::unique_ptr<SessionStore> store_;
};

TEST_F(ReviewQueriesTest, DailyMetrics_AggregatePerLocalDayAndSkipInvalidTrials) {
  const int64_t anna = Patient("Anna"), ben = Patient("Ben");
  // 23:30 UTC with +120 min is the next local day.
  Session(anna, "2026-11-02T23:30:00.000Z", 120, {1.0, 2.0});
  Session(anna, "2026-11-03T10:00:00.000Z", 120, {3.0});
  Session(ben, "2026-11-03T10:00:00.000Z", 0, {9.0});
  const int64_t s = Session(anna, "2026-11-03T08:00:00.000Z", 120, {});
  core::TrialResult bad;
  bad.exercise_id = "bubble_reach";
  bad.outcome = core::TrialOutcome::kInvalid;
  bad.metrics = {{"reaction_time", 100, "s"}};
  store_->RecordTrial(s, 0, bad);

  const auto days = DailyMetrics(*store_, anna, {});
  const core::DailyMetric* rt = nullptr;
  for (const auto& d : days)
    if (d.metric == "reaction_time") {
      ASSERT_EQ(rt, nullptr) << "one local day only";
      rt = &d;
    }
  ASSERT_NE(rt, nullptr);
  EXPECT_EQ(rt->day, "2026-11-03");
  EXPECT_EQ(rt->unit, "s");
  EXPECT_EQ(rt->n, 3) << "the invalid trial does not count";
  EXPECT_NEAR(rt->mean, 2.0, 1e-9);
  EXPECT_TRUE(DailyMetrics(*store_, anna, {"2026-11-04", ""}).empty());
  EXPECT_EQ(DailyMetrics(*store_, anna, {"2026-11-03", "2026-11-03"}).size(), 2u);
}

TEST_F(ReviewQueriesTest, SessionDays_UseThePlansWeeklyTarget) {
  const int64_t anna = Patient("Anna");
  Exec(
      "INSERT INTO plans(uuid, name, version, plan_json, created_utc, utc_offset_min) VALUES("
      "'plan-5', 'five a week', 1, '{\"sessions_per_week\": 5}', '2026-11-01T00:00:00Z', 0)");
  // One completed trial each: adherence counts only sessions where something was tried.
  Session(anna, "2026-11-02T09:00:00.000Z", 0, {0.5}, "plan-5");
  Session(anna, "2026-11-10T09:00:00.000Z", 0, {0.5});
  const auto days = SessionDays(*store_, anna, {});
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, "2026-11-02");
  EXPECT_EQ(days[0].sessions_per_week, 5);
  EXPECT_EQ(days[1].sessions_per_week, 3) << "no plan recorded: the default";
}

TEST_F(ReviewQueriesTest, Notes_NewestWinsAndOldVersionsAreKept) {
  const int64_t s = Session(Patient("Anna"), "2026-11-02T09:00:00.000Z", 0, {});
  SqliteReviewSource source{*store_};
  const std::string uuid = store_->Sessions(1)[0].uuid;
  EXPECT_EQ(source.LatestNote(uuid).text, "");
  AddSessionNote(*store_, s, "Steadier than last week.");
  AddSessionNote(*store_, s, "Steadier than last week; try tandem stance.");
  EXPECT_EQ(source.LatestNote(uuid).text, "Steadier than last week; try tandem stance.");
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(store_->handle(), "SELECT count(*) FROM session_notes", -1, &st, nullptr);
  sqlite3_step(st);
  EXPECT_EQ(sqlite3_column_int(st, 0), 2);
  sqlite3_finalize(st);
  EXPECT_THROW(AddSessionNote(*store_, s, std::string(5000, 'x')), StoreError);
}

TEST_F(ReviewQueriesTest, EventsAndLevelChanges_InOrder) {
  const int64_t s = Session(Patient("Anna"), "2026-11-02T09:00:00.000Z", 0, {});
  store_->RecordEvent(s, "pause", "tracking lost");
  store_->RecordEvent(s, "fall_alarm", "sudden drop of the hips");
  store_->RecordLevelChange(s, "bubble_reach", 3, 0.3, 0.35, "success");
  const auto events = Events(*store_, s);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].detail, "tracking lost");
  EXPECT_EQ(events[1].kind, "fall_alarm");
  const auto levels = LevelChanges(*store_, s);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_EQ(levels[0].trial_index, 3);
  EXPECT_NEAR(levels[0].level_to, 0.35, 1e-12);
  EXPECT_EQ(levels[0].reason, "success");
}

TEST_F(ReviewQueriesTest, PatientReview_OfAGeneratedYear_HasEveryWeekAndImprovingTrends) {
  HistoryOptions o;
  o.first_day = "2025-12-01";  // a Monday
  o.days = 364;
  o.blocks = 5;
  o.trials = 4;
  const int64_t id = GenerateHistory(*store_, "Year", o);
  SqliteReviewSource source{*store_};
  const PatientReview r = source.LoadPatientReview(FindPatient(*store_, std::to_string(id)), {});
  EXPECT_EQ(r.first_day, "2025-12-01");
  EXPECT_EQ(r.last_day, "2026-11-29");
  EXPECT_EQ(r.sessions.size(), 364u);
  ASSERT_EQ(r.adherence.size(), 52u);
  for (const auto& w : r.adherence) EXPECT_EQ(w.done, 7) << core::DateOfDay(w.week);
  ASSERT_EQ(r.trends.size(), 5u) << "one metric per generated exercise";
  for (const auto& t : r.trends) {
    EXPECT_EQ(t.weeks.size(), 52u) << t.exercise;
    if (t.metric == "reach_distance") {
      EXPECT_GT(t.weeks.back().mean, t.weeks.front().mean + 3) << "longer reach by the end";
    }
    if (t.metric == "total_time") {
      EXPECT_LT(t.weeks.back().mean, t.weeks.front().mean - 2) << "faster sit-to-stand";
    }
  }
}

}  // namespace
}  // namespace poise::store
