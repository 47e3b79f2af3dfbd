#include "game/clinic/sync_engine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include "game/clinic/device_link.h"
#include "game/clinic/server_schema.h"
#include "game/core/session/session_plan.h"

namespace poise::clinic {
namespace {

/// The columns a server of schema `version` has: trials.quality came with clinic schema 2 (it is
/// the last column, so an older server gets the others).
size_t ColumnsFor(const std::string& table, int version) {
  const size_t n = store::OutboxColumns(table).size();
  return table == "trials" && version < 2 ? n - 1 : n;
}

std::string InsertSql(const std::string& table, int version) {
  const auto& cols = store::OutboxColumns(table);
  std::string names, values;
  for (size_t i = 0; i < ColumnsFor(table, version); ++i) {
    names += (i ? ", " : "") + cols[i];
    values += (i ? ", $" : "$") + std::to_string(i + 1);
  }
  // The uuid is each table's only unique key, so ON CONFLICT DO NOTHING is ON CONFLICT (uuid) DO
  // NOTHING; naming the column would need a SELECT right (and a SELECT policy) for devices, which
  // may only insert.
  return "INSERT INTO " + table + "(" + names + ") VALUES(" + values + ") ON CONFLICT DO NOTHING";
}

void Pull(store::SessionStore& store, const store::ClinicLink& link, PgConnection& conn,
          SyncReport& report) {
  PgResult r = conn.Exec(
      "SELECT p.uuid, p.plan_json::text FROM assignments a JOIN plan_versions p ON p.uuid = "
      "a.plan_uuid WHERE a.patient_uuid = poise_device_patient() ORDER BY a.assigned_utc DESC, "
      "a.uuid DESC LIMIT 1");
  if (r.Rows() == 0) return;
  core::SessionPlan plan;
  try {
    plan = core::ParseSessionPlan(r.Text(0, 1));
  } catch (const std::exception& e) {
    throw ClinicError(ClinicErrorKind::kServer,
                      std::string("The plan from the clinic cannot be used here: ") + e.what());
  }
  plan.uuid = r.Text(0, 0);
  report.plan_updated = store::ClinicOutbox(store).ImportClinicPlan(link.profile_id, plan);
}

}  // namespace

SyncReport SyncProfile(store::SessionStore& store, const store::ClinicLink& link,
                       const SyncOptions& opt, const std::atomic<bool>* stop) {
  SyncReport report;
  store::ClinicOutbox outbox(store);
  const DeviceCredential cred = LoadCredential(link.credential_dir);
  PgConnection conn(DeviceConnectionParams(cred), "the clinic server " + cred.server.Display(),
                    opt.connect_timeout_s, stop);
  const int version = ClinicSchemaVersion(conn);
  if (version > kClinicSchemaVersion)
    throw ClinicError(ClinicErrorKind::kNewerSchema,
                      "The clinic server runs a newer Poise clinic schema (" +
                          std::to_string(version) +
                          "); update Poise on this computer. Your sessions stay here.");
  PgResult me = conn.Exec("SELECT poise_device_patient()");
  if (me.Rows() != 1 || me.Null(0, 0))
    throw ClinicError(ClinicErrorKind::kRevoked,
                      "The clinic has revoked this computer's link; nothing was sent (ask your "
                      "physiotherapist to link the profile again).");
  const int64_t bytes0 = conn.BytesSent();
  const auto t0 = std::chrono::steady_clock::now();
  for (const std::string& t : store::OutboxTables())
    conn.Prepare("ins_" + t, InsertSql(t, version), int(ColumnsFor(t, version)));
  for (;;) {
    if (stop && stop->load()) break;
    const std::vector<store::OutboxRow> rows =
        outbox.Pending(link, opt.batch_rows, opt.batch_bytes);
    if (rows.empty()) break;
    {
      PgTx tx(conn);
      for (const store::OutboxRow& row : rows) {
        std::vector<PgParam> params;
        const auto& cols = store::OutboxColumns(row.table);
        for (size_t i = 0; i < ColumnsFor(row.table, version); ++i)
          params.push_back({row.values[i], cols[i] == "data"});
        conn.ExecPrepared("ins_" + row.table, params);
      }
      if (opt.before_commit) opt.before_commit(report.batches, rows.size());
      tx.Commit();
    }
    if (opt.after_commit) opt.after_commit(report.batches, rows.size());
    outbox.Acknowledge(link.profile_id, rows);
    report.rows_sent += rows.size();
    for (const store::OutboxRow& row : rows) report.payload_bytes += int64_t(row.bytes);
    ++report.batches;
  }
  report.push_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  Pull(store, link, conn, report);
  const int64_t bytes1 = conn.BytesSent();
  if (bytes0 >= 0 && bytes1 >= 0) report.bytes_sent = bytes1 - bytes0;
  report.sessions_waiting = size_t(outbox.SessionsWaiting(link.profile_id));
  outbox.SetStatus(
      link.profile_id, "",
      report.rows_sent > 0 || link.last_sent_utc.empty() ? store::UtcNowIso() : link.last_sent_utc);
  return report;
}

std::string SyncStatusLine(const store::ClinicLink& link, int waiting, int64_t now_utc_s,
                           int utc_offset_min) {
  const std::string sessions =
      std::to_string(waiting) + (waiting == 1 ? " session waiting" : " sessions waiting");
  if (!link.last_status.empty()) {
    if (link.last_status.rfind("Not connected", 0) == 0)
      return waiting > 0 ? "Not connected: " + sessions : "Not connected to your clinic.";
    return link.last_status;
  }
  if (link.last_sent_utc.empty())
    return waiting > 0 ? "Linked to your clinic: " + sessions : "Linked to your clinic.";
  std::tm sent{};
  int ms = 0;
  if (std::sscanf(link.last_sent_utc.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &sent.tm_year, &sent.tm_mon,
                  &sent.tm_mday, &sent.tm_hour, &sent.tm_min, &sent.tm_sec, &ms) < 6)
    return "Linked to your clinic.";
  sent.tm_year -= 1900;
  sent.tm_mon -= 1;
  const int64_t off = int64_t(utc_offset_min) * 60;
  const std::time_t sent_local = timegm(&sent) + off, now_local = std::time_t(now_utc_s + off);
  std::tm a{}, b{};
  gmtime_r(&sent_local, &a);
  gmtime_r(&now_local, &b);
  char when[64];
  if (a.tm_year == b.tm_year && a.tm_yday == b.tm_yday)
    std::snprintf(when, sizeof when, "today %02d:%02d", a.tm_hour, a.tm_min);
  else
    std::strftime(when, sizeof when, "on %d %b %H:%M", &a);
  std::string line = std::string("Sent to your clinic ") + when;
  if (waiting > 0) line += "; " + sessions;
  return line;
}

double BackoffSeconds(int failures, double u01, double min_s, double max_s) {
  const double base = std::min(max_s, min_s * std::pow(2.0, std::clamp(failures - 1, 0, 30)));
  return base * (0.5 + 0.5 * std::clamp(u01, 0.0, 1.0));
}

}  // namespace poise::clinic
