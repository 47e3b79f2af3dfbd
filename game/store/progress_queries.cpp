#include "game/store/progress_queries.h"

#include "game/core/metrics/trends.h"
#include "game/store/sqlite_stmt.h"

namespace poise::store {

PatientProgress LoadPatientProgress(SessionStore& store, int64_t profile_id) {
  PatientProgress out;
  {
    Stmt s(store.handle(),
           "SELECT s.id, date(s.started_utc, s.utc_offset_min || ' minutes') FROM sessions s "
           "WHERE s.profile_id=? AND EXISTS(SELECT 1 FROM trials t WHERE t.session_id=s.id) "
           "ORDER BY s.started_utc, s.id");
    s.Bind(1, profile_id);
    while (s.Step()) {
      const int day = core::DayNumber(s.Text(1));
      if (day < 0) continue;
      out.session_days.push_back(day);
      out.latest_session_id = s.Int(0);
    }
  }
  Stmt s(store.handle(),
         "SELECT t.exercise, json_extract(m.value, '$.name'), json_extract(m.value, '$.value'), "
         "date(s.started_utc, s.utc_offset_min || ' minutes'), s.id "
         "FROM trials t JOIN sessions s ON s.id = t.session_id, json_each(t.metrics_json) m "
         "WHERE s.profile_id=? AND t.outcome != 'invalid' AND json_valid(t.metrics_json) "
         "AND json_type(m.value, '$.value') IN ('integer', 'real') ORDER BY t.id");
  s.Bind(1, profile_id);
  while (s.Step()) {
    const std::string exercise = s.Text(0);
    const auto rule = core::HeadlineMetric(exercise);
    if (!rule || rule->metric != s.Text(1)) continue;
    out.tries.push_back({exercise, s.Real(2), core::DayNumber(s.Text(3)), s.Int(4)});
  }
  return out;
}

}  // namespace poise::store
