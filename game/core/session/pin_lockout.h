// Lock-out after wrong PIN attempts: the first 3 wrong attempts cost nothing, then each one
// doubles a waiting time (5 s, 10 s, 20 s ... up to 5 min) before the next try is accepted.
// The wait is earned by the count of wrong tries in a row (it only grows until the right PIN or
// `poise pin reset`) and runs from the last wrong try, measured on the monotonic boot clock while
// the computer has not restarted. So neither setting the wall clock forward nor back shortens or
// lifts a wait; a wall clock earlier than the last wrong try counts as "no time has passed".
// Pure: the clocks are passed in, so the state can be stored and survive a restart.
#pragma once

#include <cstdint>
#include <string>

namespace poise::core {

/// "Now" on the clocks the lock-out reads.
struct PinClock {
  int64_t wall_ms = 0;   ///< wall clock, Unix ms (can be set by the user)
  int64_t boot_ms = -1;  ///< CLOCK_BOOTTIME ms (never set; counts suspend); -1 unknown
  std::string boot_id;   ///< which boot boot_ms belongs to; "" unknown
};

struct PinLockout {
  int failures = 0;           ///< wrong tries in a row since the last right PIN or reset
  int64_t last_wall_ms = 0;   ///< the last wrong try on the wall clock
  int64_t last_boot_ms = -1;  ///< ... and on the boot clock (-1 unknown)
  std::string boot_id;        ///< the boot last_boot_ms belongs to ("" unknown)

  /// The wait that `failures` wrong tries in a row earn (0 for the first three).
  static int64_t DelayMs(int failures);
  /// Time since the last wrong try: on the same boot the boot clock alone; after a restart the
  /// wall clock (0 if it is earlier than the last wrong try), but never more than the time since
  /// this boot, which the boot clock vouches for.
  int64_t ElapsedMs(const PinClock& now) const;
  /// Milliseconds still to wait before a try is accepted (0: now).
  int64_t WaitMs(const PinClock& now) const;
  /// Wall clock only (no boot clock known).
  int64_t WaitMs(int64_t now_wall_ms) const { return WaitMs(PinClock{now_wall_ms, -1, ""}); }
  bool Locked() const { return DelayMs(failures) > 0; }  ///< a wrong try now would wait
  void RecordFailure(const PinClock& now);
  void RecordFailure(int64_t now_wall_ms) { RecordFailure(PinClock{now_wall_ms, -1, ""}); }
  void RecordSuccess() { *this = PinLockout{}; }
  std::string Serialize() const;
  /// Malformed text: no lock-out. Reads the older "failures locked_until_ms" form too.
  static PinLockout Parse(const std::string& text);
};

inline constexpr int kMinNewPinDigits = 6;
inline constexpr int kMaxPinDigits = 8;

/// Empty if a new PIN is acceptable (6 to 8 digits), else one sentence. (PINs of 4 or 5 digits
/// set by older versions still open the area; they are only no longer accepted as new PINs.)
std::string ValidatePin(const std::string& pin);

}  // namespace poise::core
