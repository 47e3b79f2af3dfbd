#include "vision/landmark_filter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace poise::vision {
namespace {

TEST(LowPassFilterTest, FirstSamplePassesThenBlends) {
  LowPassFilter f;
  EXPECT_FLOAT_EQ(f.Apply(10, 0.1f), 10);
  EXPECT_FLOAT_EQ(f.Apply(20, 0.1f), 11);
}

double StdDev(const std::vector<double>& v) {
  double m = 0, s = 0;
  for (double x : v) m += x;
  m /= v.size();
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / v.size());
}

TEST(OneEuroFilterTest, StillPointWithJitter_IsSmoothed) {
  OneEuroFilter f({0.1, 40.0, 1.0, 30.0});
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0, 0.5);  // 0.5 px jitter on a 200 px person
  std::vector<double> in, out;
  for (int i = 0; i < 300; ++i) {
    const double x = 100 + noise(rng);
    in.push_back(x);
    out.push_back(f.Apply(i * 33.3, 1.0 / 200, x));
  }
  std::vector<double> in_tail(in.begin() + 100, in.end()), out_tail(out.begin() + 100, out.end());
  EXPECT_LT(StdDev(out_tail), 0.5 * StdDev(in_tail));
}

TEST(OneEuroFilterTest, FastMovement_FollowsWithLittleLag) {
  OneEuroFilter f({0.1, 40.0, 1.0, 30.0});
  double y = 0;
  for (int i = 0; i < 30; ++i) y = f.Apply(i * 33.3, 1.0 / 200, i * 10.0);  // 300 px/s
  EXPECT_GT(y, 290 - 30);  // within 3 frames of movement
}

TEST(OneEuroFilterTest, RepeatedTimestamp_ReturnsInputUnchanged) {
  OneEuroFilter f;
  f.Apply(0, 1, 5);
  f.Apply(33, 1, 5);
  EXPECT_DOUBLE_EQ(f.Apply(33, 1, 9), 9);
}

TEST(LandmarkSetSmootherTest, ValueScaling_MakesSmoothingIndependentOfPersonSizeInPixels) {
  // The same movement seen by a camera twice as close (everything x2 in pixels) must be smoothed
  // identically relative to the person's size.
  LandmarkSetSmoother small({0.1, 40.0, 1.0, 30.0}, true, 0.1f);
  LandmarkSetSmoother big({0.1, 40.0, 1.0, 30.0}, true, 0.1f);
  for (int i = 0; i < 40; ++i) {
    const float dx = float(10 * std::sin(i * 0.3));
    std::vector<SmoothPoint> a = {{100 + dx, 100, 0, 1, 1}, {200 + dx, 300, 0, 1, 1}};
    std::vector<SmoothPoint> b = {{2 * (100 + dx), 200, 0, 1, 1}, {2 * (200 + dx), 600, 0, 1, 1}};
    small.Apply(i * 33.3, a);
    big.Apply(i * 33.3, b);
    EXPECT_NEAR(b[0].x, 2 * a[0].x, 1e-2) << "frame " << i;
  }
}

TEST(LandmarkSetSmootherTest, VisibilityIsLowPassedAndResetStartsOver) {
  LandmarkSetSmoother s({0.1, 40.0, 1.0, 30.0}, true, 0.1f);
  std::vector<SmoothPoint> p = {{0, 0, 0, 1.0f, 1}, {10, 10, 0, 1.0f, 1}};
  s.Apply(0, p);
  p = {{0, 0, 0, 0.0f, 1}, {10, 10, 0, 0.0f, 1}};
  s.Apply(33, p);
  EXPECT_NEAR(p[0].visibility, 0.9f, 1e-6);
  s.Reset();
  p = {{0, 0, 0, 0.0f, 1}, {10, 10, 0, 0.0f, 1}};
  s.Apply(66, p);
  EXPECT_NEAR(p[0].visibility, 0.0f, 1e-6);
}

}  // namespace
}  // namespace poise::vision
