#include "game/core/exercises/hysteresis_switch.h"

#include <gtest/gtest.h>

namespace poise::core {
namespace {

TEST(HysteresisSwitchTest, TurnsOnOnlyAfterTheValueHeldForMinDuration) {
  HysteresisSwitch s(/*on_at=*/5, /*off_at=*/2, /*min_ms=*/150);
  EXPECT_FALSE(s.Update(6, 0));
  EXPECT_FALSE(s.Update(6, 100));
  EXPECT_TRUE(s.Update(6, 160));
  EXPECT_NEAR(s.changed_at_ms(), 0, 1e-9);  // the lift began at 0, not when it was confirmed
}

TEST(HysteresisSwitchTest, ShortBlip_DoesNotSwitch) {
  HysteresisSwitch s(5, 2, 150);
  s.Update(6, 0);
  s.Update(6, 100);
  EXPECT_FALSE(s.Update(4, 130));  // dropped below on_at before 150 ms
  EXPECT_FALSE(s.Update(6, 200));
  EXPECT_FALSE(s.Update(6, 300));
  EXPECT_TRUE(s.Update(6, 360));
}

TEST(HysteresisSwitchTest, ValuesBetweenThresholds_KeepTheState) {
  HysteresisSwitch s(5, 2, 100);
  s.Update(6, 0);
  ASSERT_TRUE(s.Update(6, 100));
  for (int t = 200; t < 2000; t += 33) EXPECT_TRUE(s.Update(3, t));  // above off_at: stays on
  s.Update(1, 2000);
  EXPECT_TRUE(s.Update(1, 2050));
  EXPECT_FALSE(s.Update(1, 2100));
  EXPECT_NEAR(s.changed_at_ms(), 2000, 1e-9);
}

TEST(HysteresisSwitchTest, DropPending_RestartsTheDebounce) {
  HysteresisSwitch s(5, 2, 150);
  s.Update(6, 0);
  s.DropPending();
  EXPECT_FALSE(s.Update(6, 160));
  EXPECT_TRUE(s.Update(6, 310));
}

}  // namespace
}  // namespace poise::core
