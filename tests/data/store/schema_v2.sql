-- A version-2 Poise session database, as Poise created it before schema 3 (kept to test migrations).
CREATE TABLE profiles(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL, height_cm REAL NOT NULL,
  dominant_side TEXT NOT NULL, mobility TEXT NOT NULL, chair_support INTEGER NOT NULL,
  notes TEXT NOT NULL DEFAULT '', created_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL);
CREATE TABLE sessions(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, profile_id INTEGER NOT NULL REFERENCES profiles(id),
  plan_name TEXT NOT NULL, plan_version INTEGER NOT NULL, started_utc TEXT NOT NULL,
  utc_offset_min INTEGER NOT NULL, ended_utc TEXT, stop_reason TEXT, fatigue_before INTEGER,
  fatigue_after INTEGER, symptoms TEXT NOT NULL DEFAULT '[]');
CREATE TABLE trials(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, session_id INTEGER NOT NULL REFERENCES sessions(id),
  block INTEGER NOT NULL, exercise TEXT NOT NULL, variant TEXT NOT NULL, trial_index INTEGER NOT NULL,
  level REAL NOT NULL, outcome TEXT NOT NULL, note TEXT NOT NULL, parameters_json TEXT NOT NULL,
  metrics_json TEXT NOT NULL, start_ms REAL NOT NULL, end_ms REAL NOT NULL, recorded_utc TEXT NOT NULL);
CREATE TABLE events(
  id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id), t_utc TEXT NOT NULL,
  kind TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE level_changes(
  id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id), exercise TEXT NOT NULL,
  trial_index INTEGER NOT NULL, level_from REAL NOT NULL, level_to REAL NOT NULL, reason TEXT NOT NULL,
  t_utc TEXT NOT NULL);
CREATE INDEX trials_by_session ON trials(session_id);
CREATE INDEX sessions_by_profile ON sessions(profile_id, started_utc);
INSERT INTO profiles(uuid, name, height_cm, dominant_side, mobility, chair_support, notes, created_utc, utc_offset_min)
  VALUES('0b0c6e1e-6a1c-4f5e-9d7e-1a2b3c4d5e6f', 'Vera', 158, 'right', 'seated', 1, '', '2026-10-01T09:00:00.000Z', 120);
INSERT INTO sessions(uuid, profile_id, plan_name, plan_version, started_utc, utc_offset_min, ended_utc, stop_reason)
  VALUES('1c1d7f2f-7b2d-4a6f-8e8f-2b3c4d5e6f70', 1, 'Today''s plan', 1, '2026-10-01T09:05:00.000Z', 120, '2026-10-01T09:30:00.000Z', 'completed');
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_utc TEXT NOT NULL);
INSERT INTO trials(uuid, session_id, block, exercise, variant, trial_index, level, outcome, note, parameters_json, metrics_json, start_ms, end_ms, recorded_utc)
  VALUES('2d2e8a3a-8c3e-4b7a-9fa0-3c4d5e6f7081', 1, 0, 'bubble_reach', 'seated', 0, 0.3, 'success', '', '[]', '[{"name":"reaction_time","value":0.61,"unit":"s"}]', 0, 4200, '2026-10-01T09:06:00.000Z');
INSERT INTO events(session_id, t_utc, kind, detail) VALUES(1, '2026-10-01T09:10:00.000Z', 'pause', 'tracking lost');
INSERT INTO level_changes(session_id, exercise, trial_index, level_from, level_to, reason, t_utc)
  VALUES(1, 'bubble_reach', 0, 0.3, 0.33, 'success', '2026-10-01T09:06:00.000Z');
INSERT INTO settings(key, value, updated_utc) VALUES('ui_scale', '1.5', '2026-10-01T09:00:00.000Z');
PRAGMA user_version=2;
