#include "game/store/pin_vault.h"

#include <sodium.h>

#include <chrono>

namespace poise::store {
namespace {

constexpr const char* kHashKey = "physio_pin_hash";
constexpr const char* kLockKey = "physio_pin_lockout";

void InitSodium() {
  if (sodium_init() < 0)
    throw StoreError("The PIN cannot be checked: the crypto library failed to start.");
}

}  // namespace

int64_t UnixNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool PinVault::IsSet() { return store_.GetSetting(kHashKey).has_value(); }

void PinVault::Set(const std::string& pin) {
  if (const std::string err = core::ValidatePin(pin); !err.empty()) throw StoreError(err);
  InitSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw StoreError("The PIN could not be stored: not enough memory.");
  store_.SetSetting(kHashKey, hash);
  store_.DeleteSetting(kLockKey);
}

core::PinLockout PinVault::Lockout() {
  const auto s = store_.GetSetting(kLockKey);
  return s ? core::PinLockout::Parse(*s) : core::PinLockout{};
}

int64_t PinVault::WaitMs(int64_t now) { return Lockout().WaitMs(now); }

PinVault::Result PinVault::Check(const std::string& pin, int64_t now) {
  core::PinLockout lock = Lockout();
  if (lock.WaitMs(now) > 0) return Result::kLocked;
  const auto hash = store_.GetSetting(kHashKey);
  if (!hash) return Result::kWrong;
  InitSodium();
  if (crypto_pwhash_str_verify(hash->c_str(), pin.c_str(), pin.size()) == 0) {
    store_.DeleteSetting(kLockKey);
    return Result::kOk;
  }
  lock.RecordFailure(now);
  store_.SetSetting(kLockKey, lock.Serialize());
  return Result::kWrong;
}

void PinVault::Reset() {
  store_.DeleteSetting(kHashKey);
  store_.DeleteSetting(kLockKey);
}

}  // namespace poise::store
