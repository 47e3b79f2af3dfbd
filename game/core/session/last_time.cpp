#include "game/core/session/last_time.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace poise::core {
namespace {

/// "You held on one leg for 14 s" and how a better result is said ("longer").
struct Phrase {
  std::string what, better;
};
Phrase PhraseFor(const std::string& exercise, double v, const std::string& unit) {
  const std::string n = PlainNumber(v, unit);
  if (exercise == "single_leg_stance") return {"You held on one leg for " + n + " s", "longer"};
  if (exercise == "steady_stance")
    return {"You kept the glass of water steady for " + n + " s", "longer"};
  if (exercise == "functional_reach") return {"You reached " + n + " cm to the side", "further"};
  if (exercise == "weight_shift") return {"You leaned " + n + " cm and held it", "further"};
  if (exercise == "sit_to_stand") return {"You stood up five times in " + n + " s", "quicker"};
  if (exercise == "stepping_targets")
    return {"You stepped onto a target in " + n + " s", "quicker"};
  if (exercise == "bubble_reach") return {"You reached a bubble in " + n + " s", "quicker"};
  if (exercise == "pursuit_trace")
    return {"You followed the moving dot within " + n + " cm", "closer"};
  if (exercise == "nose_to_target") return {"You touched the dot within " + n + " cm", "closer"};
  return {"Your best in " + exercise + " was " + n, "better"};
}

/// A zero hold or reach is a try that did not start: nothing to compare.
bool Counts(const MeasuredTry& t) { return std::isfinite(t.value) && t.value > 0; }

/// The best value per exercise by its rule; `order` gets the exercises in first-seen order.
std::map<std::string, double> Best(const std::vector<MeasuredTry>& tries,
                                   std::vector<std::string>* order = nullptr) {
  std::map<std::string, double> best;
  for (const MeasuredTry& t : tries) {
    const auto rule = HeadlineMetric(t.exercise);
    if (!rule || !Counts(t)) continue;
    auto [it, fresh] = best.emplace(t.exercise, t.value);
    if (fresh && order) order->push_back(t.exercise);
    if (!fresh && (rule->higher_is_better ? t.value > it->second : t.value < it->second))
      it->second = t.value;
  }
  return best;
}

/// The change as it will be shown: equal when the shown numbers are equal.
LastTimeLine::Change ChangeOf(const std::string& exercise, double today, double last) {
  const auto rule = HeadlineMetric(exercise);
  const std::string unit = rule ? rule->unit : "";
  if (PlainNumber(today, unit) == PlainNumber(last, unit)) return LastTimeLine::Change::kSame;
  const bool higher = !rule || rule->higher_is_better;
  return (higher ? today > last : today < last) ? LastTimeLine::Change::kBetter
                                                : LastTimeLine::Change::kNotBetter;
}

}  // namespace

std::string LastTimeInWords(const std::string& exercise, double today, std::optional<double> last) {
  const auto rule = HeadlineMetric(exercise);
  const std::string unit = rule ? rule->unit : "";
  const Phrase p = PhraseFor(exercise, today, unit);
  if (!last) return p.what + ": a good start.";
  switch (ChangeOf(exercise, today, *last)) {
    case LastTimeLine::Change::kBetter:
      return p.what + ", " + PlainNumber(std::fabs(today - *last), unit) + " " + unit + " " +
             p.better + " than last time.";
    case LastTimeLine::Change::kSame:
      return p.what + ", just like last time.";
    default:
      // Never a reproach: a day with less is still a day trained.
      return p.what + ". Every session keeps you going.";
  }
}

std::vector<LastTimeLine> CompareWithLastTime(const std::vector<MeasuredTry>& today,
                                              const std::vector<MeasuredTry>& last) {
  std::vector<std::string> order;
  const auto now = Best(today, &order);
  const auto before = Best(last);
  std::vector<LastTimeLine> out;
  for (const std::string& ex : order) {
    LastTimeLine l;
    l.exercise = ex;
    l.today = now.at(ex);
    if (auto it = before.find(ex); it != before.end()) {
      l.last = it->second;
      l.change = ChangeOf(ex, l.today, it->second);
    }
    l.words = LastTimeInWords(ex, l.today, l.last);
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace poise::core
