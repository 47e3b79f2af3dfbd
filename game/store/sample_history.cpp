#include "game/store/sample_history.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "game/core/metrics/trends.h"
#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace {

struct ExerciseModel {
  const char* id;
  const char* metric;
  const char* unit;
  double start, end, spread;  ///< metric mean on day 0 and on the last day; noise (sd)
};

// Improving over the year: longer holds and reaches, faster sit-to-stand and stepping,
// smoother reaching (SPARC towards 0).
const ExerciseModel kModels[] = {
    {"bubble_reach", "sparc", "1", -2.4, -1.7, 0.15},
    {"single_leg_stance", "hold_time", "s", 6, 14, 2.5},
    {"functional_reach", "reach_distance", "cm", 17, 24, 2.0},
    {"sit_to_stand", "total_time", "s", 19, 14, 1.2},
    {"stepping_targets", "step_time", "s", 13.5, 11.0, 0.8},
};

}  // namespace

int64_t GenerateHistory(SessionStore& store, const std::string& name, const HistoryOptions& o) {
  sqlite3* db = store.handle();
  std::mt19937 rng(o.seed);
  std::normal_distribution<double> noise(0, 1);
  std::uniform_real_distribution<double> uni(0, 1);
  const int first = core::DayNumber(o.first_day);
  if (first < 0) throw StoreError("The first day '" + o.first_day + "' is not YYYY-MM-DD.");
  core::Profile p;
  p.name = name;
  p.height_cm = 168;
  const int64_t profile = store.AddProfile(p);
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  try {
    Stmt session(db,
                 "INSERT INTO sessions(uuid, profile_id, plan_name, plan_version, started_utc, "
                 "utc_offset_min, ended_utc, stop_reason, fatigue_before, fatigue_after, "
                 "symptoms) VALUES(?,?,'generated',1,?,60,?,?,?,?,?)");
    Stmt trial(db,
               "INSERT INTO trials(uuid, session_id, block, exercise, variant, trial_index, level, "
               "outcome, note, parameters_json, metrics_json, start_ms, end_ms, recorded_utc) "
               "VALUES(?,?,?,?,'standing',?,?,?,'',?,?,?,?,?)");
    Stmt event(db, "INSERT INTO events(session_id, t_utc, kind, detail) VALUES(?,?,?,?)");
    Stmt level(db,
               "INSERT INTO level_changes(session_id, exercise, trial_index, level_from, "
               "level_to, reason, t_utc) VALUES(?,?,?,?,?,?,?)");
    for (int d = 0; d < o.days; ++d) {
      if (uni(rng) < o.skip_share) continue;
      const double progress = o.days > 1 ? double(d) / (o.days - 1) : 0;
      const std::string day = core::DateOfDay(first + d);
      const std::string start = day + "T09:00:00.000Z", end = day + "T09:40:00.000Z";
      const bool warm = uni(rng) < 0.05;
      session.Reset();
      session.Bind(1, NewUuid())
          .Bind(2, profile)
          .Bind(3, start)
          .Bind(4, end)
          .Bind(5, std::string(warm ? "too warm" : "completed"))
          .Bind(6, int64_t(2 + rng() % 4))
          .Bind(7, int64_t(3 + rng() % 5))
          .Bind(8, std::string(warm ? "[\"too warm / vision blurred\"]" : "[]"));
      session.Step();
      const int64_t sid = sqlite3_last_insert_rowid(db);
      for (int b = 0; b < o.blocks; ++b) {
        const ExerciseModel& m = kModels[size_t(b) % std::size(kModels)];
        double lvl = 0.3 + 0.4 * progress;
        for (int t = 0; t < o.trials; ++t) {
          const double mean = m.start + (m.end - m.start) * progress;
          const double v = mean + m.spread * noise(rng);
          const bool ok = uni(rng) < 0.75;
          const nlohmann::json metrics = {{{"name", m.metric}, {"value", v}, {"unit", m.unit}}};
          const nlohmann::json params = {{{"name", "level"}, {"value", lvl}, {"unit", "1"}}};
          trial.Reset();
          trial.Bind(1, NewUuid())
              .Bind(2, sid)
              .Bind(3, int64_t(b))
              .Bind(4, std::string(m.id))
              .Bind(5, int64_t(t))
              .Bind(6, lvl)
              .Bind(7, std::string(ok ? "success" : "failure"))
              .Bind(8, params.dump())
              .Bind(9, metrics.dump())
              .Bind(10, double(t) * 8000)
              .Bind(11, double(t) * 8000 + 6000)
              .Bind(12, start);
          trial.Step();
          if (t % 5 == 4) {
            const double to = std::clamp(lvl + (ok ? 0.05 : -0.05), 0.0, 1.0);
            level.Reset();
            level.Bind(1, sid)
                .Bind(2, std::string(m.id))
                .Bind(3, int64_t(t))
                .Bind(4, lvl)
                .Bind(5, to)
                .Bind(6, std::string(ok ? "success" : "failure"))
                .Bind(7, start);
            level.Step();
            lvl = to;
          }
        }
      }
      if (d % 9 == 0 || warm) {
        event.Reset();
        event.Bind(1, sid).Bind(2, start).Bind(3, std::string(warm ? "stop" : "pause"));
        event.Bind(4, std::string(warm ? "too warm / vision blurred" : "tracking lost"));
        event.Step();
      }
    }
    if (const int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr); rc != SQLITE_OK)
      throw StoreError(Stmt::Describe(rc, sqlite3_errmsg(db)));
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return profile;
}

}  // namespace poise::store
