#include "game/core/adaptation/fatigue_monitor.h"

#include <algorithm>

namespace poise::core {
namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Rate(const std::vector<bool>& v, size_t begin, size_t end) {
  int s = 0;
  for (size_t i = begin; i < end; ++i) s += v[i];
  return end > begin ? double(s) / double(end - begin) : 0;
}

}  // namespace

const char* RestAdviceName(RestAdvice r) {
  switch (r) {
    case RestAdvice::kNone:
      return "none";
    case RestAdvice::kOffer:
      return "offer a rest";
    case RestAdvice::kEnforce:
      return "rest now";
  }
  return "none";
}

FatigueMonitor::FatigueMonitor(double target_success, const FatigueOptions& options)
    : target_(target_success), o_(options) {}

FatigueDecision FatigueMonitor::SelfReport(int fatigue) {
  self_report_ = std::clamp(fatigue, 0, 10);
  FatigueDecision d;
  if (self_report_ >= 7) {
    ++detections_;
    cooldown_ = o_.cooldown_trials;
    d = {true, RestAdvice::kEnforce, false,
         "reported fatigue " + std::to_string(self_report_) + "/10: easier, and a rest now"};
  } else if (self_report_ >= 5) {
    d = {false, RestAdvice::kOffer, false,
         "reported fatigue " + std::to_string(self_report_) + "/10: no harder levels for now"};
  }
  return d;
}

FatigueDecision FatigueMonitor::RecordTrial(const TrialSignal& t) {
  outcomes_.push_back(t.success);
  if (t.movement_time_s) times_s_.push_back(*t.movement_time_s);
  streak_ = t.success ? 0 : streak_ + 1;
  FatigueDecision d;
  d.allow_raise = t.session_progress < o_.late_fraction && self_report_ < 5;
  if (cooldown_ > 0) {
    --cooldown_;
    d.allow_raise = false;
    return d;
  }
  const size_t n = outcomes_.size();
  const size_t base = size_t(o_.baseline_trials);
  if (n <= base) return d;  // no baseline yet: the staircase alone decides

  std::vector<std::string> signals;
  const bool streak = streak_ >= o_.failure_streak;
  if (streak) signals.push_back(std::to_string(streak_) + " failures in a row");
  // The staircase keeps success near the target, so a decline is measured against the target:
  // the easy warm-up at a session's start would otherwise make the normal return to the target
  // rate look like a decline.
  const double start = target_;
  bool decline = false, strong = false;
  if (n >= base + size_t(o_.recent_trials) / 2) {
    const size_t w = std::min(n - base, size_t(o_.recent_trials));
    const double recent = Rate(outcomes_, n - w, n);
    decline = recent <= start - o_.decline;
    const size_t ws = std::min(n - base, size_t(o_.strong_window));
    const double recent_long = Rate(outcomes_, n - ws, n);
    strong = ws >= size_t(o_.strong_window) && recent_long <= start - o_.strong_decline;
    if (decline || strong)
      signals.push_back("success fell to " +
                        std::to_string(int((strong ? recent_long : recent) * 100 + 0.5)) +
                        " % (aim " + std::to_string(int(start * 100 + 0.5)) + " %)");
  }
  bool slowing = false;
  if (times_s_.size() >= base + size_t(o_.slowing_window)) {
    const double b = Median({times_s_.begin(), times_s_.begin() + std::ptrdiff_t(base)});
    const double r = Median({times_s_.end() - o_.slowing_window, times_s_.end()});
    slowing = b > 0 && r >= o_.slowing_ratio * b;
    if (slowing)
      signals.push_back("movements " + std::to_string(int((r / b - 1) * 100 + 0.5)) + " % slower");
  }
  const bool fatigue = (slowing && (streak || decline)) || (strong && streak);
  if (!fatigue) return d;
  ++detections_;
  cooldown_ = o_.cooldown_trials;
  d.fatigue = true;
  d.allow_raise = false;
  d.rest = detections_ >= 2 ? RestAdvice::kEnforce : RestAdvice::kOffer;
  d.why = "signs of fatigue: " + signals[0];
  for (size_t i = 1; i < signals.size(); ++i) d.why += ", " + signals[i];
  return d;
}

}  // namespace poise::core
