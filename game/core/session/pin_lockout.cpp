#include "game/core/session/pin_lockout.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace poise::core {

void PinLockout::RecordFailure(int64_t now_ms) {
  ++failures;
  if (failures <= 3) return;
  const int64_t delay_ms = std::min<int64_t>(300000, 5000LL << std::min(failures - 4, 16));
  locked_until_ms = now_ms + delay_ms;
}

std::string PinLockout::Serialize() const {
  return std::to_string(failures) + " " + std::to_string(locked_until_ms);
}

PinLockout PinLockout::Parse(const std::string& text) {
  PinLockout p;
  std::istringstream in(text);
  if (!(in >> p.failures >> p.locked_until_ms) || p.failures < 0) return {};
  return p;
}

std::string ValidatePin(const std::string& pin) {
  if (pin.size() < 4 || pin.size() > 8 ||
      !std::all_of(pin.begin(), pin.end(), [](unsigned char c) { return std::isdigit(c); }))
    return "The PIN must be 4 to 8 digits.";
  return "";
}

}  // namespace poise::core
