#include "game/core/metrics/event_timing.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace poise::core {
namespace {

constexpr double kRestRunMs = 100;

// Time at which the segment a -> b passes `level` (a and b on either side of it).
double Cross(const TimedValue& a, const TimedValue& b, double level) {
  const double dv = b.value - a.value;
  if (std::abs(dv) < 1e-12) return b.t_ms;
  return a.t_ms + (b.t_ms - a.t_ms) * std::clamp((level - a.value) / dv, 0.0, 1.0);
}

// Centred moving average over about kSmoothHalfMs either side: 5 samples at 30 fps, 3 at 15-20
// fps (from the median frame interval): lowers the noise without shifting a straight stretch,
// so the crossings below are found on a steadier signal. The window is a time, not a count of
// samples: 5 samples at 15 fps span 0.27 s, longer than a quick foot lift, and blurred it so
// that its extrapolated start came 60 ms early (both ends of a single-leg hold moved outwards).
constexpr double kSmoothHalfMs = 67;
std::deque<TimedValue> Smoothed(const std::deque<TimedValue>& s) {
  std::vector<double> dt;
  for (size_t i = 1; i < s.size(); ++i) dt.push_back(s[i].t_ms - s[i - 1].t_ms);
  size_t half = 2;
  if (!dt.empty()) {
    std::nth_element(dt.begin(), dt.begin() + dt.size() / 2, dt.end());
    half =
        size_t(std::clamp(std::round(kSmoothHalfMs / std::max(1.0, dt[dt.size() / 2])), 1.0, 2.0));
  }
  // Across a longer gap (hidden frames) the window shrinks, symmetrically: no sample farther
  // than the window and a frame and a half is averaged in (a single dropped frame keeps it).
  // Counted in samples only, a 5-sample mean at a 0.2 s gap reached 0.3 s into the rest before
  // a reach and moved its onset 0.3 s early.
  const double reach_ms = (double(half) + 1.5) * (dt.empty() ? 0.0 : dt[dt.size() / 2]);
  std::deque<TimedValue> out = s;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t k = std::min<size_t>({half, i, s.size() - 1 - i});
    while (k > 0 && (s[i].t_ms - s[i - k].t_ms > reach_ms || s[i + k].t_ms - s[i].t_ms > reach_ms))
      --k;
    double sum = 0;
    for (size_t j = i - k; j <= i + k; ++j) sum += s[j].value;
    out[i].value = sum / double(2 * k + 1);
  }
  return out;
}

// The onset time t0 of a movement u = k (tau - t0)^p seen crossing u1 < u2 < u3 at tau1 < tau2
// < tau3 (tau: time running away from rest). p between 1 (a steady ramp) and 2.5 (a smooth
// start) is chosen to fit the third crossing; without it (u3 <= u2) the line through the first
// two is used.

constexpr double kMaxP = 2.0 + 1e-4;
double Onset(double tau1, double tau2, double tau3, double u1, double u2, double u3) {
  auto t0_for = [&](double p) {
    const double q = std::pow(u2 / u1, 1 / p);
    return (tau2 - tau1 * q) / (1 - q);
  };
  if (!(u3 > u2) || !(tau3 > tau2) || !(tau2 > tau1)) return t0_for(1);
  double best_p = 1, best_err = 1e300;
  for (double p = 1; p <= kMaxP; p += 0.05) {
    const double t0 = t0_for(p);
    const double pred = t0 + (tau1 - t0) * std::pow(u3 / u1, 1 / p);
    if (std::abs(pred - tau3) < best_err) best_err = std::abs(pred - tau3), best_p = p;
  }
  return t0_for(best_p);
}

// Shared by both directions: i is the sample at or beyond the threshold crossing, dir = -1 to
// walk back (onset) or +1 to walk forward (arrival).
std::optional<double> RestTime(const std::deque<TimedValue>& raw, double band, double threshold,
                               bool onset, bool movement_only) {
  if (raw.size() < 2) return std::nullopt;
  const std::deque<TimedValue> s = Smoothed(raw);
  const int dir = onset ? -1 : 1;
  // The last crossing of the threshold (up for an onset, down for an arrival).
  size_t i = s.size() - 1;
  auto crossing = [&](size_t k) {
    return onset ? s[k].value >= threshold && s[k - 1].value < threshold
                 : s[k].value < threshold && s[k - 1].value >= threshold;
  };
  while (i > 0 && !crossing(i)) --i;
  if (i == 0) return std::nullopt;
  const double t_thr = Cross(s[i - 1], s[i], threshold);
  // From there towards rest, to the first sample within the band.
  size_t j = onset ? i - 1 : i;
  while (j < s.size() && s[j].value > band) j += dir;
  if (j >= s.size()) return std::nullopt;
  // Crossings of band, 2 band and 4 band (or the threshold), walking away from rest; with
  // `movement_only` the ones nearest the threshold crossing, i.e. of the movement itself (the
  // first ones seen walking away from rest can be a jitter excursion before a reach began,
  // which put its onset up to 0.7 s early).
  const auto crossing_of = [&](double level) -> std::optional<double> {
    if (movement_only) {
      for (size_t k = onset ? i : i - 1; k != j && k + dir < s.size(); k += dir) {
        const TimedValue &near = s[k], &far = s[k + dir];  // far: towards rest
        if (far.value < level && near.value >= level) return Cross(far, near, level);
      }
      return std::nullopt;
    }
    for (size_t k = j; k < s.size(); k -= dir) {
      const size_t n = k - dir;
      if (n >= s.size()) break;
      if (s[k].value < level && s[n].value >= level) return Cross(s[k], s[n], level);
    }
    return std::nullopt;
  };
  const double u1 = band, u2 = std::min(2 * band, threshold), u3 = std::min(4 * band, threshold);
  const auto c1 = crossing_of(u1), c2 = crossing_of(u2), c3 = crossing_of(u3);
  if (!c1 || !c2 || !c3) return std::nullopt;
  // tau runs away from rest: t for an onset, -t for an arrival.
  const double sign = onset ? 1 : -1;
  double t0 = sign * Onset(sign * *c1, sign * *c2, sign * *c3, u1, u2, u3);
  // Between the band crossing and one band-to-threshold span beyond it; never past a raw
  // sample that still (already) shows rest.
  const double lo = onset ? *c1 - (*c3 - *c1) : *c1, hi = onset ? *c1 : *c1 + (*c1 - *c3);
  t0 = std::clamp(t0, lo, hi);
  // With `movement_only`, nor before the smoothed signal was last at or below rest before the
  // band crossing (a jitter excursion just before a reach must not stretch the extrapolation
  // back into the rest).
  for (size_t k = onset ? i : i - 1; movement_only && k < s.size(); k += dir)
    if (s[k].value <= 0) {
      t0 = onset ? std::max(t0, s[k].t_ms) : std::min(t0, s[k].t_ms);
      break;
    }
  // A raw sample at rest between there and the threshold crossing shows it had not moved yet,
  // if the samples of the kRestRunMs before it (on the side of rest) were at rest too: one
  // jittery sample at or below rest says nothing (taking it moved events towards the threshold,
  // the more so the more frames a second: a five-times sit-to-stand read 0.2 s short at 2.5 cm
  // jitter and 30 fps).
  const auto at_rest = [&](size_t k) {
    if (raw[k].value > 0) return false;
    for (size_t m = onset ? k - 1 : k + 1; m < raw.size(); m = onset ? m - 1 : m + 1) {
      if (raw[m].value > 0) return false;
      if (std::abs(raw[m].t_ms - raw[k].t_ms) >= kRestRunMs) break;
    }
    return true;  // wraps past either end: no earlier sample says otherwise
  };
  if (onset) {
    for (size_t k = 0; k < raw.size(); ++k)
      if (at_rest(k) && raw[k].t_ms > t0 && raw[k].t_ms < t_thr) t0 = raw[k].t_ms;
  } else {
    for (size_t k = raw.size(); k-- > 0;)
      if (at_rest(k) && raw[k].t_ms < t0 && raw[k].t_ms > t_thr) t0 = raw[k].t_ms;
  }
  return t0;
}

// The movement fit (FitLeftRestMs): a rest level B, then a point-to-point movement of size A
// over D ms from t0, shaped as the regularised incomplete beta function I_x(a, a) (a = 2: the
// smooth step 3x^2 - 2x^3; a = 3: the minimum-jerk profile of human reaching; a = 1.5: a quicker
// start), then the new level. B and A by least squares for each (a, t0, D); (t0, D) by a coarse
// grid and a shrinking local search. Every sample of the movement and of the rest around it
// weighs in, so single jittery samples move t0 little.
constexpr double kShapes[] = {1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3};
constexpr int kShapeSteps = 1000;
const std::vector<std::vector<double>>& ShapeTables() {
  static const std::vector<std::vector<double>> tables = [] {
    std::vector<std::vector<double>> out;
    for (double a : kShapes) {
      // Cumulative integral of x^(a-1) (1-x)^(a-1) by the midpoint rule, normalised.
      std::vector<double> c(kShapeSteps + 1, 0.0);
      for (int k = 0; k < kShapeSteps; ++k) {
        const double x = (k + 0.5) / kShapeSteps;
        c[k + 1] = c[k] + std::pow(x * (1 - x), a - 1);
      }
      for (double& v : c) v /= c.back();
      out.push_back(c);
    }
    return out;
  }();
  return tables;
}

double Shape(const std::vector<double>& table, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double f = x * kShapeSteps;
  const int k = std::min(int(f), kShapeSteps - 1);
  return table[k] + (table[k + 1] - table[k]) * (f - k);
}

// Sum of squared residuals of the best B + A S((t - t0) / D) (A >= 0).
double MovementSse(const std::vector<TimedValue>& s, const std::vector<double>& table, double t0,
                   double d) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  for (const TimedValue& v : s) {
    const double x = Shape(table, (v.t_ms - t0) / d);
    n += 1, sx += x, sy += v.value, sxx += x * x, sxy += x * v.value, syy += v.value * v.value;
  }
  const double det = n * sxx - sx * sx;
  if (det <= 1e-12) return 1e300;
  const double a = std::max(0.0, (n * sxy - sx * sy) / det);
  const double b = (sy - a * sx) / n;
  return syy - 2 * a * sxy - 2 * b * sy + a * a * sxx + 2 * a * b * sx + n * b * b;
}

constexpr int kT0Steps = 40;     // the coarse grid: onsets over the span searched
constexpr double kDStep = 1.15;  // and durations, each this much longer than the last
constexpr double kMinMoveMs = 150;

// Per shape: the fitted t0 (in the samples' time, which runs away from rest) and its residual.
// Durations from min_d up.
void MovementFit(const std::vector<TimedValue>& s, double lo_t0, double hi_t0, MovementEvent& out,
                 double min_d) {
  const double span = s.back().t_ms - s.front().t_ms;
  const auto& tables = ShapeTables();
  const double d0 = std::max(80.0, min_d);  // the coarse grid's shortest duration
  for (const auto& table : tables) {
    double t0 = hi_t0, d = 500, e = 1e300;
    for (int i = 0; i <= kT0Steps; ++i) {
      const double tt = lo_t0 + (hi_t0 - lo_t0) * i / kT0Steps;
      for (double dd = d0; dd <= std::max(2 * d0, span); dd *= kDStep) {
        const double ee = MovementSse(s, table, tt, dd);
        if (ee < e) e = ee, t0 = tt, d = dd;
      }
    }
    // Shrinking local search on (t0, D).
    double st = std::max(1.0, (hi_t0 - lo_t0) / kT0Steps), sd = (kDStep - 1) * d;
    for (int it = 0; it < 80 && (st > 0.05 || sd > 0.05); ++it) {
      bool moved = false;
      for (const auto& [dt, dd] : {std::pair{st, 0.0}, {-st, 0.0}, {0.0, sd}, {0.0, -sd}}) {
        const double nt = t0 + dt, nd = d + dd;
        if (nd < min_d) continue;
        const double ee = MovementSse(s, table, nt, nd);
        if (ee < e) e = ee, t0 = nt, d = nd, moved = true;
      }
      if (!moved) st /= 2, sd /= 2;
    }
    out.t_ms.push_back(t0);
    out.sse.push_back(e);
    out.d_ms.push_back(d);
  }
}

std::optional<MovementEvent> FitRest(const std::deque<TimedValue>& raw, double band,
                                     double threshold, double rest_ms, bool onset) {
  if (raw.size() < 4) return std::nullopt;
  const std::deque<TimedValue> s = Smoothed(raw);
  const int n = int(s.size());
  // k runs away from rest in time (forwards for an onset, backwards for an arrival).
  auto idx = [&](int k) { return onset ? k : n - 1 - k; };
  auto tau = [&](int k) { return onset ? raw[idx(k)].t_ms : -raw[idx(k)].t_ms; };
  auto val = [&](int k) { return s[idx(k)].value; };
  // The latest rise through the threshold: for an arrival, the latest fall.
  int i = -1;
  if (onset) {
    for (int k = n - 1; k > 0 && i < 0; --k)
      if (val(k) >= threshold && val(k - 1) < threshold) i = k;
  } else {
    for (int k = 1; k < n && i < 0; ++k)
      if (val(k) >= threshold && val(k - 1) < threshold) i = k;
  }
  if (i < 0) return std::nullopt;
  // Towards rest: the first smoothed sample within the band, then up to rest_ms of rest before
  // it (not into an earlier movement).
  int r = i;
  while (r >= 0 && val(r) > band) --r;
  if (r < 0) return std::nullopt;
  int b = r;
  while (b > 0 && tau(r) - tau(b - 1) <= rest_ms && val(b - 1) < 2 * band) --b;
  if (!onset && b == 0 && tau(r) - tau(b) < rest_ms - 1e-6) return std::nullopt;  // wait
  // Away from rest: the movement, up to where the signal turns back by 2 bands from its
  // highest (the next movement) or the samples end.
  int f = i;
  double top = val(i);
  while (f + 1 < n && val(f + 1) > top - 2 * band) top = std::max(top, val(++f));
  std::vector<TimedValue> fit;
  for (int k = b; k <= f; ++k) fit.push_back({tau(k), raw[idx(k)].value});
  if (fit.size() < 5) return std::nullopt;
  MovementEvent ev;
  ev.samples = int(fit.size());
  MovementFit(fit, tau(b), tau(i), ev, 40);
  {
    // A foot or the hips take a human movement's time, at least kMinMoveMs: a quicker fit is
    // kept only where the samples show it (its residual lower by 4 noise variances: one sample
    // 2 SDs off, the bound of a 95 % likelihood interval).
    // With the movement's middle hidden, a fit of any duration matches the few samples left,
    // and the quickest put a touch-down 0.13 s early, in the unseen stretch's first third.
    MovementEvent slow;
    MovementFit(fit, tau(b), tau(i), slow, kMinMoveMs);
    const double best = *std::min_element(ev.sse.begin(), ev.sse.end());
    const double var = best / std::max(1.0, double(fit.size()) - 4);
    for (size_t k = 0; k < ev.sse.size(); ++k)
      if (ev.d_ms[k] < kMinMoveMs && slow.sse[k] <= ev.sse[k] + 4 * var)
        ev.t_ms[k] = slow.t_ms[k], ev.sse[k] = slow.sse[k], ev.d_ms[k] = slow.d_ms[k];
  }
  ev.best = int(std::min_element(ev.sse.begin(), ev.sse.end()) - ev.sse.begin());
  if (!onset)
    for (double& t : ev.t_ms) t = -t;
  return ev;
}

}  // namespace

std::optional<MovementEvent> FitLeftRest(const std::deque<TimedValue>& s, double band,
                                         double threshold, double rest_ms) {
  return FitRest(s, band, threshold, rest_ms, true);
}

std::optional<MovementEvent> FitReachedRest(const std::deque<TimedValue>& s, double band,
                                            double threshold, double rest_ms) {
  return FitRest(s, band, threshold, rest_ms, false);
}

std::vector<double> ShapeWeights(const std::vector<MovementEvent>& events) {
  std::vector<double> sum;
  double n = 0;
  for (const MovementEvent& e : events) {
    if (e.sse.empty()) continue;
    if (sum.empty()) sum.assign(e.sse.size(), 0.0);
    for (size_t k = 0; k < e.sse.size() && k < sum.size(); ++k) sum[k] += e.sse[k];
    n += e.samples;
  }
  if (sum.empty()) return {};
  // Likelihood of each shape under Gaussian noise whose variance comes from the best fit's
  // residuals (four parameters per event: rest, size, start, duration).
  const double best = *std::min_element(sum.begin(), sum.end());
  const double var = best / std::max(1.0, n - 4.0 * double(events.size()));
  std::vector<double> w(sum.size());
  double total = 0;
  for (size_t k = 0; k < sum.size(); ++k) {
    const double z = var > 1e-12 ? (sum[k] - best) / (2 * var) : (sum[k] > best ? 1e9 : 0);
    total += w[k] = std::exp(-std::min(z, 700.0));
  }
  for (double& x : w) x /= total;
  return w;
}

double MovementEvent::at(const std::vector<double>& weights) const {
  if (weights.size() != t_ms.size()) return best_ms();
  double t = 0;
  for (size_t k = 0; k < t_ms.size(); ++k) t += weights[k] * t_ms[k];
  return t;
}

std::optional<double> LeftRestMs(const std::deque<TimedValue>& s, double band, double threshold,
                                 bool movement_only) {
  return RestTime(s, band, threshold, true, movement_only);
}

std::optional<double> ReachedRestMs(const std::deque<TimedValue>& s, double band, double threshold,
                                    bool movement_only) {
  return RestTime(s, band, threshold, false, movement_only);
}

double MedianOf(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

RobustStats Robust(std::vector<double> v) {
  RobustStats r;
  if (v.empty()) return r;
  r.median = MedianOf(v);
  for (double& x : v) x = std::abs(x - r.median);
  r.sd = 1.4826 * MedianOf(std::move(v));
  return r;
}

RobustStats RestLevel(const std::vector<double>& v, double min_width) {
  RobustStats r;
  if (v.empty()) return r;
  std::vector<double> d;
  for (size_t i = 1; i < v.size(); ++i) d.push_back(v[i] - v[i - 1]);
  r.sd = d.empty() ? 0 : Robust(d).sd / std::sqrt(2.0);
  const double width = std::max(min_width, 4 * r.sd);
  std::vector<double> s = v;
  std::sort(s.begin(), s.end());
  size_t best_lo = 0, best_n = 0;
  for (size_t lo = 0, hi = 0; lo < s.size(); ++lo) {
    while (hi < s.size() && s[hi] <= s[lo] + width) ++hi;
    if (hi - lo > best_n) best_n = hi - lo, best_lo = lo;
  }
  r.median = s[best_lo + best_n / 2];
  return r;
}

void OnsetDetector::Reset() {
  samples_.clear();
  after_.clear();
  onset_ms_.reset();
  rest_x_ = rest_y_ = 0;
  rest_seen_ms_ = unseen_at_onset_ms_ = 0;
}

std::optional<double> OnsetDetector::Add(double t_ms, double x, double y, double gx, double gy) {
  constexpr double kRestAgainMs = 400;
  if (onset_ms_) {
    // Moving: has it come to rest again? Then what follows is a new movement.
    if (!after_.empty() && t_ms <= after_.back().t_ms) return onset_ms_;
    after_.push_back({t_ms, x, y});
    while (after_.size() > 2 && after_[1].t_ms <= t_ms - kRestAgainMs) after_.pop_front();
    if (after_.front().t_ms > t_ms - kRestAgainMs) return onset_ms_;
    double mx = 0, my = 0;
    for (const Sample& s : after_) {
      mx += s.x / double(after_.size());
      my += s.y / double(after_.size());
    }
    const double r = std::max(2.0, 2.5 * sd_);
    for (const Sample& s : after_)
      if (std::hypot(s.x - mx, s.y - my) > r) return onset_ms_;
    const std::deque<Sample> rest = after_;
    Reset();
    for (const Sample& s : rest) samples_.push_back(s);
    return std::nullopt;
  }
  if (!samples_.empty() && t_ms <= samples_.back().t_ms) return std::nullopt;
  samples_.push_back({t_ms, x, y});
  constexpr double kKeepMs = 4000;  // a long rest: the last seconds say where it is
  while (samples_.size() > 2 && samples_.front().t_ms < t_ms - kKeepMs) samples_.pop_front();
  if (samples_.size() < 4) {
    rest_x_ = samples_.front().x;
    rest_y_ = samples_.front().y;
    return std::nullopt;
  }
  std::vector<double> xs, ys;
  for (const Sample& s : samples_) {
    xs.push_back(s.x);
    ys.push_back(s.y);
  }
  rest_x_ = Robust(xs).median;
  rest_y_ = Robust(ys).median;
  double ux = gx - rest_x_, uy = gy - rest_y_;
  const double norm = std::hypot(ux, uy);
  if (norm < 1e-9) return std::nullopt;
  ux /= norm;
  uy /= norm;
  std::deque<TimedValue> u;
  for (const Sample& s : samples_)
    u.push_back({s.t_ms, (s.x - rest_x_) * ux + (s.y - rest_y_) * uy});
  // Noise: robust SD of the frame-to-frame differences (a movement is a few of them only).
  std::vector<double> d;
  for (size_t i = 1; i < u.size(); ++i) d.push_back(u[i].value - u[i - 1].value);
  const double sd = sd_ = Robust(d).sd / std::sqrt(2.0);
  const double band = std::max(min_band_cm_, 1.5 * sd);
  const double detect = std::max(min_detect_cm_, 3 * band);
  const size_t n = u.size();
  const double recent = (u[n - 1].value + u[n - 2].value + u[n - 3].value) / 3;
  if (recent < detect) return std::nullopt;
  // Timed back from the threshold crossing to where the movement left rest.
  const double thr = std::max(band * 2.5, std::min(detect, u[n - 1].value));
  onset_ms_ = LeftRestMs(u, band, thr, /*movement_only=*/true);
  if (!onset_ms_) onset_ms_ = samples_.front().t_ms;  // moving since the first sample seen
  constexpr double kLeaveGapMs = 150;
  rest_seen_ms_ = *onset_ms_ - samples_.front().t_ms;
  // Where the hand was last seen within the band before the movement took it beyond for good.
  // When a gap hid that (two or more frames at 15 fps), the band crossing interpolated across
  // it says little, and the extrapolation from it put the onset before the last sample still
  // at rest (a reach starting in a 0.19 s gap read 0.27 s early): never before that sample.
  unseen_at_onset_ms_ = 0;
  for (size_t k = n - 1; k > 0; --k)
    if (u[k - 1].value <= band) {
      unseen_at_onset_ms_ = u[k].t_ms - u[k - 1].t_ms;
      if (unseen_at_onset_ms_ >= kLeaveGapMs) onset_ms_ = std::max(*onset_ms_, u[k - 1].t_ms);
      break;
    }
  return onset_ms_;
}

}  // namespace poise::core
