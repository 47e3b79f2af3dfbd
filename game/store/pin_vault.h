// The physiotherapist PIN, kept in the session database's settings as a salted Argon2id hash
// (libsodium crypto_pwhash_str, interactive limits), never as the PIN itself; with the lock-out
// state beside it so a restart does not reset the waiting time.
// Forgotten PIN: `poise pin reset` clears only these two settings; patient data stays.
#pragma once

#include <cstdint>
#include <string>

#include "game/core/session/pin_lockout.h"
#include "game/store/session_store.h"

namespace poise::store {

class PinVault {
 public:
  explicit PinVault(SessionStore& store) : store_(store) {}
  bool IsSet();
  /// Throws StoreError with one sentence if the PIN is not 4-8 digits or cannot be stored.
  void Set(const std::string& pin);
  enum class Result { kOk, kWrong, kLocked };
  /// Checks a try at `now_unix_ms`; a wrong PIN counts towards the lock-out.
  Result Check(const std::string& pin, int64_t now_unix_ms);
  /// Milliseconds until the next try is accepted.
  int64_t WaitMs(int64_t now_unix_ms);
  /// Forgets the PIN and the lock-out (the documented reset); nothing else changes.
  void Reset();

 private:
  core::PinLockout Lockout();
  SessionStore& store_;
};

int64_t UnixNowMs();

}  // namespace poise::store
