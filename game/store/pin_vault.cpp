#include "game/store/pin_vault.h"

#include <sodium.h>
#include <time.h>

#include <chrono>
#include <fstream>

#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace {

constexpr const char* kHashKey = "physio_pin_hash";
constexpr const char* kLockKey = "physio_pin_lockout";

void InitSodium() {
  if (sodium_init() < 0)
    throw StoreError("The PIN cannot be checked: the crypto library failed to start.");
}

/// BEGIN IMMEDIATE ... COMMIT, rolled back when the scope is left by an exception: the lock-out
/// state and its event are written together or not at all.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { Exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void Commit() {
    Exec("COMMIT");
    done_ = true;
  }

 private:
  void Exec(const char* sql) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw StoreError(Stmt::Describe(rc, sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  bool done_ = false;
};

void RecordPinEvent(SessionStore& store, const std::string& kind, int wrong_tries,
                    const std::string& detail) {
  Stmt s(store.handle(),
         "INSERT INTO pin_events(uuid, t_utc, utc_offset_min, kind, wrong_tries, detail) "
         "VALUES(?,?,?,?,?,?)");
  s.Bind(1, NewUuid())
      .Bind(2, UtcNowIso())
      .Bind(3, int64_t(LocalUtcOffsetMinutes()))
      .Bind(4, kind)
      .Bind(5, int64_t(wrong_tries))
      .Bind(6, detail);
  s.Step();
}

std::string Seconds(int64_t ms) { return std::to_string((ms + 999) / 1000) + " s"; }

const std::string& BootId() {
  static const std::string id = [] {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string s;
    in >> s;
    return s;
  }();
  return id;
}

}  // namespace

int64_t UnixNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

core::PinClock PinClockNow() {
  core::PinClock c;
  c.wall_ms = UnixNowMs();
  timespec ts{};
  if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0 && !BootId().empty()) {
    c.boot_ms = int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
    c.boot_id = BootId();
  }
  return c;
}

bool PinVault::IsSet() { return store_.GetSetting(kHashKey).has_value(); }

void PinVault::Set(const std::string& pin) {
  if (const std::string err = core::ValidatePin(pin); !err.empty()) throw StoreError(err);
  InitSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw StoreError("The PIN could not be stored: not enough memory.");
  Transaction tx(store_.handle());
  store_.SetSetting(kHashKey, hash);
  store_.DeleteSetting(kLockKey);
  RecordPinEvent(store_, "pin_set", 0, "A new PIN was set.");
  tx.Commit();
}

core::PinLockout PinVault::Lockout() {
  const auto s = store_.GetSetting(kLockKey);
  return s ? core::PinLockout::Parse(*s) : core::PinLockout{};
}

int64_t PinVault::WaitMs(const core::PinClock& now) { return Lockout().WaitMs(now); }

PinVault::Result PinVault::Check(const std::string& pin, const core::PinClock& now) {
  if (Lockout().WaitMs(now) > 0) return Result::kLocked;
  const auto hash = store_.GetSetting(kHashKey);
  InitSodium();
  // Argon2id takes a moment: checked before the write lock is taken.
  const bool right = hash && crypto_pwhash_str_verify(hash->c_str(), pin.c_str(), pin.size()) == 0;
  Transaction tx(store_.handle());
  // Read again inside the lock: another program's wrong try in the meantime still counts.
  core::PinLockout lock = Lockout();
  if (right) {
    if (lock.failures > 0) store_.DeleteSetting(kLockKey);
    if (lock.Locked())
      RecordPinEvent(store_, "lockout_ended", lock.failures,
                     "The right PIN after " + std::to_string(lock.failures) +
                         " wrong tries in a row ended the lock-out.");
    tx.Commit();
    return Result::kOk;
  }
  const bool was_locked = lock.Locked();
  lock.RecordFailure(now);
  store_.SetSetting(kLockKey, lock.Serialize());
  if (lock.Locked()) {
    const std::string wait = Seconds(core::PinLockout::DelayMs(lock.failures));
    if (!was_locked)
      RecordPinEvent(store_, "lockout_began", lock.failures,
                     "Lock-out began: " + std::to_string(lock.failures) +
                         " wrong PINs in a row; the next try waits " + wait + ".");
    else
      RecordPinEvent(store_, "lockout_longer", lock.failures,
                     "Lock-out longer: " + std::to_string(lock.failures) +
                         " wrong PINs in a row; the next try waits " + wait + ".");
  }
  tx.Commit();
  return Result::kWrong;
}

void PinVault::Reset() {
  Transaction tx(store_.handle());
  const int failures = Lockout().failures;
  const bool had_pin = IsSet();
  store_.DeleteSetting(kHashKey);
  store_.DeleteSetting(kLockKey);
  std::string detail = had_pin ? "The PIN was removed with 'poise pin reset'"
                               : "'poise pin reset' was run (no PIN was set)";
  if (failures > 0) detail += " after " + std::to_string(failures) + " wrong tries in a row";
  RecordPinEvent(store_, "pin_reset", failures, detail + ".");
  tx.Commit();
}

std::vector<PinEvent> PinEvents(SessionStore& store, int limit) {
  std::vector<PinEvent> out;
  Stmt s(store.handle(),
         "SELECT t_utc, utc_offset_min, kind, wrong_tries, detail FROM pin_events "
         "ORDER BY id DESC LIMIT ?");
  s.Bind(1, int64_t(limit));
  while (s.Step()) out.push_back({s.Text(0), int(s.Int(1)), s.Text(2), int(s.Int(3)), s.Text(4)});
  return out;
}

}  // namespace poise::store
