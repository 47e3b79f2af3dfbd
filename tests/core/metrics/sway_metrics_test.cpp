#include "game/core/metrics/sway_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace poise::core {
namespace {

constexpr double kPi = std::numbers::pi;

std::vector<SwaySample> Circle(double r_cm, double revolutions, int samples_per_rev,
                               double period_s) {
  std::vector<SwaySample> s;
  const int n = int(revolutions * samples_per_rev);
  for (int i = 0; i <= n; ++i) {
    const double a = 2 * kPi * i / samples_per_rev;
    s.push_back({i * period_s / samples_per_rev, r_cm * std::cos(a), r_cm * std::sin(a)});
  }
  return s;
}

TEST(SwayMetricsTest, PathLength_CircleIsTwoPiRPerRevolution) {
  const auto s = Circle(/*r_cm=*/3, /*revolutions=*/2, /*samples_per_rev=*/600, /*period_s=*/5);
  // A 600-gon's perimeter is 2*pi*r within 5e-6 relative.
  EXPECT_NEAR(SwayPathLengthCm(s), 2 * 2 * kPi * 3, 1e-3);
}

TEST(SwayMetricsTest, MeanVelocity_ConstantVelocityGivesThatVelocity) {
  std::vector<SwaySample> s;
  for (int i = 0; i <= 300; ++i) {
    const double t = i / 30.0;
    s.push_back({t, 1.0 + 3.0 * t, 2.0 - 4.0 * t});  // 5 cm/s along (3, -4)
  }
  EXPECT_NEAR(SwayMeanVelocityCmS(s), 5.0, 1e-9);
  EXPECT_NEAR(SwayPathLengthCm(s), 50.0, 1e-9);
}

TEST(SwayMetricsTest, MeanVelocity_CircleIsCircumferenceOverPeriod) {
  const auto s = Circle(2, 1, 900, 4);
  EXPECT_NEAR(SwayMeanVelocityCmS(s), 2 * kPi * 2 / 4, 1e-3);
}

TEST(SwayMetricsTest, EllipseArea_GaussianMatchesPiChi2SxSy) {
  std::mt19937 rng(12345);
  const double sx = 1.5, sy = 0.6, rot = 0.5;  // a rotated ellipse: covariance not diagonal
  std::normal_distribution<double> nx(0, sx), ny(0, sy);
  std::vector<SwaySample> s;
  for (int i = 0; i < 50000; ++i) {
    const double u = nx(rng), v = ny(rng);
    s.push_back({i / 30.0, 4 + u * std::cos(rot) - v * std::sin(rot),
                 -2 + u * std::sin(rot) + v * std::cos(rot)});
  }
  const double expected = kPi * 5.991 * sx * sy;
  EXPECT_NEAR(SwayEllipseArea95Cm2(s), expected, 0.02 * expected);
  // The RMS distance from the mean of a 2-D Gaussian is sqrt(sx^2 + sy^2).
  EXPECT_NEAR(SwayRmsCm(s), std::sqrt(sx * sx + sy * sy), 0.02);
}

TEST(SwayMetricsTest, EllipseArea_LineHasNoArea) {
  std::vector<SwaySample> s;
  for (int i = 0; i < 100; ++i) s.push_back({i / 30.0, double(i), 2.0 * i});
  EXPECT_NEAR(SwayEllipseArea95Cm2(s), 0, 1e-6);
}

TEST(SwayMetricsTest, Rms_CircleIsItsRadius) {
  const auto s = Circle(2.5, 1, 1000, 10);
  EXPECT_NEAR(SwayRmsCm(s), 2.5, 0.01);
}

TEST(SwayMetricsTest, TooFewSamples_GiveZeroNotNaN) {
  EXPECT_EQ(SwayPathLengthCm({}), 0);
  EXPECT_EQ(SwayMeanVelocityCmS({{0, 1, 1}}), 0);
  EXPECT_EQ(SwayEllipseArea95Cm2({{0, 1, 1}, {1, 2, 2}}), 0);
  EXPECT_EQ(SwayRmsCm({}), 0);
  const SwayStats st = ComputeSway({{0, 0, 0}, {2, 3, 4}});
  EXPECT_NEAR(st.duration_s, 2, 1e-12);
  EXPECT_NEAR(st.mean_velocity_cm_s, 2.5, 1e-12);
}

TEST(SwayMetricsTest, Segmented_DoesNotCountTheJumpAcrossAGap) {
  std::vector<SwaySample> a, b;
  for (int i = 0; i <= 30; ++i) a.push_back({i / 30.0, i / 30.0, 0});           // 1 cm/s for 1 s
  for (int i = 0; i <= 30; ++i) b.push_back({5 + i / 30.0, 20 + i / 30.0, 0});  // after a gap
  const SwayStats st = ComputeSegmentedSway({a, b});
  EXPECT_NEAR(st.path_cm, 2, 1e-9);
  EXPECT_NEAR(st.duration_s, 2, 1e-9);
  EXPECT_NEAR(st.mean_velocity_cm_s, 1, 1e-9);
  std::vector<SwaySample> joined = a;
  joined.insert(joined.end(), b.begin(), b.end());
  EXPECT_NEAR(SwayPathLengthCm(joined), 2 + 19, 1e-9);  // what joining would have counted
}

TEST(SwayMetricsTest, Smoother_CutsJitterAndKeepsSlowSway) {
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0, 1.0);  // 1 cm per-frame jitter
  SwaySmoother smoother;
  std::vector<SwaySample> noisy, smoothed, truth;
  for (int i = 0; i < 30 * 30; ++i) {
    const double t = i / 30.0, x = 2 * std::sin(2 * kPi * 0.2 * t);  // 2 cm at 0.2 Hz
    truth.push_back({t, x, 0});
    noisy.push_back({t, x + noise(rng), noise(rng)});
    smoothed.push_back(smoother.Filter(noisy.back()));
  }
  const double true_path = SwayPathLengthCm(truth);  // 4 * 2 cm * 6 cycles = 48 cm
  EXPECT_NEAR(true_path, 48, 0.5);
  EXPECT_GT(SwayPathLengthCm(noisy), 10 * true_path);  // raw jitter swamps the path
  // Smoothing removes at least 95 % of the path the jitter added.
  const double raw_excess = SwayPathLengthCm(noisy) - true_path;
  EXPECT_LT(SwayPathLengthCm(smoothed) - true_path, 0.05 * raw_excess);
  // The slow sway itself passes: its amplitude stays within 10 %.
  double peak = 0;
  for (size_t i = 300; i < smoothed.size(); ++i) peak = std::max(peak, smoothed[i].x_cm);
  EXPECT_NEAR(peak, 2, 0.3);
}

TEST(SwayMetricsTest, Smoother_ResetStartsFromTheNextSample) {
  SwaySmoother s;
  s.Filter({0, 0, 0});
  s.Filter({0.033, 10, 10});
  s.Reset();
  const SwaySample out = s.Filter({1, 5, 6});
  EXPECT_NEAR(out.x_cm, 5, 1e-12);
  EXPECT_NEAR(out.y_cm, 6, 1e-12);
}

// A slow sway (1.5 cm at 0.2 Hz) with 0.6 cm jitter per axis, through the live smoother, at
// 30 and 15 frames a second: frame to frame, the path grows with the jitter and as the frame
// rate falls; on the 5 Hz grid after the zero-lag mean it stays near the true path at both.
double SmoothedSwayPath(double fps, bool grid) {
  std::mt19937 rng(5);
  std::normal_distribution<double> g(0, 0.6);
  SwaySmoother sm;
  std::vector<SwaySample> s;
  for (double t = 0; t <= 20; t += 1 / fps)
    s.push_back(sm.Filter({t, 1.5 * std::sin(2 * kPi * 0.2 * t) + g(rng), g(rng)}));
  return grid ? ComputeSegmentedSway({s}, 0.2).path_cm : ComputeSegmentedSway({s}).path_cm;
}

TEST(SwayMetricsTest, GridPath_JitterAndFrameRateLengthenItFarLess) {
  const double truth = 20 * 0.2 * 4 * 1.5;              // 4 amplitudes a cycle: 24 cm
  EXPECT_GT(SmoothedSwayPath(15, false), 1.4 * truth);  // frame to frame: jitter counts
  EXPECT_NEAR(SmoothedSwayPath(30, true), truth, 0.15 * truth);
  EXPECT_NEAR(SmoothedSwayPath(15, true), truth, 0.2 * truth);
}

TEST(SwayMetricsTest, ResampleSway_UniformGridKeepsEnds) {
  std::vector<SwaySample> s = {{0, 0, 0}, {0.1, 1, 0}, {0.35, 3.5, 0}, {0.5, 5, 1}};
  const auto r = ResampleSway(s, 0.2);
  ASSERT_EQ(r.size(), 4u);  // 0, 0.2, 0.4, then the last sample
  EXPECT_NEAR(r[1].t_s, 0.2, 1e-9);
  EXPECT_NEAR(r[1].x_cm, 2, 1e-9);
  EXPECT_NEAR(r[2].x_cm, 4, 1e-9);
  EXPECT_NEAR(r[3].t_s, 0.5, 1e-9);
}

}  // namespace
}  // namespace poise::core
