#include "game/store/review_queries.h"

#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace {

// The session's local day, and the range filter on it (?2 = from or '', ?3 = to or '').
constexpr const char* kLocalDay = "date(s.started_utc, s.utc_offset_min || ' minutes')";

std::string InRange() {
  return std::string(" s.profile_id=?1 AND (?2='' OR ") + kLocalDay + ">=?2) AND (?3='' OR " +
         kLocalDay + "<=?3) ";
}

void BindRange(Stmt& s, int64_t profile_id, const ExportRange& r) {
  s.Bind(1, profile_id).Bind(2, r.from_date).Bind(3, r.to_date);
}

}  // namespace

std::vector<core::DailyMetric> DailyMetrics(SessionStore& store, int64_t profile_id,
                                            const ExportRange& range) {
  // metric_days (schema v4) holds the per-day sums, maintained by a trigger on trials.
  Stmt s(store.handle(),
         "SELECT day, exercise, metric, unit, sum / n, n FROM metric_days WHERE profile_id=?1 "
         "AND (?2='' OR day>=?2) AND (?3='' OR day<=?3) AND n > 0 ORDER BY day");
  BindRange(s, profile_id, range);
  std::vector<core::DailyMetric> out;
  while (s.Step())
    out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Real(4), int(s.Int(5))});
  return out;
}

std::vector<core::SessionDay> SessionDays(SessionStore& store, int64_t profile_id,
                                          const ExportRange& range) {
  const std::string sql =
      std::string("SELECT ") + kLocalDay +
      ", coalesce(json_extract(p.plan_json,'$.sessions_per_week'), 3) FROM sessions s LEFT JOIN "
      "plans p ON p.uuid=s.plan_uuid WHERE" +
      InRange() +
      // Adherence counts a session only when at least one trial in it was completed (scored):
      // an empty or only-invalid session is not a session done.
      "AND EXISTS(SELECT 1 FROM trials t WHERE t.session_id=s.id AND t.outcome!='invalid') "
      "ORDER BY s.started_utc";
  Stmt s(store.handle(), sql.c_str());
  BindRange(s, profile_id, range);
  std::vector<core::SessionDay> out;
  while (s.Step()) out.push_back({s.Text(0), int(s.Int(1))});
  return out;
}

std::pair<std::string, std::string> SessionSpan(SessionStore& store, int64_t profile_id,
                                                const ExportRange& range) {
  const std::string sql = std::string("SELECT min(") + kLocalDay + "), max(" + kLocalDay +
                          ") FROM sessions s WHERE" + InRange();
  Stmt s(store.handle(), sql.c_str());
  BindRange(s, profile_id, range);
  if (!s.Step()) return {};
  return {s.Text(0), s.Text(1)};
}

std::vector<StoredEvent> Events(SessionStore& store, int64_t session_id) {
  Stmt s(store.handle(), "SELECT t_utc, kind, detail FROM events WHERE session_id=? ORDER BY id");
  s.Bind(1, session_id);
  std::vector<StoredEvent> out;
  while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2)});
  return out;
}

std::vector<StoredLevelChange> LevelChanges(SessionStore& store, int64_t session_id) {
  Stmt s(store.handle(),
         "SELECT t_utc, exercise, reason, trial_index, level_from, level_to FROM level_changes "
         "WHERE session_id=? ORDER BY id");
  s.Bind(1, session_id);
  std::vector<StoredLevelChange> out;
  while (s.Step())
    out.push_back({s.Text(0), s.Text(1), s.Text(2), int(s.Int(3)), s.Real(4), s.Real(5)});
  return out;
}

void AddSessionNote(SessionStore& store, int64_t session_id, const std::string& note) {
  if (note.size() > 4000) throw StoreError("A note can have at most 4000 characters.");
  Stmt s(store.handle(),
         "INSERT INTO session_notes(uuid, session_id, note, t_utc, utc_offset_min) "
         "VALUES(?,?,?,?,?)");
  s.Bind(1, NewUuid())
      .Bind(2, session_id)
      .Bind(3, note)
      .Bind(4, UtcNowIso())
      .Bind(5, int64_t(LocalUtcOffsetMinutes()));
  s.Step();
}

std::vector<MetricSample> RecentMetricSamples(SessionStore& store, int64_t profile_id,
                                              const ExportRange& range, int sessions) {
  const std::string recent = std::string("SELECT s.id FROM sessions s WHERE") + InRange() +
                             "ORDER BY s.started_utc DESC LIMIT " + std::to_string(sessions);
  const std::string sql =
      "SELECT t.exercise, json_extract(m.value,'$.name'), s.uuid, json_extract(m.value,'$.value'), "
      "coalesce(json_extract(t.quality_json,'$.poor'),0) FROM trials t JOIN sessions s ON "
      "s.id=t.session_id, json_each(t.metrics_json) m WHERE t.session_id IN (" +
      recent +
      ") AND t.outcome!='invalid' AND json_valid(t.metrics_json) "
      "AND json_type(m.value,'$.value') IN ('integer','real') ORDER BY 1, 2, s.started_utc, s.id, "
      "t.id";
  Stmt s(store.handle(), sql.c_str());
  BindRange(s, profile_id, range);
  std::vector<MetricSample> out;
  while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Real(3), s.Int(4) != 0});
  return out;
}

}  // namespace poise::store
