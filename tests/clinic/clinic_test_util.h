// Shared by the clinic tests: a home database with a played session, a clinic server with its
// schema, and row sets by UUID on both sides.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "game/clinic/device_link.h"
#include "game/clinic/server_schema.h"
#include "game/clinic/sync_engine.h"
#include "game/store/clinic_outbox.h"
#include "game/store/pose_stream.h"
#include "game/store/review_queries.h"
#include "game/store/session_store.h"
#include "tests/clinic/pg_cluster.h"

namespace poise::testing {

using UuidSet = std::set<std::string>;

/// A typical session as the game records it: `blocks` exercise blocks of `trials` trials with
/// parameters and metrics, a difficulty change per block, a pause, a landmark stream per block
/// (`frames` frames at 30 fps), a physiotherapist's note; ended with a self-report unless
/// `finish` is false.
inline int64_t PlaySession(store::SessionStore& s, int64_t profile, int blocks = 6, int trials = 10,
                           int frames = 1800, bool finish = true) {
  const int64_t id = s.BeginSession(profile, "Balance", 1, 3);
  double level = 0.3;
  for (int b = 0; b < blocks; ++b) {
    const std::string ex = b % 2 ? "bubble_reach" : "steady_stance";
    for (int t = 0; t < trials; ++t) {
      core::TrialResult r;
      r.exercise_id = ex;
      r.variant = "standing";
      r.trial_index = t;
      r.level = level;
      r.outcome = t % 4 ? core::TrialOutcome::kSuccess : core::TrialOutcome::kFailure;
      r.note = t % 4 ? "" : "stepped";
      r.parameters = {{"target_cm", double(10 + t), "cm"}, {"hold_s", 5, "s"}};
      r.metrics = {{"sway_path", 12.5 + t * 0.1, "cm"}, {"reaction_time", 0.61, "s"}};
      r.start_ms = b * 60000 + t * 5000;
      r.end_ms = r.start_ms + 4000;
      s.RecordTrial(id, b, r);
    }
    s.RecordLevelChange(id, ex, trials - 1, level, level + 0.05, "success rate above target");
    level += 0.05;
    std::vector<store::ReplayFrame> stream(size_t(std::max(frames, 1)));
    for (size_t f = 0; f < stream.size(); ++f) {
      stream[f].t_ms = f * 1000.0 / 30;
      for (int k = 0; k < kNumLandmarks; ++k)
        stream[f].landmarks[size_t(k)] = {float(0.4 + 0.01 * k + 0.02 * std::sin(f * 0.1 + k)),
                                          float(0.2 + 0.02 * k + 0.01 * std::cos(f * 0.13)), 0.9f};
    }
    if (frames > 0) store::SavePoseStream(s, id, b, ex, stream);
  }
  s.RecordEvent(id, "pause", "tired");
  store::AddSessionNote(s, id, "Good balance today.");
  if (finish) s.EndSession(id, "completed", 4, {"too warm"});
  return id;
}

/// UUIDs of a home table's rows (events and level changes by their derived UUID).
inline UuidSet HomeUuids(const std::string& db_path, const std::string& table) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  const std::string home = table == "notes" ? "session_notes" : table;
  const bool derived = table == "events" || table == "level_changes";
  const std::string sql =
      derived ? "SELECT x.id, s.uuid FROM " + home +
                    " x JOIN sessions s ON s.id = x.session_id WHERE s.ended_utc IS NOT NULL"
      : table == "sessions"
          ? std::string("SELECT 0, uuid FROM sessions WHERE ended_utc IS NOT NULL")
          : "SELECT 0, x.uuid FROM " + home +
                " x JOIN sessions s ON s.id = x.session_id WHERE s.ended_utc IS NOT NULL";
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  UuidSet out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const std::string u = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    out.insert(derived ? store::DerivedUuid(u, table, sqlite3_column_int64(st, 0)) : u);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

inline UuidSet ServerUuids(clinic::PgConnection& admin, const std::string& table) {
  clinic::PgResult r = admin.Exec("SELECT uuid::text FROM " + table);
  UuidSet out;
  for (int i = 0; i < r.Rows(); ++i) out.insert(r.Text(i, 0));
  return out;
}

inline int64_t ServerCount(clinic::PgConnection& admin, const std::string& table) {
  return std::stoll(admin.Exec("SELECT count(*) FROM " + table).Text(0, 0));
}

/// A login role that may read the records of `patient` (by name) as a physiotherapist does, but
/// write nothing: SELECT rights and read policies of its own, no INSERT anywhere.
inline void AddReadOnlyPhysio(clinic::PgConnection& admin, const std::string& role,
                              const std::string& password, const std::string& patient) {
  admin.Exec("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = " +
             admin.QuoteLiteral(role) + ") THEN CREATE ROLE " + admin.QuoteIdent(role) +
             " LOGIN PASSWORD " + admin.QuoteLiteral(password) + "; END IF; END $$");
  const std::string r = admin.QuoteIdent(role);
  admin.Exec("GRANT EXECUTE ON FUNCTION poise_physio_patients() TO " + r);
  admin.Exec(
      "INSERT INTO physio_patients(physio_role, patient_uuid) SELECT $1, uuid FROM patients WHERE "
      "name = $2",
      {{role}, {patient}});
  admin.Exec("GRANT SELECT ON poise_meta, plan_versions TO " + r);
  for (const char* t : {"patients", "sessions", "trials", "events", "level_changes", "pose_streams",
                        "notes", "metric_days", "reports"}) {
    const std::string key = std::string(t) == "patients" ? "uuid" : "patient_uuid";
    admin.Exec(std::string("GRANT SELECT ON ") + t + " TO " + r);
    admin.Exec("CREATE POLICY " + admin.QuoteIdent("read_only_" + role) + " ON " + t +
               " FOR SELECT TO " + r + " USING (" + key + " IN (SELECT poise_physio_patients()))");
  }
}

/// A clinic server (schema initialised) and a home database with one profile, Anna.
class ClinicFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.CreateDatabase("clinic");
    {
      auto admin = cluster_.Admin("clinic");
      clinic::InitClinicServer(admin);
    }
    char tmpl[] = "/tmp/poise-home-XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    home_ = tmpl;
    db_path_ = home_ + "/poise.db";
    store_ = std::make_unique<store::SessionStore>(db_path_);
    anna_ = store_->AddProfile({0, "", "Anna", 168, "right", "standing", false, ""});
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(home_, ec);
  }
  clinic::PgConnection Admin() { return cluster_.Admin("clinic"); }
  clinic::NewDevice NewDevice(const std::string& patient) {
    auto admin = Admin();
    return clinic::AddDevice(admin, patient);
  }
  store::ClinicLink Link(int64_t profile, const std::string& patient) {
    const clinic::NewDevice d = NewDevice(patient);
    return clinic::LinkProfile(*store_, profile,
                               {cluster_.Address("clinic"), d.link_code, cluster_.ca_pem()});
  }
  store::ClinicLink CurrentLink(int64_t profile) {
    return *store::ClinicOutbox(*store_).Link(profile);
  }
  /// Every patient-data table: the home rows of finished sessions equal the server's, by UUID.
  void ExpectSameRows(clinic::PgConnection& admin) {
    for (const std::string& t : store::OutboxTables()) {
      const UuidSet home = HomeUuids(db_path_, t), server = ServerUuids(admin, t);
      EXPECT_FALSE(home.empty()) << t;
      EXPECT_EQ(home, server) << "table " << t;
      EXPECT_EQ(ServerCount(admin, t), int64_t(server.size())) << t;
    }
  }

  PgCluster cluster_;
  std::string home_, db_path_;
  std::unique_ptr<store::SessionStore> store_;
  int64_t anna_ = 0;
};

}  // namespace poise::testing
