// Scripted home histories for the dashboard tests: sessions on chosen local days with known
// values of every dashboard measure, recorded through the real home store (then pushed by the
// real sync engine).
#pragma once

#include <string>

#include "game/core/metrics/trends.h"
#include "game/store/session_store.h"
#include "game/store/sqlite_stmt.h"

namespace poise::testing {

struct Base {
  double hold = 12, sway = 10, sts = 15, reach = 22, sparc = -1.8;
};

/// One session on local day `day` (09:00 local, UTC+1): four trials of each dashboard measure
/// spread symmetrically around the day's base values (so the day's mean is exactly the base and
/// the within-day SD is known), ended with `stop`; a fall alarm event when `fall`.
inline void ScriptSession(store::SessionStore& s, int64_t profile, int day, const Base& b,
                          const std::string& stop = "completed", bool fall = false) {
  const int64_t id = s.BeginSession(profile, "Balance", 1, 3);
  const std::string start = core::DateOfDay(day) + "T08:00:00.000Z";
  {
    store::Stmt u(s.handle(), "UPDATE sessions SET started_utc=?, utc_offset_min=60 WHERE id=?");
    u.Bind(1, start).Bind(2, id);
    u.Step();
  }
  const struct {
    const char *exercise, *metric, *unit;
    double base, spread;
  } kMeasures[] = {{"single_leg_stance", "hold_time", "s", b.hold, 1.5},
                   {"steady_stance", "hip_sway_area", "cm2", b.sway, 1.5},
                   {"sit_to_stand", "total_time", "s", b.sts, 1.0},
                   {"functional_reach", "reach_distance", "cm", b.reach, 1.5},
                   {"bubble_reach", "sparc", "1", b.sparc, 0.1}};
  const double kOffsets[] = {-1.0, -1.0 / 3, 1.0 / 3, 1.0};
  int block = 0;
  for (const auto& m : kMeasures) {
    for (int t = 0; t < 4; ++t) {
      core::TrialResult r;
      r.exercise_id = m.exercise;
      r.variant = "standing";
      r.trial_index = t;
      r.level = 0.4;
      r.outcome = core::TrialOutcome::kSuccess;
      r.metrics = {{m.metric, m.base + m.spread * kOffsets[t], m.unit}};
      r.start_ms = t * 10000;
      r.end_ms = r.start_ms + 8000;
      s.RecordTrial(id, block, r, start);
    }
    ++block;
  }
  if (fall) s.RecordEvent(id, "fall_alarm", "sudden drop of the hips", start);
  s.EndSession(id, stop, 3, {}, start);
}

}  // namespace poise::testing
