#include "game/core/review/dashboard_flags.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "game/core/metrics/detectable_change.h"
#include "game/core/metrics/trends.h"
#include "game/core/review/plain_words.h"

namespace poise::core {
namespace {

std::string Fixed(double v) {
  char buf[32];
  const double a = std::abs(v);
  std::snprintf(buf, sizeof buf, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
  return buf;
}

std::string Lower(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = char(s[0] - 'A' + 'a');
  return s;
}

std::string WithUnit(double v, const std::string& unit) {
  const std::string u = UnitText(unit);
  return Fixed(v) + (u.empty() ? "" : " " + u);
}

/// Why a session stopped, as the flag says it; "" when the reason is not one to flag.
std::pair<FlagKind, std::string> StopWords(const std::string& reason) {
  if (reason == "dizzy") return {FlagKind::kSymptomStop, "dizziness"};
  if (reason == "pain") return {FlagKind::kSymptomStop, "pain"};
  if (reason == "warm" || reason == "too warm" || reason == "too warm / vision blurred")
    return {FlagKind::kSymptomStop, "feeling too warm or blurred vision"};
  if (reason == "blurred vision") return {FlagKind::kSymptomStop, "blurred vision"};
  if (reason == "tired") return {FlagKind::kFatigueStop, "tiredness"};
  return {FlagKind::kNoSession, ""};
}

TrendArrow Judge(const DashboardMetric& m, const std::vector<MetricWindows>& all) {
  TrendArrow a{m.exercise, m.metric, m.label, m.unit, TrendDirection::kNone, 0, 0};
  const auto it = std::find_if(all.begin(), all.end(), [&](const MetricWindows& w) {
    return w.exercise == m.exercise && w.metric == m.metric;
  });
  if (it == all.end()) return a;
  const MetricWindows& w = *it;
  if (w.n_recent <= 0 || w.n_before <= 0) return a;
  a.change = w.sum_recent / w.n_recent - w.sum_before / w.n_before;
  // Too few repeated trials to know the noise: no judgement.
  if (w.within_df < 3) return a;
  const double sem = std::sqrt(std::max(0.0, w.within_ss) / w.within_df);
  a.noise = 1.96 * sem * std::sqrt(1.0 / w.n_recent + 1.0 / w.n_before);
  if (!ExceedsNoise(a.change, sem, w.n_recent, w.n_before)) {
    a.direction = TrendDirection::kSteady;
    return a;
  }
  a.direction =
      (a.change > 0) == m.higher_is_better ? TrendDirection::kBetter : TrendDirection::kWorse;
  return a;
}

}  // namespace

const std::vector<DashboardMetric>& DashboardMetrics() {
  static const std::vector<DashboardMetric> k = {
      {"single_leg_stance", "hold_time", "s", "Stance", true},
      {"steady_stance", "hip_sway_area", "cm2", "Sway", false},
      {"sit_to_stand", "total_time", "s", "Sit-stand", false},
      {"functional_reach", "reach_distance", "cm", "Reach", true},
      {"bubble_reach", "sparc", "1", "Smooth", true},
  };
  return k;
}

const char* TrendWord(TrendDirection d) {
  switch (d) {
    case TrendDirection::kBetter:
      return "better";
    case TrendDirection::kWorse:
      return "worse";
    case TrendDirection::kSteady:
      return "steady";
    case TrendDirection::kNone:
      break;
  }
  return "no data";
}

std::string ShortDate(int day) {
  static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string date = DateOfDay(day);  // YYYY-MM-DD
  const int month = std::stoi(date.substr(5, 2)), dom = std::stoi(date.substr(8, 2));
  return std::string(kDays[day - WeekStart(day)]) + " " + std::to_string(dom) + " " +
         kMonths[(month + 11) % 12];
}

DashboardRow EvaluatePatient(PatientActivity act, int today) {
  DashboardRow row;
  for (const DashboardMetric& m : DashboardMetrics()) row.trends.push_back(Judge(m, act.metrics));

  // Falls first (one flag per day), then symptom and fatigue stops, then absence, then declines.
  std::set<int> fall_days;
  std::vector<FallAlarm> falls = act.falls;
  for (const SessionStop& s : act.stops)
    if (s.reason == "fall alarm") falls.push_back({s.day, ""});
  std::sort(falls.begin(), falls.end(), [](const FallAlarm& a, const FallAlarm& b) {
    return a.day != b.day ? a.day > b.day : a.detail > b.detail;
  });
  for (const FallAlarm& f : falls) {
    if (today - f.day >= kEventDays || !fall_days.insert(f.day).second) continue;
    row.flags.push_back({FlagKind::kFall, "Fall alarm on " + ShortDate(f.day) +
                                              (f.detail.empty() ? "" : " (" + f.detail + ")") +
                                              "."});
  }
  std::vector<SessionStop> stops = act.stops;
  std::sort(stops.begin(), stops.end(),
            [](const SessionStop& a, const SessionStop& b) { return a.day > b.day; });
  for (const SessionStop& s : stops) {
    if (today - s.day >= kEventDays) continue;
    const auto [kind, words] = StopWords(s.reason);
    if (words.empty()) continue;
    row.flags.push_back({kind, "Session on " + ShortDate(s.day) + " stopped for " + words + "."});
  }
  if (act.last_session_day) {
    row.days_since_last = today - *act.last_session_day;
    if (row.days_since_last >= act.alert_after_days)
      row.flags.push_back({FlagKind::kNoSession,
                           "No session for " + std::to_string(row.days_since_last) +
                               " days (the plan allows " + std::to_string(act.alert_after_days) +
                               "); the last was on " + ShortDate(*act.last_session_day) + "."});
  } else {
    row.flags.push_back({FlagKind::kNoSession, "No session yet."});
  }
  for (const TrendArrow& t : row.trends) {
    if (t.direction != TrendDirection::kWorse) continue;
    const auto& w = *std::find_if(act.metrics.begin(), act.metrics.end(), [&](const auto& x) {
      return x.exercise == t.exercise && x.metric == t.metric;
    });
    row.flags.push_back({FlagKind::kDecline,
                         ExerciseName(t.exercise) + ", " + Lower(MetricName(t.metric)) +
                             " worse: " + WithUnit(w.sum_recent / w.n_recent, t.unit) +
                             " in the last " + std::to_string(kRecentDays) + " days against " +
                             WithUnit(w.sum_before / w.n_before, t.unit) +
                             " before, more than the noise (" + WithUnit(t.noise, t.unit) + ")."});
  }
  row.activity = std::move(act);
  return row;
}

}  // namespace poise::core
