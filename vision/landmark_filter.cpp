#include "vision/landmark_filter.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace poise::vision {

float LowPassFilter::Apply(float value, float alpha) {
  stored_ = initialized_ ? alpha * value + (1.0f - alpha) * stored_ : value;
  raw_ = value;
  initialized_ = true;
  return stored_;
}

OneEuroFilter::OneEuroFilter(const OneEuroOptions& options)
    : options_(options), frequency_hz_(options.initial_frequency_hz) {}

double OneEuroFilter::Alpha(double cutoff_hz) const {
  const double te = 1.0 / frequency_hz_;
  const double tau = 1.0 / (2 * std::numbers::pi * cutoff_hz);
  return 1.0 / (1.0 + tau / te);
}

double OneEuroFilter::Apply(double t_ms, double value_scale, double value) {
  if (last_t_ms_ >= 0 && t_ms <= last_t_ms_) return value;
  if (last_t_ms_ >= 0) frequency_hz_ = 1000.0 / (t_ms - last_t_ms_);
  last_t_ms_ = t_ms;
  const double dvalue = has_last_raw_ ? (value - last_raw_) * value_scale * frequency_hz_ : 0.0;
  const double a_d = Alpha(options_.derivate_cutoff_hz);
  dx_ = dx_init_ ? a_d * dvalue + (1 - a_d) * dx_ : dvalue;
  dx_init_ = true;
  const double cutoff = options_.min_cutoff_hz + options_.beta * std::fabs(dx_);
  const double a = Alpha(cutoff);
  x_ = x_init_ ? a * value + (1 - a) * x_ : value;
  x_init_ = true;
  last_raw_ = value;
  has_last_raw_ = true;
  return x_;
}

LandmarkSetSmoother::LandmarkSetSmoother(const OneEuroOptions& options, bool value_scaling,
                                         float visibility_alpha)
    : options_(options), value_scaling_(value_scaling), visibility_alpha_(visibility_alpha) {}

void LandmarkSetSmoother::Reset() {
  fx_.clear();
  fy_.clear();
  fz_.clear();
  fvis_.clear();
}

void LandmarkSetSmoother::Apply(double t_ms, std::vector<SmoothPoint>& points) {
  if (fx_.size() != points.size()) {
    Reset();
    fx_.assign(points.size(), OneEuroFilter(options_));
    fy_ = fx_;
    fz_ = fx_;
    fvis_.assign(points.size(), LowPassFilter());
  }
  double value_scale = 1.0;
  if (value_scaling_ && !points.empty()) {
    const auto [xmin, xmax] = std::minmax_element(points.begin(), points.end(),
                                                  [](auto& a, auto& b) { return a.x < b.x; });
    const auto [ymin, ymax] = std::minmax_element(points.begin(), points.end(),
                                                  [](auto& a, auto& b) { return a.y < b.y; });
    const double object_scale = ((xmax->x - xmin->x) + (ymax->y - ymin->y)) / 2.0;
    if (object_scale < 1e-6) return;  // degenerate: pass through, as MediaPipe
    value_scale = 1.0 / object_scale;
  }
  for (size_t i = 0; i < points.size(); ++i) {
    SmoothPoint& p = points[i];
    p.visibility = fvis_[i].Apply(p.visibility, visibility_alpha_);
    p.x = float(fx_[i].Apply(t_ms, value_scale, p.x));
    p.y = float(fy_[i].Apply(t_ms, value_scale, p.y));
    p.z = float(fz_[i].Apply(t_ms, value_scale, p.z));
  }
}

}  // namespace poise::vision
