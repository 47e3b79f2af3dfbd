// Plans in the session database: every save a new version, the version a session used, the
// plan a patient follows, and files in and out (round trip; bad files change nothing).
#include "game/store/plan_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class PlanStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_plans_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string P(const std::string& name) const { return (dir_ / name).string(); }
  static core::SessionPlan Plan(const std::string& name, int sets) {
    core::SessionPlan p;
    p.name = name;
    p.notes = "Hold on to the chair.";
    core::PlanBlock b;
    b.sets = sets;
    b.trials = 5;
    b.rest_between_sets_s = 15;
    p.blocks = {b};
    return p;
  }
  static int64_t Count(SessionStore& s, const char* sql) {
    Stmt q(s.handle(), sql);
    return q.Step() ? q.Int(0) : -1;
  }
  fs::path dir_;
};

TEST_F(PlanStoreTest, EverySave_IsANewVersionWithItsOwnUuid) {
  SessionStore s(P("poise.db"));
  PlanStore plans(s);
  const StoredPlan v1 = plans.Save(Plan("Anna", 2));
  const StoredPlan v2 = plans.Save(Plan("Anna", 3));
  plans.Save(Plan("Bert", 1));
  EXPECT_EQ(v1.plan.version, 1);
  EXPECT_EQ(v2.plan.version, 2);
  EXPECT_NE(v1.plan.uuid, v2.plan.uuid);
  EXPECT_EQ(v1.plan.uuid.size(), 36u);
  EXPECT_EQ(Count(s, "SELECT count(*) FROM plans"), 3);
  EXPECT_EQ(plans.Latest("Anna")->plan.blocks[0].sets, 3);
  EXPECT_EQ(plans.ByUuid(v1.plan.uuid)->plan.blocks[0].sets, 2) << "old versions stay as saved";
  EXPECT_EQ(plans.Versions("Anna").size(), 2u);
  const auto latest = plans.Latest();
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0].plan.name, "Anna");
  EXPECT_EQ(latest[0].plan.version, 2);
  EXPECT_FALSE(plans.Latest("Nobody"));
}

TEST_F(PlanStoreTest, InvalidPlan_IsNeverSaved) {
  SessionStore s(P("poise.db"));
  PlanStore plans(s);
  core::SessionPlan bad = Plan("Anna", 11);
  try {
    plans.Save(bad);
    ADD_FAILURE() << "saved an invalid plan";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()),
              "The plan was not saved: blocks[0].sets must be between 1 and 10.");
  }
  EXPECT_EQ(Count(s, "SELECT count(*) FROM plans"), 0);
}

TEST_F(PlanStoreTest, EditSaveExportImport_RoundTripsIntoAnotherDatabase) {
  std::string uuid_clinic;
  {
    SessionStore clinic(P("clinic.db"));
    PlanStore plans(clinic);
    plans.Save(Plan("Anna", 2));
    core::SessionPlan edited = plans.Latest("Anna")->plan;  // edit the latest version
    edited.blocks[0].duration_s = 40;
    edited.sessions_per_week = 4;
    uuid_clinic = plans.Save(edited).plan.uuid;
    const StoredPlan out = plans.Export("Anna", P("usb/anna.json"));
    EXPECT_EQ(out.plan.version, 2);
  }
  SessionStore home(P("home.db"));
  PlanStore plans(home);
  plans.Save(Plan("Anna", 1));  // the home machine already had a version 1
  const StoredPlan in = plans.Import(P("usb/anna.json"));
  EXPECT_EQ(in.plan.version, 2);
  EXPECT_NE(in.plan.uuid, uuid_clinic) << "a row of this database";
  EXPECT_EQ(in.plan.blocks[0].sets, 2);
  EXPECT_NEAR(in.plan.blocks[0].duration_s, 40, 1e-12);
  EXPECT_NEAR(in.plan.blocks[0].rest_between_sets_s, 15, 1e-12);
  EXPECT_EQ(in.plan.sessions_per_week, 4);
  EXPECT_EQ(in.plan.notes, "Hold on to the chair.");
  EXPECT_FALSE(fs::exists(P("usb/anna.json.part")));
}

TEST_F(PlanStoreTest, BadOrForeignFile_IsRejectedAndChangesNothing) {
  SessionStore s(P("poise.db"));
  PlanStore plans(s);
  plans.Save(Plan("Anna", 2));
  std::ofstream(P("foreign.json")) << R"({"resourceType": "Bundle"})";
  std::ofstream(P("bad.json")) << core::PlanToJson(Plan("Anna", 0));
  std::ofstream(P("huge.json")) << std::string(2 << 20, ' ');
  for (const char* f : {"foreign.json", "bad.json", "huge.json", "missing.json"}) {
    try {
      plans.Import(P(f));
      ADD_FAILURE() << f << " was imported";
    } catch (const StoreError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(f), std::string::npos) << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
  }
  EXPECT_EQ(Count(s, "SELECT count(*) FROM plans"), 1);
  EXPECT_EQ(plans.Latest("Anna")->plan.version, 1);
}

TEST_F(PlanStoreTest, AssignedPlan_IsFollowedByNameAndSessionsRecordTheVersion) {
  SessionStore s(P("poise.db"));
  PlanStore plans(s);
  core::Profile anna;
  anna.name = "Anna";
  anna.id = s.AddProfile(anna);
  EXPECT_FALSE(plans.Assigned(anna.id));
  EXPECT_THROW(plans.Assign(anna.id, "Missing plan"), StoreError);
  EXPECT_THROW(plans.Assign(999, ""), StoreError);
  const StoredPlan v1 = plans.Save(Plan("Anna's plan", 2));
  plans.Assign(anna.id, "Anna's plan");
  EXPECT_EQ(plans.Assigned(anna.id), "Anna's plan");
  const int64_t session = s.BeginSession(anna.id, v1.plan.name, v1.plan.version, 3, v1.plan.uuid);
  Stmt q(s.handle(), "SELECT plan_uuid, plan_version FROM sessions WHERE id=?");
  q.Bind(1, session);
  ASSERT_TRUE(q.Step());
  EXPECT_EQ(q.Text(0), v1.plan.uuid);
  EXPECT_EQ(q.Int(1), 1);
  plans.Assign(anna.id, "");
  EXPECT_FALSE(plans.Assigned(anna.id));
}

TEST_F(PlanStoreTest, UpdateProfile_ChangesEveryFieldOrNothing) {
  SessionStore s(P("poise.db"));
  core::Profile p;
  p.name = "Anna";
  p.id = s.AddProfile(p);
  p.name = "Anna B.";
  p.height_cm = 158;
  p.dominant_side = "left";
  p.mobility = "both";
  p.chair_support = false;
  p.notes = "Prefers mornings.";
  s.UpdateProfile(p);
  core::Profile bad = p;
  bad.height_cm = 20;
  EXPECT_THROW(s.UpdateProfile(bad), StoreError);
  const core::Profile r = s.Profiles().at(0);
  EXPECT_EQ(r.name, "Anna B.");
  EXPECT_NEAR(r.height_cm, 158, 1e-9);
  EXPECT_EQ(r.dominant_side, "left");
  EXPECT_EQ(r.mobility, "both");
  EXPECT_FALSE(r.chair_support);
  EXPECT_EQ(r.notes, "Prefers mornings.");
}

}  // namespace
}  // namespace poise::store
