#include "game/store/pin_vault.h"

#include <gtest/gtest.h>
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

TEST_F(PinVaultTest, SetAndCheck_StoresOnlyASaltedHash) {
  SessionStore s(Path());
  PinVault v(s);
  EXPECT_FALSE(v.IsSet());
  v.Set("2468");
  EXPECT_TRUE(v.IsSet());
  const std::string hash = *s.GetSetting("physio_pin_hash");
  EXPECT_EQ(hash.find("2468"), std::string::npos);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(v.Check("2468", 0), PinVault::Result::kOk);
  EXPECT_EQ(v.Check("1357", 0), PinVault::Result::kWrong);
  v.Set("2468");
  EXPECT_NE(*s.GetSetting("physio_pin_hash"), hash) << "a new salt each time";
  EXPECT_THROW(v.Set("12"), StoreError);
}

TEST_F(PinVaultTest, WrongTries_LockOutWithGrowingDelay_AcrossRestarts) {
  {
    SessionStore s(Path());
    PinVault v(s);
    v.Set("2468");
    for (int i = 0; i < 4; ++i) EXPECT_EQ(v.Check("0000", 1000), PinVault::Result::kWrong);
  }
  SessionStore s(Path());  // a restart does not clear the waiting time
  PinVault v(s);
  EXPECT_EQ(v.WaitMs(1000), 5000);
  EXPECT_EQ(v.Check("2468", 2000), PinVault::Result::kLocked) << "even the right PIN waits";
  EXPECT_EQ(v.Check("2468", 6001), PinVault::Result::kOk);
  EXPECT_EQ(v.WaitMs(6001), 0);
}

TEST_F(PinVaultTest, Reset_ForgetsThePinAndKeepsPatientData) {
  SessionStore s(Path());
  core::Profile p;
  p.name = "Anna";
  s.AddProfile(p);
  PinVault v(s);
  v.Set("2468");
  v.Reset();
  EXPECT_FALSE(v.IsSet());
  EXPECT_EQ(s.Profiles().size(), 1u);
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
