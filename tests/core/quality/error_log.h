// Test-only: with POISE_NOISE_ERROR_LOG set, each known-answer check also prints one line
// "ERR <exercise> <metric> <case> <measured - truth>" so scripts/noise_sweep can gather the
// error distribution of every metric over many noise draws (POISE_NOISE_SEED_OFFSET).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace poise::core::testing {

inline void LogError(const std::string& exercise, const std::string& metric,
                     const std::string& condition, double error) {
  static const bool on = std::getenv("POISE_NOISE_ERROR_LOG") != nullptr;
  if (!on) return;
  std::string c = condition;
  for (char& ch : c)
    if (ch == ' ') ch = '_';
  std::printf("ERR\t%s\t%s\t%s\t%.4f\n", exercise.c_str(), metric.c_str(), c.c_str(), error);
}

}  // namespace poise::core::testing
