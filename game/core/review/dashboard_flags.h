// The clinic dashboard's judgement of one patient: trend arrows for the measures that matter and
// the flags that need the physiotherapist's attention, each with the sentence that says why.
// Pure: fed by aggregates the clinic queries return (game/clinic/dashboard.h), no clock (today
// is passed in as a local day number, see trends.h), no I/O.
//
// Trend: the mean of the last 7 days (the "recent" window, today included) against the 28 days
// before; "better" or "worse" only when the change exceeds the measurement's noise
// (detectable_change.h: SEM is the patient's own pooled within-day SD over both windows,
// ExceedsNoise with the two windows' trial counts), else "steady". Direction is per measure:
// a longer single-leg stance or a longer reach is better, a smaller sway area, a faster
// sit-to-stand and a smoother reach (SPARC towards 0) are better.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace poise::core {

/// A dashboard measure: (exercise, metric) and whether a larger value is better.
struct DashboardMetric {
  const char* exercise;
  const char* metric;
  const char* unit;   ///< UCUM, as stored
  const char* label;  ///< short words for the column ("Stance", "Sway", ...)
  bool higher_is_better;
};
/// Single-leg stance hold time, steady-stance hip sway area, sit-to-stand total time, sideways
/// reach distance, bubble-reach smoothness (SPARC), in that order.
const std::vector<DashboardMetric>& DashboardMetrics();

inline constexpr int kRecentDays = 7;     ///< the recent window, today included
inline constexpr int kBaselineDays = 28;  ///< the window before it
inline constexpr int kEventDays = 14;     ///< falls and stops this recent are flagged

/// One measure's sums over the two windows (per-day aggregates summed by the query).
struct MetricWindows {
  std::string exercise, metric, unit;
  int n_recent = 0, n_before = 0;
  double sum_recent = 0, sum_before = 0;
  double within_ss = 0;  ///< sum over days of the squared deviations from the day's mean
  int within_df = 0;     ///< sum over days of (trials that day - 1)
};

struct SessionStop {
  int day = 0;         ///< local day number
  std::string reason;  ///< stored stop reason ("dizzy", "pain", "warm", "tired", ...)
};
struct FallAlarm {
  int day = 0;
  std::string detail;
};

/// What the clinic knows about one patient, as of `today`.
struct PatientActivity {
  std::string uuid, name;
  std::optional<int> last_session_day;  ///< local day of the newest session
  int sessions_this_week = 0;           ///< started since Monday (local days)
  int sessions_per_week = 3;            ///< the assigned plan's target
  int alert_after_days = 7;             ///< the assigned plan's "no session for N days"
  std::vector<SessionStop> stops;       ///< sessions of the last kEventDays not completed
  std::vector<FallAlarm> falls;         ///< fall alarms of the last kEventDays
  std::vector<MetricWindows> metrics;
};

enum class TrendDirection { kNone, kSteady, kBetter, kWorse };
/// "better", "worse", "steady", "no data".
const char* TrendWord(TrendDirection d);

struct TrendArrow {
  std::string exercise, metric, label, unit;
  TrendDirection direction = TrendDirection::kNone;
  double change = 0;  ///< recent mean - baseline mean, stored unit
  double noise = 0;   ///< the change the two windows' counts need to be real (95 %)
};

enum class FlagKind { kFall, kSymptomStop, kFatigueStop, kNoSession, kDecline };

struct DashboardFlag {
  FlagKind kind;
  std::string reason;  ///< one sentence
};

struct DashboardRow {
  PatientActivity activity;
  std::vector<TrendArrow> trends;  ///< one per DashboardMetrics(), in that order
  std::vector<DashboardFlag> flags;
  int days_since_last = -1;  ///< -1: never trained
};

/// Trends and flags of one patient as of `today` (local day number).
DashboardRow EvaluatePatient(PatientActivity activity, int today);

/// The text for a date ("Tue 24 Nov") of a day number.
std::string ShortDate(int day);

}  // namespace poise::core
