#include "game/core/session/pin_lockout.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace poise::core {

int64_t PinLockout::DelayMs(int failures) {
  if (failures <= 3) return 0;
  return std::min<int64_t>(300000, 5000LL << std::min(failures - 4, 16));
}

int64_t PinLockout::ElapsedMs(const PinClock& now) const {
  const bool same_boot = !boot_id.empty() && boot_id == now.boot_id && last_boot_ms >= 0 &&
                         now.boot_ms >= last_boot_ms;
  if (same_boot) return now.boot_ms - last_boot_ms;
  const int64_t wall = std::max<int64_t>(0, now.wall_ms - last_wall_ms);
  return now.boot_ms >= 0 ? std::min(wall, now.boot_ms) : wall;
}

int64_t PinLockout::WaitMs(const PinClock& now) const {
  const int64_t delay = DelayMs(failures);
  if (delay == 0) return 0;
  return std::max<int64_t>(0, delay - ElapsedMs(now));
}

void PinLockout::RecordFailure(const PinClock& now) {
  failures = failures < 1000000 ? failures + 1 : failures;
  last_wall_ms = now.wall_ms;
  last_boot_ms = now.boot_ms;
  boot_id = now.boot_ms >= 0 ? now.boot_id : "";
}

std::string PinLockout::Serialize() const {
  return "v2 " + std::to_string(failures) + " " + std::to_string(last_wall_ms) + " " +
         std::to_string(last_boot_ms) + " " + (boot_id.empty() ? "-" : boot_id);
}

PinLockout PinLockout::Parse(const std::string& text) {
  PinLockout p;
  std::istringstream in(text);
  if (text.rfind("v2 ", 0) == 0) {
    std::string tag;
    if (!(in >> tag >> p.failures >> p.last_wall_ms >> p.last_boot_ms >> p.boot_id) ||
        p.failures < 0)
      return {};
    if (p.boot_id == "-") p.boot_id.clear();
    return p;
  }
  // Before the boot clock: "failures locked_until_ms" (wall clock only).
  int64_t locked_until_ms = 0;
  if (!(in >> p.failures >> locked_until_ms) || p.failures < 0) return {};
  p.last_wall_ms = locked_until_ms - DelayMs(p.failures);
  return p;
}

std::string ValidatePin(const std::string& pin) {
  if (int(pin.size()) < kMinNewPinDigits || int(pin.size()) > kMaxPinDigits ||
      !std::all_of(pin.begin(), pin.end(), [](unsigned char c) { return std::isdigit(c); }))
    return "A new PIN must be 6 to 8 digits.";
  return "";
}

}  // namespace poise::core
