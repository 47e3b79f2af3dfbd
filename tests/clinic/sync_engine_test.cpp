// The clinic link's push and pull against a real PostgreSQL 15 (tests/clinic/pg_cluster.h):
// exactly the same rows at the clinic, a server killed mid-batch, duplicate pushes, a plan
// edited at the clinic, a server of a newer schema.
#include "game/clinic/sync_engine.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "game/store/plan_store.h"
#include "tests/clinic/clinic_test_util.h"

namespace poise::testing {
namespace {

namespace fs = std::filesystem;
using clinic::ClinicError;
using clinic::ClinicErrorKind;

class SyncEngineTest : public ClinicFixture {};

TEST_F(SyncEngineTest, LinkedDevicePushesAPlayedSession_ClinicHasExactlyTheSameRows) {
  PlaySession(*store_, anna_);
  const int64_t open = PlaySession(*store_, anna_, 1, 2, 30, /*finish=*/false);
  const store::ClinicLink link = Link(anna_, "Anna");
  EXPECT_EQ(store::ClinicOutbox(*store_).SessionsWaiting(anna_), 1) << "the unfinished one waits";

  const clinic::SyncReport r = clinic::SyncProfile(*store_, link);
  EXPECT_GT(r.rows_sent, 60u);
  EXPECT_EQ(r.sessions_waiting, 0u);
  auto admin = Admin();
  ExpectSameRows(admin);
  // The content too: a trial's metrics, a session's self-report, a landmark stream's bytes.
  EXPECT_EQ(admin
                .Exec("SELECT count(*) FROM trials WHERE metrics @> "
                      "'[{\"name\": \"reaction_time\", \"value\": 0.61, \"unit\": \"s\"}]'")
                .Text(0, 0),
            "60");
  EXPECT_EQ(admin
                .Exec("SELECT fatigue_before, fatigue_after, symptoms::text, stop_reason, "
                      "patient_uuid::text FROM sessions")
                .Text(0, 2),
            "[\"too warm\"]");
  EXPECT_EQ(admin.Exec("SELECT patient_uuid::text FROM sessions").Text(0, 0), link.patient_uuid);
  const auto streams = store::PoseStreams(*store_, store_->Sessions(anna_)[0].id);
  ASSERT_EQ(streams.size(), 6u);
  EXPECT_EQ(admin.Exec("SELECT sum(length(data)) FROM pose_streams").Text(0, 0), [&] {
    sqlite3* db = store_->handle();
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT sum(length(data)) FROM pose_streams WHERE session_id "
                       "IN (SELECT id FROM sessions WHERE ended_utc IS NOT NULL)",
                       -1, &st, nullptr);
    sqlite3_step(st);
    const std::string v = std::to_string(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    return v;
  }());
  // The session that had not ended is sent once it ends, with nothing sent twice.
  store_->EndSession(open, "completed", 2, {});
  EXPECT_EQ(store::ClinicOutbox(*store_).SessionsWaiting(anna_), 1);
  const clinic::SyncReport again = clinic::SyncProfile(*store_, CurrentLink(anna_));
  EXPECT_EQ(again.rows_sent,
            1u + 2 + 1 + 1 + 1 + 1);  // session, trials, level, stream, pause, note
  ExpectSameRows(admin);
  EXPECT_EQ(clinic::SyncProfile(*store_, CurrentLink(anna_)).rows_sent, 0u);
}

TEST_F(SyncEngineTest, ServerKilledMidBatch_NextSyncCompletesWithNoLossAndNoDuplicates) {
  PlaySession(*store_, anna_);
  PlaySession(*store_, anna_);
  const store::ClinicLink link = Link(anna_, "Anna");
  clinic::SyncOptions opt;
  opt.batch_rows = 40;
  size_t committed_rows = 0;
  opt.after_commit = [&](size_t, size_t rows) { committed_rows += rows; };
  opt.before_commit = [&](size_t batch, size_t) {
    if (batch == 2) cluster_.Kill9();  // rows of batch 2 are on the wire, not committed
  };
  try {
    clinic::SyncProfile(*store_, link, opt);
    FAIL() << "the sync cannot finish with the server killed";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kUnreachable) << e.what();
    EXPECT_TRUE(e.Transient());
    EXPECT_NE(std::string(e.what()).find("Not connected"), std::string::npos) << e.what();
  }
  EXPECT_EQ(committed_rows, 80u);
  EXPECT_EQ(store::ClinicOutbox(*store_).SessionsWaiting(anna_), 1)
      << "the first session (75 rows) is in";
  cluster_.Start();  // crash recovery
  {
    auto admin = Admin();
    int64_t on_server = 0;
    for (const std::string& t : store::OutboxTables()) on_server += ServerCount(admin, t);
    EXPECT_EQ(on_server, 80) << "exactly the two committed batches survived";
  }
  // The home process itself killed between the server's COMMIT and its acknowledgement.
  opt.before_commit = nullptr;
  opt.after_commit = [&](size_t batch, size_t) {
    if (batch == 1) throw std::runtime_error("killed before the acknowledgement");
  };
  EXPECT_THROW(clinic::SyncProfile(*store_, link, opt), std::runtime_error);
  opt.after_commit = nullptr;
  const clinic::SyncReport r = clinic::SyncProfile(*store_, link, opt);
  EXPECT_GT(r.rows_sent, 0u);
  auto admin = Admin();
  ExpectSameRows(admin);
  EXPECT_EQ(store::ClinicOutbox(*store_).SessionsWaiting(anna_), 0);
}

TEST_F(SyncEngineTest, DuplicatePushesAndARestoredBackup_ChangeNothingAtTheClinic) {
  PlaySession(*store_, anna_);
  const store::ClinicLink link = Link(anna_, "Anna");
  // A backup of the home database taken before the first push.
  store_.reset();
  fs::copy_file(db_path_, home_ + "/backup.db");
  store_ = std::make_unique<store::SessionStore>(db_path_);
  clinic::SyncProfile(*store_, link);
  auto admin = Admin();
  const std::string before =
      admin
          .Exec(
              "SELECT string_agg(uuid::text || received_utc::text, ',' ORDER BY uuid) FROM "
              "sessions")
          .Text(0, 0);
  std::map<std::string, int64_t> counts;
  for (const std::string& t : store::OutboxTables()) counts[t] = ServerCount(admin, t);
  // The same batch again: acknowledgements forgotten, everything pushed a second time.
  sqlite3_exec(store_->handle(), "DELETE FROM clinic_acks", nullptr, nullptr, nullptr);
  EXPECT_GT(clinic::SyncProfile(*store_, link).rows_sent, 0u);
  // The device restored from the backup (no acknowledgements at all): pushes all again.
  store_.reset();
  fs::remove(db_path_);
  fs::remove(db_path_ + "-wal");
  fs::remove(db_path_ + "-shm");
  fs::copy_file(home_ + "/backup.db", db_path_);
  store_ = std::make_unique<store::SessionStore>(db_path_);
  EXPECT_GT(clinic::SyncProfile(*store_, link).rows_sent, 0u);
  for (const std::string& t : store::OutboxTables())
    EXPECT_EQ(ServerCount(admin, t), counts[t]) << t;
  EXPECT_EQ(admin
                .Exec("SELECT string_agg(uuid::text || received_utc::text, ',' ORDER BY uuid) "
                      "FROM sessions")
                .Text(0, 0),
            before)
      << "rows already there are never rewritten";
  ExpectSameRows(admin);
}

TEST_F(SyncEngineTest, PlanEditedAtTheClinic_ArrivesAsANewLocalVersionOnce) {
  store::PlanStore plans(*store_);
  core::SessionPlan home_plan =
      core::LoadSessionPlan(std::string(POISE_ASSET_DIR) + "/plans/defaults/seated_starter.json");
  home_plan.name = "Anna balance";
  const auto v1 = plans.Save(home_plan);
  plans.Assign(anna_, "Anna balance");
  const store::ClinicLink link = Link(anna_, "Anna");
  EXPECT_FALSE(clinic::SyncProfile(*store_, link).plan_updated) << "no plan assigned yet";

  core::SessionPlan edited = home_plan;
  edited.sessions_per_week = 5;
  edited.notes = "Two more sessions a week, please.";
  auto admin = Admin();
  const std::string plan_uuid =
      admin
          .Exec(
              "INSERT INTO plan_versions(name, version, plan_json) VALUES($1, 7, $2) RETURNING "
              "uuid",
              {{edited.name}, {core::PlanToJson(edited)}})
          .Text(0, 0);
  admin.Exec("INSERT INTO assignments(patient_uuid, plan_uuid) VALUES($1, $2)",
             {{link.patient_uuid}, {plan_uuid}});

  EXPECT_TRUE(clinic::SyncProfile(*store_, CurrentLink(anna_)).plan_updated);
  const auto latest = plans.Latest("Anna balance");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->plan.uuid, plan_uuid);
  EXPECT_EQ(latest->plan.version, v1.plan.version + 1) << "a new local version, never an edit";
  EXPECT_EQ(latest->plan.sessions_per_week, 5);
  EXPECT_EQ(plans.Versions("Anna balance").size(), 2u);
  EXPECT_EQ(plans.ByUuid(v1.plan.uuid)->plan.sessions_per_week, home_plan.sessions_per_week);
  EXPECT_EQ(plans.Assigned(anna_).value_or(""), "Anna balance");
  store::ClinicOutbox outbox(*store_);
  EXPECT_TRUE(outbox.TakePlanNotice(anna_));
  EXPECT_FALSE(outbox.TakePlanNotice(anna_)) << "the patient is told once";
  // The next session follows it and says so; a second sync does not import it again.
  const int64_t sid =
      store_->BeginSession(anna_, latest->plan.name, latest->plan.version, 2, latest->plan.uuid);
  store_->EndSession(sid, "completed", 3, {});
  EXPECT_FALSE(clinic::SyncProfile(*store_, CurrentLink(anna_)).plan_updated);
  EXPECT_EQ(plans.Versions("Anna balance").size(), 2u);
  EXPECT_EQ(admin.Exec("SELECT plan_uuid::text FROM sessions").Text(0, 0), plan_uuid);
}

TEST_F(SyncEngineTest, ServerOfANewerSchema_OneSentenceHomeDataUntouchedRetriedLater) {
  PlaySession(*store_, anna_);
  const store::ClinicLink link = Link(anna_, "Anna");
  auto admin = Admin();
  admin.Exec("UPDATE poise_meta SET value = '99' WHERE key = 'schema_version'");
  try {
    clinic::SyncProfile(*store_, link);
    FAIL() << "a newer clinic schema must be refused";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kNewerSchema);
    EXPECT_NE(std::string(e.what()).find("update Poise"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ServerCount(admin, "sessions"), 0);
  EXPECT_EQ(store::ClinicOutbox(*store_).SessionsWaiting(anna_), 1);
  admin.Exec("UPDATE poise_meta SET value = $1 WHERE key = 'schema_version'",
             {{std::to_string(clinic::kClinicSchemaVersion)}});
  clinic::SyncProfile(*store_, link);
  ExpectSameRows(admin);
}

TEST_F(SyncEngineTest, ClinicDiskFull_OneSentenceNothingAcknowledgedSentLater) {
  PlaySession(*store_, anna_);
  const store::ClinicLink link = Link(anna_, "Anna");
  auto admin = Admin();
  // The server reports a full disk (SQLSTATE 53100) on the landmark streams, mid-batch.
  admin.Exec(R"sql(
    CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100';
    END $$;
    CREATE TRIGGER full_disk BEFORE INSERT ON pose_streams FOR EACH ROW EXECUTE FUNCTION full_disk();
  )sql");
  try {
    clinic::SyncProfile(*store_, link);
    FAIL() << "a full clinic disk must stop the push";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kServerFull) << e.what();
    EXPECT_TRUE(e.Transient());
    EXPECT_NE(std::string(e.what()).find("out of space"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ServerCount(admin, "sessions"), 0) << "the batch was rolled back";
  EXPECT_EQ(store::ClinicOutbox(*store_).SessionsWaiting(anna_), 1);
  EXPECT_EQ(store_->Trials(store_->Sessions(anna_)[0].id).size(), 60u) << "home data untouched";
  admin.Exec("DROP TRIGGER full_disk ON pose_streams");
  clinic::SyncProfile(*store_, link);
  ExpectSameRows(admin);
}

TEST(SyncStatusLineTest, SaysQuietlyWhereItStands) {
  store::ClinicLink l;
  l.last_sent_utc = "2026-11-30T13:02:10.000Z";
  const int64_t now = 1796056800;  // 2026-11-30T16:40:00Z
  EXPECT_EQ(clinic::SyncStatusLine(l, 0, now, 60), "Sent to your clinic today 14:02");
  EXPECT_EQ(clinic::SyncStatusLine(l, 0, now + 86400, 60), "Sent to your clinic on 30 Nov 14:02");
  l.last_status = "Not connected: the clinic server did not answer; trying again later.";
  EXPECT_EQ(clinic::SyncStatusLine(l, 3, now, 60), "Not connected: 3 sessions waiting");
  EXPECT_EQ(clinic::SyncStatusLine(l, 1, now, 60), "Not connected: 1 session waiting");
  l.last_status = "The clinic has revoked this computer's link.";
  EXPECT_EQ(clinic::SyncStatusLine(l, 2, now, 60), l.last_status);
}

TEST(BackoffTest, DoublesWithJitterUpToTheCap) {
  EXPECT_DOUBLE_EQ(clinic::BackoffSeconds(1, 0.999999, 5, 900), 5 * (0.5 + 0.5 * 0.999999));
  EXPECT_DOUBLE_EQ(clinic::BackoffSeconds(1, 0, 5, 900), 2.5);
  EXPECT_DOUBLE_EQ(clinic::BackoffSeconds(3, 0, 5, 900), 10);
  EXPECT_DOUBLE_EQ(clinic::BackoffSeconds(40, 1, 5, 900), 900);
  EXPECT_LT(clinic::BackoffSeconds(4, 0.2), clinic::BackoffSeconds(4, 0.8));
}

}  // namespace
}  // namespace poise::testing
