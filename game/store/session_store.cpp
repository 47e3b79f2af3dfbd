#include "game/store/session_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "game/core/adaptation/level_controller.h"
#include "game/core/exercises/trial_json.h"
#include "game/store/private_files.h"
#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace fs = std::filesystem;

namespace {

const char* kSchemaV1 = R"sql(
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
)sql";

// v1 -> v2: machine-wide settings (the physiotherapist PIN hash lives here).
const char* kSchemaV2 = R"sql(
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_utc TEXT NOT NULL);
)sql";

// v2 -> v3: versioned plans (a saved change is a new row, never an update) and the plan each
// patient follows; the plan version a session used; physiotherapist notes per session (a new
// row per edit, the newest shown); each exercise block's landmark stream, compressed, for replay;
// each patient's difficulty per exercise, so the next session starts where the last one ended.
const char* kSchemaV3 = R"sql(
CREATE TABLE plans(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
  plan_json TEXT NOT NULL, created_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL,
  UNIQUE(name, version));
ALTER TABLE profiles ADD COLUMN plan_name TEXT;
ALTER TABLE sessions ADD COLUMN plan_uuid TEXT;
CREATE TABLE session_notes(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, session_id INTEGER NOT NULL REFERENCES sessions(id),
  note TEXT NOT NULL, t_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL);
CREATE TABLE pose_streams(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, session_id INTEGER NOT NULL REFERENCES sessions(id),
  block INTEGER NOT NULL, exercise TEXT NOT NULL, frames INTEGER NOT NULL, codec TEXT NOT NULL,
  data BLOB NOT NULL, t_utc TEXT NOT NULL);
CREATE TABLE exercise_levels(
  profile_id INTEGER NOT NULL REFERENCES profiles(id), exercise TEXT NOT NULL,
  state_json TEXT NOT NULL, updated_utc TEXT NOT NULL, PRIMARY KEY(profile_id, exercise));
CREATE INDEX notes_by_session ON session_notes(session_id);
CREATE INDEX streams_by_session ON pose_streams(session_id, block);
CREATE INDEX level_changes_by_session ON level_changes(session_id);
CREATE INDEX events_by_session ON events(session_id);
)sql";

// v3 -> v4: per-day metric sums for the review's trends, kept up to date by a trigger on every
// new trial (trials are never updated or deleted), so a year of sessions reads in milliseconds
// instead of parsing every trial's metrics JSON. Backfilled from the trials already stored. An
// index that covers the per-session counts of tries and hits.
const char* kSchemaV4 = R"sql(
CREATE TABLE metric_days(
  profile_id INTEGER NOT NULL, day TEXT NOT NULL, exercise TEXT NOT NULL, metric TEXT NOT NULL,
  unit TEXT NOT NULL, n INTEGER NOT NULL, sum REAL NOT NULL,
  PRIMARY KEY(profile_id, day, exercise, metric, unit)) WITHOUT ROWID;
INSERT INTO metric_days(profile_id, day, exercise, metric, unit, n, sum)
  SELECT s.profile_id, date(s.started_utc, s.utc_offset_min || ' minutes'), t.exercise,
         json_extract(m.value, '$.name'), coalesce(json_extract(m.value, '$.unit'), ''), count(*),
         sum(json_extract(m.value, '$.value'))
  FROM trials t JOIN sessions s ON s.id = t.session_id, json_each(t.metrics_json) m
  WHERE t.outcome != 'invalid' AND json_valid(t.metrics_json)
    AND json_type(m.value, '$.value') IN ('integer', 'real')
  GROUP BY 1, 2, 3, 4, 5;
CREATE INDEX trials_by_session_outcome ON trials(session_id, outcome);
CREATE TRIGGER trials_into_metric_days AFTER INSERT ON trials
WHEN NEW.outcome != 'invalid' AND json_valid(NEW.metrics_json) BEGIN
  INSERT INTO metric_days(profile_id, day, exercise, metric, unit, n, sum)
    SELECT s.profile_id, date(s.started_utc, s.utc_offset_min || ' minutes'), NEW.exercise,
           json_extract(m.value, '$.name'), coalesce(json_extract(m.value, '$.unit'), ''), 1,
           json_extract(m.value, '$.value')
    FROM sessions s, json_each(NEW.metrics_json) m
    WHERE s.id = NEW.session_id AND json_type(m.value, '$.value') IN ('integer', 'real')
  ON CONFLICT(profile_id, day, exercise, metric, unit) DO UPDATE SET n = n + 1, sum = sum + excluded.sum;
END;
)sql";

// v4 -> v5: the PDF reports written for each patient (when, and the days they covered), so the
// next report's summary can say what changed since the last one.
const char* kSchemaV5 = R"sql(
CREATE TABLE reports(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, profile_id INTEGER NOT NULL REFERENCES profiles(id),
  created_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL, first_day TEXT NOT NULL,
  last_day TEXT NOT NULL);
CREATE INDEX reports_by_profile ON reports(profile_id, created_utc);
)sql";

// v5 -> v6: the clinic link (issue 16). Which profile is linked to which clinic server (no
// secret: the device credential is a 0600 file), and every row the clinic server has
// acknowledged (written only after the server's commit), so a push resumes where it stopped.
const char* kSchemaV6 = R"sql(
CREATE TABLE clinic_links(
  profile_id INTEGER PRIMARY KEY REFERENCES profiles(id), server TEXT NOT NULL, role TEXT NOT NULL,
  patient_uuid TEXT NOT NULL, credential_dir TEXT NOT NULL, linked_utc TEXT NOT NULL,
  last_sent_utc TEXT, last_status TEXT NOT NULL DEFAULT '', plan_notice TEXT);
CREATE TABLE clinic_acks(
  tbl TEXT NOT NULL, local_id INTEGER NOT NULL, profile_id INTEGER NOT NULL, acked_utc TEXT NOT NULL,
  PRIMARY KEY(tbl, local_id)) WITHOUT ROWID;
CREATE INDEX clinic_acks_by_profile ON clinic_acks(profile_id);
)sql";

// v6 -> v7: each trial's tracking quality (core::TrialQuality as JSON: seen_fraction,
// effective_fps, jitter_cm, gaps_bridged, longest_gap_ms, measurable, reason, poor), '{}' for
// trials stored before it was measured. A poor-quality trial no longer feeds the weekly trends
// (the review shows it marked instead).
const char* kSchemaV7 = R"sql(
ALTER TABLE trials ADD COLUMN quality_json TEXT NOT NULL DEFAULT '{}';
DROP TRIGGER trials_into_metric_days;
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
)sql";

// v7 -> v8: each player's own settings (text size, contrast, sound, camera, model, reminder
// time), kept per profile across launches; one row per (profile, key).
const char* kSchemaV8 = R"sql(
CREATE TABLE profile_settings(
  profile_id INTEGER NOT NULL REFERENCES profiles(id), key TEXT NOT NULL, value TEXT NOT NULL,
  updated_utc TEXT NOT NULL, PRIMARY KEY(profile_id, key)) WITHOUT ROWID;
)sql";

// v8 -> v9: what happened to the physiotherapist PIN (issue 18), for the physiotherapist area:
// a PIN set, every `poise pin reset`, each lock-out that began or grew after wrong tries, and the
// right PIN that ended one; with the wrong tries in a row at that moment. Machine-wide, like the
// PIN itself (the events table needs a session).
const char* kSchemaV9 = R"sql(
CREATE TABLE pin_events(
  id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL, t_utc TEXT NOT NULL,
  utc_offset_min INTEGER NOT NULL, kind TEXT NOT NULL, wrong_tries INTEGER NOT NULL,
  detail TEXT NOT NULL);
)sql";

/// kMigrations[v] takes a database from version v to v + 1.
const char* const kMigrations[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4, kSchemaV5,
                                   kSchemaV6, kSchemaV7, kSchemaV8, kSchemaV9};
static_assert(std::size(kMigrations) == size_t(kSchemaVersion));

}  // namespace

std::string UtcNowIso() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t t = system_clock::to_time_t(now);
  const int ms = int(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

int LocalUtcOffsetMinutes() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return int(tm.tm_gmtoff / 60);
}

std::string NewUuid() {
  std::random_device rd;
  std::mt19937_64 g((uint64_t(rd()) << 32) ^ rd());
  uint64_t a = g(), b = g();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 1
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", unsigned(a >> 32),
                unsigned((a >> 16) & 0xffff), unsigned(a & 0xffff), unsigned(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::string SessionStore::DefaultPath() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  const std::string base = xdg && *xdg ? xdg : std::string(home ? home : ".") + "/.local/share";
  return base + "/poise/poise.db";
}

void SessionStore::Fail(const std::string& what) {
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
  throw StoreError(what);
}

void SessionStore::Exec(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  const std::string msg = err ? err : "";
  sqlite3_free(err);
  if (rc != SQLITE_OK) throw StoreError(Stmt::Describe(rc, msg.c_str()));
}

SessionStore::Shape SessionStore::ReadShape() {
  // One statement, so one snapshot: another program migrating the same file at this moment is
  // seen either before or after its commit, never half-way.
  const char* sql =
      "SELECT (SELECT user_version FROM pragma_user_version), count(*), "
      "coalesce(sum(type = 'table' AND name IN ('profiles', 'sessions')), 0) FROM sqlite_master";
  // Preparing reads the file's schema: a damaged or locked file fails here, said as Step would.
  sqlite3_stmt* probe = nullptr;
  if (const int rc = sqlite3_prepare_v2(db_, sql, -1, &probe, nullptr); rc != SQLITE_OK) {
    sqlite3_finalize(probe);
    throw StoreError(Stmt::Describe(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_)));
  }
  sqlite3_finalize(probe);
  Stmt t(db_, sql);
  if (!t.Step()) return {};
  Shape shape;
  shape.version = int(t.Int(0));
  // Version 0 is a new, empty file; from version 1 on, Poise's first tables are there. Poise
  // never writes a negative version (a file claiming one is not ours: found by the store_open
  // fuzzer, it indexed the migrations at -1).
  shape.poise = shape.version < 0 ? false : shape.version == 0 ? t.Int(1) == 0 : t.Int(2) == 2;
  return shape;
}

void SessionStore::SwitchToWal() {
  // Changing the journal mode needs the file to itself and, unlike a transaction, does not wait
  // through the busy handler: another program opening the same new file at this moment makes it
  // fail at once, so it is tried again for up to 10 s.
  for (int attempt = 0;; ++attempt) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, &err);
    const std::string msg = err ? err : "";
    sqlite3_free(err);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xff) != SQLITE_BUSY || attempt >= 500)
      throw StoreError(Stmt::Describe(rc, msg.c_str()));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

SessionStore::SessionStore(const std::string& path) : path_(path) {
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (!exists && fs::path(path).has_parent_path()) {  // "x.db" lives in the current folder
    CreatePrivateDirectories(fs::path(path).parent_path().string());
  }
  if (!exists) {
    // Created here, readable only by this user; SQLite gives its -wal and -shm files the same
    // mode. Another program may have created it a moment ago: then it is simply opened.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
  }
  const int flags = SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
    Fail("The session database " + path +
         " cannot be opened: " + (db_ ? sqlite3_errmsg(db_) : "out of memory") + ".");
  // Opening may wait for another program creating or migrating the same file (a slow disk
  // under load takes seconds); afterwards a locked database is reported after 2 s.
  sqlite3_busy_timeout(db_, 10000);
  try {
    // Nothing that writes (journal mode, migrations) runs before the file is known to be a
    // Poise database or an empty one: a foreign SQLite file stays byte-identical.
    const Shape shape = ReadShape();
    const int version = shape.version;
    if (!shape.poise)
      Fail("The file " + path + " is not a Poise session database; it was left untouched.");
    if (version > kSchemaVersion)
      Fail("The session database " + path + " was written by a newer version of Poise (schema " +
           std::to_string(version) + "); please update Poise. The file was left untouched.");
    if (exists) {
      Stmt q(db_, "PRAGMA quick_check");
      if (!q.Step() || q.Text(0) != "ok")
        Fail("The session database " + path +
             " is damaged; it was left untouched (keep a copy and ask for help).");
    }
    SwitchToWal();
    // WAL + synchronous=FULL: a committed trial survives a crash of the program and of the machine.
    Exec("PRAGMA synchronous=FULL");
    Exec("PRAGMA foreign_keys=ON");
    // Forward-only migrations, each in its own transaction: a crash leaves the last good version.
    // The version is read again inside the write lock (BEGIN IMMEDIATE), so a second program
    // opening the same new file at the same moment waits and then finds the work done, instead
    // of creating the same tables twice.
    for (;;) {
      Exec("BEGIN IMMEDIATE");
      try {
        const Shape now = ReadShape();
        if (now.version >= kSchemaVersion) {
          Exec("COMMIT");
          break;
        }
        if (!now.poise)
          Fail("The file " + path + " is not a Poise session database; it was left untouched.");
        Exec(kMigrations[now.version]);
        Exec("PRAGMA user_version=" + std::to_string(now.version + 1));
        Exec("COMMIT");
      } catch (...) {
        if (db_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
      }
    }
    // Patient data on a shared computer: the database, its side files and Poise's own data
    // folder become readable only by this user (files made by older versions were 0644).
    std::vector<std::string> mine = {path, path + "-wal", path + "-shm", path + "-journal"};
    const fs::path folder = fs::path(path).parent_path();
    if (!folder.empty() && fs::equivalent(folder, fs::path(DefaultPath()).parent_path(), ec))
      mine.push_back(folder.string());
    permission_note_ = TightenToOwner(mine);
    sqlite3_busy_timeout(db_, 2000);
  } catch (const StoreError& e) {
    const std::string msg = e.what();
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
    if (msg.find(path) == std::string::npos && msg.find("session database") != std::string::npos)
      throw StoreError(msg.substr(0, msg.size() - 1) + " (" + path + ").");
    throw;
  }
}

SessionStore::~SessionStore() {
  if (db_) sqlite3_close_v2(db_);
}

std::vector<core::Profile> SessionStore::Profiles() {
  std::vector<core::Profile> out;
  Stmt s(db_,
         "SELECT id, uuid, name, height_cm, dominant_side, mobility, chair_support, notes FROM "
         "profiles ORDER BY name");
  while (s.Step())
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Real(3), s.Text(4), s.Text(5), s.Int(6) != 0,
                   s.Text(7)});
  return out;
}

namespace {
/// The profile's own fields, as parameters 1-6 (name, height_cm, dominant_side, mobility,
/// chair_support, notes), for both the insert and the update.
void BindProfileFields(Stmt& s, const core::Profile& p) {
  s.Bind(1, p.name)
      .Bind(2, p.height_cm)
      .Bind(3, p.dominant_side)
      .Bind(4, p.mobility)
      .Bind(5, int64_t(p.chair_support))
      .Bind(6, p.notes);
}
}  // namespace

int64_t SessionStore::AddProfile(core::Profile p) {
  if (const std::string err = core::ValidateProfile(p); !err.empty()) throw StoreError(err);
  p.uuid = NewUuid();
  Stmt s(db_,
         "INSERT INTO profiles(name, height_cm, dominant_side, mobility, chair_support, notes, "
         "uuid, created_utc, utc_offset_min) VALUES(?,?,?,?,?,?,?,?,?)");
  BindProfileFields(s, p);
  s.Bind(7, p.uuid).Bind(8, UtcNowIso()).Bind(9, int64_t(LocalUtcOffsetMinutes()));
  s.Step();
  return sqlite3_last_insert_rowid(db_);
}

void SessionStore::UpdateProfile(const core::Profile& p) {
  if (const std::string err = core::ValidateProfile(p); !err.empty()) throw StoreError(err);
  Stmt s(db_,
         "UPDATE profiles SET name=?, height_cm=?, dominant_side=?, mobility=?, chair_support=?, "
         "notes=? WHERE id=?");
  BindProfileFields(s, p);
  s.Bind(7, p.id);
  s.Step();
  if (sqlite3_changes(db_) != 1) throw StoreError("That patient profile does not exist.");
}

int64_t SessionStore::BeginSession(int64_t profile_id, const std::string& plan_name,
                                   int plan_version, std::optional<int> fatigue_before,
                                   const std::string& plan_uuid) {
  Stmt s(db_,
         "INSERT INTO sessions(uuid, profile_id, plan_name, plan_version, started_utc, "
         "utc_offset_min, fatigue_before, plan_uuid) VALUES(?,?,?,?,?,?,?,?)");
  if (plan_uuid.empty())
    s.BindNull(8);
  else
    s.Bind(8, plan_uuid);
  s.Bind(1, NewUuid())
      .Bind(2, profile_id)
      .Bind(3, plan_name)
      .Bind(4, int64_t(plan_version))
      .Bind(5, UtcNowIso())
      .Bind(6, int64_t(LocalUtcOffsetMinutes()));
  if (fatigue_before)
    s.Bind(7, int64_t(*fatigue_before));
  else
    s.BindNull(7);
  s.Step();
  return sqlite3_last_insert_rowid(db_);
}

void SessionStore::SetFatigueBefore(int64_t session_id, int fatigue) {
  Stmt s(db_, "UPDATE sessions SET fatigue_before=? WHERE id=? AND ended_utc IS NULL");
  s.Bind(1, int64_t(std::clamp(fatigue, 0, 10))).Bind(2, session_id);
  s.Step();
}

namespace {
std::string TimeOr(const std::string& t_utc) { return t_utc.empty() ? UtcNowIso() : t_utc; }
}  // namespace

void SessionStore::RecordTrial(int64_t session_id, int block, const core::TrialResult& t,
                               const std::string& t_utc) {
  const nlohmann::json params = core::ParametersToJson(t.parameters),
                       metrics = core::MetricsToJson(t.metrics);
  Stmt s(db_,
         "INSERT INTO trials(uuid, session_id, block, exercise, variant, trial_index, level, "
         "outcome, note, parameters_json, metrics_json, start_ms, end_ms, recorded_utc, "
         "quality_json) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  nlohmann::json quality = core::QualityToJson(t.quality);
  quality["poor"] = core::PoorQuality(t.quality);
  s.Bind(1, NewUuid())
      .Bind(2, session_id)
      .Bind(3, int64_t(block))
      .Bind(4, t.exercise_id)
      .Bind(5, t.variant)
      .Bind(6, int64_t(t.trial_index))
      .Bind(7, t.level)
      .Bind(8, std::string(core::TrialOutcomeName(t.outcome)))
      .Bind(9, t.note)
      .Bind(10, params.dump())
      .Bind(11, metrics.dump())
      .Bind(12, t.start_ms)
      .Bind(13, t.end_ms)
      .Bind(14, TimeOr(t_utc))
      .Bind(15, quality.dump());
  s.Step();
}

void SessionStore::RecordEvent(int64_t session_id, const std::string& kind,
                               const std::string& detail, const std::string& t_utc) {
  Stmt s(db_, "INSERT INTO events(session_id, t_utc, kind, detail) VALUES(?,?,?,?)");
  s.Bind(1, session_id).Bind(2, TimeOr(t_utc)).Bind(3, kind).Bind(4, detail);
  s.Step();
}

void SessionStore::RecordLevelChange(int64_t session_id, const std::string& exercise,
                                     int trial_index, double from, double to,
                                     const std::string& reason, const std::string& t_utc) {
  Stmt s(db_,
         "INSERT INTO level_changes(session_id, exercise, trial_index, level_from, level_to, "
         "reason, t_utc) VALUES(?,?,?,?,?,?,?)");
  s.Bind(1, session_id)
      .Bind(2, exercise)
      .Bind(3, int64_t(trial_index))
      .Bind(4, from)
      .Bind(5, to)
      .Bind(6, reason)
      .Bind(7, TimeOr(t_utc));
  s.Step();
}

void SessionStore::EndSession(int64_t session_id, const std::string& stop_reason,
                              std::optional<int> fatigue_after,
                              const std::vector<std::string>& symptoms, const std::string& t_utc) {
  Stmt s(db_,
         "UPDATE sessions SET ended_utc=?, stop_reason=?, fatigue_after=?, symptoms=? WHERE id=? "
         "AND ended_utc IS NULL");
  s.Bind(1, TimeOr(t_utc)).Bind(2, stop_reason);
  if (fatigue_after)
    s.Bind(3, int64_t(*fatigue_after));
  else
    s.BindNull(3);
  s.Bind(4, nlohmann::json(symptoms).dump()).Bind(5, session_id);
  s.Step();
}

int SessionStore::CloseInterruptedSessions() {
  Stmt s(db_,
         "UPDATE sessions SET stop_reason='interrupted', ended_utc=coalesce("
         "(SELECT max(t.recorded_utc) FROM trials t WHERE t.session_id=sessions.id), started_utc) "
         "WHERE ended_utc IS NULL");
  s.Step();
  return sqlite3_changes(db_);
}

std::vector<StoredTrial> SessionStore::Trials(int64_t session_id) {
  std::vector<StoredTrial> out;
  Stmt s(
      db_,
      "SELECT uuid, exercise, variant, outcome, note, parameters_json, metrics_json, recorded_utc, "
      "block, trial_index, level, quality_json FROM trials WHERE session_id=? ORDER BY id");
  s.Bind(1, session_id);
  while (s.Step())
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6),
                   s.Text(7), int(s.Int(8)), int(s.Int(9)), s.Real(10), s.Text(11)});
  return out;
}

std::optional<std::string> SessionStore::GetSetting(const std::string& key) {
  Stmt s(db_, "SELECT value FROM settings WHERE key=?");
  s.Bind(1, key);
  if (s.Step()) return s.Text(0);
  return std::nullopt;
}

void SessionStore::SetSetting(const std::string& key, const std::string& value) {
  Stmt s(db_,
         "INSERT INTO settings(key, value, updated_utc) VALUES(?,?,?) "
         "ON CONFLICT(key) DO UPDATE SET value=excluded.value, updated_utc=excluded.updated_utc");
  s.Bind(1, key).Bind(2, value).Bind(3, UtcNowIso());
  s.Step();
}

void SessionStore::DeleteSetting(const std::string& key) {
  Stmt s(db_, "DELETE FROM settings WHERE key=?");
  s.Bind(1, key);
  s.Step();
}

std::vector<SessionSummary> SessionStore::Sessions(int64_t profile_id) {
  std::vector<SessionSummary> out;
  Stmt s(
      db_,
      "SELECT s.id, s.uuid, s.started_utc, coalesce(s.ended_utc,''), coalesce(s.stop_reason,''), "
      "(SELECT count(*) FROM trials t WHERE t.session_id=s.id), "
      "(SELECT count(*) FROM trials t WHERE t.session_id=s.id AND t.outcome='success'), "
      "coalesce(s.fatigue_before,-1), coalesce(s.fatigue_after,-1), s.symptoms, "
      "(SELECT count(*) FROM events e WHERE e.session_id=s.id AND e.kind='pause'), "
      "(SELECT count(*) FROM events e WHERE e.session_id=s.id AND e.kind='fall_alarm'), "
      "s.plan_name, s.plan_version, s.utc_offset_min "
      "FROM sessions s WHERE s.profile_id=? ORDER BY s.started_utc");
  s.Bind(1, profile_id);
  while (s.Step())
    out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), int(s.Int(5)),
                   int(s.Int(6)), int(s.Int(7)), int(s.Int(8)), s.Text(9), int(s.Int(10)),
                   int(s.Int(11)), s.Text(12), int(s.Int(13)), int(s.Int(14))});
  return out;
}

int SessionStore::CountEvents(int64_t session_id, const std::string& kind) {
  Stmt s(db_, "SELECT count(*) FROM events WHERE session_id=? AND kind=?");
  s.Bind(1, session_id).Bind(2, kind);
  return s.Step() ? int(s.Int(0)) : 0;
}

std::optional<core::LevelState> SessionStore::LoadLevel(int64_t profile_id,
                                                        const std::string& exercise) {
  Stmt s(db_, "SELECT state_json FROM exercise_levels WHERE profile_id=? AND exercise=?");
  s.Bind(1, profile_id).Bind(2, exercise);
  if (!s.Step()) return std::nullopt;
  try {
    return core::LevelStateFromJson(nlohmann::json::parse(s.Text(0)));
  } catch (const std::exception&) {
    return std::nullopt;  // unreadable: start from the plan's level rather than fail the session
  }
}

void SessionStore::SaveLevel(int64_t profile_id, const std::string& exercise,
                             const core::LevelState& state) {
  Stmt s(db_,
         "INSERT INTO exercise_levels(profile_id, exercise, state_json, updated_utc) "
         "VALUES(?,?,?,?) ON CONFLICT(profile_id, exercise) DO UPDATE SET "
         "state_json=excluded.state_json, updated_utc=excluded.updated_utc");
  s.Bind(1, profile_id)
      .Bind(2, exercise)
      .Bind(3, core::LevelStateToJson(state).dump())
      .Bind(4, UtcNowIso());
  s.Step();
}

}  // namespace poise::store
