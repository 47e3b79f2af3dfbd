#include "game/core/session/pin_lockout.h"

#include <gtest/gtest.h>

namespace poise::core {
namespace {

TEST(PinLockoutTest, ThreeFreeTriesThenDoublingWaitsUpToFiveMinutes) {
  PinLockout l;
  for (int i = 0; i < 3; ++i) {
    l.RecordFailure(1000);
    EXPECT_EQ(l.WaitMs(1000), 0) << "try " << i + 1;
  }
  l.RecordFailure(1000);
  EXPECT_EQ(l.WaitMs(1000), 5000);
  EXPECT_EQ(l.WaitMs(4000), 2000);
  l.RecordFailure(10000);
  EXPECT_EQ(l.WaitMs(10000), 10000);
  for (int i = 0; i < 20; ++i) l.RecordFailure(0);
  EXPECT_EQ(l.WaitMs(0), 300000);
  l.RecordSuccess();
  EXPECT_EQ(l.WaitMs(0), 0);
  EXPECT_EQ(l.failures, 0);
}

TEST(PinLockoutTest, ClockSetBack_NeitherShortensNorLiftsTheWait) {
  PinLockout l;
  for (int i = 0; i < 5; ++i) l.RecordFailure(PinClock{1'000'000, 50'000, "boot-a"});
  ASSERT_EQ(l.WaitMs(PinClock{1'000'000, 50'000, "boot-a"}), 10000);
  // Same boot: the boot clock alone counts, whatever the wall clock says.
  EXPECT_EQ(l.WaitMs(PinClock{0, 51'000, "boot-a"}), 9000) << "wall clock set back";
  EXPECT_EQ(l.WaitMs(PinClock{9'000'000'000, 51'000, "boot-a"}), 9000) << "set forward";
  EXPECT_EQ(l.WaitMs(PinClock{9'000'000'000, 60'000, "boot-a"}), 0);
  // After a restart of the computer: a wall clock earlier than the last wrong try means no time
  // has passed, and no more time counts than the boot clock has seen since the restart.
  EXPECT_EQ(l.WaitMs(PinClock{999'000, 120'000, "boot-b"}), 10000) << "set back, restarted";
  EXPECT_EQ(l.WaitMs(PinClock{1'000'000 + 86'400'000, 3'000, "boot-b"}), 7000)
      << "set a day forward, restarted 3 s ago";
  EXPECT_EQ(l.WaitMs(PinClock{1'000'000 + 4'000, 120'000, "boot-b"}), 6000);
  // Wall clock only (no boot clock): an earlier wall clock still waits the whole delay.
  EXPECT_EQ(l.WaitMs(500'000), 10000);
}

TEST(PinLockoutTest, TheWaitFollowsTheCountOfWrongTries_NotAStoredDeadline) {
  // A wrong try with the clock set far ahead must not make the next one wait less later.
  PinLockout l;
  for (int i = 0; i < 4; ++i) l.RecordFailure(PinClock{5'000'000'000, 1'000, "b"});
  EXPECT_EQ(l.failures, 4);
  EXPECT_EQ(l.WaitMs(PinClock{1'000, 2'000, "b"}), 4000);
  l.RecordFailure(PinClock{1'000, 6'000, "b"});
  EXPECT_EQ(l.failures, 5);
  EXPECT_EQ(l.WaitMs(PinClock{1'000, 6'000, "b"}), 10000);
}

TEST(PinLockoutTest, StateSurvivesSerialisationAndJunkMeansNoLock) {
  PinLockout l;
  for (int i = 0; i < 6; ++i) l.RecordFailure(PinClock{123456789, 4242, "0f2c-boot"});
  const PinLockout r = PinLockout::Parse(l.Serialize());
  EXPECT_EQ(r.failures, 6);
  EXPECT_EQ(r.last_wall_ms, 123456789);
  EXPECT_EQ(r.last_boot_ms, 4242);
  EXPECT_EQ(r.boot_id, "0f2c-boot");
  EXPECT_EQ(PinLockout::Parse("garbage").failures, 0);
  EXPECT_EQ(PinLockout::Parse("v2 x").failures, 0);
  // The older form, "failures locked_until_ms": the same wait on the wall clock.
  const PinLockout old = PinLockout::Parse("5 20000");
  EXPECT_EQ(old.failures, 5);
  EXPECT_EQ(old.WaitMs(12000), 8000);
  EXPECT_EQ(old.WaitMs(1000), 10000) << "an earlier clock: no time has passed";
}

TEST(PinLockoutTest, NewPinMustBeSixToEightDigits) {
  EXPECT_EQ(ValidatePin("123456"), "");
  EXPECT_EQ(ValidatePin("12345678"), "");
  EXPECT_NE(ValidatePin("1234"), "") << "4 digits no longer do for a new PIN";
  EXPECT_NE(ValidatePin("12345"), "");
  EXPECT_NE(ValidatePin("123456789"), "");
  EXPECT_NE(ValidatePin("12a456"), "");
  EXPECT_NE(ValidatePin("12345").find("6 to 8 digits"), std::string::npos);
}

}  // namespace
}  // namespace poise::core
