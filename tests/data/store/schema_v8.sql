-- A version-8 Poise session database, as Poise created it before schema 9 (kept to test migrations):
-- the version-7 fixture with the schema-8 migration applied.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE profiles(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL, height_cm REAL NOT NULL,
  dominant_side TEXT NOT NULL, mobility TEXT NOT NULL, chair_support INTEGER NOT NULL,
  notes TEXT NOT NULL DEFAULT '', created_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL, plan_name TEXT);
INSERT INTO profiles VALUES(1,'0b0c6e1e-6a1c-4f5e-9d7e-1a2b3c4d5e6f','Vera',158.0,'right','seated',1,'','2026-10-01T09:00:00.000Z',120,'Seated starter');
CREATE TABLE sessions(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, profile_id INTEGER NOT NULL REFERENCES profiles(id),
  plan_name TEXT NOT NULL, plan_version INTEGER NOT NULL, started_utc TEXT NOT NULL,
  utc_offset_min INTEGER NOT NULL, ended_utc TEXT, stop_reason TEXT, fatigue_before INTEGER,
  fatigue_after INTEGER, symptoms TEXT NOT NULL DEFAULT '[]', plan_uuid TEXT);
INSERT INTO sessions VALUES(1,'1c1d7f2f-7b2d-4a6f-8e8f-2b3c4d5e6f70',1,'Today''s plan',1,'2026-10-01T09:05:00.000Z',120,'2026-10-01T09:30:00.000Z','completed',NULL,NULL,'[]','3e3f9b4b-9d4f-4c8b-8a01-4d5e6f708192');
CREATE TABLE trials(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, session_id INTEGER NOT NULL REFERENCES sessions(id),
  block INTEGER NOT NULL, exercise TEXT NOT NULL, variant TEXT NOT NULL, trial_index INTEGER NOT NULL,
  level REAL NOT NULL, outcome TEXT NOT NULL, note TEXT NOT NULL, parameters_json TEXT NOT NULL,
  metrics_json TEXT NOT NULL, start_ms REAL NOT NULL, end_ms REAL NOT NULL, recorded_utc TEXT NOT NULL, quality_json TEXT NOT NULL DEFAULT '{}');
INSERT INTO trials VALUES(1,'2d2e8a3a-8c3e-4b7a-9fa0-3c4d5e6f7081',1,0,'bubble_reach','seated',0,0.29999999999999998889,'success','','[]','[{"name":"reaction_time","value":0.61,"unit":"s"}]',0.0,4200.0,'2026-10-01T09:06:00.000Z','{}');
CREATE TABLE events(
  id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id), t_utc TEXT NOT NULL,
  kind TEXT NOT NULL, detail TEXT NOT NULL);
INSERT INTO events VALUES(1,1,'2026-10-01T09:10:00.000Z','pause','tracking lost');
CREATE TABLE level_changes(
  id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id), exercise TEXT NOT NULL,
  trial_index INTEGER NOT NULL, level_from REAL NOT NULL, level_to REAL NOT NULL, reason TEXT NOT NULL,
  t_utc TEXT NOT NULL);
INSERT INTO level_changes VALUES(1,1,'bubble_reach',0,0.29999999999999998889,0.33000000000000001554,'success','2026-10-01T09:06:00.000Z');
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_utc TEXT NOT NULL);
INSERT INTO settings VALUES('ui_scale','1.5','2026-10-01T09:00:00.000Z');
CREATE TABLE plans(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
  plan_json TEXT NOT NULL, created_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL,
  UNIQUE(name, version));
INSERT INTO plans VALUES(1,'3e3f9b4b-9d4f-4c8b-8a01-4d5e6f708192','Seated starter',2,'{"format": "poise-plan", "schema_version": 1, "name": "Seated starter", "version": 2, "sessions_per_week": 4, "blocks": []}','2026-10-01T08:00:00.000Z',120);
CREATE TABLE session_notes(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, session_id INTEGER NOT NULL REFERENCES sessions(id),
  note TEXT NOT NULL, t_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL);
INSERT INTO session_notes VALUES(1,'4f40ac5c-ae50-4d9c-9b12-5e6f708192a3',1,'Steady on the seated reaches.','2026-10-02T10:00:00.000Z',120);
CREATE TABLE pose_streams(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, session_id INTEGER NOT NULL REFERENCES sessions(id),
  block INTEGER NOT NULL, exercise TEXT NOT NULL, frames INTEGER NOT NULL, codec TEXT NOT NULL,
  data BLOB NOT NULL, t_utc TEXT NOT NULL);
CREATE TABLE exercise_levels(
  profile_id INTEGER NOT NULL REFERENCES profiles(id), exercise TEXT NOT NULL,
  state_json TEXT NOT NULL, updated_utc TEXT NOT NULL, PRIMARY KEY(profile_id, exercise));
INSERT INTO exercise_levels VALUES(1,'bubble_reach','{"level": 0.4, "step": 0.1, "reversals": 2, "trials": 9}','2026-10-02T10:00:00.000Z');
CREATE TABLE metric_days(
  profile_id INTEGER NOT NULL, day TEXT NOT NULL, exercise TEXT NOT NULL, metric TEXT NOT NULL,
  unit TEXT NOT NULL, n INTEGER NOT NULL, sum REAL NOT NULL,
  PRIMARY KEY(profile_id, day, exercise, metric, unit)) WITHOUT ROWID;
INSERT INTO metric_days VALUES(1,'2026-10-01','bubble_reach','reaction_time','s',1,0.60999999999999998667);
CREATE TABLE reports(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, profile_id INTEGER NOT NULL REFERENCES profiles(id),
  created_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL, first_day TEXT NOT NULL,
  last_day TEXT NOT NULL);
CREATE TABLE clinic_links(
  profile_id INTEGER PRIMARY KEY REFERENCES profiles(id), server TEXT NOT NULL, role TEXT NOT NULL,
  patient_uuid TEXT NOT NULL, credential_dir TEXT NOT NULL, linked_utc TEXT NOT NULL,
  last_sent_utc TEXT, last_status TEXT NOT NULL DEFAULT '', plan_notice TEXT);
CREATE TABLE clinic_acks(
  tbl TEXT NOT NULL, local_id INTEGER NOT NULL, profile_id INTEGER NOT NULL, acked_utc TEXT NOT NULL,
  PRIMARY KEY(tbl, local_id)) WITHOUT ROWID;
CREATE TABLE profile_settings(
  profile_id INTEGER NOT NULL REFERENCES profiles(id), key TEXT NOT NULL, value TEXT NOT NULL,
  updated_utc TEXT NOT NULL, PRIMARY KEY(profile_id, key)) WITHOUT ROWID;
CREATE INDEX trials_by_session ON trials(session_id);
CREATE INDEX sessions_by_profile ON sessions(profile_id, started_utc);
CREATE INDEX notes_by_session ON session_notes(session_id);
CREATE INDEX streams_by_session ON pose_streams(session_id, block);
CREATE INDEX level_changes_by_session ON level_changes(session_id);
CREATE INDEX events_by_session ON events(session_id);
CREATE INDEX trials_by_session_outcome ON trials(session_id, outcome);
CREATE INDEX reports_by_profile ON reports(profile_id, created_utc);
CREATE INDEX clinic_acks_by_profile ON clinic_acks(profile_id);
CREATE TRIGGER trials_into_metric_days AFTER INSERT ON trials
WHEN NEW.outcome != 'invalid' AND json_valid(NEW.metrics_json)
  AND coalesce(json_extract(NEW.quality_json, '$.poor'), 0) = 0 BEGIN
  INSERT INTO metric_days(profile_id, day, exercise, metric, unit, n, sum)
    SELECT s.profile_id, date(s.started_utc, s.utc_offset_min || ' minutes'), NEW.exercise,
           json_extract(m.value, '$.name'), coalesce(json_extract(m.value, '$.unit'), ''), 1,
           json_extract(m.value, '$.value')
    FROM sessions s, json_each(NEW.metrics_json) m
    WHERE s.id = NEW.session_id AND json_type(m.value, '$.value') IN ('integer', 'real')
  ON CONFLICT(profile_id, day, exercise, metric, unit) DO UPDATE SET n = n + 1, sum = sum + excluded.sum;
END;
COMMIT;
PRAGMA user_version=8;
