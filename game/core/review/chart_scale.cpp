#include "game/core/review/chart_scale.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace poise::core {
namespace {

/// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
double NiceStep(double raw) {
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= raw * (1 - 1e-9)) return m * p;
  return 10 * p;
}

}  // namespace

std::string ValueAxis::Label(double v) const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v) < 1e-12 ? 0.0 : v);
  return unit.empty() ? std::string(buf) : std::string(buf) + " " + unit;
}

ValueAxis AxisForMetric(const std::string& metric, const std::string& unit,
                        const std::vector<double>& values, const std::vector<ReferenceLine>& refs,
                        int max_ticks) {
  max_ticks = std::max(2, max_ticks);
  ValueAxis a;
  const MetricKind kind = KindOfMetric(metric, unit);
  a.scale = kind == MetricKind::kFraction ? 100 : 1;
  a.unit = kind == MetricKind::kFraction || kind == MetricKind::kPercent ? "%" : UnitText(unit);
  double lo = 1e300, hi = -1e300;
  for (const double v : values) lo = std::min(lo, v * a.scale), hi = std::max(hi, v * a.scale);
  for (const auto& r : refs)
    lo = std::min(lo, r.value * a.scale), hi = std::max(hi, r.value * a.scale);
  if (kind == MetricKind::kFraction || kind == MetricKind::kPercent) {
    lo = 0, hi = 100;
  } else if (lo > hi) {  // nothing to show
    lo = 0, hi = 1;
  } else if (kind != MetricKind::kSigned && lo >= 0 && lo <= 0.5 * hi) {
    lo = 0;  // amounts start at 0 unless their values sit far from it
  }
  if (hi - lo < 1e-9) {  // one value: a range around it
    const double d = std::max(1e-3, std::fabs(hi) * 0.1);
    lo -= d, hi += d;
    if (kind == MetricKind::kAmount && lo < 0 && hi - d >= 0) lo = 0;
  }
  const double step = NiceStep((hi - lo) / (max_ticks - 1));
  a.lo = std::floor(lo / step + 1e-9) * step;
  a.hi = std::ceil(hi / step - 1e-9) * step;
  if (a.hi - a.lo < step) a.hi = a.lo + step;
  const int steps = int(std::lround((a.hi - a.lo) / step));
  for (int i = 0; i <= steps; ++i) a.ticks.push_back(a.lo + step * i);  // no summed rounding
  a.decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
  if (std::fmod(step * std::pow(10.0, a.decimals), 1.0) > 1e-6) ++a.decimals;  // 2.5 x 10^k
  return a;
}

std::vector<int> DateTicks(int first, int last, int max_labels) {
  if (last <= first) return {first};
  max_labels = std::max(2, max_labels);
  std::vector<int> out;
  // Whole weeks between ticks when the span is in weeks, so each tick is a Monday again.
  const int span = last - first;
  const int n = std::min(max_labels - 1, std::max(1, span / 7));
  for (int i = 0; i <= n; ++i) {
    int d = first + int(std::lround(double(span) * i / n));
    if (span % 7 == 0 && i > 0 && i < n) d = first + 7 * int(std::lround(double(d - first) / 7));
    if (out.empty() || d > out.back()) out.push_back(d);
  }
  return out;
}

float DateLabelX(int day, int first, int last, float axis_w, float label_w) {
  const float x = last > first ? axis_w * float(day - first) / float(last - first) : 0;
  return std::clamp(x - label_w / 2, 0.0f, std::max(0.0f, axis_w - label_w));
}

std::vector<int> FitDateTicks(int first, int last, float axis_w, float label_w, float gap) {
  const int most = std::max(2, int((axis_w + gap) / (label_w + gap)));
  const std::vector<int> candidates = DateTicks(first, last, most);
  if (candidates.size() < 2) return candidates;
  const float last_x = DateLabelX(candidates.back(), first, last, axis_w, label_w);
  std::vector<int> out = {candidates.front()};
  float end = DateLabelX(first, first, last, axis_w, label_w) + label_w;
  for (size_t i = 1; i + 1 < candidates.size(); ++i) {
    const float x = DateLabelX(candidates[i], first, last, axis_w, label_w);
    if (x >= end + gap && x + label_w + gap <= last_x) {
      out.push_back(candidates[i]);
      end = x + label_w;
    }
  }
  // The last one always; the first too, unless both cannot fit (then only the last).
  if (last_x >= end + gap)
    out.push_back(candidates.back());
  else
    out.back() = candidates.back();
  return out;
}

std::vector<float> StackLabels(const std::vector<float>& ys, float h, float lo, float hi) {
  std::vector<size_t> order(ys.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ys[a] < ys[b]; });
  std::vector<float> out(ys.size());
  // Down from the top, then back up from the bottom if the last ones ran out of room.
  float next = lo;
  for (const size_t i : order) {
    out[i] = std::max(std::clamp(ys[i], lo, std::max(lo, hi - h)), next);
    next = out[i] + h;
  }
  float limit = hi;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    out[*it] = std::min(out[*it], limit - h);
    limit = out[*it];
  }
  return out;
}

}  // namespace poise::core
