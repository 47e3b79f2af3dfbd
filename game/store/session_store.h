// SessionStore: the session database, one SQLite file (default $XDG_DATA_HOME/poise/poise.db).
// Versioned schema (PRAGMA user_version), migrated forward, never silently recreated. WAL
// journal; every write is its own transaction, so a crash loses at most the write in progress.
// Times are UTC ISO 8601 with the local UTC offset beside them; rows carry UUIDs.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "game/core/adaptation/level_controller.h"
#include "game/core/exercises/trial.h"
#include "game/core/session/profile.h"

struct sqlite3;

namespace poise::store {

/// A database that cannot be used: what() is one sentence for the user; the file is untouched.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// 1: profiles, sessions, trials, events, level changes. 2: settings. 3: versioned plans and the
/// plan a patient follows, the plan a session used, session notes, landmark streams. 4: per-day
/// metric sums for the review (metric_days, filled by a trigger on trials). 5: the PDF reports
/// written (reports). 6: the clinic link and the rows the clinic server acknowledged
/// (clinic_links, clinic_acks). 7: each trial's tracking quality
/// (trials.quality_json; poor-quality trials stay out of metric_days). 8: settings per
/// profile (profile_settings). 9: what happened to the physiotherapist PIN (pin_events: set,
/// reset, lock-outs).
inline constexpr int kSchemaVersion = 9;

struct SessionSummary {
  int64_t id = 0;
  std::string uuid, started_utc, ended_utc, stop_reason;
  int trials = 0, successes = 0;
  int fatigue_before = -1, fatigue_after = -1;  ///< self-reports 0-10, -1 when not given
  std::string symptoms_json = "[]";
  int pauses = 0, fall_alarms = 0;
  std::string plan_name;  ///< the plan the session followed, and its version
  int plan_version = 0;
  int utc_offset_min = 0;  ///< the local offset when the session started (minutes east of UTC)
};

/// A trial as stored (parameters and metrics as JSON arrays of {name, value, unit}).
struct StoredTrial {
  std::string uuid, exercise, variant, outcome, note, parameters_json, metrics_json, recorded_utc;
  int block = 0, trial_index = 0;
  double level = 0;
  std::string quality_json = "{}";  ///< core::QualityToJson plus "poor"; "{}" before schema 5
};

class SessionStore {
 public:
  static std::string DefaultPath();
  /// Opens or creates the file. Throws StoreError for a file that is damaged, not a database, from
  /// a newer Poise, locked by another program, or in a folder that cannot be written.
  explicit SessionStore(const std::string& path);
  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  std::vector<core::Profile> Profiles();
  /// Validates and stores a new profile; returns its id. Throws StoreError (invalid or failed).
  int64_t AddProfile(core::Profile profile);
  /// Validates and changes every field of an existing profile (by id; uuid kept). Throws
  /// StoreError (invalid, unknown id, or failed); nothing changes then.
  void UpdateProfile(const core::Profile& profile);

  /// plan_uuid: the stored plan version followed ("" for a plan read from a file).
  int64_t BeginSession(int64_t profile_id, const std::string& plan_name, int plan_version,
                       std::optional<int> fatigue_before, const std::string& plan_uuid = "");
  /// The self-report before the session (0-10), given at the safety check.
  void SetFatigueBefore(int64_t session_id, int fatigue_0_to_10);
  // t_utc: when it happened (UtcNowIso() form); "" = now. A write retried later keeps its time.
  void RecordTrial(int64_t session_id, int block, const core::TrialResult& trial,
                   const std::string& t_utc = "");
  void RecordEvent(int64_t session_id, const std::string& kind, const std::string& detail,
                   const std::string& t_utc = "");
  void RecordLevelChange(int64_t session_id, const std::string& exercise, int trial_index,
                         double from, double to, const std::string& reason,
                         const std::string& t_utc = "");
  void EndSession(int64_t session_id, const std::string& stop_reason,
                  std::optional<int> fatigue_after, const std::vector<std::string>& symptoms,
                  const std::string& t_utc = "");
  /// Closes every session left open (the program was killed or crashed) as "interrupted", ended
  /// at the time of its last trial (or its start when it has none). Returns how many.
  int CloseInterruptedSessions();
  std::vector<SessionSummary> Sessions(int64_t profile_id);
  std::vector<StoredTrial> Trials(int64_t session_id);
  /// Machine-wide settings (key/value text).
  std::optional<std::string> GetSetting(const std::string& key);
  void SetSetting(const std::string& key, const std::string& value);
  void DeleteSetting(const std::string& key);
  int CountEvents(int64_t session_id, const std::string& kind);
  /// The difficulty a patient reached in an exercise (carried to the next session), if any.
  std::optional<core::LevelState> LoadLevel(int64_t profile_id, const std::string& exercise);
  void SaveLevel(int64_t profile_id, const std::string& exercise, const core::LevelState& state);
  const std::string& path() const { return path_; }
  /// One sentence when opening made the database or its folder private (0600 / 0700) because
  /// other users could read it; "" otherwise. Say it once to the user.
  const std::string& permission_note() const { return permission_note_; }
  /// The open connection, for the store's other files (review queries, plans, reports); never
  /// leaves game/store.
  sqlite3* handle() { return db_; }

 private:
  void Exec(const std::string& sql);
  /// The schema version and whether the file is a Poise database of it (version 0: a new,
  /// empty file), judged by reading only.
  struct Shape {
    int version = 0;
    bool poise = false;
  };
  Shape ReadShape();
  void SwitchToWal();
  [[noreturn]] void Fail(const std::string& what);
  sqlite3* db_ = nullptr;
  std::string path_;
  std::string permission_note_;
};

/// "2026-11-25T05:30:00.123Z" for now, and the local offset from UTC in minutes.
std::string UtcNowIso();
int LocalUtcOffsetMinutes();
std::string NewUuid();

}  // namespace poise::store
