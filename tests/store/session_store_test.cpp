#include "game/store/session_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class SessionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name = "poise.db") const { return (dir_ / name).string(); }
  static std::string Bytes(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  static std::string ErrorOf(const std::string& p) {
    try {
      SessionStore s(p);
    } catch (const StoreError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

core::Profile Anna() {
  core::Profile p;
  p.name = "Anna";
  p.height_cm = 164;
  p.dominant_side = "left";
  p.mobility = "both";
  return p;
}

TEST_F(SessionStoreTest, ProfilesSessionsTrialsPersistAcrossReopen) {
  int64_t session = 0;
  {
    SessionStore s(Path("sub/dir/poise.db"));
    const int64_t id = s.AddProfile(Anna());
    session = s.BeginSession(id, "seated starter", 1, 3);
    core::TrialResult t;
    t.exercise_id = "bubble_reach";
    t.variant = "seated";
    t.outcome = core::TrialOutcome::kSuccess;
    t.metrics = {{"reaction_time", 0.42, "s"}};
    s.RecordTrial(session, 0, t);
    s.RecordEvent(session, "pause", "key");
    s.RecordLevelChange(session, "bubble_reach", 0, 0.3, 0.33, "success");
    s.EndSession(session, "completed", 4, {"too warm"});
  }
  SessionStore s(Path("sub/dir/poise.db"));
  const auto profiles = s.Profiles();
  ASSERT_EQ(profiles.size(), 1u);
  EXPECT_EQ(profiles[0].name, "Anna");
  EXPECT_EQ(profiles[0].dominant_side, "left");
  EXPECT_EQ(profiles[0].uuid.size(), 36u);
  const auto sessions = s.Sessions(profiles[0].id);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].trials, 1);
  EXPECT_EQ(sessions[0].successes, 1);
  EXPECT_EQ(sessions[0].stop_reason, "completed");
  EXPECT_EQ(sessions[0].started_utc.back(), 'Z');
  EXPECT_EQ(s.CountEvents(session, "pause"), 1);
}

TEST_F(SessionStoreTest, InvalidProfile_IsRejectedNamingTheField) {
  SessionStore s(Path());
  core::Profile p = Anna();
  p.height_cm = 20;
  try {
    s.AddProfile(p);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("Height"), std::string::npos);
  }
  EXPECT_TRUE(s.Profiles().empty());
}

TEST_F(SessionStoreTest, NewerSchema_IsRefusedAndFileUnchanged) {
  { SessionStore s(Path()); }
  sqlite3* db;
  sqlite3_open(Path().c_str(), &db);
  const std::string newer = "PRAGMA user_version=" + std::to_string(kSchemaVersion + 1);
  sqlite3_exec(db, newer.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const std::string before = Bytes(Path());
  const std::string err = ErrorOf(Path());
  EXPECT_NE(err.find("newer version of Poise"), std::string::npos) << err;
  EXPECT_EQ(Bytes(Path()), before);
}

TEST_F(SessionStoreTest, CorruptOrForeignFiles_AreRefusedAndUnchanged) {
  { std::ofstream(Path("junk.db")) << std::string(8192, 'x'); }
  const std::string junk = Bytes(Path("junk.db"));
  EXPECT_NE(ErrorOf(Path("junk.db")).find("damaged"), std::string::npos)
      << ErrorOf(Path("junk.db"));
  EXPECT_EQ(Bytes(Path("junk.db")), junk);

  {
    SessionStore s(Path("trunc.db"));
    s.AddProfile(Anna());
  }
  fs::remove(Path("trunc.db-wal"));
  fs::remove(Path("trunc.db-shm"));
  std::string bytes = Bytes(Path("trunc.db"));
  bytes.resize(bytes.size() / 2);
  std::ofstream(Path("trunc.db"), std::ios::binary) << bytes;
  EXPECT_FALSE(ErrorOf(Path("trunc.db")).empty());
  EXPECT_EQ(Bytes(Path("trunc.db")), bytes);

  sqlite3* db;
  sqlite3_open(Path("other.db").c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE recipes(name TEXT)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_NE(ErrorOf(Path("other.db")).find("not a Poise session database"), std::string::npos);
}

TEST_F(SessionStoreTest, LockedByAnotherProgram_SaysSo) {
  { SessionStore s(Path()); }
  sqlite3* db;
  sqlite3_open(Path().c_str(), &db);
  sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;", nullptr, nullptr, nullptr);
  const std::string err = ErrorOf(Path());
  EXPECT_NE(err.find("in use by another program"), std::string::npos) << err;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

TEST_F(SessionStoreTest, DiskFull_OneSentenceAndEarlierTrialsKept) {
  SessionStore s(Path());
  const int64_t session = s.BeginSession(s.AddProfile(Anna()), "plan", 1, 3);
  // SQLite reports SQLITE_FULL when the file may not grow: the same as a full disk.
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(s.handle(), "PRAGMA page_count", -1, &st, nullptr);
  sqlite3_step(st);
  const int pages = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  const std::string limit = "PRAGMA max_page_count=" + std::to_string(pages + 3);
  sqlite3_exec(s.handle(), limit.c_str(), nullptr, nullptr, nullptr);
  core::TrialResult t;
  t.exercise_id = "bubble_reach";
  t.variant = "standing";
  t.note = std::string(2000, 'n');
  std::string err;
  int stored = 0;
  for (int i = 0; i < 500 && err.empty(); ++i) {
    try {
      s.RecordTrial(session, 0, t);
      ++stored;
    } catch (const StoreError& e) {
      err = e.what();
    }
  }
  EXPECT_EQ(err, "The disk is full: the session could not be saved; free some space.");
  EXPECT_GT(stored, 0);
  EXPECT_EQ(int(s.Trials(session).size()), stored) << "every trial saved before stays";
}

TEST_F(SessionStoreTest, DefaultPathFollowsXdgDataHome) {
  setenv("XDG_DATA_HOME", "/tmp/xdg-test", 1);
  EXPECT_EQ(SessionStore::DefaultPath(), "/tmp/xdg-test/poise/poise.db");
  unsetenv("XDG_DATA_HOME");
}

TEST_F(SessionStoreTest, FileNameWithoutFolder_OpensInTheCurrentFolder) {
  const fs::path before = fs::current_path();
  fs::current_path(dir_);
  std::string error;
  try {
    SessionStore s("here.db");
  } catch (const StoreError& e) {
    error = e.what();
  }
  fs::current_path(before);
  EXPECT_EQ(error, "");
  EXPECT_TRUE(fs::exists(dir_ / "here.db"));
}

}  // namespace
}  // namespace poise::store
