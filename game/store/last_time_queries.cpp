#include "game/store/last_time_queries.h"

#include <cmath>
#include <set>
#include <string>

#include "game/core/metrics/trends.h"
#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace {

/// The metrics of valid trials; the caller adds its condition and order.
constexpr const char* kTries =
    "SELECT t.exercise, json_extract(m.value, '$.name'), json_extract(m.value, '$.value'), "
    "date(s.started_utc, s.utc_offset_min || ' minutes'), s.id "
    "FROM trials t JOIN sessions s ON s.id = t.session_id, json_each(t.metrics_json) m "
    "WHERE t.outcome != 'invalid' AND json_valid(t.metrics_json) "
    "AND json_type(m.value, '$.value') IN ('integer', 'real') AND ";

bool Headline(Stmt& s, core::MeasuredTry& out) {
  const std::string exercise = s.Text(0);
  const auto rule = core::HeadlineMetric(exercise);
  if (!rule || rule->metric != s.Text(1)) return false;
  out = {exercise, s.Real(2), core::DayNumber(s.Text(3)), s.Int(4)};
  return std::isfinite(out.value) && out.value > 0;
}

}  // namespace

LastTimeTries LoadLastTime(SessionStore& store, int64_t session_id) {
  LastTimeTries out;
  {
    const std::string sql = std::string(kTries) + "s.id = ?1 ORDER BY t.id";
    Stmt s(store.handle(), sql.c_str());
    s.Bind(1, session_id);
    for (core::MeasuredTry t; s.Step();)
      if (Headline(s, t)) out.today.push_back(t);
  }
  std::set<std::string> exercises;
  for (const core::MeasuredTry& t : out.today) exercises.insert(t.exercise);
  for (const std::string& ex : exercises) {
    // The same patient's sessions begun before this one, newest first.
    const std::string sql =
        std::string(kTries) +
        "t.exercise = ?2 AND s.profile_id = (SELECT profile_id FROM sessions WHERE id = ?1) "
        "AND (s.started_utc, s.id) < (SELECT started_utc, id FROM sessions WHERE id = ?1) "
        "ORDER BY s.started_utc DESC, s.id DESC, t.id";
    Stmt s(store.handle(), sql.c_str());
    s.Bind(1, session_id);
    s.Bind(2, ex);
    int64_t last_session = 0;
    for (core::MeasuredTry t; s.Step();) {
      if (!Headline(s, t)) continue;
      if (last_session == 0) last_session = t.session_id;
      if (t.session_id != last_session) break;
      out.last.push_back(t);
    }
  }
  return out;
}

}  // namespace poise::store
