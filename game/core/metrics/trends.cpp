#include "game/core/metrics/trends.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "game/core/metrics/detectable_change.h"

namespace poise::core {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
int DayNumber(const std::string& date) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (date.size() < 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3 ||
      date[4] != '-' || date[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31)
    return -1;
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string DateOfDay(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  const int y = yoe + era * 400 + (m <= 2);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int WeekStart(int day) {
  // 1970-01-01 was a Thursday: Monday-based weekday = (day + 3) mod 7.
  const int weekday = ((day + 3) % 7 + 7) % 7;
  return day - weekday;
}

std::string DetectableChangeNote(const MetricTrend& t) {
  std::string out;
  char buf[200];
  // A dimensionless metric ("1") shows no unit.
  const std::string unit = t.unit == "1" || t.unit.empty() ? "" : " " + t.unit;
  if (t.mdc95 > 0) {
    std::snprintf(buf, sizeof buf, "Smallest real change: %.2g%s", t.mdc95, unit.c_str());
    out = buf;
    if (t.weeks.size() >= 2) {
      const WeeklyPoint &a = t.weeks[t.weeks.size() - 2], &b = t.weeks.back();
      std::snprintf(buf, sizeof buf, "; last week's change %+.2g%s is %s", b.mean - a.mean,
                    unit.c_str(),
                    ExceedsNoise(b.mean - a.mean, t.sem, a.n, b.n) ? "real" : "within the noise");
      out += buf;
    }
    out += ".";
  }
  if (t.poor_quality_trials > 0) {
    std::snprintf(buf, sizeof buf, "%s%d trial%s with poor tracking left out of the means.",
                  out.empty() ? "" : " ", t.poor_quality_trials,
                  t.poor_quality_trials == 1 ? "" : "s");
    out += buf;
  }
  return out;
}

std::vector<MetricTrend> WeeklyTrends(const std::vector<DailyMetric>& days) {
  struct Sum {
    double sum = 0;
    int n = 0;
  };
  std::map<std::tuple<std::string, std::string, std::string>, std::map<int, Sum>> by_metric;
  for (const DailyMetric& d : days) {
    const int day = DayNumber(d.day);
    if (day < 0 || d.n <= 0) continue;
    Sum& s = by_metric[{d.exercise, d.metric, d.unit}][WeekStart(day)];
    s.sum += d.mean * d.n;
    s.n += d.n;
  }
  std::vector<MetricTrend> out;
  for (const auto& [key, weeks] : by_metric) {
    MetricTrend t{std::get<0>(key), std::get<1>(key), std::get<2>(key), {}};
    for (const auto& [week, s] : weeks) t.weeks.push_back({week, s.sum / s.n, s.n});
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<AdherenceWeek> WeeklyAdherence(const std::vector<SessionDay>& sessions, int from_day,
                                           int to_day, int default_target) {
  std::vector<AdherenceWeek> out;
  if (to_day < from_day) return out;
  const int first = WeekStart(from_day), last = WeekStart(to_day);
  for (int w = first; w <= last; w += 7) out.push_back({w, 0, 0});
  for (const SessionDay& s : sessions) {
    const int day = DayNumber(s.day);
    if (day < from_day || day > to_day) continue;
    AdherenceWeek& w = out[size_t((WeekStart(day) - first) / 7)];
    ++w.done;
    w.target = std::max(w.target, s.sessions_per_week);
  }
  for (AdherenceWeek& w : out)
    if (w.target == 0) w.target = default_target;
  return out;
}

}  // namespace poise::core
