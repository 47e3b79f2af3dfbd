// kill -9 at random moments of a session that is recording trials: every trial reported as
// committed is in the database afterwards, and the database is sound (integrity_check ok).
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "game/store/session_store.h"

namespace poise {
namespace {
namespace fs = std::filesystem;

std::string QueryOne(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return out;
}

TEST(DurabilityTest, KillDashNineAtRandomMoments_LosesNoCommittedTrial) {
  const fs::path dir = fs::temp_directory_path() / ("poise_kill_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "poise.db").string();
  std::mt19937 rng(4242);
  int total_committed = 0;
  for (int round = 0; round < 60; ++round) {
    int out_pipe[2];
    ASSERT_EQ(pipe(out_pipe), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      dup2(out_pipe[1], STDOUT_FILENO);
      close(out_pipe[0]);
      close(out_pipe[1]);
      execl(POISE_BINARY, POISE_BINARY, "store-soak", "--db", db.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out_pipe[1]);
    FILE* in = fdopen(out_pipe[0], "r");
    // Kill after a random number of commits (0-40) and then a random 0-3 ms more, i.e. at a random
    // point of a later trial's insert, commit or WAL write (a trial takes about 1 ms with fsync).
    const int kill_after = int(rng() % 41);
    const int extra_us = int(rng() % 3000);
    int committed = 0;
    char line[64];
    while (committed < kill_after && fgets(line, sizeof line, in)) committed = std::atoi(line + 10);
    if (extra_us > 0) usleep(useconds_t(extra_us));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    // Lines already written before the kill also count as committed.
    while (fgets(line, sizeof line, in)) committed = std::max(committed, std::atoi(line + 10));
    fclose(in);
    ASSERT_TRUE(WIFSIGNALED(status) || WIFEXITED(status));
    total_committed += committed;

    EXPECT_EQ(QueryOne(db, "PRAGMA integrity_check"), "ok") << "round " << round;
    // Reopening with the store works (WAL recovered, nothing recreated).
    ASSERT_NO_THROW(store::SessionStore s(db)) << "round " << round;
    const int stored = std::stoi(QueryOne(db, "SELECT count(*) FROM trials"));
    EXPECT_GE(stored, total_committed) << "round " << round << ": a committed trial was lost";
    EXPECT_LE(stored, total_committed + round + 1) << "at most the trial in progress per kill";
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace poise
