#include "game/core/metrics/local_fit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace poise::core {
namespace {

std::vector<TimedValue> Sample(double (*f)(double), double t0, double t1, double dt_ms) {
  std::vector<TimedValue> s;
  for (double t = t0; t <= t1 + 1e-9; t += dt_ms) s.push_back({t, f(t)});
  return s;
}
double Ramp(double t) { return 0.01 * t - 3; }  // 1 cm per 100 ms
double MinJerk(double t) {                      // 0 to 10 over 0-1000 ms
  const double u = std::clamp(t / 1000, 0.0, 1.0);
  return 10 * u * u * u * (10 - 15 * u + 6 * u * u);
}

TEST(LocalFitTest, StraightLine_IsReadExactlyBetweenSamplesAndAtTheEnds) {
  const auto s = Sample(Ramp, 0, 1000, 66.7);
  for (double t : {0.0, 30.0, 500.0, 990.0})
    EXPECT_NEAR(LocalLineAt(s, 0, s.size(), t, /*half_ms=*/100), Ramp(t), 1e-9) << t;
}

TEST(LocalFitTest, Crossing_OfASmoothMovementIsWithinAFewMsAtAnyFrameRate) {
  // The movement passes 6.6 at this time (solved on the formula).
  double lo = 0, hi = 1000;
  for (int i = 0; i < 60; ++i) ((MinJerk((lo + hi) / 2) < 6.6) ? lo : hi) = (lo + hi) / 2;
  for (double dt : {33.3, 50.0, 66.7}) {
    const auto s = Sample(MinJerk, -500, 1500, dt);
    const auto c = LastCrossingMs(s, 0, s.size(), 6.6, 100);
    ASSERT_TRUE(c.has_value()) << dt;
    EXPECT_NEAR(*c, lo, 6) << dt;
  }
}

TEST(LocalFitTest, Crossing_InsideAGapIsReadFromTheSamplesOnBothSides) {
  auto s = Sample(Ramp, 0, 1000, 33.3);
  std::vector<TimedValue> gapped;
  for (const TimedValue& v : s)
    if (v.t_ms < 400 || v.t_ms > 700) gapped.push_back(v);  // 0.3 s unseen around 600 ms
  const auto c = LastCrossingMs(gapped, 0, gapped.size(), Ramp(600), 100);
  ASSERT_TRUE(c.has_value());
  EXPECT_NEAR(*c, 600, 1);
  EXPECT_FALSE(LastCrossingMs(gapped, 0, gapped.size(), 50, 100).has_value()) << "never reached";
  EXPECT_TRUE(LastCrossingMs(gapped, 0, gapped.size(), 0, 100, /*rising=*/false) == std::nullopt);
}

TEST(LocalFitTest, HeldValue_IsTheLowestOfTheBestWindowAndLowersLittleUnderJitter) {
  // Up to 10 by 1000 ms, held there until 1600 ms: 10 was held for 0.5 s.
  const auto s = Sample(MinJerk, 0, 1600, 33.3);
  const auto held = HeldValue(s, 0, s.size(), 500, 100);
  ASSERT_TRUE(held.has_value());
  EXPECT_NEAR(*held, 10, 1e-6);
  // Ending at 1300 ms: the best window is 800-1300 ms, whose lowest point is at 800 ms (the
  // line fit over 0.1 s either side reads the decelerating movement there about 0.1 cm low).
  const auto shorter = Sample(MinJerk, 0, 1300, 33.3);
  EXPECT_NEAR(*HeldValue(shorter, 0, shorter.size(), 500, 100), MinJerk(800), 0.2);
  // 0.8 cm jitter at 30 fps: the fitted lean's SD is about 0.3 cm, and the lowest point of a
  // window reads up to two of those low.
  std::mt19937 rng(3);
  std::normal_distribution<double> g(0, 0.8);
  auto noisy = s;
  for (auto& v : noisy) v.value += g(rng);
  EXPECT_NEAR(*HeldValue(noisy, 0, noisy.size(), 500, 100), 10, 0.8);
  // Shorter than the hold: nothing.
  EXPECT_FALSE(HeldValue(s, 0, 10, 500, 100).has_value());
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

// A lean to 10 cm (minimum jerk, 0-1000 ms) at 15 fps with a bridged gap of 0.33 s as it ends
// (700-970 ms unseen), then held until 1500 ms (where the seen stretch ends): the only 0.5 s
// window at the lean starts just after the gap. Fits there reached back across the gap to
// samples still on the way and read the held lean 0.43 cm low; they are left out of the
// window's lowest value when it has fits that did not need the gap.
TEST(LocalFitTest, HeldValue_WindowStartingJustAfterAGap_NotPulledBackAcrossIt) {
  std::vector<TimedValue> s;
  for (double t = 0; t <= 1500 + 1e-9; t += 66.7)
    if (t < 700 || t > 970) s.push_back({t, MinJerk(t)});
  const auto held = HeldValue(s, 0, s.size(), 500, 100);
  ASSERT_TRUE(held.has_value());
  EXPECT_NEAR(*held, 10, 0.1);
}

}  // namespace
}  // namespace poise::core
