// The physiotherapist PIN, kept in the session database's settings as a salted Argon2id hash
// (libsodium crypto_pwhash_str, interactive limits), never as the PIN itself; with the lock-out
// state beside it (the wrong tries in a row and when the last one was, on the wall clock and on
// this boot's monotonic clock) so neither a restart nor a changed clock shortens the wait.
// Forgotten PIN: `poise pin reset` clears only these two settings; patient data stays. A PIN
// set, every reset and every lock-out change is kept in pin_events, which the physiotherapist
// area lists.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "game/core/session/pin_lockout.h"
#include "game/store/session_store.h"

namespace poise::store {

/// Now on the wall clock, CLOCK_BOOTTIME and this boot's id (/proc/sys/kernel/random/boot_id).
core::PinClock PinClockNow();
int64_t UnixNowMs();

class PinVault {
 public:
  explicit PinVault(SessionStore& store) : store_(store) {}
  bool IsSet();
  /// Throws StoreError with one sentence if the PIN is not 6-8 digits or cannot be stored.
  void Set(const std::string& pin);
  enum class Result { kOk, kWrong, kLocked };
  /// Checks a try; a wrong PIN counts towards the lock-out. A try during a wait is refused
  /// unchecked. A lock-out that begins, grows or ends is recorded as a PIN event.
  Result Check(const std::string& pin, const core::PinClock& now = PinClockNow());
  /// Milliseconds until the next try is accepted.
  int64_t WaitMs(const core::PinClock& now = PinClockNow());
  /// Forgets the PIN and the lock-out (the documented reset) and records it as a PIN event;
  /// nothing else changes.
  void Reset();

 private:
  core::PinLockout Lockout();
  SessionStore& store_;
};

/// A PIN set, reset or lock-out change, for the physiotherapist.
struct PinEvent {
  std::string t_utc;
  int utc_offset_min = 0;
  std::string kind;  ///< pin_set, pin_reset, lockout_began, lockout_longer, lockout_ended
  int wrong_tries = 0;
  std::string detail;  ///< one plain sentence
};
/// The newest PIN events first.
std::vector<PinEvent> PinEvents(SessionStore& store, int limit = 10);

}  // namespace poise::store
