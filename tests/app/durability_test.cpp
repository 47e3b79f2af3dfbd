// kill -9 at random moments of a session that is recording trials: every trial reported as
// committed is in the database afterwards, and the database is sound (integrity_check ok).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

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

int CountLines(const std::string& path, const std::string& text) {
  std::ifstream in(path);
  int n = 0;
  for (std::string l; std::getline(in, l);) n += l.find(text) != std::string::npos;
  return n;
}

// The real game (calibration, exercise, scoring, difficulty, fatigue guard) in a child process,
// killed with SIGKILL at a random moment during a later trial: every trial the game had stored
// (it traces "stored" after the commit returned) is in the database, which stays sound.
TEST(DurabilityTest, RealGameSession_KilledMidTrial_KeepsEveryStoredTrial) {
  const fs::path dir = fs::temp_directory_path() / ("poise_killgame_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "poise.db").string(), poses = (dir / "demo.jsonl").string();
  ASSERT_EQ(std::system((std::string(POISE_BINARY) + " demo-poses --exercise bubble_reach " +
                         "--seconds 90 --out " + poses + " >/dev/null")
                            .c_str()),
            0);
  setenv("SDL_VIDEODRIVER", "offscreen", 1);
  std::mt19937 rng(777);
  int stored_total = 0;
  for (int round = 0; round < 3; ++round) {
    const std::string trace = (dir / ("trace" + std::to_string(round) + ".jsonl")).string();
    const std::string source = "poses:" + poses;
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      const int devnull = ::open("/dev/null", O_WRONLY);
      dup2(devnull, STDOUT_FILENO);
      dup2(devnull, STDERR_FILENO);
      execl(POISE_BINARY, POISE_BINARY, "play", "--headless", "--mute", "--autostart", "--exercise",
            "bubble_reach", "--trials", "30", "--source", source.c_str(), "--db", db.c_str(),
            "--trace", trace.c_str(), "--exit-after", "150", static_cast<char*>(nullptr));
      _exit(127);
    }
    // Wait for 1-2 stored trials, then kill 0-2.5 s later: somewhere inside the next trial.
    const int wait_for = 1 + int(rng() % 2);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (CountLines(trace, "\"trial\"") < wait_for && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 2500));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "round " << round << ": the game ended before the kill";
    const int stored = CountLines(trace, "\"trial\"");
    ASSERT_GE(stored, wait_for) << "round " << round;
    stored_total += stored;
    EXPECT_EQ(QueryOne(db, "PRAGMA integrity_check"), "ok") << "round " << round;
    ASSERT_NO_THROW(store::SessionStore s(db)) << "round " << round;
    const int in_db = std::stoi(QueryOne(db, "SELECT count(*) FROM trials"));
    EXPECT_GE(in_db, stored_total) << "round " << round << ": a stored trial was lost";
    EXPECT_LE(in_db, stored_total + round + 1) << "at most the trial in progress per kill";
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace poise
