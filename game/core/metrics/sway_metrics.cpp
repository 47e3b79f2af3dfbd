#include "game/core/metrics/sway_metrics.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace poise::core {

double SwayPathLengthCm(const std::vector<SwaySample>& s) {
  double path = 0;
  for (size_t i = 1; i < s.size(); ++i)
    path += std::hypot(s[i].x_cm - s[i - 1].x_cm, s[i].y_cm - s[i - 1].y_cm);
  return path;
}

double SwayMeanVelocityCmS(const std::vector<SwaySample>& s) {
  if (s.size() < 2) return 0;
  const double duration_s = s.back().t_s - s.front().t_s;
  return duration_s > 0 ? SwayPathLengthCm(s) / duration_s : 0;
}

namespace {

struct Moments {
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;  // means and (population) covariance
};

Moments ComputeMoments(const std::vector<SwaySample>& s) {
  Moments m;
  if (s.empty()) return m;
  for (const auto& p : s) {
    m.mx += p.x_cm;
    m.my += p.y_cm;
  }
  m.mx /= double(s.size());
  m.my /= double(s.size());
  for (const auto& p : s) {
    const double dx = p.x_cm - m.mx, dy = p.y_cm - m.my;
    m.sxx += dx * dx;
    m.syy += dy * dy;
    m.sxy += dx * dy;
  }
  return m;
}

}  // namespace

double SwayEllipseArea95Cm2(const std::vector<SwaySample>& s) {
  if (s.size() < 3) return 0;
  Moments m = ComputeMoments(s);
  const double n1 = double(s.size() - 1);  // sample covariance
  const double a = m.sxx / n1, d = m.syy / n1, b = m.sxy / n1;
  // Eigenvalues of [[a b][b d]]: their product is the determinant.
  const double det = std::max(0.0, a * d - b * b);
  constexpr double kChi2_95_2dof = 5.991;
  return std::numbers::pi * kChi2_95_2dof * std::sqrt(det);
}

double SwayRmsCm(const std::vector<SwaySample>& s) {
  if (s.empty()) return 0;
  const Moments m = ComputeMoments(s);
  return std::sqrt((m.sxx + m.syy) / double(s.size()));
}

SwayStats ComputeSway(const std::vector<SwaySample>& s) {
  SwayStats st;
  if (s.size() >= 2) st.duration_s = s.back().t_s - s.front().t_s;
  st.path_cm = SwayPathLengthCm(s);
  st.mean_velocity_cm_s = SwayMeanVelocityCmS(s);
  st.ellipse_area_cm2 = SwayEllipseArea95Cm2(s);
  st.rms_cm = SwayRmsCm(s);
  return st;
}

SwayStats ComputeSegmentedSway(const std::vector<std::vector<SwaySample>>& segments) {
  SwayStats st;
  std::vector<SwaySample> pooled;
  for (const auto& seg : segments) {
    st.path_cm += SwayPathLengthCm(seg);
    if (seg.size() >= 2) st.duration_s += seg.back().t_s - seg.front().t_s;
    pooled.insert(pooled.end(), seg.begin(), seg.end());
  }
  st.mean_velocity_cm_s = st.duration_s > 0 ? st.path_cm / st.duration_s : 0;
  st.ellipse_area_cm2 = SwayEllipseArea95Cm2(pooled);
  st.rms_cm = SwayRmsCm(pooled);
  return st;
}

std::vector<SwaySample> ResampleSway(const std::vector<SwaySample>& s, double step_s) {
  if (s.size() < 2 || step_s <= 0) return s;
  std::vector<SwaySample> out{s.front()};
  size_t i = 1;
  for (double t = s.front().t_s + step_s; t < s.back().t_s; t += step_s) {
    while (i + 1 < s.size() && s[i].t_s < t) ++i;
    const SwaySample &a = s[i - 1], &b = s[i];
    const double k = b.t_s > a.t_s ? std::clamp((t - a.t_s) / (b.t_s - a.t_s), 0.0, 1.0) : 1.0;
    out.push_back({t, a.x_cm + k * (b.x_cm - a.x_cm), a.y_cm + k * (b.y_cm - a.y_cm)});
  }
  out.push_back(s.back());
  return out;
}

SwayStats ComputeSegmentedSway(const std::vector<std::vector<SwaySample>>& segments,
                               double path_step_s) {
  SwayStats st = ComputeSegmentedSway(segments);
  st.path_cm = 0;
  for (const auto& seg : segments) {
    // A centred (zero-lag) mean over one grid step either side first: the jitter the live
    // smoother lets through grows as the frame rate falls (fewer frames per time constant).
    std::vector<SwaySample> avg = seg;
    for (size_t i = 0, lo = 0, hi = 0; i < seg.size(); ++i) {
      while (seg[lo].t_s < seg[i].t_s - path_step_s) ++lo;
      while (hi + 1 < seg.size() && seg[hi + 1].t_s <= seg[i].t_s + path_step_s) ++hi;
      const size_t k = std::min(i - lo, hi - i);  // symmetric around i
      double x = 0, y = 0;
      for (size_t j = i - k; j <= i + k; ++j) {
        x += seg[j].x_cm;
        y += seg[j].y_cm;
      }
      avg[i].x_cm = x / double(2 * k + 1);
      avg[i].y_cm = y / double(2 * k + 1);
    }
    st.path_cm += SwayPathLengthCm(ResampleSway(avg, path_step_s));
  }
  st.mean_velocity_cm_s = st.duration_s > 0 ? st.path_cm / st.duration_s : 0;
  return st;
}

SwaySample SwaySmoother::Filter(const SwaySample& in) {
  if (!primed_) {
    a_ = b_ = in;
    primed_ = true;
    return in;
  }
  const double dt_s = std::max(0.0, in.t_s - a_.t_s);
  const double k = tau_s_ > 0 ? 1 - std::exp(-dt_s / tau_s_) : 1;
  a_ = {in.t_s, a_.x_cm + k * (in.x_cm - a_.x_cm), a_.y_cm + k * (in.y_cm - a_.y_cm)};
  b_ = {in.t_s, b_.x_cm + k * (a_.x_cm - b_.x_cm), b_.y_cm + k * (a_.y_cm - b_.y_cm)};
  return b_;
}

}  // namespace poise::core
