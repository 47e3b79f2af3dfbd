#include "game/core/metrics/local_fit.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace poise::core {

namespace {
// The samples [a, b) a local line at t is fitted to: within half_ms either side, widened to two
// on each side where there are any.
std::pair<size_t, size_t> FitRange(const std::vector<TimedValue>& s, size_t lo, size_t hi, double t,
                                   double half) {
  size_t a = size_t(std::lower_bound(s.begin() + long(lo), s.begin() + long(hi), t - half,
                                     [](const TimedValue& v, double x) { return v.t_ms < x; }) -
                    s.begin());
  size_t b = size_t(std::upper_bound(s.begin() + long(lo), s.begin() + long(hi), t + half,
                                     [](double x, const TimedValue& v) { return x < v.t_ms; }) -
                    s.begin());
  size_t before = 0, after = 0;
  for (size_t i = a; i < b; ++i) (s[i].t_ms < t ? before : after) += 1;
  while (before < 2 && a > lo) --a, ++before;
  while (after < 2 && b < hi) ++b, ++after;
  return {a, b};
}
}  // namespace

double LocalLineAt(const std::vector<TimedValue>& s, size_t lo, size_t hi, double t, double half) {
  if (lo >= hi) return 0;
  const auto [a, b] = FitRange(s, lo, hi, t, half);
  const double n = double(b - a);
  double mt = 0, mv = 0;
  for (size_t i = a; i < b; ++i) mt += s[i].t_ms / n, mv += s[i].value / n;
  double stt = 0, stv = 0;
  for (size_t i = a; i < b; ++i) {
    stt += (s[i].t_ms - mt) * (s[i].t_ms - mt);
    stv += (s[i].t_ms - mt) * (s[i].value - mv);
  }
  if (b - a < 2 || stt < 1e-9) return mv;
  return mv + stv / stt * (t - mt);
}

std::optional<double> LastCrossingMs(const std::vector<TimedValue>& s, size_t lo, size_t hi,
                                     double level, double half, bool rising) {
  const auto above = [&](double t) { return (LocalLineAt(s, lo, hi, t, half) >= level) == rising; };
  for (size_t i = hi; i-- > lo + 1;) {
    if (!above(s[i].t_ms) || above(s[i - 1].t_ms)) continue;
    double a = s[i - 1].t_ms, b = s[i].t_ms;  // below at a, above at b
    for (int k = 0; k < 30 && b - a > 0.1; ++k) {
      const double m = (a + b) / 2;
      (above(m) ? b : a) = m;
    }
    return (a + b) / 2;
  }
  return std::nullopt;
}

std::optional<double> HeldValue(const std::vector<TimedValue>& s, size_t lo, size_t hi,
                                double hold_ms, double half) {
  if (hi <= lo || s[hi - 1].t_ms - s[lo].t_ms < hold_ms) return std::nullopt;
  // A fit that had to reach across a hidden stretch (a bridged gap over 2.5 frame intervals)
  // for its samples is left out of a window's lowest value when the window has others: at a
  // lean's end it reached back to samples still on the way there and read the held lean 1.6 cm
  // low (a 0.27 s gap at 15 fps just before the best window).
  std::vector<double> dt;
  for (size_t i = lo + 1; i < hi; ++i) dt.push_back(s[i].t_ms - s[i - 1].t_ms);
  double gap_ms = 1e300;
  if (!dt.empty()) {
    std::nth_element(dt.begin(), dt.begin() + long(dt.size() / 2), dt.end());
    gap_ms = 2.5 * dt[dt.size() / 2];
  }
  const auto across_gap = [&](double t) {
    const auto [a, b] = FitRange(s, lo, hi, t, half);
    for (size_t k = a + 1; k < b; ++k)
      if (s[k].t_ms - s[k - 1].t_ms > gap_ms) return true;
    return false;
  };
  std::vector<double> fit(hi - lo);
  std::vector<bool> sure(hi - lo);
  for (size_t i = lo; i < hi; ++i) {
    fit[i - lo] = LocalLineAt(s, lo, hi, s[i].t_ms, half);
    sure[i - lo] = !across_gap(s[i].t_ms);
  }
  std::optional<double> best;
  size_t first = lo;  // the first sample inside the window ending at sample i
  for (size_t i = lo; i < hi; ++i) {
    const double start = s[i].t_ms - hold_ms;
    if (start < s[lo].t_ms) continue;
    while (s[first].t_ms < start) ++first;
    const double at_start = LocalLineAt(s, lo, hi, start, half);  // between samples
    double held = at_start, held_sure = across_gap(start) ? 1e300 : at_start;
    for (size_t k = first; k <= i; ++k) {
      held = std::min(held, fit[k - lo]);
      if (sure[k - lo]) held_sure = std::min(held_sure, fit[k - lo]);
    }
    if (held_sure < 1e300) held = held_sure;
    if (!best || held > *best) best = held;
  }
  return best;
}

}  // namespace poise::core
