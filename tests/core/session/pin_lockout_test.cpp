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
  l.RecordFailure(10000);
  EXPECT_EQ(l.WaitMs(10000), 10000);
  for (int i = 0; i < 20; ++i) l.RecordFailure(0);
  EXPECT_EQ(l.WaitMs(0), 300000);
  l.RecordSuccess();
  EXPECT_EQ(l.WaitMs(0), 0);
  EXPECT_EQ(l.failures, 0);
}

TEST(PinLockoutTest, StateSurvivesSerialisationAndJunkMeansNoLock) {
  PinLockout l{6, 123456789};
  const PinLockout r = PinLockout::Parse(l.Serialize());
  EXPECT_EQ(r.failures, 6);
  EXPECT_EQ(r.locked_until_ms, 123456789);
  EXPECT_EQ(PinLockout::Parse("garbage").failures, 0);
}

TEST(PinLockoutTest, PinMustBeFourToEightDigits) {
  EXPECT_EQ(ValidatePin("1234"), "");
  EXPECT_EQ(ValidatePin("12345678"), "");
  EXPECT_NE(ValidatePin("123"), "");
  EXPECT_NE(ValidatePin("123456789"), "");
  EXPECT_NE(ValidatePin("12a4"), "");
}

}  // namespace
}  // namespace poise::core
