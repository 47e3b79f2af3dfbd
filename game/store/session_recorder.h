// SessionRecorder: the SQLite SessionSink. Each trial is stored together with the level changes
// it caused and the level saved for the next session, in ONE transaction. A write the database
// refuses (locked by another program, disk full) never stops the game: the record is held in
// memory, in order, and retried (at most every retry interval, with a short lock wait so the game
// does not stall); what is still held when the session ends goes to a recovery file next to the
// database, which ImportRecovery stores at the next start. Never throws from the sink calls.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "game/core/session/session_sink.h"
#include "game/store/session_store.h"

namespace poise::store {

class SessionRecorder : public core::SessionSink {
 public:
  /// profile_id: whose session (levels are saved for this profile). `store` must outlive it.
  SessionRecorder(SessionStore& store, int64_t profile_id);

  std::string Begin(const core::SessionBeginRecord& record) override;
  void FatigueBefore(int fatigue_0_to_10) override;
  void Trial(const core::TrialRecord& record) override;
  void Event(const std::string& kind, const std::string& detail) override;
  void PoseStream(const core::PoseStreamRecord& record) override;
  void End(const core::SessionEndRecord& record) override;

  /// Tries the held records again if the retry interval has passed (cheap when nothing is held).
  void Retry();
  size_t held() const { return held_.size(); }
  int64_t session_id() const { return session_id_; }
  /// After End: one sentence for the player when records could not be stored (kept in the
  /// recovery file, or lost if even that failed); "" when everything was stored.
  const std::string& unsaved() const { return unsaved_; }
  /// Trace hook: ("trial", "stored EXERCISE N") after a trial's commit, ("event", "store error:
  /// ...") when a write is held.
  std::function<void(const std::string& kind, const std::string& detail)> on_note;
  /// How long to wait between retries of held records.
  std::chrono::milliseconds retry_interval{2000};

  /// The recovery file of a database: PATH-recovery.jsonl.
  static std::string RecoveryPath(const SessionStore& store);

 private:
  struct Held {
    nlohmann::json record;
    std::vector<core::ReplayFrame> frames;  ///< a pose stream's frames (not in the recovery file)
  };
  void Hold(Held h);
  void Flush(bool force);

  SessionStore& store_;
  int64_t profile_id_;
  int64_t session_id_ = 0;
  std::deque<Held> held_;
  std::chrono::steady_clock::time_point last_failure_{};
  std::string unsaved_;
};

struct RecoveryImport {
  int stored = 0;     ///< records stored from the recovery file
  int left = 0;       ///< still in the file (the database refused them again)
  std::string error;  ///< one sentence when records are left, else ""
};
/// Stores the records of a recovery file left by an earlier run (in order; the file keeps only
/// those that could not be stored, and is removed when none is left). No file: nothing to do.
RecoveryImport ImportRecovery(SessionStore& store);

/// The levels a patient reached in these exercises (where their last session ended).
std::map<std::string, core::LevelState> LoadLevels(SessionStore& store, int64_t profile_id,
                                                   const std::vector<std::string>& exercises);

}  // namespace poise::store
