#include "game/core/metrics/movement_metrics.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <numbers>

namespace poise::core {
namespace {

using Complex = std::complex<double>;

size_t NextPow2(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

/// In-place iterative radix-2 FFT; a.size() must be a power of two.
void Fft(std::vector<Complex>& a) {
  const size_t n = a.size();
  for (size_t i = 1, j = 0; i < n; ++i) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (size_t len = 2; len <= n; len <<= 1) {
    const double ang = -2 * std::numbers::pi / double(len);
    const Complex w_len(std::cos(ang), std::sin(ang));
    for (size_t i = 0; i < n; i += len) {
      Complex w(1);
      for (size_t k = 0; k < len / 2; ++k) {
        const Complex u = a[i + k], v = a[i + k + len / 2] * w;
        a[i + k] = u + v;
        a[i + k + len / 2] = u - v;
        w *= w_len;
      }
    }
  }
}

/// Solves the small dense system m x = b (Gaussian elimination with partial pivoting).
std::vector<double> Solve(std::vector<std::vector<double>> m, std::vector<double> b) {
  const size_t n = b.size();
  for (size_t c = 0; c < n; ++c) {
    size_t p = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::abs(m[r][c]) > std::abs(m[p][c])) p = r;
    std::swap(m[c], m[p]);
    std::swap(b[c], b[p]);
    for (size_t r = c + 1; r < n; ++r) {
      const double f = m[r][c] / m[c][c];
      for (size_t k = c; k < n; ++k) m[r][k] -= f * m[c][k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n);
  for (size_t i = n; i-- > 0;) {
    double s = b[i];
    for (size_t k = i + 1; k < n; ++k) s -= m[i][k] * x[k];
    x[i] = s / m[i][i];
  }
  return x;
}

/// Savitzky-Golay weights over a window of `window` samples for the `deriv`-th derivative at
/// sample index `at` (0..window-1) of that window, per sample step.
std::vector<double> SgWeights(int window, int order, int deriv, int at) {
  // Weights w_i = e_deriv^T (A^T A)^-1 A^T, A[i][j] = (i - at)^j, times deriv!.
  const int p = order + 1;
  std::vector<std::vector<double>> ata(p, std::vector<double>(p, 0));
  for (int i = 0; i < window; ++i)
    for (int r = 0; r < p; ++r)
      for (int c = 0; c < p; ++c) ata[r][c] += std::pow(i - at, r) * std::pow(i - at, c);
  std::vector<double> e(p, 0);
  e[deriv] = 1;
  const std::vector<double> z = Solve(ata, e);  // (A^T A)^-1 e (symmetric)
  double fact = 1;
  for (int k = 2; k <= deriv; ++k) fact *= k;
  std::vector<double> w(window, 0);
  for (int i = 0; i < window; ++i)
    for (int j = 0; j < p; ++j) w[i] += z[j] * std::pow(i - at, j) * fact;
  return w;
}

void Detrend(std::vector<double>& v) {
  const double n = double(v.size());
  double st = 0, sv = 0, stt = 0, stv = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    st += double(i);
    sv += v[i];
    stt += double(i) * double(i);
    stv += double(i) * v[i];
  }
  const double den = n * stt - st * st;
  const double slope = den > 0 ? (n * stv - st * sv) / den : 0;
  const double icpt = (sv - slope * st) / n;
  for (size_t i = 0; i < v.size(); ++i) v[i] -= icpt + slope * double(i);
}

}  // namespace

double EstimateRateHz(const std::vector<double>& t_ms) {
  std::vector<double> d;
  for (size_t i = 1; i < t_ms.size(); ++i)
    if (t_ms[i] > t_ms[i - 1]) d.push_back(t_ms[i] - t_ms[i - 1]);
  if (d.empty()) return 0;
  std::nth_element(d.begin(), d.begin() + d.size() / 2, d.end());
  return 1000.0 / d[d.size() / 2];
}

std::vector<double> ResampleUniform(const std::vector<double>& t_ms, const std::vector<double>& v,
                                    double rate_hz) {
  std::vector<double> out;
  if (t_ms.size() < 2 || v.size() != t_ms.size() || rate_hz <= 0) return out;
  const double step = 1000.0 / rate_hz;
  size_t j = 0;
  for (double t = t_ms.front(); t <= t_ms.back() + 1e-9; t += step) {
    while (j + 2 < t_ms.size() && t_ms[j + 1] < t) ++j;
    const double span = t_ms[j + 1] - t_ms[j];
    const double a = span > 0 ? std::clamp((t - t_ms[j]) / span, 0.0, 1.0) : 0.0;
    out.push_back(v[j] + a * (v[j + 1] - v[j]));
  }
  return out;
}

std::vector<double> SavitzkyGolay(const std::vector<double>& v, int window, int order, int deriv,
                                  double dt_s) {
  const int n = int(v.size());
  if (window % 2 == 0) ++window;
  if (n < window || order >= window || deriv > order || dt_s <= 0)
    return deriv == 0 ? v : std::vector<double>(v.size(), 0.0);
  const int half = window / 2;
  const double scale = std::pow(dt_s, -deriv);
  std::vector<double> out(n, 0);
  const std::vector<double> mid = SgWeights(window, order, deriv, half);
  for (int i = half; i < n - half; ++i) {
    double s = 0;
    for (int k = 0; k < window; ++k) s += mid[k] * v[i - half + k];
    out[i] = s * scale;
  }
  for (int at = 0; at < half; ++at) {  // edges: the first / last full window's polynomial
    const std::vector<double> head = SgWeights(window, order, deriv, at);
    const std::vector<double> tail = SgWeights(window, order, deriv, window - 1 - at);
    double sh = 0, st = 0;
    for (int k = 0; k < window; ++k) {
      sh += head[k] * v[k];
      st += tail[k] * v[n - window + k];
    }
    out[at] = sh * scale;
    out[n - 1 - at] = st * scale;
  }
  return out;
}

std::vector<double> SpeedProfile(const std::vector<double>& x, const std::vector<double>& y,
                                 double rate_hz, int window, int order) {
  const double dt = rate_hz > 0 ? 1 / rate_hz : 0;
  const std::vector<double> vx = SavitzkyGolay(x, window, order, 1, dt);
  const std::vector<double> vy = SavitzkyGolay(y, window, order, 1, dt);
  std::vector<double> s(std::min(vx.size(), vy.size()));
  for (size_t i = 0; i < s.size(); ++i) s[i] = std::hypot(vx[i], vy[i]);
  return s;
}

double Sparc(const std::vector<double>& speed, double rate_hz, double max_cutoff_hz,
             double amp_threshold, int pad_level) {
  if (speed.size() < 4 || rate_hz <= 0) return 0;
  const size_t nfft = NextPow2(speed.size()) << pad_level;
  std::vector<Complex> a(nfft, 0.0);
  for (size_t i = 0; i < speed.size(); ++i) a[i] = speed[i];
  Fft(a);
  const double df = rate_hz / double(nfft);
  const double fc = std::min(max_cutoff_hz, rate_hz / 2);
  std::vector<double> mag;
  for (size_t k = 0; double(k) * df <= fc && k <= nfft / 2; ++k) mag.push_back(std::abs(a[k]));
  const double peak = *std::max_element(mag.begin(), mag.end());
  if (peak <= 0) return 0;
  for (double& m : mag) m /= peak;
  // Adaptive cut-off: from the first to the last bin at or above the threshold.
  size_t lo = 0, hi = 0;
  bool any = false;
  for (size_t k = 0; k < mag.size(); ++k)
    if (mag[k] >= amp_threshold) {
      if (!any) lo = k;
      hi = k;
      any = true;
    }
  if (!any || hi == lo) return 0;
  const double f_span = double(hi - lo) * df;
  double arc = 0;
  for (size_t k = lo + 1; k <= hi; ++k) arc += std::hypot(df / f_span, mag[k] - mag[k - 1]);
  return -arc;
}

double PathSparc(const std::vector<double>& t_ms, const std::vector<double>& x,
                 const std::vector<double>& y) {
  if (t_ms.size() < 8 || x.size() != t_ms.size() || y.size() != t_ms.size()) return 0;
  const double rate = EstimateRateHz(t_ms);
  const std::vector<double> xs = ResampleUniform(t_ms, x, rate),
                            ys = ResampleUniform(t_ms, y, rate);
  return Sparc(SpeedProfile(xs, ys, rate), rate);
}

TremorResult AnalyseTremor(const std::vector<double>& x, const std::vector<double>& y,
                           double rate_hz, const TremorOptions& o) {
  TremorResult r;
  r.band_top_hz = std::min(o.band_high_hz, rate_hz / 2 - o.nyquist_margin_hz);
  r.rate_ok = r.band_top_hz >= o.min_band_top_hz;
  char buf[160];
  if (!r.rate_ok) {
    std::snprintf(buf, sizeof buf,
                  "the pose rate (%.0f per second) is too low to measure tremor; it needs at least "
                  "%.0f per second",
                  rate_hz, 2 * (o.min_band_top_hz + o.nyquist_margin_hz));
    r.note = buf;
    return r;
  }
  const size_t seg = size_t(std::lround(o.window_s * rate_hz));
  const bool two_axes = !y.empty();
  const size_t n = two_axes ? std::min(x.size(), y.size()) : x.size();
  if (seg < 8 || n < seg) {
    r.note = "too little movement was recorded to measure tremor";
    return r;
  }
  r.enough_data = true;
  const size_t step = std::max<size_t>(1, seg / 2);
  const size_t nfft = NextPow2(seg) * 4;  // zero padding: a finer grid for the peak
  std::vector<double> hann(seg), psd(nfft / 2 + 1, 0);
  double wss = 0;
  for (size_t i = 0; i < seg; ++i) {
    hann[i] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * double(i) / double(seg - 1));
    wss += hann[i] * hann[i];
  }
  int segments = 0;
  for (size_t s0 = 0; s0 + seg <= n; s0 += step, ++segments) {
    for (const std::vector<double>* axis : {&x, &y}) {
      if (axis->empty()) continue;
      std::vector<double> part(axis->begin() + long(s0), axis->begin() + long(s0 + seg));
      Detrend(part);
      std::vector<Complex> a(nfft, 0.0);
      for (size_t i = 0; i < seg; ++i) a[i] = part[i] * hann[i];
      Fft(a);
      for (size_t k = 0; k < psd.size(); ++k) {
        const double one_sided = (k == 0 || k == nfft / 2) ? 1 : 2;
        psd[k] += one_sided * std::norm(a[k]) / (rate_hz * wss);
      }
    }
  }
  for (double& p : psd) p /= segments;
  const double df = rate_hz / double(nfft);
  double total = 0, band = 0, f_sum = 0;
  std::vector<size_t> bins;
  for (size_t k = 1; k < psd.size(); ++k) {
    total += psd[k] * df;
    const double f = double(k) * df;
    if (f >= o.band_low_hz && f <= r.band_top_hz) {
      bins.push_back(k);
      band += psd[k] * df;
      f_sum += psd[k] * f;
    }
  }
  r.band_power = band;
  r.band_power_ratio = total > 0 ? band / total : 0;
  if (bins.size() < 3 || band <= 0) {
    r.note = "no movement in the tremor band";
    return r;
  }
  const double centroid = f_sum * df / band;
  double var = 0;
  for (size_t k : bins) var += psd[k] * df * std::pow(double(k) * df - centroid, 2);
  r.dispersion_hz = std::sqrt(var / band);
  std::vector<double> dens;
  for (size_t k : bins) dens.push_back(psd[k]);
  std::nth_element(dens.begin(), dens.begin() + long(dens.size() / 2), dens.end());
  const double median = dens[dens.size() / 2];
  size_t pk = bins.front();
  for (size_t k : bins)
    if (psd[k] > psd[pk]) pk = k;
  // A real peak rises above both neighbours (drift leaking in at the band's edge does not).
  const bool local_max =
      pk > 0 && pk + 1 < psd.size() && psd[pk] > psd[pk - 1] && psd[pk] > psd[pk + 1];
  r.peak_ratio = median > 0 ? psd[pk] / median : 0;
  double delta = 0;
  if (local_max) {
    const double a = psd[pk - 1], b = psd[pk], c = psd[pk + 1];
    const double den = a - 2 * b + c;
    if (den < 0) delta = std::clamp(0.5 * (a - c) / den, -0.5, 0.5);
  }
  r.peak_hz = std::min((double(pk) + delta) * df, r.band_top_hz);
  r.found = local_max && r.peak_ratio >= o.min_peak_ratio && band >= o.min_band_power;
  if (!r.found) r.note = "no steady rhythm stands out in the tremor band";
  return r;
}

Dispersion PointDispersion(const std::vector<double>& x, const std::vector<double>& y) {
  Dispersion d;
  const size_t n = std::min(x.size(), y.size());
  if (n < 2) return d;
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= double(n);
  my /= double(n);
  double sxx = 0, syy = 0, sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  sxx /= double(n - 1);
  syy /= double(n - 1);
  sxy /= double(n - 1);
  d.sd = std::sqrt(sxx + syy);
  d.ellipse95_area = std::numbers::pi * 5.991 * std::sqrt(std::max(0.0, sxx * syy - sxy * sxy));
  return d;
}

}  // namespace poise::core
