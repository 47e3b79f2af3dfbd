#include "game/store/clinic_outbox.h"

#include <sodium.h>
#include <sqlite3.h>

#include <cstdio>
#include <map>

#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace {

/// BEGIN IMMEDIATE ... COMMIT, rolled back when the scope is left by an exception.
class Tx {
 public:
  explicit Tx(sqlite3* db) : db_(db) { Exec("BEGIN IMMEDIATE"); }
  ~Tx() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void Commit() {
    Exec("COMMIT");
    done_ = true;
  }

 private:
  void Exec(const char* sql) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw StoreError(Stmt::Describe(rc, sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  bool done_ = false;
};

/// Per server table: its columns, and the home query giving (local id, then those columns) for
/// one session (?1 session id, ?2 session uuid, ?3 patient uuid) minus acknowledged rows.
struct TableSpec {
  std::vector<std::string> columns;
  const char* home_sql;
  bool derived_uuid;  ///< the home table has no uuid: column 1 is filled by DerivedUuid
};

const std::map<std::string, TableSpec>& Specs() {
  static const std::map<std::string, TableSpec> specs = {
      {"sessions",
       {{"uuid", "patient_uuid", "plan_name", "plan_version", "plan_uuid", "started_utc",
         "utc_offset_min", "ended_utc", "stop_reason", "fatigue_before", "fatigue_after",
         "symptoms"},
        "SELECT id, uuid, ?3, plan_name, plan_version, plan_uuid, started_utc, utc_offset_min, "
        "ended_utc, stop_reason, fatigue_before, fatigue_after, symptoms FROM sessions x "
        "WHERE id=?1 AND ?2=?2 AND NOT EXISTS(SELECT 1 FROM clinic_acks a WHERE a.tbl='sessions' "
        "AND a.local_id=x.id)",
        false}},
      {"trials",
       {{"uuid", "session_uuid", "patient_uuid", "block", "exercise", "variant", "trial_index",
         "level", "outcome", "note", "parameters", "metrics", "start_ms", "end_ms", "recorded_utc",
         "quality"},
        "SELECT id, uuid, ?2, ?3, block, exercise, variant, trial_index, level, outcome, note, "
        "parameters_json, metrics_json, start_ms, end_ms, recorded_utc, quality_json FROM trials x "
        "WHERE "
        "session_id=?1 AND NOT EXISTS(SELECT 1 FROM clinic_acks a WHERE a.tbl='trials' AND "
        "a.local_id=x.id) ORDER BY id",
        false}},
      {"level_changes",
       {{"uuid", "session_uuid", "patient_uuid", "exercise", "trial_index", "level_from",
         "level_to", "reason", "t_utc"},
        "SELECT id, '', ?2, ?3, exercise, trial_index, level_from, level_to, reason, t_utc FROM "
        "level_changes x WHERE session_id=?1 AND NOT EXISTS(SELECT 1 FROM clinic_acks a WHERE "
        "a.tbl='level_changes' AND a.local_id=x.id) ORDER BY id",
        true}},
      {"events",
       {{"uuid", "session_uuid", "patient_uuid", "t_utc", "kind", "detail"},
        "SELECT id, '', ?2, ?3, t_utc, kind, detail FROM events x WHERE session_id=?1 AND NOT "
        "EXISTS(SELECT 1 FROM clinic_acks a WHERE a.tbl='events' AND a.local_id=x.id) ORDER BY id",
        true}},
      {"pose_streams",
       {{"uuid", "session_uuid", "patient_uuid", "block", "exercise", "frames", "codec", "data",
         "t_utc"},
        "SELECT id, uuid, ?2, ?3, block, exercise, frames, codec, data, t_utc FROM pose_streams x "
        "WHERE session_id=?1 AND NOT EXISTS(SELECT 1 FROM clinic_acks a WHERE "
        "a.tbl='pose_streams' AND a.local_id=x.id) ORDER BY id",
        false}},
      {"notes",
       {{"uuid", "session_uuid", "patient_uuid", "note", "t_utc", "utc_offset_min"},
        "SELECT id, uuid, ?2, ?3, note, t_utc, utc_offset_min FROM session_notes x WHERE "
        "session_id=?1 AND NOT EXISTS(SELECT 1 FROM clinic_acks a WHERE a.tbl='notes' AND "
        "a.local_id=x.id) ORDER BY id",
        false}},
  };
  return specs;
}

// Finished sessions of a profile with a row not acknowledged yet, oldest first.
constexpr const char* kWaitingSessions = R"sql(
SELECT s.id, s.uuid FROM sessions s WHERE s.profile_id=?1 AND s.ended_utc IS NOT NULL AND (
  NOT EXISTS(SELECT 1 FROM clinic_acks a WHERE a.tbl='sessions' AND a.local_id=s.id)
  OR EXISTS(SELECT 1 FROM trials x WHERE x.session_id=s.id AND NOT EXISTS(
       SELECT 1 FROM clinic_acks a WHERE a.tbl='trials' AND a.local_id=x.id))
  OR EXISTS(SELECT 1 FROM level_changes x WHERE x.session_id=s.id AND NOT EXISTS(
       SELECT 1 FROM clinic_acks a WHERE a.tbl='level_changes' AND a.local_id=x.id))
  OR EXISTS(SELECT 1 FROM events x WHERE x.session_id=s.id AND NOT EXISTS(
       SELECT 1 FROM clinic_acks a WHERE a.tbl='events' AND a.local_id=x.id))
  OR EXISTS(SELECT 1 FROM pose_streams x WHERE x.session_id=s.id AND NOT EXISTS(
       SELECT 1 FROM clinic_acks a WHERE a.tbl='pose_streams' AND a.local_id=x.id))
  OR EXISTS(SELECT 1 FROM session_notes x WHERE x.session_id=s.id AND NOT EXISTS(
       SELECT 1 FROM clinic_acks a WHERE a.tbl='notes' AND a.local_id=x.id)))
ORDER BY s.started_utc, s.id
)sql";

ClinicLink ReadLink(Stmt& s) {
  return {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7)};
}

constexpr const char* kLinkColumns =
    "SELECT profile_id, server, role, patient_uuid, credential_dir, linked_utc, "
    "coalesce(last_sent_utc,''), last_status FROM clinic_links";

}  // namespace

const std::vector<std::string>& OutboxColumns(const std::string& table) {
  return Specs().at(table).columns;
}

const std::vector<std::string>& OutboxTables() {
  static const std::vector<std::string> order = {"sessions", "trials",       "level_changes",
                                                 "events",   "pose_streams", "notes"};
  return order;
}

std::string DerivedUuid(const std::string& session_uuid, const std::string& table,
                        int64_t local_id) {
  const std::string name = "poise:" + session_uuid + "/" + table + "/" + std::to_string(local_id);
  unsigned char h[16];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(name.data()), name.size(),
                     nullptr, 0);
  h[6] = (h[6] & 0x0f) | 0x80;  // version 8: a name-based UUID of our own construction
  h[8] = (h[8] & 0x3f) | 0x80;  // variant 1
  char buf[40];
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", h[0], h[1],
                h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14],
                h[15]);
  return buf;
}

std::optional<ClinicLink> ClinicOutbox::Link(int64_t profile_id) {
  Stmt s(store_.handle(), (std::string(kLinkColumns) + " WHERE profile_id=?").c_str());
  s.Bind(1, profile_id);
  if (s.Step()) return ReadLink(s);
  return std::nullopt;
}

std::vector<ClinicLink> ClinicOutbox::Links() {
  std::vector<ClinicLink> out;
  Stmt s(store_.handle(), (std::string(kLinkColumns) + " ORDER BY profile_id").c_str());
  while (s.Step()) out.push_back(ReadLink(s));
  return out;
}

void ClinicOutbox::SaveLink(const ClinicLink& l) {
  {
    Stmt p(store_.handle(), "SELECT 1 FROM profiles WHERE id=?");
    p.Bind(1, l.profile_id);
    if (!p.Step()) throw StoreError("That patient profile does not exist.");
  }
  Stmt s(store_.handle(),
         "INSERT INTO clinic_links(profile_id, server, role, patient_uuid, credential_dir, "
         "linked_utc, last_status) VALUES(?,?,?,?,?,?,'') ON CONFLICT(profile_id) DO UPDATE SET "
         "server=excluded.server, role=excluded.role, patient_uuid=excluded.patient_uuid, "
         "credential_dir=excluded.credential_dir, linked_utc=excluded.linked_utc, "
         "last_sent_utc=NULL, last_status=''");
  s.Bind(1, l.profile_id)
      .Bind(2, l.server)
      .Bind(3, l.role)
      .Bind(4, l.patient_uuid)
      .Bind(5, l.credential_dir)
      .Bind(6, l.linked_utc.empty() ? UtcNowIso() : l.linked_utc);
  s.Step();
}

void ClinicOutbox::RemoveLink(int64_t profile_id) {
  Tx tx(store_.handle());
  for (const char* sql : {"DELETE FROM clinic_acks WHERE profile_id=?",
                          "DELETE FROM clinic_links WHERE profile_id=?"}) {
    Stmt s(store_.handle(), sql);
    s.Bind(1, profile_id);
    s.Step();
  }
  tx.Commit();
}

void ClinicOutbox::SetStatus(int64_t profile_id, const std::string& status,
                             const std::string& sent_utc) {
  Stmt s(store_.handle(),
         "UPDATE clinic_links SET last_status=?, last_sent_utc=CASE WHEN ?='' THEN last_sent_utc "
         "ELSE ? END WHERE profile_id=?");
  s.Bind(1, status).Bind(2, sent_utc).Bind(3, sent_utc).Bind(4, profile_id);
  s.Step();
}

std::vector<OutboxRow> ClinicOutbox::Pending(const ClinicLink& link, size_t max_rows,
                                             size_t max_bytes) {
  std::vector<OutboxRow> out;
  size_t bytes = 0;
  std::vector<std::pair<int64_t, std::string>> sessions;
  {
    Stmt s(store_.handle(), kWaitingSessions);
    s.Bind(1, link.profile_id);
    while (s.Step()) sessions.emplace_back(s.Int(0), s.Text(1));
  }
  for (const auto& [session_id, session_uuid] : sessions) {
    for (const std::string& table : OutboxTables()) {
      const TableSpec& spec = Specs().at(table);
      Stmt s(store_.handle(), spec.home_sql);
      s.Bind(1, session_id).Bind(2, session_uuid).Bind(3, link.patient_uuid);
      while (s.Step()) {
        if (!out.empty() && (out.size() >= max_rows || bytes >= max_bytes)) return out;
        OutboxRow row{table, s.Int(0), {}, 0};
        for (size_t c = 0; c < spec.columns.size(); ++c) {
          const int col = int(c) + 1;
          if (s.Null(col))
            row.values.emplace_back(std::nullopt);
          else
            row.values.emplace_back(spec.columns[c] == "data" ? s.Blob(col) : s.Text(col));
          row.bytes += row.values.back() ? row.values.back()->size() : 0;
        }
        if (spec.derived_uuid) row.values[0] = DerivedUuid(session_uuid, table, row.local_id);
        bytes += row.bytes;
        out.push_back(std::move(row));
      }
    }
  }
  return out;
}

void ClinicOutbox::Acknowledge(int64_t profile_id, const std::vector<OutboxRow>& rows) {
  if (rows.empty()) return;
  Tx tx(store_.handle());
  Stmt s(store_.handle(),
         "INSERT OR IGNORE INTO clinic_acks(tbl, local_id, profile_id, acked_utc) "
         "VALUES(?,?,?,?)");
  const std::string now = UtcNowIso();
  for (const OutboxRow& r : rows) {
    s.Reset();
    s.Bind(1, r.table).Bind(2, r.local_id).Bind(3, profile_id).Bind(4, now);
    s.Step();
  }
  tx.Commit();
}

int ClinicOutbox::SessionsWaiting(int64_t profile_id) {
  Stmt s(store_.handle(), (std::string("SELECT count(*) FROM (") + kWaitingSessions + ")").c_str());
  s.Bind(1, profile_id);
  return s.Step() ? int(s.Int(0)) : 0;
}

bool ClinicOutbox::ImportClinicPlan(int64_t profile_id, const core::SessionPlan& plan) {
  if (std::string e = core::ValidatePlan(plan); !e.empty())
    throw StoreError("The plan from the clinic was not used: " + e);
  sqlite3* db = store_.handle();
  Tx tx(db);
  {
    Stmt s(db, "SELECT 1 FROM plans WHERE uuid=?");
    s.Bind(1, plan.uuid);
    if (s.Step()) return false;
  }
  int version = 1;
  {
    Stmt s(db, "SELECT coalesce(max(version), 0) FROM plans WHERE name=?");
    s.Bind(1, plan.name);
    if (s.Step()) version = int(s.Int(0)) + 1;
  }
  core::SessionPlan stored = plan;
  stored.version = version;
  {
    Stmt s(db,
           "INSERT INTO plans(uuid, name, version, plan_json, created_utc, utc_offset_min) "
           "VALUES(?,?,?,?,?,?)");
    s.Bind(1, stored.uuid)
        .Bind(2, stored.name)
        .Bind(3, int64_t(version))
        .Bind(4, core::PlanToJson(stored))
        .Bind(5, UtcNowIso())
        .Bind(6, int64_t(LocalUtcOffsetMinutes()));
    s.Step();
  }
  {
    Stmt s(db, "UPDATE profiles SET plan_name=? WHERE id=?");
    s.Bind(1, stored.name).Bind(2, profile_id);
    s.Step();
  }
  {
    Stmt s(db, "UPDATE clinic_links SET plan_notice=? WHERE profile_id=?");
    s.Bind(1, stored.uuid).Bind(2, profile_id);
    s.Step();
  }
  tx.Commit();
  return true;
}

bool ClinicOutbox::TakePlanNotice(int64_t profile_id) {
  Stmt s(store_.handle(),
         "UPDATE clinic_links SET plan_notice=NULL WHERE profile_id=? AND plan_notice IS NOT NULL");
  s.Bind(1, profile_id);
  s.Step();
  return sqlite3_changes(store_.handle()) > 0;
}

}  // namespace poise::store
