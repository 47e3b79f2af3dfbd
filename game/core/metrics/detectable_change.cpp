#include "game/core/metrics/detectable_change.h"

#include <cmath>

namespace poise::core {

std::optional<DetectableChange> MinimalDetectableChange(
    const std::vector<std::vector<double>>& by_session) {
  double ss = 0;
  int df = 0;
  DetectableChange d;
  for (const auto& s : by_session) {
    d.trials += int(s.size());
    if (s.size() < 2) continue;
    ++d.sessions;
    double mean = 0;
    for (double v : s) mean += v;
    mean /= double(s.size());
    for (double v : s) ss += (v - mean) * (v - mean);
    df += int(s.size()) - 1;
  }
  if (df < 3) return std::nullopt;
  d.sem = std::sqrt(ss / df);
  d.mdc95 = 1.96 * std::sqrt(2.0) * d.sem;
  return d;
}

bool ExceedsNoise(double change, double sem, int n1, int n2) {
  if (n1 <= 0 || n2 <= 0) return false;
  return std::abs(change) > 1.96 * sem * std::sqrt(1.0 / n1 + 1.0 / n2);
}

}  // namespace poise::core
