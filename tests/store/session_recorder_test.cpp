// store::SessionRecorder, the SQLite SessionSink, on real database files: a trial and the level
// change and saved level it caused are one transaction; a locked database (another connection
// holding BEGIN EXCLUSIVE) never throws, the records are held and retried, and what is still
// held at the end goes to a recovery file that the next start imports; sessions a kill left
// open are closed as "interrupted".
#include "game/store/session_recorder.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "game/core/adaptation/level_controller.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class SessionRecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_recorder_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_.emplace(Path());
    core::Profile p;
    p.name = "Anna";
    profile_ = store_->AddProfile(p);
  }
  void TearDown() override {
    Unlock();
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string Path() const { return (dir_ / "poise.db").string(); }

  /// Another program takes the write lock and keeps it until Unlock().
  void Lock() {
    ASSERT_EQ(sqlite3_open(Path().c_str(), &other_), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  void Unlock() {
    if (!other_) return;
    sqlite3_exec(other_, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(other_);
    other_ = nullptr;
  }
  /// One value from the database, read through a fresh connection.
  std::string One(const std::string& sql) {
    sqlite3* db = nullptr;
    std::string out;
    sqlite3_open_v2(Path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }
  static core::TrialRecord ScoredTrial(int index) {
    core::TrialRecord r;
    r.block = 0;
    r.trial.exercise_id = "bubble_reach";
    r.trial.variant = "standing";
    r.trial.trial_index = index;
    r.trial.level = 0.3;
    r.trial.outcome = core::TrialOutcome::kSuccess;
    r.trial.metrics = {{"movement_time", 0.8, "s"}};
    r.trial.parameters = {{"hold_time", 0.15, "s"}};
    core::LevelChange c;
    c.from = 0.3;
    c.to = 0.4;
    c.reason = core::LevelReason::kSuccess;
    c.trial_index = index;
    r.changes = {c};
    core::LevelState st;
    st.level = 0.4;
    st.trials = index + 1;
    r.level_after = st;
    return r;
  }
  SessionRecorder Begin() {
    SessionRecorder rec(*store_, profile_);
    rec.retry_interval = std::chrono::milliseconds(0);
    EXPECT_EQ(rec.Begin({"Plan", "", 1, false}), "");
    return rec;
  }

  fs::path dir_;
  std::optional<SessionStore> store_;
  int64_t profile_ = 0;
  sqlite3* other_ = nullptr;
};

TEST_F(SessionRecorderTest, TrialLevelChangeAndSavedLevel_AreOneTransaction) {
  SessionRecorder rec = Begin();
  // Saving the level fails (as a kill or a full disk between the writes would cut it short).
  ASSERT_EQ(sqlite3_exec(store_->handle(),
                         "CREATE TRIGGER no_levels BEFORE INSERT ON exercise_levels BEGIN "
                         "SELECT RAISE(ABORT, 'disk trouble'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  rec.Trial(ScoredTrial(0));
  EXPECT_EQ(One("SELECT count(*) FROM trials"), "0") << "no trial without its level change";
  EXPECT_EQ(One("SELECT count(*) FROM level_changes"), "0");
  EXPECT_EQ(rec.held(), 1u);
  sqlite3_exec(store_->handle(), "DROP TRIGGER no_levels", nullptr, nullptr, nullptr);
  rec.Retry();
  EXPECT_EQ(rec.held(), 0u);
  EXPECT_EQ(One("SELECT count(*) FROM trials"), "1");
  EXPECT_EQ(One("SELECT level_from || '>' || level_to || ' ' || reason FROM level_changes"),
            "0.3>0.4 success");
  ASSERT_TRUE(store_->LoadLevel(profile_, "bubble_reach").has_value());
  EXPECT_DOUBLE_EQ(store_->LoadLevel(profile_, "bubble_reach")->level, 0.4);
}

TEST_F(SessionRecorderTest, LockedDatabase_NothingThrowsRecordsAreHeldAndStoredWhenFree) {
  SessionRecorder rec = Begin();
  std::vector<std::string> notes;
  rec.on_note = [&](const std::string& k, const std::string& d) { notes.push_back(k + " " + d); };
  Lock();
  EXPECT_NO_THROW(rec.Event("fall_alarm", "sudden drop of the hips"));
  EXPECT_NO_THROW(rec.Trial(ScoredTrial(0)));
  EXPECT_NO_THROW(rec.Event("pause", "You paused the game."));
  EXPECT_EQ(rec.held(), 3u);
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes[0].find("in use by another program"), std::string::npos) << notes[0];
  Unlock();
  rec.Retry();
  EXPECT_EQ(rec.held(), 0u);
  EXPECT_EQ(One("SELECT group_concat(kind) FROM (SELECT kind FROM events ORDER BY id)"),
            "fall_alarm,pause");
  EXPECT_EQ(One("SELECT count(*) FROM trials"), "1");
  EXPECT_EQ(notes.back(), "trial stored bubble_reach 1");
  // Kept in the order they happened, with the time they happened.
  EXPECT_LT(One("SELECT min(t_utc) FROM events"), One("SELECT recorded_utc FROM trials"));
}

TEST_F(SessionRecorderTest, StillLockedAtTheEnd_RecoveryFileIsImportedAtTheNextStart) {
  const std::string recovery = SessionRecorder::RecoveryPath(*store_);
  {
    SessionRecorder rec = Begin();
    rec.FatigueBefore(3);
    Lock();
    rec.Trial(ScoredTrial(0));
    rec.Event("stop", "tired");
    core::ReplayFrame f;
    rec.PoseStream({0, "bubble_reach", {f, f}});
    rec.End({"tired", 6, {"pain"}});
    EXPECT_EQ(rec.held(), 0u);
    EXPECT_NE(rec.unsaved().find("will be saved the next time Poise starts"), std::string::npos)
        << rec.unsaved();
    EXPECT_NE(rec.unsaved().find(recovery), std::string::npos);
    Unlock();
  }
  ASSERT_TRUE(fs::exists(recovery));
  EXPECT_EQ(fs::status(recovery).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(One("SELECT count(*) FROM trials"), "0");
  EXPECT_EQ(One("SELECT ended_utc IS NULL FROM sessions"), "1");

  // The next start.
  store_.reset();
  store_.emplace(Path());
  const RecoveryImport r = ImportRecovery(*store_);
  EXPECT_EQ(r.stored, 3);  // trial, event, end (the landmark stream is not kept)
  EXPECT_EQ(r.left, 0);
  EXPECT_EQ(r.error, "");
  EXPECT_FALSE(fs::exists(recovery));
  EXPECT_EQ(One("SELECT count(*) FROM trials"), "1");
  EXPECT_EQ(One("SELECT count(*) FROM level_changes"), "1");
  EXPECT_EQ(One("SELECT stop_reason || ' ' || fatigue_after || ' ' || symptoms || ' ' || "
                "fatigue_before FROM sessions"),
            "tired 6 [\"pain\"] 3");
  EXPECT_EQ(store_->CloseInterruptedSessions(), 0) << "the recovered session is closed already";
  // Importing again finds nothing to do.
  EXPECT_EQ(ImportRecovery(*store_).stored, 0);
}

TEST_F(SessionRecorderTest, RecoveryWhileTheDatabaseIsStillLocked_KeepsTheFileForLater) {
  {
    SessionRecorder rec = Begin();
    Lock();
    rec.Trial(ScoredTrial(0));
    rec.End({"completed", std::nullopt, {}});
  }
  const RecoveryImport r = ImportRecovery(*store_);
  EXPECT_EQ(r.stored, 0);
  EXPECT_EQ(r.left, 2);
  EXPECT_NE(r.error.find("in use by another program"), std::string::npos) << r.error;
  EXPECT_TRUE(fs::exists(SessionRecorder::RecoveryPath(*store_)));
  Unlock();
  EXPECT_EQ(ImportRecovery(*store_).stored, 2);
  EXPECT_EQ(One("SELECT stop_reason FROM sessions"), "completed");
}

TEST_F(SessionRecorderTest, SessionLeftOpenByAKill_IsClosedAsInterruptedAtItsLastTrial) {
  SessionRecorder rec = Begin();
  rec.Trial(ScoredTrial(0));
  rec.Trial(ScoredTrial(1));
  // No End: the program was killed. A finished session beside it stays as it is.
  SessionRecorder done(*store_, profile_);
  ASSERT_EQ(done.Begin({"Plan", "", 1, false}), "");
  done.End({"completed", 2, {}});
  store_.reset();
  store_.emplace(Path());
  EXPECT_EQ(store_->CloseInterruptedSessions(), 1);
  EXPECT_EQ(One("SELECT stop_reason FROM sessions WHERE id=" + std::to_string(rec.session_id())),
            "interrupted");
  EXPECT_EQ(One("SELECT ended_utc FROM sessions WHERE id=" + std::to_string(rec.session_id())),
            One("SELECT max(recorded_utc) FROM trials"));
  EXPECT_EQ(One("SELECT stop_reason FROM sessions WHERE id=" + std::to_string(done.session_id())),
            "completed");
  EXPECT_EQ(store_->CloseInterruptedSessions(), 0);
}

}  // namespace
}  // namespace poise::store
