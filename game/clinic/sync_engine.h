// One sync of a linked profile with its clinic server, over libpq (no wire format of our own):
// - push: every row the server has not acknowledged, oldest first, in batches; each batch one
//   transaction of INSERT ... ON CONFLICT (uuid) DO NOTHING; the home acknowledgement is written
//   only after the server's COMMIT returned. A kill, a server restart or a cut cable at any
//   moment loses nothing (unacknowledged rows are sent again) and duplicates nothing (same UUID);
// - pull: the newest plan version assigned to this patient becomes a new local version (never an
//   edit in place) that the patient follows from the next session, with a one-time notice.
// The home store is never changed except for acknowledgements, the link status and pulled plans.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "game/clinic/pg.h"
#include "game/store/clinic_outbox.h"
#include "game/store/session_store.h"

namespace poise::clinic {

struct SyncOptions {
  size_t batch_rows = 500;        ///< rows per transaction
  size_t batch_bytes = 4u << 20;  ///< about this many bytes per transaction (landmark streams)
  double connect_timeout_s = 10;
  /// Fault injection for tests: called inside a batch's transaction, before COMMIT, and right
  /// after COMMIT returned (before the home acknowledgement). May throw to simulate a crash.
  std::function<void(size_t batch_index, size_t rows)> before_commit, after_commit;
};

struct SyncReport {
  size_t rows_sent = 0, batches = 0, sessions_waiting = 0;
  int64_t payload_bytes = 0;  ///< the rows' values as sent (text and landmark bytes)
  int64_t bytes_sent = -1;    ///< bytes the TLS connection carried to the server (TCP_INFO)
  double push_ms = 0;         ///< connect excluded
  bool plan_updated = false;
};

/// Pushes then pulls for one linked profile. Throws ClinicError (one sentence) when the server
/// cannot be reached, refuses, is full, or runs a newer clinic schema; every acknowledged batch
/// stays acknowledged, nothing else was changed at home. `stop` ends the sync between batches.
SyncReport SyncProfile(store::SessionStore& store, const store::ClinicLink& link,
                       const SyncOptions& options = {}, const std::atomic<bool>* stop = nullptr);

/// The one quiet line for the menu: "Sent to your clinic today 14:02", "Not connected: 3
/// sessions waiting", ... `now_utc_s` and the offset make it testable (times shown local).
std::string SyncStatusLine(const store::ClinicLink& link, int sessions_waiting, int64_t now_utc_s,
                           int utc_offset_min);

/// Seconds to wait after `failures` failed attempts in a row: doubling from min_s up to max_s,
/// times a jitter factor from u01 in [0, 1) (between 0.5 and 1), so that many devices coming
/// back at once do not knock on the server together.
double BackoffSeconds(int failures, double u01, double min_s = 5, double max_s = 900);

}  // namespace poise::clinic
