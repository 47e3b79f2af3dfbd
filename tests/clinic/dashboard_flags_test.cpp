// The clinic dashboard against a real PostgreSQL 15 (tests/clinic/pg_cluster.h), fed through the
// real sync engine from scripted home histories: each flag appears with its reason, a steady
// patient shows none, a physiotherapist reads only the patients assigned to it, a plan saved at
// the clinic reaches the home device at its next sync, and a read-only role cannot write.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "game/clinic/dashboard.h"
#include "game/core/metrics/trends.h"
#include "game/store/plan_store.h"
#include "tests/clinic/clinic_test_util.h"
#include "tests/clinic/dashboard_test_util.h"

namespace poise::testing {
namespace {

using clinic::ClinicError;
using clinic::ClinicErrorKind;
using core::DashboardRow;
using core::FlagKind;
using core::TrendDirection;

const int kToday = core::DayNumber("2026-11-27");  // a Friday; the week began on Monday 23 Nov

/// Daily sessions from `first` to `last` (inclusive, day offsets from kToday).
void ScriptDays(store::SessionStore& s, int64_t profile, int first, int last, const Base& b = {}) {
  for (int d = first; d <= last; ++d) ScriptSession(s, profile, kToday + d, b);
}

const DashboardRow* Row(const clinic::ClinicDashboard& d, const std::string& name) {
  for (const DashboardRow& r : d.rows)
    if (r.activity.name == name) return &r;
  return nullptr;
}

std::string Flags(const DashboardRow& r) {
  std::string out;
  for (const auto& f : r.flags) out += f.reason + "\n";
  return out;
}

class DashboardTest : public ClinicFixture {
 protected:
  int64_t Patient(const std::string& name) {
    return name == "Anna" ? anna_
                          : store_->AddProfile({0, "", name, 170, "right", "standing", false, ""});
  }
  /// Links the profile to a new device of the clinic and pushes everything it has.
  store::ClinicLink Push(int64_t profile, const std::string& name) {
    const store::ClinicLink l = Link(profile, name);
    clinic::SyncProfile(*store_, l);
    return l;
  }
  void AddPhysio(const std::string& role, const std::string& patient, bool read_only = false) {
    auto admin = Admin();
    clinic::AddPhysio(admin, role, "pw-" + role, patient, read_only);
  }
  clinic::PgConnection AsPhysio(const std::string& role) {
    clinic::PhysioLogin l = clinic::ParsePhysioUrl(role + "@" + cluster_.Address("clinic"));
    l.password = "pw-" + role;
    l.ca_path = cluster_.ca_pem();
    return clinic::ConnectAsPhysio(l);
  }
};

TEST_F(DashboardTest, ScriptedHistories_EachFlagWithItsReason_SteadyPatientShowsNone) {
  // Eve: daily, steady. Anna: a fall three days ago. Ben: stopped for dizziness five days ago.
  // Cleo: nothing for the last 15 days. Dan: sway area up from 10 to 13 cm2 this week.
  const int64_t eve = Patient("Eve"), anna = Patient("Anna"), ben = Patient("Ben"),
                cleo = Patient("Cleo"), dan = Patient("Dan");
  ScriptDays(*store_, eve, -34, -1);
  ScriptDays(*store_, anna, -34, -1);
  ScriptSession(*store_, anna, kToday - 3, {}, "fall alarm", /*fall=*/true);
  ScriptDays(*store_, ben, -34, -1);
  ScriptSession(*store_, ben, kToday - 5, {}, "dizzy");
  ScriptDays(*store_, cleo, -40, -15);
  ScriptDays(*store_, dan, -34, -7);
  Base worse;
  worse.sway = 13;
  ScriptDays(*store_, dan, -6, -1, worse);
  for (auto [id, name] :
       {std::pair{eve, "Eve"}, {anna, "Anna"}, {ben, "Ben"}, {cleo, "Cleo"}, {dan, "Dan"}}) {
    Push(id, name);
    AddPhysio("kim", name);
  }

  auto kim = AsPhysio("kim");
  const clinic::ClinicDashboard d = clinic::LoadDashboard(kim, kToday);
  ASSERT_EQ(d.rows.size(), 5u);
  EXPECT_EQ(d.role, "kim");
  EXPECT_TRUE(d.may_write);

  const DashboardRow* e = Row(d, "Eve");
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->flags.empty()) << Flags(*e);
  EXPECT_EQ(e->days_since_last, 1);
  EXPECT_EQ(e->activity.sessions_this_week, 4) << "Monday to Thursday";
  EXPECT_EQ(e->activity.sessions_per_week, 3) << "no plan assigned: the default";
  for (const auto& t : e->trends)
    EXPECT_EQ(t.direction, TrendDirection::kSteady) << t.exercise << " " << t.metric;

  const DashboardRow* a = Row(d, "Anna");
  ASSERT_TRUE(a);
  ASSERT_EQ(a->flags.size(), 1u) << Flags(*a);
  EXPECT_EQ(a->flags[0].kind, FlagKind::kFall);
  EXPECT_EQ(a->flags[0].reason, "Fall alarm on Tue 24 Nov (sudden drop of the hips).");

  const DashboardRow* b = Row(d, "Ben");
  ASSERT_TRUE(b);
  ASSERT_EQ(b->flags.size(), 1u) << Flags(*b);
  EXPECT_EQ(b->flags[0].kind, FlagKind::kSymptomStop);
  EXPECT_EQ(b->flags[0].reason, "Session on Sun 22 Nov stopped for dizziness.");

  const DashboardRow* c = Row(d, "Cleo");
  ASSERT_TRUE(c);
  ASSERT_EQ(c->flags.size(), 1u) << Flags(*c);
  EXPECT_EQ(c->flags[0].kind, FlagKind::kNoSession);
  EXPECT_EQ(c->flags[0].reason,
            "No session for 15 days (the plan allows 7); the last was on Thu 12 Nov.");
  EXPECT_EQ(c->activity.sessions_this_week, 0);

  const DashboardRow* n = Row(d, "Dan");
  ASSERT_TRUE(n);
  ASSERT_EQ(n->flags.size(), 1u) << Flags(*n);
  EXPECT_EQ(n->flags[0].kind, FlagKind::kDecline);
  EXPECT_EQ(n->flags[0].reason.rfind("Steady stance, hip sway area worse: 13.0 cm² in the last 7 "
                                     "days against 10.0 cm² before, more than the noise (",
                                     0),
            0u)
      << n->flags[0].reason;
  EXPECT_EQ(n->trends[1].metric, "hip_sway_area");
  EXPECT_EQ(n->trends[1].direction, TrendDirection::kWorse);
  EXPECT_NEAR(n->trends[1].change, 3.0, 1e-9);
  EXPECT_EQ(n->trends[0].direction, TrendDirection::kSteady) << "stance unchanged";

  // Every measured trial is counted once; a repeated push (rows skipped by ON CONFLICT DO
  // NOTHING) changes nothing in the summary, and the flags stay the same.
  auto admin = Admin();
  const std::string kCounted =
      "SELECT sum(m1_n + m2_n + m3_n + m4_n + m5_n)::text || ' ' || sum(m2_sum)::text FROM "
      "dashboard_days";
  const std::string counted = admin.Exec(kCounted).Text(0, 0);
  EXPECT_EQ(counted.substr(0, counted.find(' ')), std::to_string(ServerCount(admin, "trials")));
  admin.Exec("INSERT INTO trials SELECT * FROM trials ON CONFLICT DO NOTHING");
  EXPECT_EQ(admin.Exec(kCounted).Text(0, 0), counted);
  EXPECT_EQ(Flags(*Row(clinic::LoadDashboard(kim, kToday), "Dan")), Flags(*n));
}

TEST_F(DashboardTest, PhysiotherapistSeesOnlyAssignedPatients_PlanTargetsComeFromTheServer) {
  const int64_t eve = Patient("Eve"), fay = Patient("Fay");
  ScriptDays(*store_, eve, -20, -1);
  ScriptDays(*store_, fay, -30, -10);
  const store::ClinicLink fay_link = [&] {
    Push(eve, "Eve");
    return Push(fay, "Fay");
  }();
  AddPhysio("kim", "Fay");
  AddPhysio("lee", "Eve");

  auto lee = AsPhysio("lee");
  const clinic::ClinicDashboard dl = clinic::LoadDashboard(lee, kToday);
  ASSERT_EQ(dl.rows.size(), 1u);
  EXPECT_EQ(dl.rows[0].activity.name, "Eve");
  EXPECT_TRUE(clinic::PatientSessions(lee, fay_link.patient_uuid).empty())
      << "row-level security hides Fay's sessions from lee";

  auto kim = AsPhysio("kim");
  clinic::ClinicDashboard dk = clinic::LoadDashboard(kim, kToday);
  ASSERT_EQ(dk.rows.size(), 1u);
  EXPECT_EQ(dk.rows[0].activity.name, "Fay");
  ASSERT_EQ(dk.rows[0].flags.size(), 1u) << "10 days without a session, the default allows 7";
  EXPECT_EQ(dk.rows[0].flags[0].kind, FlagKind::kNoSession);
  EXPECT_EQ(clinic::PatientSessions(kim, fay_link.patient_uuid).size(), 21u);

  // A plan saved at the clinic: a new version on the server, assigned in the same transaction;
  // its own targets then apply (14 days allowed, 5 sessions a week).
  core::SessionPlan plan =
      core::LoadSessionPlan(std::string(POISE_ASSET_DIR) + "/plans/defaults/seated_starter.json");
  plan.name = "Fay balance";
  plan.alert_after_days = 14;
  plan.sessions_per_week = 5;
  EXPECT_EQ(clinic::SavePlanForPatient(kim, fay_link.patient_uuid, plan), 1);
  EXPECT_EQ(clinic::SavePlanForPatient(kim, fay_link.patient_uuid, plan), 2);
  dk = clinic::LoadDashboard(kim, kToday);
  EXPECT_TRUE(dk.rows[0].flags.empty()) << Flags(dk.rows[0]);
  EXPECT_EQ(dk.rows[0].activity.sessions_per_week, 5);
  EXPECT_EQ(dk.rows[0].activity.alert_after_days, 14);
  // An invalid plan is refused with one sentence, and nothing is written.
  plan.alert_after_days = 1;
  try {
    clinic::SavePlanForPatient(kim, fay_link.patient_uuid, plan);
    FAIL() << "an invalid plan must be refused";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kBadInput);
    EXPECT_NE(std::string(e.what()).find("alert_after_days"), std::string::npos) << e.what();
  }
  // lee does not follow Fay: the server refuses the assignment, and the plan version with it.
  plan.alert_after_days = 14;
  EXPECT_THROW(clinic::SavePlanForPatient(lee, fay_link.patient_uuid, plan), ClinicError);
  auto admin = Admin();
  EXPECT_EQ(ServerCount(admin, "plan_versions"), 2) << "nothing half-written";

  // The home device pulls the newest version at its next sync.
  EXPECT_TRUE(clinic::SyncProfile(*store_, CurrentLink(fay)).plan_updated);
  store::PlanStore plans(*store_);
  const auto latest = plans.Latest("Fay balance");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->plan.alert_after_days, 14);
  EXPECT_EQ(latest->plan.sessions_per_week, 5);
  EXPECT_EQ(plans.Assigned(fay).value_or(""), "Fay balance");
}

TEST_F(DashboardTest, ReadOnlyPhysiotherapist_ReadsButCannotWritePlansOrNotes) {
  ScriptDays(*store_, anna_, -3, -1);
  const store::ClinicLink l = Push(anna_, "Anna");
  AddPhysio("ro", "Anna", /*read_only=*/true);
  auto ro = AsPhysio("ro");
  const clinic::ClinicDashboard d = clinic::LoadDashboard(ro, kToday);
  ASSERT_EQ(d.rows.size(), 1u);
  EXPECT_FALSE(d.may_write);
  core::SessionPlan plan =
      core::LoadSessionPlan(std::string(POISE_ASSET_DIR) + "/plans/defaults/seated_starter.json");
  try {
    clinic::SavePlanForPatient(ro, l.patient_uuid, plan);
    FAIL() << "a read-only role must not save plans";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kRefused) << e.what();
  }
  EXPECT_THROW(ro.Exec("INSERT INTO notes(patient_uuid, note) VALUES($1, 'x')", {{l.patient_uuid}}),
               ClinicError);
  auto admin = Admin();
  EXPECT_EQ(ServerCount(admin, "plan_versions"), 0);
  // Given write rights back, the same role may save.
  AddPhysio("ro", "Anna", /*read_only=*/false);
  auto rw = AsPhysio("ro");
  EXPECT_TRUE(clinic::LoadDashboard(rw, kToday).may_write);
  EXPECT_EQ(clinic::SavePlanForPatient(rw, l.patient_uuid, plan), 1);
}

TEST_F(DashboardTest, WrongPasswordOrNotAPhysiotherapist_OneSentenceNoConnection) {
  NewDevice("Anna");  // the patient, at the clinic
  AddPhysio("kim", "Anna");
  clinic::PhysioLogin l = clinic::ParsePhysioUrl("kim@" + cluster_.Address("clinic"));
  l.password = "not kim's";
  l.ca_path = cluster_.ca_pem();
  try {
    clinic::ConnectAsPhysio(l);
    FAIL() << "a wrong password must be refused";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kAuth) << e.what();
  }
  // A device's login is not a physiotherapist's.
  auto admin = Admin();
  admin.Exec("CREATE ROLE not_physio LOGIN PASSWORD 'pw-not_physio'");
  l = clinic::ParsePhysioUrl("not_physio@" + cluster_.Address("clinic"));
  l.password = "pw-not_physio";
  l.ca_path = cluster_.ca_pem();
  try {
    clinic::ConnectAsPhysio(l);
    FAIL() << "only physiotherapists open the dashboard";
  } catch (const ClinicError& e) {
    EXPECT_EQ(std::string(e.what()),
              "The login not_physio is not a physiotherapist's at this clinic.");
  }
}

TEST_F(DashboardTest, PasswordFileReadableByOthers_RefusedWithOneSentence) {
  const std::string path = home_ + "/pw.txt";
  std::ofstream(path) << "secret\n";
  ::chmod(path.c_str(), 0644);
  try {
    clinic::ReadPasswordFile(path);
    FAIL();
  } catch (const ClinicError& e) {
    EXPECT_EQ(std::string(e.what()),
              "The password file " + path +
                  " may be read by other users; make it private (chmod 600) and try again.");
  }
  ::chmod(path.c_str(), 0600);
  EXPECT_EQ(clinic::ReadPasswordFile(path), "secret");
  EXPECT_THROW(clinic::ParsePhysioUrl("postgresql://kim:pw@localhost/clinic"), ClinicError);
  const clinic::PhysioLogin l = clinic::ParsePhysioUrl("postgresql://kim@db.example:6432/clinic");
  EXPECT_EQ(l.role, "kim");
  EXPECT_EQ(l.server.Display(), "db.example:6432/clinic");
}

}  // namespace
}  // namespace poise::testing
