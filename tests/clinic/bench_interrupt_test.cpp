// `poise bench-clinic` loads a throwaway PostgreSQL for minutes: stopped mid-load (Ctrl-C,
// SIGTERM), it must stop that server and delete its folder (gigabytes in /tmp at full size),
// not leave them behind, and say so in one sentence.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

namespace poise {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(BenchInterruptTest, SigtermWhileLoading_StopsTheServerAndDeletesItsFolder) {
  const std::string out = testing::TempDir() + "bench_interrupt.out",
                    err = testing::TempDir() + "bench_interrupt.err";
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string cmd = std::string("exec ") + POISE_BINARY +
                            " bench-clinic --patients 1000 --days 365 --no-explain >" + out +
                            " 2>" + err;
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_GT(pid, 0);
  // Wait for the server to be up and the load to have begun.
  std::smatch m;
  std::string text;
  const std::regex dir_re(R"(\((/tmp/poise-pg-[^)]+)\))");
  for (int i = 0; i < 240 && !std::regex_search(text, m, dir_re); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    text = ReadAll(out);
  }
  if (!std::regex_search(text, m, dir_re)) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    FAIL() << "the bench never started its server: " << text << ReadAll(err);
  }
  const std::string dir = m[1];
  ASSERT_TRUE(std::filesystem::exists(dir + "/data/postmaster.pid")) << dir;
  std::this_thread::sleep_for(std::chrono::seconds(2));
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  EXPECT_FALSE(std::filesystem::exists(dir)) << dir << " was left behind";
  EXPECT_NE(system(("pgrep -f '[p]ostgres -D " + dir + "' >/dev/null").c_str()), 0)
      << "a PostgreSQL process of " << dir << " is still running";
  EXPECT_NE(ReadAll(err).find("bench-clinic interrupted; stopping its PostgreSQL"),
            std::string::npos)
      << ReadAll(err);
}

}  // namespace
}  // namespace poise
