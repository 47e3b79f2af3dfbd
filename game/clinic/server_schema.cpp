#include "game/clinic/server_schema.h"

#include <sodium.h>

#include <iterator>

namespace poise::clinic {
namespace {

// Cluster-wide group roles (roles are not per database): created once, kept.
constexpr const char* kGroupRoles = R"sql(
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'poise_device') THEN
    CREATE ROLE poise_device NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'poise_physio') THEN
    CREATE ROLE poise_physio NOLOGIN;
  END IF;
END $$;
)sql";

// Version 1: every table, the row-level security, the grants and the review's indexes.
constexpr const char* kClinicV1 = R"sql(
CREATE TABLE patients(
  uuid uuid PRIMARY KEY, name text NOT NULL, created_utc timestamptz NOT NULL DEFAULT now());
CREATE TABLE devices(
  role_name text PRIMARY KEY, patient_uuid uuid NOT NULL REFERENCES patients(uuid),
  created_utc timestamptz NOT NULL DEFAULT now(), linked_utc timestamptz, revoked_utc timestamptz);
CREATE TABLE physio_patients(
  physio_role text NOT NULL, patient_uuid uuid NOT NULL REFERENCES patients(uuid),
  PRIMARY KEY(physio_role, patient_uuid));
CREATE TABLE sessions(
  uuid uuid PRIMARY KEY, patient_uuid uuid NOT NULL REFERENCES patients(uuid),
  plan_name text NOT NULL, plan_version int NOT NULL, plan_uuid uuid,
  started_utc timestamptz NOT NULL, utc_offset_min int NOT NULL, ended_utc timestamptz,
  stop_reason text, fatigue_before smallint, fatigue_after smallint,
  symptoms jsonb NOT NULL DEFAULT '[]', received_utc timestamptz NOT NULL DEFAULT now(),
  UNIQUE(uuid, patient_uuid));
CREATE TABLE trials(
  uuid uuid PRIMARY KEY, session_uuid uuid NOT NULL, patient_uuid uuid NOT NULL,
  block int NOT NULL, exercise text NOT NULL, variant text NOT NULL, trial_index int NOT NULL,
  level double precision NOT NULL, outcome text NOT NULL, note text NOT NULL,
  parameters jsonb NOT NULL, metrics jsonb NOT NULL, start_ms double precision NOT NULL,
  end_ms double precision NOT NULL, recorded_utc timestamptz NOT NULL,
  FOREIGN KEY(session_uuid, patient_uuid) REFERENCES sessions(uuid, patient_uuid));
CREATE TABLE level_changes(
  uuid uuid PRIMARY KEY, session_uuid uuid NOT NULL, patient_uuid uuid NOT NULL,
  exercise text NOT NULL, trial_index int NOT NULL, level_from double precision NOT NULL,
  level_to double precision NOT NULL, reason text NOT NULL, t_utc timestamptz NOT NULL,
  FOREIGN KEY(session_uuid, patient_uuid) REFERENCES sessions(uuid, patient_uuid));
CREATE TABLE events(
  uuid uuid PRIMARY KEY, session_uuid uuid NOT NULL, patient_uuid uuid NOT NULL,
  t_utc timestamptz NOT NULL, kind text NOT NULL, detail text NOT NULL,
  FOREIGN KEY(session_uuid, patient_uuid) REFERENCES sessions(uuid, patient_uuid));
CREATE TABLE pose_streams(
  uuid uuid PRIMARY KEY, session_uuid uuid NOT NULL, patient_uuid uuid NOT NULL,
  block int NOT NULL, exercise text NOT NULL, frames int NOT NULL, codec text NOT NULL,
  data bytea NOT NULL, t_utc timestamptz NOT NULL,
  FOREIGN KEY(session_uuid, patient_uuid) REFERENCES sessions(uuid, patient_uuid));
CREATE TABLE notes(
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(), session_uuid uuid,
  patient_uuid uuid NOT NULL REFERENCES patients(uuid), note text NOT NULL,
  t_utc timestamptz NOT NULL DEFAULT now(), utc_offset_min int NOT NULL DEFAULT 0,
  author text NOT NULL DEFAULT session_user,
  FOREIGN KEY(session_uuid, patient_uuid) REFERENCES sessions(uuid, patient_uuid));
CREATE TABLE plan_versions(
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, version int NOT NULL,
  plan_json jsonb NOT NULL, created_utc timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL DEFAULT session_user, UNIQUE(name, version));
CREATE TABLE assignments(
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_uuid uuid NOT NULL REFERENCES patients(uuid),
  plan_uuid uuid NOT NULL REFERENCES plan_versions(uuid),
  assigned_utc timestamptz NOT NULL DEFAULT clock_timestamp(),
  assigned_by text NOT NULL DEFAULT session_user);

-- The clinic's review (issue 17) reads by patient and time, and a session's rows by session.
CREATE INDEX sessions_by_patient ON sessions(patient_uuid, started_utc);
CREATE INDEX trials_by_session ON trials(session_uuid);
CREATE INDEX trials_by_patient ON trials(patient_uuid, exercise, recorded_utc);
CREATE INDEX level_changes_by_session ON level_changes(session_uuid);
CREATE INDEX events_by_session ON events(session_uuid);
CREATE INDEX events_by_patient ON events(patient_uuid, kind, t_utc);
CREATE INDEX pose_streams_by_session ON pose_streams(session_uuid, block);
CREATE INDEX notes_by_patient ON notes(patient_uuid, t_utc);
CREATE INDEX notes_by_session ON notes(session_uuid);
CREATE INDEX assignments_by_patient ON assignments(patient_uuid, assigned_utc DESC);
CREATE INDEX devices_by_patient ON devices(patient_uuid);
CREATE INDEX physio_patients_by_patient ON physio_patients(patient_uuid);

-- Trials are append-only: a correction is a new row.
CREATE FUNCTION poise_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'trials are append-only' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER trials_append_only BEFORE UPDATE OR DELETE ON trials
  FOR EACH ROW EXECUTE FUNCTION poise_append_only();

-- Who is asking: the patient of a device role that is not revoked, a physiotherapist's patients.
CREATE FUNCTION poise_device_patient() RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
  SELECT patient_uuid FROM devices WHERE role_name = session_user AND revoked_utc IS NULL $$;
CREATE FUNCTION poise_physio_patients() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
  SELECT patient_uuid FROM physio_patients WHERE physio_role = session_user $$;
CREATE FUNCTION poise_claim_device() RETURNS uuid LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
  UPDATE devices SET linked_utc = now() WHERE role_name = session_user AND revoked_utc IS NULL
  RETURNING patient_uuid $$;
CREATE FUNCTION poise_release_device() RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
  UPDATE devices SET revoked_utc = now() WHERE role_name = session_user AND revoked_utc IS NULL $$;
REVOKE ALL ON FUNCTION poise_device_patient(), poise_physio_patients(), poise_claim_device(),
  poise_release_device() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION poise_device_patient(), poise_claim_device(), poise_release_device()
  TO poise_device;
GRANT EXECUTE ON FUNCTION poise_physio_patients() TO poise_physio;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT SELECT ON poise_meta TO poise_device, poise_physio;

-- Patient data: devices insert their own patient's rows; physiotherapists read their patients'.
DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['sessions', 'trials', 'level_changes', 'events', 'pose_streams',
                           'notes'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('GRANT INSERT ON %I TO poise_device', t);
    EXECUTE format('GRANT SELECT ON %I TO poise_physio', t);
    EXECUTE format('CREATE POLICY device_insert ON %I FOR INSERT TO poise_device '
                   'WITH CHECK (patient_uuid = poise_device_patient())', t);
    EXECUTE format('CREATE POLICY physio_read ON %I FOR SELECT TO poise_physio '
                   'USING (patient_uuid IN (SELECT poise_physio_patients()))', t);
  END LOOP;
END $$;
GRANT INSERT ON notes TO poise_physio;
CREATE POLICY physio_write ON notes FOR INSERT TO poise_physio
  WITH CHECK (patient_uuid IN (SELECT poise_physio_patients()) AND author = session_user);

ALTER TABLE patients ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON patients TO poise_physio;
CREATE POLICY physio_read ON patients FOR SELECT TO poise_physio
  USING (uuid IN (SELECT poise_physio_patients()));

ALTER TABLE assignments ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON assignments TO poise_device;
GRANT SELECT, INSERT ON assignments TO poise_physio;
CREATE POLICY device_read ON assignments FOR SELECT TO poise_device
  USING (patient_uuid = poise_device_patient());
CREATE POLICY physio_read ON assignments FOR SELECT TO poise_physio
  USING (patient_uuid IN (SELECT poise_physio_patients()));
CREATE POLICY physio_write ON assignments FOR INSERT TO poise_physio
  WITH CHECK (patient_uuid IN (SELECT poise_physio_patients()) AND assigned_by = session_user);

ALTER TABLE plan_versions ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON plan_versions TO poise_device;
GRANT SELECT, INSERT ON plan_versions TO poise_physio;
CREATE POLICY device_read ON plan_versions FOR SELECT TO poise_device
  USING (uuid IN (SELECT plan_uuid FROM assignments
                  WHERE patient_uuid = poise_device_patient()));
CREATE POLICY physio_read ON plan_versions FOR SELECT TO poise_physio USING (true);
CREATE POLICY physio_write ON plan_versions FOR INSERT TO poise_physio
  WITH CHECK (created_by = session_user);
)sql";

// Version 2 (issue 17, the review at the clinic): each trial's tracking quality as the home
// store has it (quality_json; '{}' for rows sent before), per-day metric sums like the home
// metric_days (poor-quality and invalid trials left out; sum of squares for a spread), kept by a
// trigger on trial insert so a patient's year of trends reads in milliseconds, and the PDF
// reports written at the clinic (for "changes since the last report").
constexpr const char* kClinicV2 = R"sql(
ALTER TABLE trials ADD COLUMN quality jsonb NOT NULL DEFAULT '{}';

CREATE TABLE metric_days(
  patient_uuid uuid NOT NULL REFERENCES patients(uuid), day date NOT NULL, exercise text NOT NULL,
  metric text NOT NULL, unit text NOT NULL, n int NOT NULL, sum double precision NOT NULL,
  sum_sq double precision NOT NULL, PRIMARY KEY(patient_uuid, day, exercise, metric, unit));

-- The patient's local day of a session: UTC start plus the offset stored with it.
CREATE FUNCTION poise_local_day(started timestamptz, offset_min int) RETURNS date
  LANGUAGE sql IMMUTABLE AS $$
  SELECT ((started AT TIME ZONE 'UTC') + make_interval(mins => offset_min))::date $$;

-- One trial's numeric metrics, when the trial counts for the trends.
CREATE FUNCTION poise_trial_metric_days(t trials) RETURNS TABLE(
  patient_uuid uuid, day date, exercise text, metric text, unit text, value double precision)
  LANGUAGE sql STABLE AS $$
  SELECT t.patient_uuid, poise_local_day(s.started_utc, s.utc_offset_min), t.exercise,
         m->>'name', coalesce(m->>'unit', ''), (m->>'value')::double precision
  FROM sessions s, jsonb_array_elements(
         CASE WHEN jsonb_typeof(t.metrics) = 'array' THEN t.metrics ELSE '[]' END) m
  WHERE s.uuid = t.session_uuid AND t.outcome <> 'invalid'
    AND coalesce(t.quality->'poor' IN ('true', '1'), false) = false
    AND jsonb_typeof(m->'value') = 'number' AND m->>'name' IS NOT NULL $$;

INSERT INTO metric_days
  SELECT d.patient_uuid, d.day, d.exercise, d.metric, d.unit, count(*), sum(d.value),
         sum(d.value * d.value)
  FROM trials t, poise_trial_metric_days(t) d GROUP BY 1, 2, 3, 4, 5;

-- Runs as the owner: a device may insert trials but has no right on metric_days. One aggregate
-- per INSERT or COPY statement (a transition table), not one call per trial, so a sync batch or a
-- bulk load costs one pass; rows skipped by ON CONFLICT DO NOTHING are not in it.
CREATE FUNCTION poise_trials_into_metric_days() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO metric_days AS md
    SELECT d.patient_uuid, d.day, d.exercise, d.metric, d.unit, count(*), sum(d.value),
           sum(d.value * d.value)
    FROM new_trials t, poise_trial_metric_days(t) d GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (patient_uuid, day, exercise, metric, unit) DO UPDATE
    SET n = md.n + excluded.n, sum = md.sum + excluded.sum, sum_sq = md.sum_sq + excluded.sum_sq;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION poise_trials_into_metric_days() FROM PUBLIC;
CREATE TRIGGER trials_into_metric_days AFTER INSERT ON trials REFERENCING NEW TABLE AS new_trials
  FOR EACH STATEMENT EXECUTE FUNCTION poise_trials_into_metric_days();

CREATE TABLE reports(
  uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_uuid uuid NOT NULL REFERENCES patients(uuid), created_utc timestamptz NOT NULL,
  utc_offset_min int NOT NULL, first_day text NOT NULL, last_day text NOT NULL,
  author text NOT NULL DEFAULT session_user);
CREATE INDEX reports_by_patient ON reports(patient_uuid, created_utc);

ALTER TABLE metric_days ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON metric_days TO poise_physio;
CREATE POLICY physio_read ON metric_days FOR SELECT TO poise_physio
  USING (patient_uuid IN (SELECT poise_physio_patients()));
ALTER TABLE reports ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON reports TO poise_physio;
CREATE POLICY physio_read ON reports FOR SELECT TO poise_physio
  USING (patient_uuid IN (SELECT poise_physio_patients()));
CREATE POLICY physio_write ON reports FOR INSERT TO poise_physio
  WITH CHECK (patient_uuid IN (SELECT poise_physio_patients()) AND author = session_user);
)sql";

// Version 3, the clinic dashboard (issue 17): one row per patient and local day with, for each
// dashboard measure (m1..m5 in the order of core::DashboardMetrics(): single-leg stance hold time,
// steady stance hip sway area, sit-to-stand total time, sideways reach distance, bubble-reach
// SPARC), the trials' count, sum and sum of squares: the trends and the patient's own measurement
// noise (pooled within-day SD) come from these. One wide row a day rather than one per measure: the
// dashboard of 1,000 patients reads 5 times fewer rows. Kept by a statement-level trigger on
// trials (one aggregate per INSERT or COPY, not per row; rows skipped by ON CONFLICT DO NOTHING
// are not in the transition table, so a repeated push counts nothing twice). Days are the
// patient's local days (the session's start plus its UTC offset). Read by physiotherapists under
// the same row-level security as the trials. Indexes for the dashboard's scans across all
// patients: summary days, recent sessions, recent fall alarms.
constexpr const char* kClinicDashboard = R"sql(
CREATE TABLE dashboard_days(
  patient_uuid uuid NOT NULL REFERENCES patients(uuid), day date NOT NULL,
  m1_n int NOT NULL DEFAULT 0, m1_sum float8 NOT NULL DEFAULT 0, m1_ss float8 NOT NULL DEFAULT 0,
  m2_n int NOT NULL DEFAULT 0, m2_sum float8 NOT NULL DEFAULT 0, m2_ss float8 NOT NULL DEFAULT 0,
  m3_n int NOT NULL DEFAULT 0, m3_sum float8 NOT NULL DEFAULT 0, m3_ss float8 NOT NULL DEFAULT 0,
  m4_n int NOT NULL DEFAULT 0, m4_sum float8 NOT NULL DEFAULT 0, m4_ss float8 NOT NULL DEFAULT 0,
  m5_n int NOT NULL DEFAULT 0, m5_sum float8 NOT NULL DEFAULT 0, m5_ss float8 NOT NULL DEFAULT 0,
  PRIMARY KEY(patient_uuid, day));
CREATE INDEX dashboard_days_by_day ON dashboard_days(day);
CREATE INDEX sessions_by_start ON sessions(started_utc);
CREATE INDEX events_by_kind ON events(kind, t_utc);

CREATE FUNCTION poise_dashboard_metric_rows(t trials) RETURNS TABLE(
  patient_uuid uuid, day date, k int, v double precision)
  LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT t.patient_uuid,
         ((s.started_utc AT TIME ZONE 'UTC') + s.utc_offset_min * interval '1 minute')::date,
         CASE t.exercise || '/' || (m->>'name')
           WHEN 'single_leg_stance/hold_time' THEN 1 WHEN 'steady_stance/hip_sway_area' THEN 2
           WHEN 'sit_to_stand/total_time' THEN 3 WHEN 'functional_reach/reach_distance' THEN 4
           WHEN 'bubble_reach/sparc' THEN 5 END,
         (m->>'value')::double precision
  FROM sessions s, jsonb_array_elements(CASE jsonb_typeof(t.metrics) WHEN 'array'
                                         THEN t.metrics ELSE '[]'::jsonb END) m
  WHERE s.uuid = t.session_uuid AND t.outcome <> 'invalid'
    AND coalesce(t.quality->'poor' IN ('true', '1'), false) = false
    AND jsonb_typeof(m->'value') = 'number'
    AND t.exercise || '/' || (m->>'name') IN ('single_leg_stance/hold_time',
        'steady_stance/hip_sway_area', 'sit_to_stand/total_time',
        'functional_reach/reach_distance', 'bubble_reach/sparc') $$;

CREATE FUNCTION poise_dashboard_trials() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO dashboard_days AS d(patient_uuid, day, m1_n, m1_sum, m1_ss, m2_n, m2_sum, m2_ss,
    m3_n, m3_sum, m3_ss, m4_n, m4_sum, m4_ss, m5_n, m5_sum, m5_ss)
  SELECT r.patient_uuid, r.day,
    count(*) FILTER (WHERE r.k = 1), coalesce(sum(r.v) FILTER (WHERE r.k = 1), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 1), 0),
    count(*) FILTER (WHERE r.k = 2), coalesce(sum(r.v) FILTER (WHERE r.k = 2), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 2), 0),
    count(*) FILTER (WHERE r.k = 3), coalesce(sum(r.v) FILTER (WHERE r.k = 3), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 3), 0),
    count(*) FILTER (WHERE r.k = 4), coalesce(sum(r.v) FILTER (WHERE r.k = 4), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 4), 0),
    count(*) FILTER (WHERE r.k = 5), coalesce(sum(r.v) FILTER (WHERE r.k = 5), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 5), 0)
  FROM new_trials t, poise_dashboard_metric_rows(t) r
  GROUP BY r.patient_uuid, r.day
  ON CONFLICT(patient_uuid, day) DO UPDATE SET
    m1_n = d.m1_n + excluded.m1_n, m1_sum = d.m1_sum + excluded.m1_sum,
    m1_ss = d.m1_ss + excluded.m1_ss, m2_n = d.m2_n + excluded.m2_n,
    m2_sum = d.m2_sum + excluded.m2_sum, m2_ss = d.m2_ss + excluded.m2_ss,
    m3_n = d.m3_n + excluded.m3_n, m3_sum = d.m3_sum + excluded.m3_sum,
    m3_ss = d.m3_ss + excluded.m3_ss, m4_n = d.m4_n + excluded.m4_n,
    m4_sum = d.m4_sum + excluded.m4_sum, m4_ss = d.m4_ss + excluded.m4_ss,
    m5_n = d.m5_n + excluded.m5_n, m5_sum = d.m5_sum + excluded.m5_sum,
    m5_ss = d.m5_ss + excluded.m5_ss;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION poise_dashboard_trials() FROM PUBLIC;
CREATE TRIGGER trials_into_dashboard AFTER INSERT ON trials REFERENCING NEW TABLE AS new_trials
  FOR EACH STATEMENT EXECUTE FUNCTION poise_dashboard_trials();

INSERT INTO dashboard_days(patient_uuid, day, m1_n, m1_sum, m1_ss, m2_n, m2_sum, m2_ss,
    m3_n, m3_sum, m3_ss, m4_n, m4_sum, m4_ss, m5_n, m5_sum, m5_ss)
SELECT r.patient_uuid, r.day,
    count(*) FILTER (WHERE r.k = 1), coalesce(sum(r.v) FILTER (WHERE r.k = 1), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 1), 0),
    count(*) FILTER (WHERE r.k = 2), coalesce(sum(r.v) FILTER (WHERE r.k = 2), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 2), 0),
    count(*) FILTER (WHERE r.k = 3), coalesce(sum(r.v) FILTER (WHERE r.k = 3), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 3), 0),
    count(*) FILTER (WHERE r.k = 4), coalesce(sum(r.v) FILTER (WHERE r.k = 4), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 4), 0),
    count(*) FILTER (WHERE r.k = 5), coalesce(sum(r.v) FILTER (WHERE r.k = 5), 0),
    coalesce(sum(r.v * r.v) FILTER (WHERE r.k = 5), 0)
FROM trials t, poise_dashboard_metric_rows(t) r
GROUP BY r.patient_uuid, r.day;

ALTER TABLE dashboard_days ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON dashboard_days TO poise_physio;
CREATE POLICY physio_read ON dashboard_days FOR SELECT TO poise_physio
  USING (patient_uuid IN (SELECT poise_physio_patients()));

-- A read-only physiotherapist (poise clinic add-physio --read-only): a member of poise_physio
-- that may not write plans, assignments or notes.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'poise_physio_readonly') THEN
    CREATE ROLE poise_physio_readonly NOLOGIN;
  END IF;
END $$;
CREATE FUNCTION poise_physio_may_write() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
  SELECT NOT pg_has_role(session_user, 'poise_physio_readonly', 'MEMBER') $$;
REVOKE ALL ON FUNCTION poise_physio_may_write() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION poise_physio_may_write() TO poise_physio;
ALTER POLICY physio_write ON notes TO poise_physio
  WITH CHECK (patient_uuid IN (SELECT poise_physio_patients()) AND author = session_user
              AND poise_physio_may_write());
ALTER POLICY physio_write ON assignments TO poise_physio
  WITH CHECK (patient_uuid IN (SELECT poise_physio_patients()) AND assigned_by = session_user
              AND poise_physio_may_write());
ALTER POLICY physio_write ON plan_versions TO poise_physio
  WITH CHECK (created_by = session_user AND poise_physio_may_write());
ALTER POLICY physio_write ON reports TO poise_physio
  WITH CHECK (patient_uuid IN (SELECT poise_physio_patients()) AND author = session_user
              AND poise_physio_may_write());
)sql";

/// kClinicMigrations[v] takes a clinic database from version v to v + 1.
const char* const kClinicMigrations[] = {kClinicV1, kClinicV2, kClinicDashboard};
static_assert(std::size(kClinicMigrations) == size_t(kClinicSchemaVersion));

constexpr const char* kLock = "SELECT pg_advisory_xact_lock(7346286311)";  // "poise" migrations

std::string RandomText(size_t n, const char* alphabet) {
  if (sodium_init() < 0) throw ClinicError(ClinicErrorKind::kServer, "No random numbers.");
  const size_t k = std::char_traits<char>::length(alphabet);
  std::string s;
  for (size_t i = 0; i < n; ++i) s += alphabet[randombytes_uniform(uint32_t(k))];
  return s;
}

std::string PatientUuid(PgConnection& admin, const std::string& name, bool create) {
  PgResult r = admin.Exec("SELECT uuid FROM patients WHERE name = $1", {{name}});
  if (r.Rows() > 1)
    throw ClinicError(ClinicErrorKind::kBadInput,
                      "Several patients are called " + name + "; use a more precise name.");
  if (r.Rows() == 1) return r.Text(0, 0);
  if (!create)
    throw ClinicError(ClinicErrorKind::kBadInput, "The clinic has no patient called " + name + ".");
  return admin
      .Exec("INSERT INTO patients(uuid, name) VALUES(gen_random_uuid(), $1) RETURNING uuid",
            {{name}})
      .Text(0, 0);
}

}  // namespace

int ClinicSchemaVersion(PgConnection& conn) {
  PgResult t = conn.Exec("SELECT to_regclass('public.poise_meta') IS NOT NULL");
  if (t.Text(0, 0) != "t") return 0;
  PgResult r = conn.Exec("SELECT value FROM poise_meta WHERE key = 'schema_version'");
  return r.Rows() ? std::stoi(r.Text(0, 0)) : 0;
}

int InitClinicServer(PgConnection& admin, int up_to) {
  int before = -1;
  for (;;) {
    PgTx tx(admin);
    admin.Exec(kLock);
    const int v = ClinicSchemaVersion(admin);
    if (before < 0) before = v;
    if (v > kClinicSchemaVersion)
      throw ClinicError(ClinicErrorKind::kNewerSchema,
                        "This clinic database has schema " + std::to_string(v) +
                            ", newer than this Poise knows (" +
                            std::to_string(kClinicSchemaVersion) + "); update Poise.");
    if (v >= up_to) return before;
    if (v == 0) {
      admin.Exec(kGroupRoles);
      admin.Exec("CREATE TABLE poise_meta(key text PRIMARY KEY, value text NOT NULL)");
      admin.Exec("INSERT INTO poise_meta VALUES('schema_version', '0')");
    }
    admin.Exec(kClinicMigrations[v]);
    admin.Exec("UPDATE poise_meta SET value = $1 WHERE key = 'schema_version'",
               {{std::to_string(v + 1)}});
    tx.Commit();
  }
}

NewDevice AddDevice(PgConnection& admin, const std::string& patient_name) {
  if (patient_name.empty() || patient_name.size() > 200)
    throw ClinicError(ClinicErrorKind::kBadInput, "Give the patient's name (1-200 characters).");
  PgTx tx(admin);
  NewDevice d;
  d.patient_uuid = PatientUuid(admin, patient_name, true);
  const std::string suffix = RandomText(12, "0123456789abcdef");
  const std::string secret = RandomText(16, "abcdefghjkmnpqrstuvwxyz23456789");
  d.role = "poise_dev_" + suffix;
  admin.Exec("CREATE ROLE " + admin.QuoteIdent(d.role) + " LOGIN PASSWORD " +
             admin.QuoteLiteral(admin.EncryptPassword(secret, d.role)) + " IN ROLE poise_device");
  admin.Exec("INSERT INTO devices(role_name, patient_uuid) VALUES($1, $2)",
             {{d.role}, {d.patient_uuid}});
  tx.Commit();
  d.link_code = suffix + "-" + secret.substr(0, 4) + "-" + secret.substr(4, 4) + "-" +
                secret.substr(8, 4) + "-" + secret.substr(12, 4);
  return d;
}

int RevokeDevice(PgConnection& admin, const std::string& who) {
  PgTx tx(admin);
  PgResult r = who.rfind("poise_dev_", 0) == 0
                   ? admin.Exec(
                         "UPDATE devices SET revoked_utc = now() WHERE role_name = $1 RETURNING "
                         "role_name",
                         {{who}})
                   : admin.Exec(
                         "UPDATE devices SET revoked_utc = now() WHERE revoked_utc IS NULL AND "
                         "patient_uuid = $1 RETURNING role_name",
                         {{PatientUuid(admin, who, false)}});
  for (int i = 0; i < r.Rows(); ++i)
    admin.Exec("ALTER ROLE " + admin.QuoteIdent(r.Text(i, 0)) + " NOLOGIN");
  tx.Commit();
  for (int i = 0; i < r.Rows(); ++i)
    admin.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1",
               {{r.Text(i, 0)}});
  return r.Rows();
}

void AddPhysio(PgConnection& admin, const std::string& role, const std::string& password,
               const std::string& patient_name, bool read_only) {
  PgTx tx(admin);
  const std::string patient = PatientUuid(admin, patient_name, false);
  PgResult exists = admin.Exec("SELECT 1 FROM pg_roles WHERE rolname = $1", {{role}});
  if (exists.Rows() == 0)
    admin.Exec("CREATE ROLE " + admin.QuoteIdent(role) + " LOGIN PASSWORD " +
               admin.QuoteLiteral(admin.EncryptPassword(password, role)) + " IN ROLE poise_physio");
  admin.Exec(
      "INSERT INTO physio_patients(physio_role, patient_uuid) VALUES($1, $2) ON CONFLICT DO "
      "NOTHING",
      {{role}, {patient}});
  const bool was_read_only =
      admin
          .Exec(
              "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
              "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = $1 AND "
              "g.rolname = 'poise_physio_readonly'",
              {{role}})
          .Text(0, 0) != "0";
  if (read_only != was_read_only)
    admin.Exec(std::string(read_only ? "GRANT poise_physio_readonly TO "
                                     : "REVOKE poise_physio_readonly FROM ") +
               admin.QuoteIdent(role));
  tx.Commit();
}

}  // namespace poise::clinic
