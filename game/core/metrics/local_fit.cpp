#include "game/core/metrics/local_fit.h"

#include <algorithm>
#include <cmath>

namespace poise::core {

double LocalLineAt(const std::vector<TimedValue>& s, size_t lo, size_t hi, double t, double half) {
  if (lo >= hi) return 0;
  // The samples within half_ms either side, widened to two on each side where there are any.
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
  std::vector<double> fit(hi - lo);
  for (size_t i = lo; i < hi; ++i) fit[i - lo] = LocalLineAt(s, lo, hi, s[i].t_ms, half);
  std::optional<double> best;
  size_t first = lo;  // the first sample inside the window ending at sample i
  for (size_t i = lo; i < hi; ++i) {
    const double start = s[i].t_ms - hold_ms;
    if (start < s[lo].t_ms) continue;
    while (s[first].t_ms < start) ++first;
    double held = LocalLineAt(s, lo, hi, start, half);  // the window's start, between samples
    for (size_t k = first; k <= i; ++k) held = std::min(held, fit[k - lo]);
    if (!best || held > *best) best = held;
  }
  return best;
}

}  // namespace poise::core
