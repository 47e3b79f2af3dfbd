#include "game/store/pin_vault.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace poise::store {
namespace {
namespace fs = std::filesystem;

class StoreFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_pin_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path() const { return (dir_ / "poise.db").string(); }
  fs::path dir_;
};

using PinVaultTest = StoreFileTest;

core::PinClock At(int64_t wall_ms, int64_t boot_ms = -1, const std::string& boot = "") {
  return core::PinClock{wall_ms, boot_ms, boot};
}

std::vector<std::string> Kinds(SessionStore& s) {
  std::vector<std::string> k;
  for (const auto& e : PinEvents(s, 100)) k.push_back(e.kind);
  return k;
}

TEST_F(PinVaultTest, SetAndCheck_StoresOnlyASaltedHash) {
  SessionStore s(Path());
  PinVault v(s);
  EXPECT_FALSE(v.IsSet());
  v.Set("246810");
  EXPECT_TRUE(v.IsSet());
  const std::string hash = *s.GetSetting("physio_pin_hash");
  EXPECT_EQ(hash.find("246810"), std::string::npos);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(v.Check("246810", At(0)), PinVault::Result::kOk);
  EXPECT_EQ(v.Check("135791", At(0)), PinVault::Result::kWrong);
  v.Set("246810");
  EXPECT_NE(*s.GetSetting("physio_pin_hash"), hash) << "a new salt each time";
  EXPECT_THROW(v.Set("12"), StoreError);
}

TEST_F(PinVaultTest, NewPinNeedsSixDigits_AnOlderShorterPinStillOpens) {
  SessionStore s(Path());
  PinVault v(s);
  try {
    v.Set("2468");
    FAIL() << "a 4-digit PIN was accepted as a new PIN";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()), "A new PIN must be 6 to 8 digits.");
  }
  EXPECT_THROW(v.Set("24680"), StoreError);
  EXPECT_FALSE(v.IsSet()) << "nothing stored";
  // A 4-digit PIN an older version stored (the same Argon2id hash form) still opens the area.
  ASSERT_GE(sodium_init(), 0);
  char hash[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str(hash, "2468", 4, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE),
            0);
  s.SetSetting("physio_pin_hash", hash);
  EXPECT_EQ(v.Check("2468", At(0)), PinVault::Result::kOk);
  EXPECT_EQ(v.Check("2469", At(0)), PinVault::Result::kWrong);
}

TEST_F(PinVaultTest, WrongTries_LockOutWithGrowingDelay_AcrossRestarts) {
  {
    SessionStore s(Path());
    PinVault v(s);
    v.Set("246810");
    for (int i = 0; i < 4; ++i) EXPECT_EQ(v.Check("000000", At(1000)), PinVault::Result::kWrong);
  }
  SessionStore s(Path());  // a restart does not clear the waiting time
  PinVault v(s);
  EXPECT_EQ(v.WaitMs(At(1000)), 5000);
  EXPECT_EQ(v.Check("246810", At(2000)), PinVault::Result::kLocked) << "even the right PIN waits";
  EXPECT_EQ(v.Check("246810", At(6001)), PinVault::Result::kOk);
  EXPECT_EQ(v.WaitMs(At(6001)), 0);
}

TEST_F(PinVaultTest, ClockSetBackOrForward_DoesNotShortenTheWait) {
  SessionStore s(Path());
  PinVault v(s);
  v.Set("246810");
  const int64_t wall = 1'800'000'000'000;
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(v.Check("000000", At(wall, 70'000, "boot-1")), PinVault::Result::kWrong);
  EXPECT_EQ(v.Check("000000", At(wall + 5'000, 75'000, "boot-1")), PinVault::Result::kWrong);
  EXPECT_EQ(*s.GetSetting("physio_pin_lockout"), "v2 5 1800000005000 75000 boot-1")
      << "the count of wrong tries and the last one's time on both clocks, in the database";
  // The wall clock moved a day forward, or an hour back: the boot clock says 2 s passed.
  EXPECT_EQ(v.WaitMs(At(wall + 86'400'000, 77'000, "boot-1")), 8000);
  EXPECT_EQ(v.Check("246810", At(wall + 86'400'000, 77'000, "boot-1")), PinVault::Result::kLocked);
  EXPECT_EQ(v.WaitMs(At(wall - 3'600'000, 77'000, "boot-1")), 8000);
  // After a restart with the clock set back: no time has passed.
  EXPECT_EQ(v.WaitMs(At(wall - 3'600'000, 500'000, "boot-2")), 10000);
  EXPECT_EQ(v.Check("246810", At(wall - 3'600'000, 500'000, "boot-2")), PinVault::Result::kLocked);
  EXPECT_EQ(v.Check("246810", At(wall - 3'600'000, 85'000, "boot-1")), PinVault::Result::kOk);
}

TEST_F(PinVaultTest, LockOutBeginningGrowingAndEnding_AreRecordedAsPinEvents) {
  SessionStore s(Path());
  PinVault v(s);
  v.Set("246810");
  for (int i = 0; i < 3; ++i) v.Check("000000", At(1000));
  EXPECT_EQ(Kinds(s), std::vector<std::string>{"pin_set"}) << "three free tries change nothing";
  v.Check("000000", At(1000));
  EXPECT_EQ(v.Check("000000", At(2000)), PinVault::Result::kLocked);
  v.Check("000000", At(7000));
  EXPECT_EQ(v.Check("246810", At(17000)), PinVault::Result::kOk);
  EXPECT_EQ(v.Check("000000", At(17000)), PinVault::Result::kWrong);
  EXPECT_EQ(v.Check("246810", At(17000)), PinVault::Result::kOk);
  const auto events = PinEvents(s);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(Kinds(s), (std::vector<std::string>{"lockout_ended", "lockout_longer", "lockout_began",
                                                "pin_set"}))
      << "newest first; a right PIN without a lock-out is no event";
  EXPECT_EQ(events[0].wrong_tries, 5);
  EXPECT_EQ(events[0].detail, "The right PIN after 5 wrong tries in a row ended the lock-out.");
  EXPECT_EQ(events[1].detail, "Lock-out longer: 5 wrong PINs in a row; the next try waits 10 s.");
  EXPECT_EQ(events[2].detail, "Lock-out began: 4 wrong PINs in a row; the next try waits 5 s.");
  EXPECT_EQ(events[2].wrong_tries, 4);
  EXPECT_EQ(events[2].t_utc.size(), UtcNowIso().size());
}

TEST_F(PinVaultTest, Reset_ForgetsThePinAndKeepsPatientData_AndIsRecorded) {
  SessionStore s(Path());
  core::Profile p;
  p.name = "Anna";
  s.AddProfile(p);
  PinVault v(s);
  v.Set("246810");
  for (int i = 0; i < 4; ++i) v.Check("000000", At(0));
  v.Reset();
  EXPECT_FALSE(v.IsSet());
  EXPECT_EQ(v.WaitMs(At(0)), 0);
  EXPECT_EQ(s.Profiles().size(), 1u);
  v.Reset();  // every reset counts, even with no PIN set
  const auto events = PinEvents(s);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0].kind, "pin_reset");
  EXPECT_EQ(events[0].detail, "'poise pin reset' was run (no PIN was set).");
  EXPECT_EQ(events[1].kind, "pin_reset");
  EXPECT_EQ(events[1].wrong_tries, 4);
  EXPECT_EQ(events[1].detail,
            "The PIN was removed with 'poise pin reset' after 4 wrong tries in a row.");
}

using MigrationTest = StoreFileTest;

TEST_F(MigrationTest, VersionOneDatabase_MigratesForwardKeepingItsData) {
  std::ifstream in(std::string(POISE_TEST_DATA) + "/store/schema_v1.sql");
  std::stringstream sql;
  sql << in.rdbuf();
  sqlite3* db;
  ASSERT_EQ(sqlite3_open(Path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.str().c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  SessionStore s(Path());
  const auto profiles = s.Profiles();
  ASSERT_EQ(profiles.size(), 1u);
  EXPECT_EQ(profiles[0].name, "Vera");
  EXPECT_EQ(s.Sessions(profiles[0].id).size(), 1u);
  s.SetSetting("k", "v");  // the v2 table exists
  EXPECT_EQ(*s.GetSetting("k"), "v");
  sqlite3_open(Path().c_str(), &db);
  sqlite3_stmt* st;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  sqlite3_step(st);
  EXPECT_EQ(sqlite3_column_int(st, 0), kSchemaVersion);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

}  // namespace
}  // namespace poise::store
