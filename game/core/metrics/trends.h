// Trends for the physiotherapist's review and the PDF report: weekly means of every metric and
// weekly adherence against the plan's target. Pure: fed by store queries (daily aggregates), no
// clock, no I/O. Weeks start on Monday; days are local calendar dates "YYYY-MM-DD".
#pragma once

#include <string>
#include <vector>

namespace poise::core {

/// Days since 1970-01-01 for "YYYY-MM-DD"; -1 when the text is not such a date.
int DayNumber(const std::string& date);
/// "YYYY-MM-DD" for a day number.
std::string DateOfDay(int day);
/// The Monday on or before `day`.
int WeekStart(int day);

/// One metric on one day: the mean of `n` trial values (what the store aggregates in SQL).
struct DailyMetric {
  std::string day, exercise, metric, unit;
  double mean = 0;
  int n = 0;
};

struct WeeklyPoint {
  int week = 0;     ///< day number of the week's Monday
  double mean = 0;  ///< mean over the week's trials (weighted by trials per day)
  int n = 0;        ///< trials
};

struct MetricTrend {
  std::string exercise, metric, unit;
  std::vector<WeeklyPoint> weeks;  ///< ascending; weeks without trials are left out
  /// Smallest real change between two trials (detectable_change.h), from the patient's own
  /// within-session variation; <= 0 when there are too few repeated trials to tell.
  double mdc95 = 0, sem = 0;
  int poor_quality_trials = 0;  ///< left out of the weekly means for poor tracking quality
};

/// One line for the review under a trend: the smallest real change, whether the last weekly
/// change exceeds it, and how many poor-quality trials were left out ("" when nothing to say).
std::string DetectableChangeNote(const MetricTrend& t);

/// One trend per (exercise, metric), sorted by exercise then metric. Rows with n <= 0 or a
/// malformed day are ignored.
std::vector<MetricTrend> WeeklyTrends(const std::vector<DailyMetric>& days);

/// A session's day and the weekly target of the plan it followed.
struct SessionDay {
  std::string day;
  int sessions_per_week = 3;
};

struct AdherenceWeek {
  int week = 0;    ///< day number of the Monday
  int done = 0;    ///< sessions started that week
  int target = 0;  ///< the plan's sessions per week (the largest target seen that week)
};

/// Every week from the one holding `from_day` to the one holding `to_day` (inclusive; day
/// numbers), including weeks without sessions (done = 0, target = default_target).
std::vector<AdherenceWeek> WeeklyAdherence(const std::vector<SessionDay>& sessions, int from_day,
                                           int to_day, int default_target = 3);

}  // namespace poise::core
