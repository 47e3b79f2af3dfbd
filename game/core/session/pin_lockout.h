// Lock-out after wrong PIN attempts: the first 3 wrong attempts cost nothing, then each one
// doubles a waiting time (5 s, 10 s, 20 s ... up to 5 min) before the next try is accepted.
// Pure: time is passed in (Unix ms, so the state can be stored and survive a restart).
#pragma once

#include <cstdint>
#include <string>

namespace poise::core {

struct PinLockout {
  int failures = 0;
  int64_t locked_until_ms = 0;

  /// Milliseconds still to wait before a try is accepted (0: now).
  int64_t WaitMs(int64_t now_ms) const {
    return locked_until_ms > now_ms ? locked_until_ms - now_ms : 0;
  }
  void RecordFailure(int64_t now_ms);
  void RecordSuccess() { *this = PinLockout{}; }
  std::string Serialize() const;
  static PinLockout Parse(const std::string& text);  ///< malformed text: no lock-out
};

/// Empty if the PIN is acceptable (4 to 8 digits), else one sentence.
std::string ValidatePin(const std::string& pin);

}  // namespace poise::core
