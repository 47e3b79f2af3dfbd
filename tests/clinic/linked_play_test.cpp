// The whole path with the real game, headless: a profile linked to a clinic (a real PostgreSQL
// 15 started by the test) gets the plan its physiotherapist assigned at the clinic ("Your
// physiotherapist updated your plan"), plays it, and the clinic then has exactly that session's
// rows, sent by the game's own sync thread.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "game/core/session/session_plan.h"
#include "tests/app/headless_game.h"
#include "tests/clinic/clinic_test_util.h"

namespace poise::testing {
namespace {

class LinkedPlayTest : public testing_support::HeadlessGameTest {
 protected:
  LinkedPlayTest() : HeadlessGameTest("poise_linked_") {}
};

TEST_F(LinkedPlayTest, ClinicPlanArrivesIsPlayedAndTheSessionReachesTheClinic) {
  PgCluster cluster;
  cluster.CreateDatabase("clinic");
  auto admin = cluster.Admin("clinic");
  clinic::InitClinicServer(admin);
  const clinic::NewDevice device = clinic::AddDevice(admin, "Anna");
  {
    store::SessionStore s(P("poise.db"));
    const int64_t anna = s.AddProfile({0, "", "Anna", 165, "right", "standing", false, ""});
    clinic::LinkProfile(s, anna, {cluster.Address("clinic"), device.link_code, cluster.ca_pem()});
  }
  core::SessionPlan plan =
      core::LoadSessionPlan(std::string(POISE_TEST_DATA) + "/plans/short.json");
  plan.name = "Anna from the clinic";
  const std::string plan_uuid =
      admin
          .Exec(
              "INSERT INTO plan_versions(name, version, plan_json) VALUES($1, 1, $2) "
              "RETURNING uuid::text",
              {{plan.name}, {core::PlanToJson(plan)}})
          .Text(0, 0);
  admin.Exec("INSERT INTO assignments(patient_uuid, plan_uuid) VALUES($1, $2)",
             {{device.patient_uuid}, {plan_uuid}});

  const std::string src = Poses(
      [](double t) { return std::optional<core::BodySpec>(testing_support::CalibrationMoves(t)); },
      120);
  // Choose Anna (the menu then shows the notice), play today's plan a little later.
  const std::string script = Script(
      "0.5 click:profiles\n1.0 click:profile:Anna\n4.0 click:play\n4.5 click:safety_all\n"
      "4.7 click:safety_ok\n5.0 click:start\n5.2 set:fatigue=4\n5.3 click:finish\n");
  // The game runs until the clinic has the session (its sync thread sends it when the session
  // ends), then is asked to quit (SIGTERM: SDL's quit event).
  const pid_t game = fork();
  if (game == 0) {
    const std::string out = P("out.txt"), err = P("err.txt");
    freopen(out.c_str(), "w", stdout);
    freopen(err.c_str(), "w", stderr);
    execl(POISE_BINARY, POISE_BINARY, "--headless", "--mute", "--db", P("poise.db").c_str(),
          "--trace", P("trace.jsonl").c_str(), "--source", src.c_str(), "--script", script.c_str(),
          "--exit-after", "400", static_cast<char*>(nullptr));
    _exit(127);
  }
  bool arrived = false;
  for (int i = 0; i < 600 && !arrived; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    arrived = ServerCount(admin, "trials") == 2 && ServerCount(admin, "sessions") == 1;
  }
  ::kill(game, SIGTERM);
  int status = 0;
  ::waitpid(game, &status, 0);
  ASSERT_TRUE(arrived) << "the session did not reach the clinic";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  EXPECT_TRUE(TraceHas("clinic plan notice")) << "the patient is told once";
  EXPECT_EQ(Query("SELECT plan_name, plan_uuid, stop_reason FROM sessions"),
            plan.name + "|" + plan_uuid + "|completed\n");
  EXPECT_EQ(Query("SELECT count(*) FROM trials"), "2\n");
  EXPECT_EQ(admin.Exec("SELECT plan_uuid::text, stop_reason FROM sessions").Text(0, 0), plan_uuid);
  EXPECT_EQ(ServerCount(admin, "trials"), 2);
  for (const char* t : {"sessions", "trials", "level_changes", "events"})
    EXPECT_EQ(HomeUuids(P("poise.db"), t), ServerUuids(admin, t)) << t;
}

}  // namespace
}  // namespace poise::testing
