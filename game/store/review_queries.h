// The SQLite queries behind SqliteReviewSource (review_source.h): daily metric aggregates (kept per
// day in metric_days, schema 4, so a year of sessions reads in milliseconds), session days with the
// plan's weekly target, a session's events and difficulty path, and the physiotherapist's notes (a
// new row per edit, the newest shown). Days are the patient's local calendar dates (UTC time +
// stored offset).
#pragma once

#include <string>
#include <vector>

#include "game/core/metrics/trends.h"
#include "game/store/exporters.h"
#include "game/store/session_store.h"

namespace poise::store {

/// Mean and count per (local day, exercise, metric, unit) over the patient's trials in range.
std::vector<core::DailyMetric> DailyMetrics(SessionStore& store, int64_t profile_id,
                                            const ExportRange& range);
/// One row per session in range with at least one completed (not invalid) trial: its local day
/// and the weekly target of the plan it used
/// (plans.plan_json "sessions_per_week" via sessions.plan_uuid; 3 when unknown).
std::vector<core::SessionDay> SessionDays(SessionStore& store, int64_t profile_id,
                                          const ExportRange& range);

struct StoredEvent {
  std::string t_utc, kind, detail;  ///< kind: pause, stop, fall_alarm, fatigue, tracking_lost...
};
struct StoredLevelChange {
  std::string t_utc, exercise, reason;
  int trial_index = 0;
  double level_from = 0, level_to = 0;  ///< difficulty level 0-1
};

std::vector<StoredEvent> Events(SessionStore& store, int64_t session_id);
std::vector<StoredLevelChange> LevelChanges(SessionStore& store, int64_t session_id);

/// Saves a new version of the session's note (the old ones are kept). Throws StoreError.
void AddSessionNote(SessionStore& store, int64_t session_id, const std::string& note);

/// The first and last local day with a session in range ("" when none).
std::pair<std::string, std::string> SessionSpan(SessionStore& store, int64_t profile_id,
                                                const ExportRange& range);

/// One metric value of a trial, for each metric's smallest real change.
struct MetricSample {
  std::string exercise, metric, session_uuid;
  double value = 0;
  bool poor = false;  ///< poor tracking quality: counted, not used
};
/// The numeric metric values of the completed trials of the newest `sessions` sessions in range,
/// by exercise, metric and session start.
std::vector<MetricSample> RecentMetricSamples(SessionStore& store, int64_t profile_id,
                                              const ExportRange& range, int sessions);

/// Everything the review overview and the report show for one patient and date range
/// (ReviewSource::LoadPatientReview, review_source.h).
struct PatientReview {
  core::Profile patient;            ///< id 0 when read from the clinic server
  std::string first_day, last_day;  ///< of the sessions in range ("" when none)
  std::vector<SessionSummary> sessions;
  std::vector<core::MetricTrend> trends;
  std::vector<core::AdherenceWeek> adherence;
};

}  // namespace poise::store
