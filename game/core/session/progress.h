// What the patient sees of their own progress ("My progress", the summary, reminders): the
// week's sessions against the plan's goal, a streak that forgives a rest day, personal bests in
// plain words, and whether today deserves a reminder. Pure: days are day numbers (days since
// 1970-01-01 in the patient's local calendar, see trends.h); the caller passes today in.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace poise::core {

/// Monday = 0 ... Sunday = 6 for a day number.
int Weekday(int day);

/// Training days in a row up to today, where one rest day between two training days keeps the
/// streak going (two missed days in a row end it). Today without a session yet does not break
/// it. `days` may hold duplicates and be in any order.
int TrainingStreak(const std::vector<int>& days, int today);

/// Sessions in the week (Monday to Sunday) holding `today`.
int SessionsThisWeek(const std::vector<int>& days, int today);

/// The headline measure of an exercise, for a personal best a patient understands.
struct BestRule {
  std::string exercise, metric, unit;
  bool higher_is_better = true;
};
/// nullopt for an exercise without a headline measure.
std::optional<BestRule> HeadlineMetric(const std::string& exercise_id);

/// One trial's headline value (what the store reads for the personal bests).
struct MeasuredTry {
  std::string exercise;
  double value = 0;
  int day = 0;
  int64_t session_id = 0;
};
struct PersonalBest {
  std::string exercise;
  double value = 0;
  int day = 0;
  bool latest_session = false;  ///< set in the patient's most recent session
  std::string words;            ///< "You held on one leg for 14 s, your best yet."
};
/// The best try per exercise (by its rule), sorted by exercise id. latest_session_id: the
/// patient's most recent session (its bests are "your best yet").
std::vector<PersonalBest> PersonalBests(const std::vector<MeasuredTry>& tries,
                                        int64_t latest_session_id);
/// The sentence for a best: "You held on one leg for 14 s, your best yet." or "... your best, on
/// 3 November."
std::string BestInWords(const std::string& exercise, double value, bool latest, int day);

/// A result for the patient: whole seconds and centimetres read best; under 10 s one decimal
/// (2.4 s matters), but not a zero one ("2", not "2.0").
std::string PlainNumber(double v, const std::string& unit);

/// "3 November" for a day number.
std::string DayInWords(int day);

/// The weekdays (Monday = 0) a plan of n sessions a week expects, spread over the week:
/// 1 -> Wed, 2 -> Tue Fri, 3 -> Mon Wed Fri, 4 -> Mon Tue Thu Sat, 5 -> Mon-Fri, 6+ -> Mon-Sat/Sun.
std::vector<int> PlanWeekdays(int sessions_per_week);

struct ReminderInput {
  int today = 0;                   ///< day number
  std::vector<int> plan_weekdays;  ///< days the plan expects a session (Monday = 0)
  std::vector<int> session_days;   ///< day numbers of the patient's sessions (with a try)
  int sessions_per_week = 3;       ///< the plan's goal
};
struct ReminderDecision {
  bool notify = false;
  std::string why;   ///< for the log: "not a plan day", "week done", "already trained today"...
  std::string text;  ///< the notification's text when notify
};
/// Notify only on a plan day, when the week's goal is not reached and there was no session today.
ReminderDecision DecideReminder(const ReminderInput& in);

}  // namespace poise::core
