// Privacy, checked: a profile that is not linked to a clinic opens no network socket. The real
// game plays a whole session headless under a seccomp filter that kills the process at its first
// socket(AF_INET / AF_INET6); the same filter kills the game at once when a profile is linked
// (its sync thread connects), which shows the guard does see a connection attempt.
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>

#include "tests/app/headless_game.h"
#include "tests/clinic/clinic_test_util.h"

namespace poise::testing {
namespace {

/// Runs `cmd` with sh, under a filter that kills the process on socket(AF_INET|AF_INET6, ...).
/// Returns waitpid's status.
int RunWithoutNetwork(const std::string& cmd) {
  const pid_t pid = fork();
  if (pid == 0) {
    sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    };
    sock_fprog prog{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
      _exit(120);
    execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
    _exit(121);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

class NoNetworkTest : public testing_support::HeadlessGameTest {
 protected:
  NoNetworkTest() : HeadlessGameTest("poise_nonet_") {}
  std::string Game(const std::string& args) {
    return std::string(POISE_BINARY) + " --headless --mute --db " + P("poise.db") + " --trace " +
           P("trace.jsonl") + " " + args + " >" + P("stdout.txt") + " 2>" + P("stderr.txt");
  }
};

TEST_F(NoNetworkTest, UnlinkedProfilePlaysAWholeSessionWithoutOpeningASocket) {
  const std::string src = Poses(
      [](double t) { return std::optional<core::BodySpec>(testing_support::CalibrationMoves(t)); },
      120);
  const std::string script = Script(
      "0.5 click:play\n0.8 set:name=Anna\n0.8 set:height=165\n1.0 click:create_profile\n"
      "1.5 click:safety_all\n1.7 click:safety_ok\n2.0 click:start\n2.2 set:fatigue=4\n"
      "2.3 click:finish\n2.4 click:quit\n");
  const int status =
      RunWithoutNetwork(Game("--source " + src + " --plan " + std::string(POISE_TEST_DATA) +
                             "/plans/short.json --script " + script + " --exit-after 100"));
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status)
                                 << " (SIGSYS: a network socket was opened)";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(Query("SELECT count(*) FROM trials"), "2\n");
  EXPECT_EQ(Query("SELECT stop_reason FROM sessions"), "completed\n");
  EXPECT_EQ(Query("SELECT count(*) FROM clinic_links"), "0\n");
}

TEST_F(NoNetworkTest, LinkedProfile_TheSameGuardStopsItsFirstConnection) {
  PgCluster cluster;
  cluster.CreateDatabase("clinic");
  std::string code;
  {
    auto admin = cluster.Admin("clinic");
    clinic::InitClinicServer(admin);
    code = clinic::AddDevice(admin, "Anna").link_code;
  }
  {
    store::SessionStore s(P("poise.db"));
    const int64_t anna = s.AddProfile({0, "", "Anna", 165, "right", "standing", false, ""});
    clinic::LinkProfile(s, anna, {cluster.Address("clinic"), code, cluster.ca_pem()});
  }
  const int status = RunWithoutNetwork(Game("--source camera:99 --exit-after 20"));
  ASSERT_TRUE(WIFSIGNALED(status)) << "exited with " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGSYS);
}

}  // namespace
}  // namespace poise::testing
