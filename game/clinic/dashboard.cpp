#include "game/clinic/dashboard.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "game/clinic/server_schema.h"
#include "game/core/metrics/trends.h"

namespace poise::clinic {
namespace {

ClinicError Bad(const std::string& sentence) {
  return ClinicError(ClinicErrorKind::kBadInput, sentence);
}

// A session's local calendar day: its UTC start plus the offset recorded with it.
constexpr const char* kLocalDay =
    "((s.started_utc AT TIME ZONE 'UTC') + s.utc_offset_min * interval '1 minute')::date";

std::string Date(int day) { return core::DateOfDay(day); }

int Day(const std::string& date) { return core::DayNumber(date); }

/// The dashboard's queries see one moment of the server, and write nothing.
constexpr const char* kSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

}  // namespace

PhysioLogin ParsePhysioUrl(const std::string& url) {
  PhysioLogin l;
  std::string rest = url;
  for (const char* scheme : {"postgresql://", "postgres://"})
    if (rest.rfind(scheme, 0) == 0) rest = rest.substr(std::char_traits<char>::length(scheme));
  if (const auto at = rest.find('@'); at != std::string::npos) {
    l.role = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (l.role.find(':') != std::string::npos)
      throw Bad(
          "Put no password in the clinic address; Poise asks for it or reads it from a "
          "file.");
  }
  if (const auto q = rest.find('?'); q != std::string::npos) rest = rest.substr(0, q);
  l.server = ParseServerAddress(rest);
  return l;
}

std::string ReadPasswordFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    throw Bad("The password file " + path + " cannot be read.");
  if (st.st_mode & 077)
    throw Bad("The password file " + path +
              " may be read by other users; make it private (chmod 600) and try again.");
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty())
    throw Bad("The password file " + path + " has no password on its first line.");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

PgParams PhysioConnectionParams(const PhysioLogin& l) {
  return {{"host", l.server.host},
          {"port", std::to_string(l.server.port)},
          {"dbname", l.server.dbname},
          {"user", l.role},
          {"password", l.password},
          {"sslmode", "verify-full"},
          {"sslrootcert", l.ca_path},
          {"sslcrl", ""},
          {"gssencmode", "disable"},
          {"passfile", "/dev/null"},
          {"application_name", "poise-clinic"},
          {"keepalives", "1"},
          {"keepalives_idle", "5"},
          {"keepalives_interval", "2"},
          {"keepalives_count", "3"},
          {"tcp_user_timeout", "10000"}};
}

PgConnection ConnectAsPhysio(const PhysioLogin& l, double timeout_s) {
  if (l.role.empty()) throw Bad("Give your clinic login name.");
  if (l.ca_path.empty()) throw Bad("Give the clinic's CA certificate file.");
  if (::access(l.ca_path.c_str(), R_OK) != 0)
    throw Bad("The CA certificate file " + l.ca_path + " cannot be read.");
  std::optional<PgConnection> connected;
  try {
    connected.emplace(PhysioConnectionParams(l), "the clinic server " + l.server.Display(),
                      timeout_s);
  } catch (const ClinicError& e) {
    if (e.kind() != ClinicErrorKind::kCertificate) throw;
    // The device's sentence speaks of a linked profile; a physiotherapist's login has none.
    throw ClinicError(ClinicErrorKind::kCertificate,
                      "The certificate of the clinic server " + l.server.Display() +
                          " is not signed by the clinic's CA for that address; not connected "
                          "(ask the clinic's IT).");
  }
  PgConnection& conn = *connected;
  // First who is asking (needs no table rights), then the schema (only a clinic's roles may
  // read it); anything else gets one sentence.
  PgResult db = conn.Exec("SELECT to_regrole('poise_physio') IS NOT NULL");
  if (db.Text(0, 0) != "t")
    throw Bad(l.server.Display() + " is not a Poise clinic database; check the address.");
  PgResult r = conn.Exec("SELECT pg_has_role(session_user, 'poise_physio', 'MEMBER')");
  if (r.Text(0, 0) != "t")
    throw ClinicError(ClinicErrorKind::kAuth,
                      "The login " + l.role + " is not a physiotherapist's at this clinic.");
  const int version = ClinicSchemaVersion(conn);
  if (version == 0)
    throw Bad(l.server.Display() + " is not a Poise clinic database; check the address.");
  if (version > kClinicSchemaVersion)
    throw ClinicError(ClinicErrorKind::kNewerSchema,
                      "The clinic server runs a newer Poise clinic schema (" +
                          std::to_string(version) + "); update Poise on this computer.");
  return std::move(conn);
}

std::vector<DashboardQuery> DashboardQueries(int today) {
  const std::string week = Date(core::WeekStart(today)), since = Date(today - core::kEventDays + 1),
                    recent = Date(today - core::kRecentDays + 1),
                    first = Date(today - core::kRecentDays - core::kBaselineDays + 1),
                    last = Date(today);
  std::vector<DashboardQuery> q;
  // The bound on started_utc (a day before, for any UTC offset) lets the index find the rows; the
  // local day then decides.
  q.push_back(
      {"patients",
       std::string("SELECT p.uuid::text, p.name, ls.day::text, wk.n, "
                   "pl.plan_json->>'sessions_per_week', pl.plan_json->>'alert_after_days' "
                   "FROM patients p "
                   "LEFT JOIN LATERAL (SELECT ") +
           kLocalDay +
           " AS day FROM sessions s WHERE s.patient_uuid = p.uuid "
           "ORDER BY s.started_utc DESC LIMIT 1) ls ON true "
           "LEFT JOIN LATERAL (SELECT count(*) AS n FROM sessions s WHERE s.patient_uuid "
           "= p.uuid AND s.started_utc >= (($1::date - 1)::timestamp AT TIME ZONE 'UTC') AND " +
           kLocalDay +
           " BETWEEN $1::date AND $2::date) wk ON true "
           "LEFT JOIN LATERAL (SELECT v.plan_json FROM assignments a JOIN plan_versions v "
           "ON v.uuid = a.plan_uuid WHERE a.patient_uuid = p.uuid "
           "ORDER BY a.assigned_utc DESC, a.uuid DESC LIMIT 1) pl ON true "
           "ORDER BY p.name, p.uuid",
       {{week}, {last}}});
  q.push_back({"stops",
               std::string("SELECT s.patient_uuid::text, ") + kLocalDay +
                   "::text, s.stop_reason FROM sessions s WHERE s.started_utc >= "
                   "(($1::date - 1)::timestamp AT TIME ZONE 'UTC') "
                   "AND s.stop_reason IN ('dizzy', 'pain', 'warm', 'too warm', "
                   "'too warm / vision blurred', 'blurred vision', 'tired', 'fall alarm') AND " +
                   kLocalDay + " BETWEEN $1::date AND $2::date",
               {{since}, {last}}});
  q.push_back({"falls",
               std::string("SELECT e.patient_uuid::text, ((e.t_utc AT TIME ZONE 'UTC') + "
                           "s.utc_offset_min * interval '1 minute')::date::text, e.detail "
                           "FROM events e JOIN sessions s ON s.uuid = e.session_uuid "
                           "WHERE e.kind = 'fall_alarm' AND "
                           "e.t_utc >= (($1::date - 1)::timestamp AT TIME ZONE 'UTC') "
                           "AND ((e.t_utc AT TIME ZONE 'UTC') + s.utc_offset_min * "
                           "interval '1 minute')::date BETWEEN $1::date AND $2::date"),
               {{since}, {last}}});
  // Per measure i (m1..m5): recent n and sum, earlier n and sum, within-day squares and df.
  std::string metrics = "SELECT patient_uuid::text";
  for (int i = 1; i <= int(core::DashboardMetrics().size()); ++i) {
    const std::string m = "m" + std::to_string(i);
    metrics += ", coalesce(sum(" + m + "_n) FILTER (WHERE day >= $2::date), 0), coalesce(sum(" + m +
               "_sum) FILTER (WHERE day >= $2::date), 0), coalesce(sum(" + m +
               "_n) FILTER (WHERE day < $2::date), 0), coalesce(sum(" + m +
               "_sum) FILTER (WHERE day < $2::date), 0), sum(CASE WHEN " + m + "_n > 0 THEN " +
               "greatest(" + m + "_ss - " + m + "_sum * " + m + "_sum / " + m +
               "_n, 0) ELSE 0 END), sum(greatest(" + m + "_n - 1, 0))";
  }
  metrics += " FROM dashboard_days WHERE day BETWEEN $1::date AND $3::date GROUP BY patient_uuid";
  q.push_back({"metrics", metrics, {{first}, {recent}, {last}}});
  return q;
}

ClinicDashboard LoadDashboard(PgConnection& conn, int today) {
  ClinicDashboard d;
  d.today = today;
  const std::vector<DashboardQuery> q = DashboardQueries(today);
  PgTx snapshot(conn, kSnapshot);
  PgResult who = conn.Exec(
      "SELECT session_user, CASE WHEN pg_has_role(session_user, 'poise_physio_readonly', "
      "'MEMBER') THEN 'f' ELSE 't' END");
  d.role = who.Text(0, 0);
  d.may_write = who.Text(0, 1) == "t";
  std::vector<core::PatientActivity> patients;
  std::map<std::string, size_t> index;
  {
    PgResult r = conn.Exec(q[0].sql, q[0].params);
    for (int i = 0; i < r.Rows(); ++i) {
      core::PatientActivity a;
      a.uuid = r.Text(i, 0);
      a.name = r.Text(i, 1);
      if (!r.Null(i, 2)) a.last_session_day = Day(r.Text(i, 2));
      a.sessions_this_week = std::stoi(r.Text(i, 3));
      // A plan's targets were validated when saved; a bad value on the server falls back.
      auto number = [&](int col, int fallback, int lo, int hi) {
        if (r.Null(i, col)) return fallback;
        try {
          const int v = std::stoi(r.Text(i, col));
          return v >= lo && v <= hi ? v : fallback;
        } catch (const std::exception&) {
          return fallback;
        }
      };
      a.sessions_per_week = number(4, core::SessionPlan{}.sessions_per_week, 1, 14);
      a.alert_after_days = number(5, core::SessionPlan{}.alert_after_days, 2, 60);
      index[a.uuid] = patients.size();
      patients.push_back(std::move(a));
    }
  }
  {
    PgResult r = conn.Exec(q[1].sql, q[1].params);
    for (int i = 0; i < r.Rows(); ++i)
      if (auto it = index.find(r.Text(i, 0)); it != index.end())
        patients[it->second].stops.push_back({Day(r.Text(i, 1)), r.Text(i, 2)});
  }
  {
    PgResult r = conn.Exec(q[2].sql, q[2].params);
    for (int i = 0; i < r.Rows(); ++i)
      if (auto it = index.find(r.Text(i, 0)); it != index.end())
        patients[it->second].falls.push_back({Day(r.Text(i, 1)), r.Text(i, 2)});
  }
  {
    PgResult r = conn.Exec(q[3].sql, q[3].params);
    const auto& measures = core::DashboardMetrics();
    for (int i = 0; i < r.Rows(); ++i) {
      auto it = index.find(r.Text(i, 0));
      if (it == index.end()) continue;
      for (size_t k = 0; k < measures.size(); ++k) {
        const int c = 1 + int(k) * 6;
        core::MetricWindows w;
        w.exercise = measures[k].exercise;
        w.metric = measures[k].metric;
        w.unit = measures[k].unit;
        w.n_recent = std::stoi(r.Text(i, c));
        w.sum_recent = std::stod(r.Text(i, c + 1));
        w.n_before = std::stoi(r.Text(i, c + 2));
        w.sum_before = std::stod(r.Text(i, c + 3));
        w.within_ss = std::stod(r.Text(i, c + 4));
        w.within_df = std::stoi(r.Text(i, c + 5));
        if (w.n_recent + w.n_before > 0) patients[it->second].metrics.push_back(std::move(w));
      }
    }
  }
  for (core::PatientActivity& a : patients) d.rows.push_back(core::EvaluatePatient(a, today));
  return d;
}

std::vector<ClinicSessionRow> PatientSessions(PgConnection& conn, const std::string& patient_uuid,
                                              int limit) {
  PgResult r = conn.Exec(
      std::string("SELECT s.uuid::text, to_char((s.started_utc AT TIME ZONE 'UTC') + "
                  "s.utc_offset_min * interval '1 minute', 'YYYY-MM-DD HH24:MI'), "
                  "s.plan_name || ' v' || s.plan_version, coalesce(s.stop_reason, ''), "
                  "s.symptoms::text, (SELECT count(*) FROM trials t WHERE t.session_uuid = "
                  "s.uuid) FROM sessions s WHERE s.patient_uuid = $1 "
                  "ORDER BY s.started_utc DESC LIMIT $2"),
      {{patient_uuid}, {std::to_string(limit)}});
  std::vector<ClinicSessionRow> out;
  for (int i = 0; i < r.Rows(); ++i)
    out.push_back({r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4),
                   std::stoi(r.Text(i, 5))});
  return out;
}

std::optional<core::SessionPlan> AssignedPlan(PgConnection& conn, const std::string& patient_uuid) {
  // The same order as the device's pull (sync_engine.cpp): the newest assignment wins.
  PgResult r = conn.Exec(
      "SELECT p.uuid::text, p.version, p.plan_json::text FROM assignments a JOIN plan_versions p "
      "ON p.uuid = a.plan_uuid WHERE a.patient_uuid = $1 ORDER BY a.assigned_utc DESC, a.uuid "
      "DESC LIMIT 1",
      {{patient_uuid}});
  if (r.Rows() == 0) return std::nullopt;
  core::SessionPlan plan;
  try {
    plan = core::ParseSessionPlan(r.Text(0, 2));
  } catch (const std::exception& e) {
    throw ClinicError(ClinicErrorKind::kServer,
                      std::string("The plan at the clinic cannot be used here: ") + e.what());
  }
  plan.uuid = r.Text(0, 0);
  plan.version = std::stoi(r.Text(0, 1));
  return plan;
}

int SavePlanForPatient(PgConnection& conn, const std::string& patient_uuid,
                       core::SessionPlan plan) {
  if (const std::string e = core::ValidatePlan(plan); !e.empty()) throw Bad(e);
  PgTx tx(conn);
  // Versions of one name are numbered in order; the lock makes two saves at once take turns.
  conn.Exec("SELECT pg_advisory_xact_lock(hashtext('poise plan ' || $1))", {{plan.name}});
  PgResult v = conn.Exec("SELECT coalesce(max(version), 0) + 1 FROM plan_versions WHERE name = $1",
                         {{plan.name}});
  plan.version = std::stoi(v.Text(0, 0));
  PgResult p = conn.Exec(
      "INSERT INTO plan_versions(name, version, plan_json) VALUES($1, $2, $3::jsonb) "
      "RETURNING uuid::text",
      {{plan.name}, {std::to_string(plan.version)}, {core::PlanToJson(plan)}});
  conn.Exec("INSERT INTO assignments(patient_uuid, plan_uuid) VALUES($1, $2)",
            {{patient_uuid}, {p.Text(0, 0)}});
  tx.Commit();
  return plan.version;
}

}  // namespace poise::clinic
