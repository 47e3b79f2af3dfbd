// Opening the session database on a real home machine: a foreign SQLite file left byte-identical
// (no WAL switch, no side files), and two programs creating the same new database at once.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "game/store/session_store.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class StoreOpenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_open_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
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
  static void MakeForeign(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  fs::path dir_;
};

TEST_F(StoreOpenTest, ForeignSqliteFile_IsLeftByteIdenticalWithoutSideFiles) {
  // One foreign file without a version, one that uses user_version for its own schema.
  MakeForeign(Path("recipes.db"),
              "CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES('bread');");
  MakeForeign(Path("versioned.db"), "CREATE TABLE notes(body TEXT); PRAGMA user_version=3;");
  for (const char* name : {"recipes.db", "versioned.db"}) {
    const std::string before = Bytes(Path(name));
    ASSERT_EQ(before.substr(18, 2), std::string("\x01\x01", 2)) << "a rollback-journal file";
    const std::string err = ErrorOf(Path(name));
    EXPECT_NE(err.find("is not a Poise session database; it was left untouched"), std::string::npos)
        << name << ": " << err;
    EXPECT_EQ(Bytes(Path(name)), before) << name << " was changed (e.g. switched to WAL)";
    EXPECT_FALSE(fs::exists(Path(name) + "-wal")) << name;
    EXPECT_FALSE(fs::exists(Path(name) + "-shm")) << name;
  }
}

// A file with Poise's table names but a negative schema version (user_version 0xFFFFFFFF; the
// store_open fuzzer found it indexing the migrations at -1) is refused, not migrated.
TEST_F(StoreOpenTest, NegativeSchemaVersionWithPoiseTables_IsNotOursAndLeftUntouched) {
  MakeForeign(Path("negative.db"),
              "CREATE TABLE profiles(id INTEGER); CREATE TABLE sessions(id INTEGER); "
              "PRAGMA user_version=-1;");
  const std::string before = Bytes(Path("negative.db"));
  const std::string err = ErrorOf(Path("negative.db"));
  EXPECT_NE(err.find("is not a Poise session database; it was left untouched"), std::string::npos)
      << err;
  EXPECT_EQ(Bytes(Path("negative.db")), before);
}

// Several programs open the same not-yet-existing database at the same moment, 15 times over:
// every one of them must open it at the current schema (none "table ... already exists").
TEST_F(StoreOpenTest, ProgramsCreatingTheSameNewDatabaseAtOnce_AllOpenIt) {
  constexpr int kRounds = 15, kOpeners = 3;
  int failures = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string path = Path("race" + std::to_string(round) + ".db");
    const auto start = std::chrono::steady_clock::now() + std::chrono::milliseconds(150);
    std::vector<pid_t> children;
    for (int k = 0; k < kOpeners; ++k) {
      const pid_t pid = ::fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        std::this_thread::sleep_until(start);
        int code = 0;
        try {
          SessionStore s(path);
          core::Profile p;
          p.name = "Child " + std::to_string(k);
          p.height_cm = 170;
          s.AddProfile(p);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "round %d opener %d: %s\n", round, k, e.what());
          code = 1;
        }
        ::_exit(code);
      }
      children.push_back(pid);
    }
    for (const pid_t pid : children) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
    }
    SessionStore s(path);
    EXPECT_EQ(s.Profiles().size(), size_t(kOpeners)) << "round " << round;
  }
  EXPECT_EQ(failures, 0) << "openers failed (see stderr)";
}

int Mode(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

// On a shared computer nobody else may read the database (names, trials, the PIN's hash).
TEST_F(StoreOpenTest, NewDatabase_IsPrivateToTheUser) {
  const std::string db = Path("data/poise/poise.db");
  {
    SessionStore s(db);
    core::Profile anna;
    anna.name = "Anna";
    s.AddProfile(anna);
    EXPECT_EQ(s.permission_note(), "");
  }
  EXPECT_EQ(Mode(Path("data")), 0700);
  EXPECT_EQ(Mode(Path("data/poise")), 0700);
  EXPECT_EQ(Mode(db), 0600);
  SessionStore again(db);
  EXPECT_EQ(Mode(db + "-wal"), 0600);
  EXPECT_EQ(Mode(db + "-shm"), 0600);
}

TEST_F(StoreOpenTest, OldReadableDatabaseAndDataFolder_AreTightenedOnceSayingSo) {
  ::setenv("XDG_DATA_HOME", dir_.c_str(), 1);
  const std::string db = SessionStore::DefaultPath();
  { SessionStore s(db); }
  // As older versions left them: 0644 files in a 0755 folder.
  fs::permissions(fs::path(db).parent_path(), fs::perms(0755));
  for (const std::string& f : {db, db + "-wal", db + "-shm"})
    if (fs::exists(f)) fs::permissions(f, fs::perms(0644));
  {
    SessionStore s(db);
    EXPECT_NE(s.permission_note().find("readable only by you"), std::string::npos)
        << s.permission_note();
    EXPECT_NE(s.permission_note().find(db), std::string::npos) << s.permission_note();
  }
  EXPECT_EQ(Mode(fs::path(db).parent_path().string()), 0700);
  EXPECT_EQ(Mode(db), 0600);
  SessionStore again(db);
  EXPECT_EQ(again.permission_note(), "") << "said once";
  ::unsetenv("XDG_DATA_HOME");
}

}  // namespace
}  // namespace poise::store
