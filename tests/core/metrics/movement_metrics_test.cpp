#include "game/core/metrics/movement_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace poise::core {
namespace {

constexpr double kPi = std::numbers::pi;

/// Minimum-jerk position (fraction 0..1 of the distance) at tau = t / duration.
double MinJerk(double tau) {
  tau = std::clamp(tau, 0.0, 1.0);
  return 10 * std::pow(tau, 3) - 15 * std::pow(tau, 4) + 6 * std::pow(tau, 5);
}

/// Timestamps at ~30 fps with +-4 ms jitter, as pose frames arrive.
std::vector<double> JitteryStamps(double seconds, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(-4, 4);
  std::vector<double> t;
  for (int i = 0; i * 33.333 <= seconds * 1000; ++i) t.push_back(i * 33.333 + jitter(rng));
  return t;
}

/// SPARC of a straight-line path x(t_ms) in cm through the whole pipeline.
double LineSparc(const std::vector<double>& t_ms, const std::vector<double>& x_cm) {
  return PathSparc(t_ms, x_cm, std::vector<double>(x_cm.size(), 0.0));
}

TEST(MovementMetricsTest, EstimateRate_MedianOfJitteryIntervals) {
  EXPECT_NEAR(EstimateRateHz(JitteryStamps(5)), 30, 1.5);
  EXPECT_EQ(EstimateRateHz({5.0}), 0);
}

TEST(MovementMetricsTest, Resample_LinearBetweenIrregularStamps) {
  const std::vector<double> v = ResampleUniform({0, 10, 40}, {0, 1, 4}, 100);  // 10 ms grid
  ASSERT_EQ(v.size(), 5u);
  EXPECT_NEAR(v[2], 2.0, 1e-9);
  EXPECT_NEAR(v[4], 4.0, 1e-9);
}

TEST(MovementMetricsTest, SavitzkyGolay_ExactOnQuadraticIncludingEdges) {
  std::vector<double> v;
  for (int i = 0; i < 30; ++i) v.push_back(0.5 * i * i * 0.01 + 2 * i * 0.1);  // t = i * 0.1 s
  const std::vector<double> d = SavitzkyGolay(v, /*window=*/7, /*order=*/2, /*deriv=*/1, 0.1);
  for (int i = 0; i < 30; ++i) EXPECT_NEAR(d[i], 0.1 * i + 2, 1e-9) << "sample " << i;
}

TEST(MovementMetricsTest, SavitzkyGolay_ReducesJitterBeforeDifferentiating) {
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 0.2);  // cm of landmark jitter
  std::vector<double> v;
  for (int i = 0; i < 90; ++i) v.push_back(10 * i / 30.0 + noise(rng));  // 10 cm/s
  const std::vector<double> d = SavitzkyGolay(v, 9, 2, 1, 1 / 30.0);
  double raw = 0, sg = 0;
  for (int i = 10; i < 80; ++i) {
    raw += std::pow((v[i + 1] - v[i]) * 30 - 10, 2);
    sg += std::pow(d[i] - 10, 2);
  }
  EXPECT_LT(sg, raw / 10) << "smoothed derivative error should be far below the raw difference";
}

TEST(MovementMetricsTest, Sparc_MinimumJerkReachIsLikeHealthyReaching) {
  const std::vector<double> t = JitteryStamps(1.2);
  std::vector<double> x;
  for (double tm : t) x.push_back(30 * MinJerk((tm - 100) / 1000));  // 1 s, 30 cm
  const double s = LineSparc(t, x);
  RecordProperty("sparc", std::to_string(s));
  EXPECT_LE(s, -1.4);
  EXPECT_GE(s, -1.6);
}

TEST(MovementMetricsTest, Sparc_SubMovementsAndJerksScoreClearlyLower) {
  const std::vector<double> t = JitteryStamps(1.6);
  std::vector<double> smooth, jerky;
  for (double tm : t) {
    const double s = tm / 1000;
    smooth.push_back(30 * MinJerk((s - 0.1) / 1.4));
    // The same 30 cm in three sub-movements with stops, plus a 6 Hz wobble.
    jerky.push_back(12 * MinJerk((s - 0.1) / 0.45) + 10 * MinJerk((s - 0.6) / 0.4) +
                    8 * MinJerk((s - 1.05) / 0.45) + 0.4 * std::sin(2 * kPi * 6 * s));
  }
  const double good = LineSparc(t, smooth), poor = LineSparc(t, jerky);
  EXPECT_LT(poor, good - 0.5) << "good " << good << " poor " << poor;
}

TEST(MovementMetricsTest, Sparc_MotionlessIsZero) {
  EXPECT_EQ(Sparc(std::vector<double>(40, 0.0), 30), 0);
}

std::vector<double> Sine(double hz, double rate, double seconds, double amp_cm, double drift = 0) {
  std::vector<double> v;
  for (int i = 0; i < int(seconds * rate); ++i) {
    const double t = i / rate;
    v.push_back(amp_cm * std::sin(2 * kPi * hz * t) + drift * t);
  }
  return v;
}

TEST(MovementMetricsTest, Tremor_FiveHzSineAtThirtyFps) {
  const TremorResult r = AnalyseTremor(Sine(5, 30, 8, 0.5, /*drift=*/3), {}, 30);
  ASSERT_TRUE(r.rate_ok);
  ASSERT_TRUE(r.found) << r.note;
  EXPECT_NEAR(r.peak_hz, 5, 0.25);
  // Variance of a 0.5 cm sine is 0.125 cm2; Hann leakage keeps a little outside the band.
  EXPECT_NEAR(r.band_power, 0.125, 0.02);
  EXPECT_GT(r.band_power_ratio, 0.9);
  EXPECT_LT(r.dispersion_hz, 0.6);
}

TEST(MovementMetricsTest, Tremor_TwoAxesAddTheirPower) {
  const TremorResult r = AnalyseTremor(Sine(7, 30, 6, 0.3), Sine(7, 30, 6, 0.4), 30);
  ASSERT_TRUE(r.found);
  EXPECT_NEAR(r.peak_hz, 7, 0.25);
  EXPECT_NEAR(r.band_power, 0.045 + 0.08, 0.02);
}

TEST(MovementMetricsTest, Tremor_WhiteNoiseHasNoDominantPeak) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, 0.3);
    std::vector<double> v(300);
    for (double& s : v) s = noise(rng);
    const TremorResult r = AnalyseTremor(v, {}, 30);
    EXPECT_FALSE(r.found) << "seed " << seed << " ratio " << r.peak_ratio << " at " << r.peak_hz;
    EXPECT_FALSE(r.note.empty());
  }
}

TEST(MovementMetricsTest, Tremor_EightHzAtTwelveFpsIsNotReported) {
  const TremorResult r = AnalyseTremor(Sine(8, 12, 10, 0.5), {}, 12);
  EXPECT_FALSE(r.rate_ok);
  EXPECT_FALSE(r.found);
  EXPECT_NE(r.note.find("too low"), std::string::npos) << r.note;
}

TEST(MovementMetricsTest, Tremor_TwentyFpsCutsTheBandBelowNyquist) {
  const TremorResult r = AnalyseTremor(Sine(6, 20, 8, 0.5), {}, 20);
  ASSERT_TRUE(r.rate_ok);
  EXPECT_NEAR(r.band_top_hz, 9, 1e-9);
  EXPECT_NEAR(r.peak_hz, 6, 0.25);
  // A 9.8 Hz oscillation sits above the analysable band: no claim at or above 9 Hz.
  const TremorResult high = AnalyseTremor(Sine(9.8, 20, 8, 0.5), {}, 20);
  EXPECT_FALSE(high.found) << high.peak_hz;
}

TEST(MovementMetricsTest, Tremor_IrregularRhythmHasWiderDispersion) {
  std::vector<double> wandering;
  double phase = 0;
  for (int i = 0; i < 300; ++i) {  // frequency drifts between 4 and 8 Hz
    const double f = 6 + 2 * std::sin(2 * kPi * 0.3 * i / 30.0);
    phase += 2 * kPi * f / 30.0;
    wandering.push_back(0.5 * std::sin(phase));
  }
  const TremorResult steady = AnalyseTremor(Sine(6, 30, 10, 0.5), {}, 30);
  const TremorResult irregular = AnalyseTremor(wandering, {}, 30);
  EXPECT_GT(irregular.dispersion_hz, steady.dispersion_hz + 0.5);
}

TEST(MovementMetricsTest, Tremor_RhythmBelowTheMinimumPowerIsNotClaimed) {
  TremorOptions o;
  o.min_band_power = 0.05;                                                   // cm2
  const TremorResult faint = AnalyseTremor(Sine(5, 30, 8, 0.2), {}, 30, o);  // 0.02 cm2
  EXPECT_FALSE(faint.found);
  EXPECT_NEAR(faint.band_power, 0.02, 0.005);
  EXPECT_TRUE(AnalyseTremor(Sine(5, 30, 8, 0.5), {}, 30, o).found);  // 0.125 cm2
}

TEST(MovementMetricsTest, Tremor_TooShortSaysSo) {
  const TremorResult r = AnalyseTremor(Sine(5, 30, 1, 0.5), {}, 30);
  EXPECT_FALSE(r.enough_data);
  EXPECT_FALSE(r.found);
}

TEST(MovementMetricsTest, Dispersion_KnownCovariance) {
  // Four points at (+-1, +-2): var_x = 4/3, var_y = 16/3, cov 0.
  const Dispersion d = PointDispersion({1, -1, 1, -1}, {2, 2, -2, -2});
  EXPECT_NEAR(d.sd, std::sqrt(20.0 / 3), 1e-9);
  EXPECT_NEAR(d.ellipse95_area, kPi * 5.991 * std::sqrt(64.0 / 9), 1e-9);
  EXPECT_EQ(PointDispersion({1}, {1}).sd, 0);
}

}  // namespace
}  // namespace poise::core
