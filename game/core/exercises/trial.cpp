#include "game/core/exercises/trial.h"

#include <cstdio>

namespace poise::core {
namespace {

// Poor means worse than an ordinary webcam, under which the known-answer tests
// (tests/core/quality) measure every exercise within tolerance: with the feet hidden on 10 % and
// the hands on 5 % of frames and 3 % dropped, a trial is seen a median 86-100 % of its time by
// exercise (about 3 % of 3,800 sweep trials under 80 %; functional reach, which needs hands and
// feet, 12 %) and a 15 fps camera gives 11-14 usable frames a second. At 90 % and 12 frames a second, half of an ordinary webcam's trials were marked poor
// and left out of the trends.
constexpr double kPoorSeen = 0.80, kPoorFps = 10, kPoorJitterCm = 1.5;

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
