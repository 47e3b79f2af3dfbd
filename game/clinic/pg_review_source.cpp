#include "game/clinic/pg_review_source.h"

#include <nlohmann/json.hpp>

#include "game/clinic/server_schema.h"

namespace poise::clinic {
namespace {

// Times as the home store writes them ("2026-11-25T05:30:00.123Z"), so both sources give the
// same text (and the same exports).
std::string Iso(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

// The session's local day as text, and the range filter on it ($2 from, $3 to: NULL for none).
const std::string kLocalDay =
    "to_char(poise_local_day(s.started_utc, s.utc_offset_min), 'YYYY-MM-DD')";
const std::string kInRange =
    " s.patient_uuid = $1 AND ($2::text IS NULL OR poise_local_day(s.started_utc, "
    "s.utc_offset_min) >= $2::date) AND ($3::text IS NULL OR poise_local_day(s.started_utc, "
    "s.utc_offset_min) <= $3::date) ";

std::vector<PgParam> RangeParams(const store::PatientRef& p, const store::ExportRange& r) {
  auto opt = [](const std::string& d) { return d.empty() ? PgParam{} : PgParam{d}; };
  return {{p.uuid}, opt(r.from_date), opt(r.to_date)};
}

/// JSON text re-written as the home store writes it (nlohmann: sorted keys, no spaces), since
/// jsonb keeps its own key order and spacing.
std::string HomeJson(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? text : j.dump();
}

std::string Unhex(const std::string& hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = char(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  return out;
}

}  // namespace

PgReviewSource::PgReviewSource(PgConnection conn, std::string server)
    : conn_(std::move(conn)), server_(std::move(server)) {
  const int v = ClinicSchemaVersion(conn_);
  if (v > kClinicSchemaVersion)
    throw ClinicError(ClinicErrorKind::kNewerSchema,
                      "The clinic server " + server_ + " runs a newer Poise clinic schema (" +
                          std::to_string(v) + "); update Poise on this computer.");
  if (v < 2)
    throw ClinicError(ClinicErrorKind::kServer,
                      "The clinic server " + server_ + " has clinic schema " + std::to_string(v) +
                          "; its administrator must run `poise clinic init` before the review.");
  role_ = conn_.Exec("SELECT session_user").Text(0, 0);
}

bool PgReviewSource::CanWrite() {
  if (!can_write_)
    // The INSERT right, and not a read-only physiotherapist (clinic schema 3: a member of
    // poise_physio_readonly keeps poise_physio's grants but the write policies refuse it).
    can_write_ = conn_
                     .Exec(
                         "SELECT has_table_privilege('notes', 'INSERT') AND NOT EXISTS (SELECT "
                         "FROM pg_roles r WHERE r.rolname = 'poise_physio_readonly' AND "
                         "pg_has_role(session_user, r.oid, 'MEMBER'))")
                     .Text(0, 0) == "t";
  return *can_write_;
}

std::string PgReviewSource::ReadOnlyReason() {
  if (CanWrite()) return "";
  return "The role " + role_ + " may only read on the clinic server " + server_ +
         ": notes cannot be written with it.";
}

std::vector<store::PatientRef> PgReviewSource::Patients() {
  PgResult r = conn_.Exec("SELECT uuid::text, name FROM patients ORDER BY name, uuid");
  std::vector<store::PatientRef> out;
  for (int i = 0; i < r.Rows(); ++i) {
    store::PatientRef p;
    p.uuid = r.Text(i, 0);
    p.name = r.Text(i, 1);
    out.push_back(p);
  }
  return out;
}

std::vector<store::SessionSummary> PgReviewSource::Sessions(const store::PatientRef& patient) {
  PgResult r = conn_.Exec(
      "SELECT s.uuid::text, " + Iso("s.started_utc") + ", coalesce(" + Iso("s.ended_utc") +
          ", ''), coalesce(s.stop_reason, ''), "
          "(SELECT count(*) FROM trials t WHERE t.session_uuid = s.uuid), "
          "(SELECT count(*) FROM trials t WHERE t.session_uuid = s.uuid AND t.outcome = "
          "'success'), coalesce(s.fatigue_before, -1), coalesce(s.fatigue_after, -1), "
          "s.symptoms::text, "
          "(SELECT count(*) FROM events e WHERE e.session_uuid = s.uuid AND e.kind = 'pause'), "
          "(SELECT count(*) FROM events e WHERE e.session_uuid = s.uuid AND e.kind = "
          "'fall_alarm'), s.plan_name, s.plan_version, s.utc_offset_min "
          "FROM sessions s WHERE s.patient_uuid = $1 ORDER BY s.started_utc, s.uuid",
      {{patient.uuid}});
  std::vector<store::SessionSummary> out;
  for (int i = 0; i < r.Rows(); ++i) {
    store::SessionSummary s;
    s.uuid = r.Text(i, 0);
    s.started_utc = r.Text(i, 1);
    s.ended_utc = r.Text(i, 2);
    s.stop_reason = r.Text(i, 3);
    s.trials = std::stoi(r.Text(i, 4));
    s.successes = std::stoi(r.Text(i, 5));
    s.fatigue_before = std::stoi(r.Text(i, 6));
    s.fatigue_after = std::stoi(r.Text(i, 7));
    s.symptoms_json = HomeJson(r.Text(i, 8));
    s.pauses = std::stoi(r.Text(i, 9));
    s.fall_alarms = std::stoi(r.Text(i, 10));
    s.plan_name = r.Text(i, 11);
    s.plan_version = std::stoi(r.Text(i, 12));
    s.utc_offset_min = std::stoi(r.Text(i, 13));
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<store::StoredTrial> PgReviewSource::Trials(const std::string& session_uuid) {
  // The home store lists a session's trials in the order they were recorded.
  PgResult r = conn_.Exec(
      "SELECT uuid::text, exercise, variant, outcome, note, parameters::text, metrics::text, " +
          Iso("recorded_utc") +
          ", block, trial_index, level, quality::text FROM trials WHERE session_uuid = $1 "
          "ORDER BY recorded_utc, block, trial_index, uuid",
      {{session_uuid}});
  std::vector<store::StoredTrial> out;
  for (int i = 0; i < r.Rows(); ++i) {
    store::StoredTrial t;
    t.uuid = r.Text(i, 0);
    t.exercise = r.Text(i, 1);
    t.variant = r.Text(i, 2);
    t.outcome = r.Text(i, 3);
    t.note = r.Text(i, 4);
    t.parameters_json = HomeJson(r.Text(i, 5));
    t.metrics_json = HomeJson(r.Text(i, 6));
    t.recorded_utc = r.Text(i, 7);
    t.block = std::stoi(r.Text(i, 8));
    t.trial_index = std::stoi(r.Text(i, 9));
    t.level = std::stod(r.Text(i, 10));
    t.quality_json = HomeJson(r.Text(i, 11));
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<store::StoredEvent> PgReviewSource::Events(const std::string& session_uuid) {
  PgResult r = conn_.Exec("SELECT " + Iso("t_utc") +
                              ", kind, detail FROM events WHERE session_uuid = $1 ORDER BY t_utc, "
                              "uuid",
                          {{session_uuid}});
  std::vector<store::StoredEvent> out;
  for (int i = 0; i < r.Rows(); ++i) out.push_back({r.Text(i, 0), r.Text(i, 1), r.Text(i, 2)});
  return out;
}

std::vector<store::StoredLevelChange> PgReviewSource::LevelChanges(
    const std::string& session_uuid) {
  PgResult r = conn_.Exec("SELECT " + Iso("t_utc") +
                              ", exercise, reason, trial_index, level_from, level_to FROM "
                              "level_changes WHERE session_uuid = $1 ORDER BY t_utc, uuid",
                          {{session_uuid}});
  std::vector<store::StoredLevelChange> out;
  for (int i = 0; i < r.Rows(); ++i)
    out.push_back({r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), std::stoi(r.Text(i, 3)),
                   std::stod(r.Text(i, 4)), std::stod(r.Text(i, 5))});
  return out;
}

std::vector<store::StoredPoseStream> PgReviewSource::PoseStreams(const std::string& session_uuid) {
  PgResult r = conn_.Exec(
      "SELECT uuid::text, block, exercise, frames FROM pose_streams WHERE session_uuid = $1 "
      "ORDER BY block, t_utc, uuid",
      {{session_uuid}});
  std::vector<store::StoredPoseStream> out;
  for (int i = 0; i < r.Rows(); ++i)
    out.push_back(
        {0, r.Text(i, 0), std::stoi(r.Text(i, 1)), r.Text(i, 2), std::stoi(r.Text(i, 3))});
  return out;
}

std::vector<store::ReplayFrame> PgReviewSource::LoadPoseStream(const std::string& stream_uuid) {
  PgResult r = conn_.Exec("SELECT codec, encode(data, 'hex') FROM pose_streams WHERE uuid = $1",
                          {{stream_uuid}});
  if (r.Rows() == 0)
    throw store::StoreError("That recording is not on the clinic server " + server_ + ".");
  if (r.Text(0, 0) != store::kPoseCodec)
    throw store::StoreError(
        "That recording was made by a newer Poise and cannot be replayed here.");
  return store::DecodePoseStream(Unhex(r.Text(0, 1)));
}

store::SessionNote PgReviewSource::LatestNote(const std::string& session_uuid) {
  // A note written at home reaches the server as its device role: shown without an author, as
  // at home.
  PgResult r =
      conn_.Exec("SELECT note, CASE WHEN author LIKE 'poise\\_dev\\_%' THEN '' ELSE author END, " +
                     Iso("t_utc") +
                     " FROM notes WHERE session_uuid = $1 ORDER BY t_utc DESC, uuid DESC LIMIT 1",
                 {{session_uuid}});
  if (r.Rows() == 0) return {};
  return {r.Text(0, 0), r.Text(0, 1), r.Text(0, 2)};
}

void PgReviewSource::AddNote(const std::string& session_uuid, const std::string& note) {
  if (note.size() > store::kMaxNoteChars)
    throw store::StoreError("A note can have at most 4000 characters.");
  if (!CanWrite()) throw store::StoreError(ReadOnlyReason());
  PgResult r = conn_.Exec(
      "INSERT INTO notes(session_uuid, patient_uuid, note, t_utc, utc_offset_min) SELECT uuid, "
      "patient_uuid, $2, clock_timestamp(), $3 FROM sessions WHERE uuid = $1",
      {{session_uuid}, {note}, {std::to_string(store::LocalUtcOffsetMinutes())}});
  if (r.Affected() != 1)
    throw store::StoreError("That session is not on the clinic server " + server_ +
                            "; the note was not saved.");
}

std::optional<store::PastReport> PgReviewSource::LastReport(const store::PatientRef& patient) {
  PgResult r = conn_.Exec("SELECT " + Iso("created_utc") +
                              ", utc_offset_min FROM reports WHERE patient_uuid = $1 ORDER BY "
                              "created_utc DESC, uuid DESC LIMIT 1",
                          {{patient.uuid}});
  if (r.Rows() == 0) return std::nullopt;
  return store::PastReport{r.Text(0, 0), std::stoi(r.Text(0, 1))};
}

void PgReviewSource::RecordReport(const store::PatientRef& patient, const store::PastReport& report,
                                  const std::string& first_day, const std::string& last_day) {
  if (!CanWrite()) return;
  conn_.Exec(
      "INSERT INTO reports(patient_uuid, created_utc, utc_offset_min, first_day, last_day) "
      "VALUES($1, $2, $3, $4, $5)",
      {{patient.uuid},
       {report.created_utc},
       {std::to_string(report.utc_offset_min)},
       {first_day},
       {last_day}});
}

std::vector<core::DailyMetric> PgReviewSource::DailyMetrics(const store::PatientRef& p,
                                                            const store::ExportRange& range) {
  // metric_days (clinic schema 2) holds the per-day sums, kept by a trigger on trials. Sorted
  // bytewise like the home store, so weekly sums add up in the same order.
  PgResult r = conn_.Exec(
      "SELECT to_char(day, 'YYYY-MM-DD'), exercise, metric, unit, sum / n, n FROM metric_days "
      "WHERE patient_uuid = $1 AND ($2::text IS NULL OR day >= $2::date) AND ($3::text IS NULL "
      "OR day <= $3::date) AND n > 0 ORDER BY day, exercise COLLATE \"C\", metric COLLATE \"C\", "
      "unit COLLATE \"C\"",
      RangeParams(p, range));
  std::vector<core::DailyMetric> out;
  for (int i = 0; i < r.Rows(); ++i)
    out.push_back({r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), std::stod(r.Text(i, 4)),
                   std::stoi(r.Text(i, 5))});
  return out;
}

std::vector<core::SessionDay> PgReviewSource::SessionDays(const store::PatientRef& p,
                                                          const store::ExportRange& range) {
  // As at home: a session counts when at least one of its trials was completed (not invalid),
  // against the weekly target of the plan it followed (3 when the server does not have it).
  PgResult r = conn_.Exec(
      "SELECT " + kLocalDay +
          ", coalesce((pv.plan_json->>'sessions_per_week')::int, 3) FROM sessions s LEFT JOIN "
          "plan_versions pv ON pv.uuid = s.plan_uuid WHERE" +
          kInRange +
          "AND EXISTS(SELECT 1 FROM trials t WHERE t.session_uuid = s.uuid AND t.outcome <> "
          "'invalid') ORDER BY s.started_utc",
      RangeParams(p, range));
  std::vector<core::SessionDay> out;
  for (int i = 0; i < r.Rows(); ++i) out.push_back({r.Text(i, 0), std::stoi(r.Text(i, 1))});
  return out;
}

std::pair<std::string, std::string> PgReviewSource::SessionSpan(const store::PatientRef& p,
                                                                const store::ExportRange& range) {
  PgResult r = conn_.Exec("SELECT coalesce(min(" + kLocalDay + "), ''), coalesce(max(" + kLocalDay +
                              "), '') FROM sessions s WHERE" + kInRange,
                          RangeParams(p, range));
  if (r.Rows() == 0) return {};
  return {r.Text(0, 0), r.Text(0, 1)};
}

std::vector<store::MetricSample> PgReviewSource::RecentMetricSamples(
    const store::PatientRef& p, const store::ExportRange& range, int sessions) {
  std::vector<PgParam> params = RangeParams(p, range);
  params.push_back({std::to_string(sessions)});
  PgResult r = conn_.Exec(
      "WITH recent AS (SELECT s.uuid, s.started_utc FROM sessions s WHERE" + kInRange +
          "ORDER BY s.started_utc DESC LIMIT $4::int) "
          "SELECT t.exercise, m->>'name', r.uuid::text, (m->>'value')::double precision, "
          "coalesce(t.quality->'poor' IN ('true', '1'), false) FROM recent r JOIN trials t ON "
          "t.session_uuid = r.uuid, jsonb_array_elements(CASE WHEN jsonb_typeof(t.metrics) = "
          "'array' THEN t.metrics ELSE '[]' END) m WHERE t.outcome <> 'invalid' AND "
          "jsonb_typeof(m->'value') = 'number' ORDER BY 1, 2, r.started_utc, r.uuid, "
          "t.recorded_utc",
      params);
  std::vector<store::MetricSample> out;
  for (int i = 0; i < r.Rows(); ++i)
    out.push_back(
        {r.Text(i, 0), r.Text(i, 1), r.Text(i, 2), std::stod(r.Text(i, 3)), r.Text(i, 4) == "t"});
  return out;
}

}  // namespace poise::clinic
