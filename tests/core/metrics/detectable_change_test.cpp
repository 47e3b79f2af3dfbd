#include "game/core/metrics/detectable_change.h"

#include <gtest/gtest.h>

#include <random>

namespace poise::core {
namespace {

TEST(DetectableChangeTest, KnownNoise_GivesItsSemAndMdc) {
  // 20 sessions of 5 trials: each session its own level (real change), noise SD 0.5 within.
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 0.5);
  std::vector<std::vector<double>> sessions;
  for (int s = 0; s < 20; ++s) {
    std::vector<double> v;
    for (int k = 0; k < 5; ++k) v.push_back(10 + 0.3 * s + noise(rng));
    sessions.push_back(v);
  }
  const auto d = MinimalDetectableChange(sessions);
  ASSERT_TRUE(d);
  EXPECT_NEAR(d->sem, 0.5, 0.06) << "the session-to-session trend is not noise";
  EXPECT_NEAR(d->mdc95, 1.96 * std::sqrt(2.0) * d->sem, 1e-12);
  EXPECT_EQ(d->sessions, 20);
  EXPECT_EQ(d->trials, 100);
}

TEST(DetectableChangeTest, TooFewRepeats_NoAnswer) {
  EXPECT_FALSE(MinimalDetectableChange({{1.0}, {2.0}, {3.0, 3.1}}));
}

TEST(DetectableChangeTest, ChangeOfMeans_ComparedWithTheirNoise) {
  EXPECT_FALSE(ExceedsNoise(/*change=*/0.5, /*sem=*/1.0, 1, 1));  // 2.77 needed
  EXPECT_TRUE(ExceedsNoise(0.5, 1.0, 100, 100));                  // 0.28 needed
  EXPECT_FALSE(ExceedsNoise(5, 1.0, 0, 3));
}

}  // namespace
}  // namespace poise::core
