#include "game/core/metrics/event_timing.h"

#include <algorithm>
#include <cmath>
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

}  // namespace

std::optional<double> LeftRestMs(const std::deque<TimedValue>& s, double band, double threshold,
                                 bool movement_only) {
  return RestTime(s, band, threshold, true, movement_only);
}

std::optional<double> ReachedRestMs(const std::deque<TimedValue>& s, double band, double threshold,
                                    bool movement_only) {
  return RestTime(s, band, threshold, false, movement_only);
}

RobustStats Robust(std::vector<double> v) {
  RobustStats r;
  if (v.empty()) return r;
  auto median = [](std::vector<double>& x) {
    std::nth_element(x.begin(), x.begin() + x.size() / 2, x.end());
    return x[x.size() / 2];
  };
  r.median = median(v);
  for (double& x : v) x = std::abs(x - r.median);
  r.sd = 1.4826 * median(v);
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
  return onset_ms_;
}

}  // namespace poise::core
