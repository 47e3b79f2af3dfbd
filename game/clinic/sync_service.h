// ClinicSyncService: the clinic sync on its own thread, for every linked profile of a database.
// Never blocks a frame: the game reads a snapshot (Status) under a mutex, the thread does the
// network and its own SQLite connection. A failed attempt waits with exponential back-off and
// jitter (BackoffSeconds); a good one waits `interval_s` or until SyncSoon() (a session ended).
// The game creates it only when the database has a linked profile, so an unlinked machine opens
// no socket at all. Stopping (the destructor) never waits for a slow server.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace poise::store {
class SessionStore;
}

namespace poise::clinic {

struct SyncServiceOptions {
  double interval_s = 600;  ///< between good syncs
  double backoff_min_s = 5, backoff_max_s = 900;
  double connect_timeout_s = 10;
};

struct ProfileSyncStatus {
  std::string line;          ///< the quiet menu line (SyncStatusLine)
  bool plan_notice = false;  ///< a plan from the clinic arrived: tell the patient once
  int attempts = 0, failures_in_a_row = 0;
};

class ClinicSyncService {
 public:
  /// Starts the thread. `db_path` is the session database (opened again on the thread).
  explicit ClinicSyncService(std::string db_path, SyncServiceOptions options = {});
  ~ClinicSyncService();
  ClinicSyncService(const ClinicSyncService&) = delete;
  ClinicSyncService& operator=(const ClinicSyncService&) = delete;

  /// Sync now rather than at the next interval (after a session ended, a link was made).
  void SyncSoon();
  /// The latest status of a profile ("" line when it is not linked).
  ProfileSyncStatus Status(int64_t profile_id) const;
  /// The patient saw the plan notice (the service's copy; the database's is taken by the game).
  void ClearPlanNotice(int64_t profile_id);

 private:
  void Run();
  void SyncAll(double& wait_s);
  std::unique_ptr<store::SessionStore> store_;  ///< the thread's own connection, kept open
  std::string db_path_;
  SyncServiceOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool soon_ = false;
  std::atomic<bool> stop_{false};
  std::map<int64_t, ProfileSyncStatus> status_;
  std::thread thread_;
};

}  // namespace poise::clinic
