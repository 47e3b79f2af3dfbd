#include "game/core/session/progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "game/core/metrics/trends.h"

namespace poise::core {

int Weekday(int day) { return ((day + 3) % 7 + 7) % 7; }

int TrainingStreak(const std::vector<int>& days, int today) {
  std::set<int, std::greater<int>> d;
  for (int x : days)
    if (x <= today) d.insert(x);
  if (d.empty() || today - *d.begin() > 2) return 0;  // two days missed in a row: over
  int streak = 0, prev = *d.begin();
  for (int x : d) {
    if (prev - x > 2) break;
    ++streak;
    prev = x;
  }
  return streak;
}

int SessionsThisWeek(const std::vector<int>& days, int today) {
  const int monday = WeekStart(today);
  return int(std::count_if(days.begin(), days.end(),
                           [&](int x) { return x >= monday && x < monday + 7; }));
}

std::optional<BestRule> HeadlineMetric(const std::string& id) {
  static const BestRule kRules[] = {
      {"single_leg_stance", "hold_time", "s", true},
      {"steady_stance", "hold_duration", "s", true},
      {"functional_reach", "reach_distance", "cm", true},
      {"weight_shift", "controlled_lean", "cm", true},
      {"sit_to_stand", "total_time", "s", false},
      {"stepping_targets", "step_time", "s", false},
      {"bubble_reach", "movement_time", "s", false},
      {"pursuit_trace", "tracking_error", "cm", false},
      {"nose_to_target", "endpoint_error", "cm", false},
  };
  for (const BestRule& r : kRules)
    if (r.exercise == id) return r;
  return std::nullopt;
}

std::string DayInWords(int day) {
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  const std::string iso = DateOfDay(day);
  const int m = std::stoi(iso.substr(5, 2)), d = std::stoi(iso.substr(8, 2));
  return std::to_string(d) + " " + kMonths[m - 1];
}

std::string PlainNumber(double v, const std::string& unit) {
  char buf[32];
  if (std::fabs(v) >= 10 || unit == "cm")
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string n = buf;
  if (n.size() > 2 && n.compare(n.size() - 2, 2, ".0") == 0) n.resize(n.size() - 2);  // "2 s"
  return n;
}

std::string BestInWords(const std::string& exercise, double v, bool latest, int day) {
  std::string what;
  if (exercise == "single_leg_stance")
    what = "You held on one leg for " + PlainNumber(v, "s") + " s";
  else if (exercise == "steady_stance")
    what = "You kept the glass of water steady for " + PlainNumber(v, "s") + " s";
  else if (exercise == "functional_reach")
    what = "You reached " + PlainNumber(v, "cm") + " cm to the side";
  else if (exercise == "weight_shift")
    what = "You leaned " + PlainNumber(v, "cm") + " cm and held it";
  else if (exercise == "sit_to_stand")
    what = "You stood up five times in " + PlainNumber(v, "s") + " s";
  else if (exercise == "stepping_targets")
    what = "You stepped onto a target in " + PlainNumber(v, "s") + " s";
  else if (exercise == "bubble_reach")
    what = "You reached a bubble in " + PlainNumber(v, "s") + " s";
  else if (exercise == "pursuit_trace")
    what = "You followed the moving dot within " + PlainNumber(v, "cm") + " cm";
  else if (exercise == "nose_to_target")
    what = "You touched the dot within " + PlainNumber(v, "cm") + " cm";
  else
    what = "Your best in " + exercise + " is " + PlainNumber(v, "");
  return what + (latest ? ", your best yet." : ", your best, on " + DayInWords(day) + ".");
}

std::vector<PersonalBest> PersonalBests(const std::vector<MeasuredTry>& tries,
                                        int64_t latest_session_id) {
  std::map<std::string, const MeasuredTry*> best;
  for (const MeasuredTry& t : tries) {
    const auto rule = HeadlineMetric(t.exercise);
    if (!rule || !std::isfinite(t.value)) continue;
    // Zero hold or reach is no achievement (a try that did not start).
    if (rule->higher_is_better && t.value <= 0) continue;
    if (!rule->higher_is_better && t.value <= 0) continue;
    auto [it, fresh] = best.emplace(t.exercise, &t);
    if (!fresh) {
      const double old = it->second->value;
      // Ties go to the earlier try: the best was first reached then.
      if (rule->higher_is_better ? t.value > old : t.value < old) it->second = &t;
    }
  }
  std::vector<PersonalBest> out;
  for (const auto& [ex, t] : best) {
    const bool latest = t->session_id == latest_session_id;
    out.push_back({ex, t->value, t->day, latest, BestInWords(ex, t->value, latest, t->day)});
  }
  return out;
}

std::vector<int> PlanWeekdays(int n) {
  switch (std::clamp(n, 1, 7)) {
    case 1:
      return {2};
    case 2:
      return {1, 4};
    case 3:
      return {0, 2, 4};
    case 4:
      return {0, 1, 3, 5};
    case 5:
      return {0, 1, 2, 3, 4};
    case 6:
      return {0, 1, 2, 3, 4, 5};
    default:
      return {0, 1, 2, 3, 4, 5, 6};
  }
}

ReminderDecision DecideReminder(const ReminderInput& in) {
  const int done = SessionsThisWeek(in.session_days, in.today);
  const bool today_done =
      std::find(in.session_days.begin(), in.session_days.end(), in.today) != in.session_days.end();
  const bool plan_day = std::find(in.plan_weekdays.begin(), in.plan_weekdays.end(),
                                  Weekday(in.today)) != in.plan_weekdays.end();
  if (done >= in.sessions_per_week) return {false, "the week's sessions are done", ""};
  if (!plan_day) return {false, "not a plan day", ""};
  if (today_done) return {false, "already trained today", ""};
  const int left = in.sessions_per_week - done;
  std::string text = "Time for your Poise exercises. ";
  text += done == 0 ? "This week's first session is waiting for you."
                    : "You have done " + std::to_string(done) + " of " +
                          std::to_string(in.sessions_per_week) + " sessions this week; " +
                          std::to_string(left) + (left == 1 ? " to go." : " to go.");
  return {
      true,
      "plan day, " + std::to_string(done) + " of " + std::to_string(in.sessions_per_week) + " done",
      text};
}

}  // namespace poise::core
