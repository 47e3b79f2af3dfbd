#include "game/store/review_source.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "game/core/metrics/detectable_change.h"

namespace poise::store {
namespace {

// Trials of the last kMdcSessions sessions in range feed each metric's smallest real change
// (enough repeats to estimate the noise, bounded work for a year of data).
constexpr int kMdcSessions = 30;

void AddDetectableChanges(const std::vector<MetricSample>& samples,
                          std::vector<core::MetricTrend>& trends) {
  using Key = std::pair<std::string, std::string>;
  // Per metric, the values of each session in the order the samples come (session start).
  std::map<Key, std::vector<std::pair<std::string, std::vector<double>>>> values;
  std::map<Key, int> poor;
  for (const MetricSample& m : samples) {
    const Key key{m.exercise, m.metric};
    if (m.poor) {
      ++poor[key];
      continue;
    }
    auto& sessions = values[key];
    if (sessions.empty() || sessions.back().first != m.session_uuid)
      sessions.push_back({m.session_uuid, {}});
    sessions.back().second.push_back(m.value);
  }
  for (core::MetricTrend& t : trends) {
    const Key key{t.exercise, t.metric};
    t.poor_quality_trials = poor.count(key) ? poor[key] : 0;
    if (!values.count(key)) continue;
    std::vector<std::vector<double>> by_session;
    for (auto& [uuid, v] : values[key]) by_session.push_back(std::move(v));
    if (const auto d = core::MinimalDetectableChange(by_session)) {
      t.mdc95 = d->mdc95;
      t.sem = d->sem;
    }
  }
}

}  // namespace

PatientRef ReviewSource::FindPatient(const std::string& id) {
  for (const auto& p : Patients())
    if ((p.id > 0 && std::to_string(p.id) == id) || p.uuid == id) return p;
  throw StoreError("No patient with the id '" + id + "' on " + Where() + ".");
}

PatientReview ReviewSource::LoadPatientReview(const PatientRef& patient, const ExportRange& range) {
  PatientReview r;
  r.patient = patient;
  std::tie(r.first_day, r.last_day) = SessionSpan(patient, range);
  for (auto& s : Sessions(patient)) {
    const std::string day = s.started_utc.substr(0, 10);  // UTC day: within a day of local
    if ((range.from_date.empty() || day >= range.from_date) &&
        (range.to_date.empty() || day <= range.to_date))
      r.sessions.push_back(std::move(s));
  }
  r.trends = core::WeeklyTrends(DailyMetrics(patient, range));
  AddDetectableChanges(RecentMetricSamples(patient, range, kMdcSessions), r.trends);
  if (!r.first_day.empty()) {
    const int from = core::DayNumber(range.from_date.empty() ? r.first_day : range.from_date);
    const int to = core::DayNumber(range.to_date.empty() ? r.last_day : range.to_date);
    r.adherence = core::WeeklyAdherence(SessionDays(patient, range), from, to);
  }
  return r;
}

ReviewTiming TimePatientReview(ReviewSource& source, const PatientRef& patient, int runs) {
  ReviewTiming out;
  std::vector<double> ms;
  for (int i = 0; i < std::max(1, runs); ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const PatientReview r = source.LoadPatientReview(patient, {});
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    out.sessions = r.sessions.size();
    out.trends = r.trends.size();
    out.weeks = r.adherence.size();
  }
  std::sort(ms.begin(), ms.end());
  out.median_ms = ms[ms.size() / 2];
  out.p95_ms = ms[std::min(ms.size() - 1, size_t(double(ms.size()) * 0.95))];
  return out;
}

}  // namespace poise::store
