#include "game/core/exercises/trial.h"

#include <cstdio>

namespace poise::core {
namespace {

constexpr double kPoorSeen = 0.90, kPoorFps = 12, kPoorJitterCm = 1.5;

}  // namespace

bool PoorQuality(const TrialQuality& q) { return !QualityProblem(q).empty(); }

std::string QualityProblem(const TrialQuality& q) {
  if (!q.measurable) return q.reason;
  char buf[160];
  std::string out;
  auto add = [&](const char* s) { out += (out.empty() ? "" : ", ") + std::string(s); };
  if (q.seen_fraction < kPoorSeen) {
    std::snprintf(buf, sizeof buf, "seen %.0f %% of the time", 100 * q.seen_fraction);
    add(buf);
  }
  if (q.effective_fps > 0 && q.effective_fps < kPoorFps) {
    std::snprintf(buf, sizeof buf, "%.0f frames a second", q.effective_fps);
    add(buf);
  }
  if (q.jitter_cm > kPoorJitterCm) {
    std::snprintf(buf, sizeof buf, "tracking jitter %.1f cm", q.jitter_cm);
    add(buf);
  }
  return out;
}

}  // namespace poise::core
