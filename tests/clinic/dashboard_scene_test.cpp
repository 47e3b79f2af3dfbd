// Clinic mode with the real game, headless, against a real PostgreSQL 15 started by the test:
// `poise --clinic URL` connects as a physiotherapist (password from a 0600 file, the clinic's
// CA), shows the dashboard of 302 patients with flags in words, keeps it when the server goes
// away (one sentence, retried every 5 s) and reloads when it is back; at 200 % text the same
// patients come as blocks. A password file others may read is refused with one sentence.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "game/clinic/dashboard.h"
#include "game/core/review/dashboard_flags.h"
#include "game/store/clinic_outbox.h"
#include "game/store/plan_store.h"
#include "tests/app/headless_game.h"
#include "tests/clinic/clinic_test_util.h"
#include "tests/clinic/dashboard_test_util.h"

namespace poise::testing {
namespace {

int Today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return core::DayNumber(buf);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class DashboardSceneTest : public testing_support::HeadlessGameTest {
 protected:
  DashboardSceneTest() : HeadlessGameTest("poise_dashboard_") {}

  /// A clinic of 300 patients who never trained, plus Anna (a fall alarm two days ago, pushed by
  /// her device) and Eve (steady, daily); the physiotherapist kim follows all of them.
  void SetUpClinic() {
    cluster_.CreateDatabase("clinic");
    auto admin = cluster_.Admin("clinic");
    clinic::InitClinicServer(admin);
    store::SessionStore home(P("home.db"));
    const int today = Today();
    for (const std::string name : {"Anna Fallon", "Eve Steady"}) {
      const int64_t id = home.AddProfile({0, "", name, 168, "right", "standing", false, ""});
      home_ids_[name] = id;
      for (int d = -30; d <= -1; ++d) ScriptSession(home, id, today + d, {});
      if (name == "Anna Fallon") ScriptSession(home, id, today - 2, {}, "fall alarm", true);
      const clinic::NewDevice dev = clinic::AddDevice(admin, name);
      clinic::SyncProfile(
          home, clinic::LinkProfile(
                    home, id, {cluster_.Address("clinic"), dev.link_code, cluster_.ca_pem()}));
      clinic::AddPhysio(admin, "kim", "kim-secret", name);
    }
    admin.Exec(
        "INSERT INTO patients(uuid, name) SELECT gen_random_uuid(), 'Patient ' || "
        "lpad(i::text, 3, '0') FROM generate_series(1, 300) i");
    admin.Exec(
        "INSERT INTO physio_patients SELECT 'kim', uuid FROM patients ON CONFLICT DO NOTHING");
    std::ofstream(P("kim.pw")) << "kim-secret\n";
    ::chmod(P("kim.pw").c_str(), 0600);
  }

  pid_t StartGame(const std::vector<std::string>& extra, const std::string& role = "kim") {
    std::vector<std::string> args = {POISE_BINARY,
                                     "--headless",
                                     "--mute",
                                     "--db",
                                     P("poise.db"),
                                     "--trace",
                                     P("trace.jsonl"),
                                     "--source",
                                     "poses:/dev/null",
                                     "--clinic",
                                     "postgresql://" + role + "@" + cluster_.Address("clinic"),
                                     "--clinic-ca",
                                     cluster_.ca_pem()};
    args.insert(args.end(), extra.begin(), extra.end());
    const pid_t game = fork();
    if (game == 0) {
      freopen(P("out.txt").c_str(), "w", stdout);
      freopen(P("err.txt").c_str(), "w", stderr);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(POISE_BINARY, argv.data());
      _exit(127);
    }
    return game;
  }
  /// Waits (up to `seconds`) until the trace has `text` `times` times.
  bool WaitForTrace(const std::string& text, int times, double seconds) {
    for (int i = 0; i < int(seconds * 10); ++i) {
      int n = 0;
      for (const auto& j : Trace()) n += j.dump().find(text) != std::string::npos;
      if (n >= times) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  int Finish(pid_t game) {
    ::kill(game, SIGTERM);
    int status = 0;
    ::waitpid(game, &status, 0);
    return status;
  }

  /// Anna's assignments at the clinic: "version|sessions_per_week|assigned_by", newest first.
  std::vector<std::string> AnnaAssignments(clinic::PgConnection& admin) {
    clinic::PgResult r = admin.Exec(
        "SELECT v.name || ' v' || v.version || '|' || (v.plan_json->>'sessions_per_week') || '|' "
        "|| a.assigned_by FROM assignments a JOIN patients p ON p.uuid = a.patient_uuid JOIN "
        "plan_versions v ON v.uuid = a.plan_uuid WHERE p.name = 'Anna Fallon' ORDER BY "
        "a.assigned_utc DESC");
    std::vector<std::string> out;
    for (int i = 0; i < r.Rows(); ++i) out.push_back(r.Text(i, 0));
    return out;
  }

  PgCluster cluster_;
  std::map<std::string, int64_t> home_ids_;  ///< profile ids in home.db (the patients' devices)
};

TEST_F(DashboardSceneTest, ThreeHundredPatients_FlagsInWords_LostConnectionRetriedAndRecovered) {
  SetUpClinic();
  const pid_t game = StartGame({"--clinic-password-file", P("kim.pw"), "--screenshot-scene",
                                "dashboard", "--screenshot", P("dashboard.png"), "--exit-after",
                                "120", "--script", Script("6.0 click:dashboard_refresh\n")});
  const bool loaded = WaitForTrace("dashboard: 302 patients", 1, 30);
  // The server goes away before the refresh at 6 s, and comes back after the game noticed.
  if (loaded) cluster_.Stop();
  const bool lost = loaded && WaitForTrace("connection to the clinic server was lost", 1, 40);
  if (lost) cluster_.Start();
  const bool back = lost && WaitForTrace("dashboard: 302 patients", 2, 40);
  const bool shot = WaitForTrace("screenshot of dashboard", 1, 10);
  const int status = Finish(game);
  ASSERT_TRUE(loaded) << ReadFile(P("err.txt"));
  EXPECT_TRUE(lost) << "one sentence when the connection is lost";
  EXPECT_TRUE(back) << "the dashboard reloads when the server is back";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  EXPECT_TRUE(TraceHas("clinic connected as kim"));
  EXPECT_TRUE(TraceHas("302 patients, 301 flagged")) << "all but Eve need attention";
  ASSERT_TRUE(shot);
  const std::string words = ReadFile(P("dashboard.png.txt"));
  EXPECT_NE(words.find("302 patients, 301 need attention"), std::string::npos) << words;
  EXPECT_NE(words.find("Attention"), std::string::npos) << words;
  EXPECT_NE(words.find("Anna Fallon"), std::string::npos) << words;
  EXPECT_NE(
      words.find("Fall alarm on " + core::ShortDate(Today() - 2) + " (sudden drop of the hips)."),
      std::string::npos)
      << words;
  EXPECT_NE(words.find("No session yet."), std::string::npos) << words;
}

TEST_F(DashboardSceneTest, LargeText_BlocksWithFlagsInWords_NameSearch) {
  SetUpClinic();
  const pid_t game =
      StartGame({"--clinic-password-file", P("kim.pw"), "--ui-scale", "2", "--screenshot-scene",
                 "dashboard", "--screenshot", P("dashboard.png"), "--exit-after", "60", "--script",
                 Script("0.2 set:dashboard_search=anna\n")});
  const bool shot = WaitForTrace("screenshot of dashboard", 1, 40);
  Finish(game);
  ASSERT_TRUE(shot) << ReadFile(P("err.txt"));
  const std::string words = ReadFile(P("dashboard.png.txt"));
  EXPECT_NE(words.find("Open Anna Fallon"), std::string::npos) << words;
  EXPECT_NE(words.find("Needs attention because:"), std::string::npos) << words;
  EXPECT_NE(words.find("Fall alarm on"), std::string::npos) << words;
  EXPECT_EQ(words.find("Eve Steady"), std::string::npos) << "the search leaves Eve out";
  EXPECT_EQ(words.find("Patient 001"), std::string::npos) << words;
}

TEST_F(DashboardSceneTest, PasswordFileReadableByOthers_OneSentenceAndNoConnection) {
  SetUpClinic();
  ::chmod(P("kim.pw").c_str(), 0644);
  const pid_t game = StartGame({"--clinic-password-file", P("kim.pw"), "--exit-after", "30"});
  const bool refused = WaitForTrace("clinic connect refused", 1, 30);
  Finish(game);
  ASSERT_TRUE(refused) << ReadFile(P("err.txt"));
  EXPECT_TRUE(TraceHas("may be read by other users; make it private (chmod 600)"));
  EXPECT_FALSE(TraceHas("clinic connected"));
}

TEST_F(DashboardSceneTest, OpenAPatient_AssignAPlanFromThisComputer_ReadOnlyLoginOffersNoEdit) {
  SetUpClinic();
  {
    store::SessionStore s(P("poise.db"));
    core::SessionPlan plan =
        core::LoadSessionPlan(std::string(POISE_ASSET_DIR) + "/plans/defaults/seated_starter.json");
    plan.name = "Anna clinic plan";
    plan.alert_after_days = 10;
    store::PlanStore(s).Save(plan);
  }
  pid_t game =
      StartGame({"--clinic-password-file", P("kim.pw"), "--exit-after", "60", "--script",
                 Script("2.0 click:open:Anna Fallon\n3.5 click:assign:Anna clinic plan\n")});
  const bool assigned = WaitForTrace("clinic plan assigned: Anna clinic plan v1", 1, 40);
  Finish(game);
  ASSERT_TRUE(assigned) << ReadFile(P("err.txt"));
  EXPECT_TRUE(TraceHas("clinic patient: 31 sessions")) << "Anna's sessions from the server";
  auto admin = cluster_.Admin("clinic");
  EXPECT_EQ(admin
                .Exec("SELECT p.name || '|' || a.assigned_by || '|' || v.created_by || '|' || "
                      "(v.plan_json->>'alert_after_days') FROM assignments a JOIN patients p ON "
                      "p.uuid = a.patient_uuid JOIN plan_versions v ON v.uuid = a.plan_uuid")
                .Text(0, 0),
            "Anna Fallon|kim|kim|10");

  // A read-only login: the screens say so and offer no plan to assign.
  clinic::AddPhysio(admin, "ro", "ro-secret", "Anna Fallon", /*read_only=*/true);
  std::ofstream(P("ro.pw")) << "ro-secret\n";
  ::chmod(P("ro.pw").c_str(), 0600);
  std::filesystem::remove(P("trace.jsonl"));
  std::vector<std::string> args = {"--clinic-password-file",
                                   P("ro.pw"),
                                   "--exit-after",
                                   "60",
                                   "--screenshot-scene",
                                   "clinic_patient",
                                   "--screenshot",
                                   P("patient.png"),
                                   "--script",
                                   Script("2.0 click:open:Anna Fallon\n")};
  game = StartGame(args, "ro");
  const bool shot = WaitForTrace("screenshot of clinic_patient", 1, 40);
  Finish(game);
  ASSERT_TRUE(shot) << ReadFile(P("err.txt"));
  const std::string words = ReadFile(P("patient.png.txt"));
  EXPECT_NE(words.find("Read-only: your login may read but not change plans or notes."),
            std::string::npos)
      << words;
  EXPECT_EQ(words.find("Assign"), std::string::npos) << words;
  EXPECT_EQ(ServerCount(admin, "assignments"), 1);
}

TEST_F(DashboardSceneTest,
       EditPatientPlanAtTheClinic_NewVersionAssigned_HomePullsIt_ReadOnlyCannot) {
  SetUpClinic();
  auto admin = cluster_.Admin("clinic");
  core::SessionPlan v1 =
      core::LoadSessionPlan(std::string(POISE_ASSET_DIR) + "/plans/defaults/seated_starter.json");
  v1.name = "Anna balance";
  v1.sessions_per_week = 3;
  const std::string anna =
      admin.Exec("SELECT uuid::text FROM patients WHERE name = 'Anna Fallon'").Text(0, 0);
  ASSERT_EQ(clinic::SavePlanForPatient(admin, anna, v1), 1);
  // The home device follows version 1 before the physiotherapist edits it.
  {
    store::SessionStore home(P("home.db"));
    const store::ClinicLink link = *store::ClinicOutbox(home).Link(home_ids_["Anna Fallon"]);
    ASSERT_TRUE(clinic::SyncProfile(home, link).plan_updated);
    ASSERT_EQ(store::PlanStore(home).Latest("Anna balance")->plan.sessions_per_week, 3);
  }
  pid_t game =
      StartGame({"--clinic-password-file", P("kim.pw"), "--exit-after", "60", "--screenshot-scene",
                 "clinic_plan_editor", "--screenshot", P("editor.png"), "--script",
                 Script("2.0 click:open:Anna Fallon\n3.5 click:clinic_edit_plan\n"
                        "5.0 set:per_week=5\n5.5 click:plan_save\n")});
  const bool saved = WaitForTrace("clinic plan saved: Anna balance v2 for Anna Fallon", 1, 40);
  const bool shot = WaitForTrace("screenshot of clinic_plan_editor", 1, 10);
  Finish(game);
  ASSERT_TRUE(saved) << ReadFile(P("err.txt"));
  EXPECT_TRUE(TraceHas("clinic plan editor: Anna Fallon"));
  EXPECT_EQ(AnnaAssignments(admin),
            (std::vector<std::string>{"Anna balance v2|5|kim", "Anna balance v1|3|postgres"}))
      << "a new version, assigned by the physiotherapist's login";
  {
    store::SessionStore local(P("poise.db"));
    EXPECT_FALSE(store::PlanStore(local).Latest("Anna balance"))
        << "this computer's own plans are not touched";
  }
  ASSERT_TRUE(shot);
  const std::string words = ReadFile(P("editor.png.txt"));
  EXPECT_NE(words.find("Anna Fallon's plan at the clinic"), std::string::npos) << words;
  EXPECT_NE(words.find("Version 1 of 'Anna balance', assigned at the clinic."), std::string::npos)
      << "the editor opened on the plan assigned at the clinic: " << words;

  // The home device takes version 2 at its next sync, as a new local version.
  {
    store::SessionStore home(P("home.db"));
    const store::ClinicLink link = *store::ClinicOutbox(home).Link(home_ids_["Anna Fallon"]);
    EXPECT_TRUE(clinic::SyncProfile(home, link).plan_updated);
    const auto latest = store::PlanStore(home).Latest("Anna balance");
    ASSERT_TRUE(latest);
    EXPECT_EQ(latest->plan.sessions_per_week, 5);
    EXPECT_EQ(store::PlanStore(home).Versions("Anna balance").size(), 2u);
  }

  // A read-only login sees the plan, read-only with one sentence why, and cannot save it.
  clinic::AddPhysio(admin, "ro", "ro-secret", "Anna Fallon", /*read_only=*/true);
  std::ofstream(P("ro.pw")) << "ro-secret\n";
  ::chmod(P("ro.pw").c_str(), 0600);
  std::filesystem::remove(P("trace.jsonl"));
  std::filesystem::remove(P("editor.png.txt"));
  game =
      StartGame({"--clinic-password-file", P("ro.pw"), "--exit-after", "60", "--screenshot-scene",
                 "clinic_plan_editor", "--screenshot", P("editor.png"), "--script",
                 Script("2.0 click:open:Anna Fallon\n3.5 click:clinic_edit_plan\n"
                        "5.0 set:per_week=6\n5.5 click:plan_save\n")},
                "ro");
  const bool refused = WaitForTrace("clinic plan not saved: read-only login", 1, 40);
  const bool shot2 = WaitForTrace("screenshot of clinic_plan_editor", 1, 10);
  Finish(game);
  ASSERT_TRUE(refused) << ReadFile(P("err.txt"));
  EXPECT_EQ(AnnaAssignments(admin).size(), 2u) << "nothing written by the read-only login";
  ASSERT_TRUE(shot2);
  const std::string ro_words = ReadFile(P("editor.png.txt"));
  EXPECT_NE(ro_words.find("Read-only: your login may read this plan but not change it."),
            std::string::npos)
      << ro_words;
  EXPECT_NE(ro_words.find("Version 2 of 'Anna balance'"), std::string::npos) << ro_words;
  EXPECT_NE(ro_words.find("{ 5 } | Target success"), std::string::npos)
      << "sessions a week still 5: the locked form took no edit: " << ro_words;
}

TEST_F(DashboardSceneTest, EditPatientPlan_ConnectionLostOnSave_OneSentenceEditKeptSavedOnRetry) {
  SetUpClinic();
  auto admin = cluster_.Admin("clinic");
  const std::string anna =
      admin.Exec("SELECT uuid::text FROM patients WHERE name = 'Anna Fallon'").Text(0, 0);
  const pid_t game =
      StartGame({"--clinic-password-file", P("kim.pw"), "--exit-after", "90", "--script",
                 Script("2.0 click:open:Anna Fallon\n3.5 click:clinic_edit_plan\n"
                        "5.0 set:per_week=4\n12.0 click:plan_save\n30.0 click:plan_save\n")});
  const bool opened = WaitForTrace("clinic plan editor: Anna Fallon", 1, 30);
  if (opened) cluster_.Stop();  // before the first save at 12 s
  const bool refused = opened && WaitForTrace("clinic plan not saved", 1, 30);
  if (refused) cluster_.Start();  // back before the second save at 30 s
  const bool saved = refused && WaitForTrace("clinic plan saved: Anna Fallon plan v1", 1, 40);
  Finish(game);
  ASSERT_TRUE(opened) << ReadFile(P("err.txt"));
  EXPECT_TRUE(refused) << "one sentence when the connection is lost on save";
  EXPECT_TRUE(
      TraceHas("Not saved: the connection to the clinic server was lost, nothing was written there "
               "and your changes are kept here; save again."))
      << "the sentence says why";
  EXPECT_TRUE(saved) << "the edit was kept and saved on the second try";
  auto again = cluster_.Admin("clinic");
  EXPECT_EQ(ServerCount(again, "plan_versions"), 1) << "nothing half-written by the failed save";
  EXPECT_EQ(ServerCount(again, "assignments"), 1);
  EXPECT_EQ(again
                .Exec("SELECT v.plan_json->>'sessions_per_week' FROM assignments a JOIN "
                      "plan_versions v ON v.uuid = a.plan_uuid WHERE a.patient_uuid = $1",
                      {{anna}})
                .Text(0, 0),
            "4")
      << "the edit made before the connection was lost";
}

TEST_F(DashboardSceneTest, ReviewFromThePatientScreen_SessionsFromTheServer_NoteIsANewRowByKim) {
  SetUpClinic();
  auto admin = cluster_.Admin("clinic");
  const int64_t notes_before = ServerCount(admin, "notes");
  // What the game set for each try, as a device would have sent it (the scripted history has
  // none; trials are append-only, so the superuser writes past the trigger).
  admin.Exec("SET session_replication_role = replica");
  admin.Exec(
      "UPDATE trials SET parameters = '[{\"name\":\"time_limit\",\"value\":9,\"unit\":\"s\"},"
      "{\"name\":\"hand\",\"value\":0,\"unit\":\"1\"}]' WHERE exercise = 'single_leg_stance'");
  admin.Exec("RESET session_replication_role");
  const pid_t game = StartGame(
      {"--clinic-password-file", P("kim.pw"), "--exit-after", "60", "--screenshot", P("detail.png"),
       "--script",
       Script("2.0 click:open:Anna Fallon\n3.5 click:clinic_review\n6.0 click:tab_sessions\n"
              "7.0 click:session:0\n8.0 set:note=Clinic note: steadier on the left.\n"
              "8.5 click:save_note\n")});
  const bool saved = WaitForTrace("note saved", 1, 40);
  Finish(game);
  ASSERT_TRUE(saved) << ReadFile(P("err.txt"));
  EXPECT_TRUE(TraceHas("review of Anna Fallon: 31 sessions")) << "Anna's sessions from the server";
  EXPECT_TRUE(TraceHas("session detail: ")) << "a session opened from the server";
  EXPECT_EQ(ServerCount(admin, "notes"), notes_before + 1) << "a new row, nothing edited";
  clinic::PgResult r = admin.Exec(
      "SELECT n.author || '|' || p.name || '|' || (s.patient_uuid = n.patient_uuid)::text FROM "
      "notes n JOIN patients p ON p.uuid = n.patient_uuid JOIN sessions s ON s.uuid = "
      "n.session_uuid WHERE n.note = 'Clinic note: steadier on the left.'");
  ASSERT_EQ(r.Rows(), 1);
  EXPECT_EQ(r.Text(0, 0), "kim|Anna Fallon|true") << "written by the physiotherapist's role";
  const std::string words = ReadFile(P("detail.png.txt"));
  EXPECT_NE(words.find("time limit 9 s, hand: left"), std::string::npos)
      << "each try's settings in words beside it: " << words;
}

}  // namespace
}  // namespace poise::testing
