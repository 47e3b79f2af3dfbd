#include "game/core/metrics/sway_jitter.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "game/core/metrics/event_timing.h"

namespace poise::core {
namespace {

// The three linear stages of the sway chain on one axis of one segment (times in s).
std::vector<double> Smooth(const std::vector<double>& v, const std::vector<double>& t,
                           double tau_s) {
  std::vector<double> out(v.size());
  double a = 0, b = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i == 0) {
      a = b = v[0];
    } else {
      const double dt = std::max(0.0, t[i] - t[i - 1]);
      const double k = tau_s > 0 ? 1 - std::exp(-dt / tau_s) : 1;
      a += k * (v[i] - a);
      b += k * (a - b);
    }
    out[i] = b;
  }
  return out;
}

// ComputeSegmentedSway's zero-lag mean (one grid step either side, symmetric) and grid.
std::vector<double> GridPath(const std::vector<double>& v, const std::vector<double>& t,
                             double step_s) {
  const size_t n = v.size();
  std::vector<double> avg(n);
  for (size_t i = 0, lo = 0, hi = 0; i < n; ++i) {
    while (t[lo] < t[i] - step_s) ++lo;
    while (hi + 1 < n && t[hi + 1] <= t[i] + step_s) ++hi;
    const size_t k = std::min(i - lo, hi - i);
    double s = 0;
    for (size_t j = i - k; j <= i + k; ++j) s += v[j];
    avg[i] = s / double(2 * k + 1);
  }
  if (n < 2 || step_s <= 0) return avg;
  std::vector<double> out{avg.front()};
  size_t i = 1;
  for (double g = t.front() + step_s; g < t.back(); g += step_s) {
    while (i + 1 < n && t[i] < g) ++i;
    const double k =
        t[i] > t[i - 1] ? std::clamp((g - t[i - 1]) / (t[i] - t[i - 1]), 0.0, 1.0) : 1.0;
    out.push_back(avg[i - 1] + k * (avg[i] - avg[i - 1]));
  }
  out.push_back(avg.back());
  return out;
}

}  // namespace

SwayJitter EstimateSwayJitter(const std::vector<std::vector<SwaySample>>& raw_segments) {
  std::vector<double> dx, dy;
  for (const auto& s : raw_segments)
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      dx.push_back(s[i + 1].x_cm - 2 * s[i].x_cm + s[i - 1].x_cm);
      dy.push_back(s[i + 1].y_cm - 2 * s[i].y_cm + s[i - 1].y_cm);
    }
  if (dx.size() < 10) return {};
  return {Robust(dx).sd / std::sqrt(6.0), Robust(dy).sd / std::sqrt(6.0)};
}

SwayStats DejitteredSway(const std::vector<std::vector<SwaySample>>& smoothed, double tau_s,
                         double path_step_s, SwayJitter jitter) {
  SwayStats st = ComputeSegmentedSway(smoothed, path_step_s);
  const double vx = jitter.x_cm * jitter.x_cm, vy = jitter.y_cm * jitter.y_cm;
  if (vx + vy <= 0) return st;
  // The chain's response to each raw sample (an impulse): how much of a sample's jitter each
  // smoothed sample and each grid step carry.
  double noise_ss = 0;  // expected sum over smoothed samples of (jitter share)^2, per unit var
  size_t total = 0;
  st.path_cm = 0;
  for (const auto& seg : smoothed) {
    const size_t n = seg.size();
    total += n;
    std::vector<double> t(n), x(n), y(n);
    for (size_t i = 0; i < n; ++i) t[i] = seg[i].t_s, x[i] = seg[i].x_cm, y[i] = seg[i].y_cm;
    const std::vector<double> gx = GridPath(x, t, path_step_s), gy = GridPath(y, t, path_step_s);
    std::vector<double> step_var(gx.size() > 0 ? gx.size() - 1 : 0, 0.0);
    std::vector<double> e(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
      e[i] = 1;
      const std::vector<double> h = Smooth(e, t, tau_s);
      e[i] = 0;
      double mean = 0;
      for (double v : h) {
        noise_ss += v * v;
        mean += v / double(n);
      }
      noise_ss -= double(n) * mean * mean;  // about the segment's mean
      const std::vector<double> g = GridPath(h, t, path_step_s);
      for (size_t k = 0; k + 1 < g.size(); ++k)
        step_var[k] += (g[k + 1] - g[k]) * (g[k + 1] - g[k]);
    }
    // A step d long with jitter of variance v across it reads about d + v / (2 d) long (the
    // jitter along it averages out, the jitter across it lengthens it): that much comes off.
    for (size_t k = 0; k + 1 < gx.size(); ++k) {
      const double dx = gx[k + 1] - gx[k], dy = gy[k + 1] - gy[k], d2 = dx * dx + dy * dy;
      if (d2 <= 0) continue;
      const double across = (vx * dy * dy + vy * dx * dx) / d2 * step_var[k];
      const double d = std::sqrt(d2);
      st.path_cm += std::max(0.0, d - across / (2 * d));
    }
  }
  st.mean_velocity_cm_s = st.duration_s > 0 ? st.path_cm / st.duration_s : 0;
  // Ellipse and RMS: the pooled covariance less the jitter's share.
  if (total >= 3) {
    double mx = 0, my = 0;
    for (const auto& seg : smoothed)
      for (const SwaySample& s : seg) mx += s.x_cm / double(total), my += s.y_cm / double(total);
    double sxx = 0, syy = 0, sxy = 0;
    for (const auto& seg : smoothed)
      for (const SwaySample& s : seg) {
        sxx += (s.x_cm - mx) * (s.x_cm - mx);
        syy += (s.y_cm - my) * (s.y_cm - my);
        sxy += (s.x_cm - mx) * (s.y_cm - my);
      }
    const double cxx = std::max(0.0, sxx - vx * noise_ss), cyy = std::max(0.0, syy - vy * noise_ss);
    const double n1 = double(total - 1);
    const double det = std::max(0.0, cxx * cyy - sxy * sxy) / (n1 * n1);
    constexpr double kChi2_95_2dof = 5.991;
    st.ellipse_area_cm2 = std::numbers::pi * kChi2_95_2dof * std::sqrt(det);
    st.rms_cm = std::sqrt((cxx + cyy) / double(total));
  }
  return st;
}

}  // namespace poise::core
