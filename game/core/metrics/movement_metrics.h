// Movement-quality metrics on pose-derived position series: pure functions, no clocks.
// Pose frames arrive at ~30 fps with jitter, so series are first resampled onto a uniform grid
// (ResampleUniform), then low-passed with a Savitzky-Golay filter before differentiating
// (differentiating raw landmark jitter amplifies it). Units follow the input: positions in cm
// give speeds in cm/s and spectral power in cm2.
#pragma once

#include <string>
#include <vector>

namespace poise::core {

/// Median frame rate (Hz) of timestamps in ms; 0 with fewer than 2 increasing stamps.
double EstimateRateHz(const std::vector<double>& t_ms);

/// Linear interpolation of (t_ms[i], v[i]) onto a grid starting at t_ms.front() with step
/// 1000 / rate_hz ms, up to t_ms.back(). Timestamps must increase; empty when fewer than 2.
std::vector<double> ResampleUniform(const std::vector<double>& t_ms, const std::vector<double>& v,
                                    double rate_hz);

/// Savitzky-Golay filter of a uniformly sampled series: a least-squares polynomial of `order`
/// over `window` samples (odd, > order) around each sample; deriv = 0 smooths, 1 gives the first
/// derivative per second (step dt_s). Edges use the polynomial fitted to the first / last full
/// window. A series shorter than the window is returned unchanged (deriv 0) or as zeros.
/// Tuning: a wider window is smoother but rounds off fast movements (at 30 fps, 7-9 samples).
std::vector<double> SavitzkyGolay(const std::vector<double>& v, int window, int order, int deriv,
                                  double dt_s);

/// Speed profile (units/s) of a uniformly sampled 2-D path, via Savitzky-Golay derivatives.
std::vector<double> SpeedProfile(const std::vector<double>& x, const std::vector<double>& y,
                                 double rate_hz, int window = 7, int order = 2);

/// SPARC, spectral arc length (Balasubramanian et al. 2015) of a speed profile sampled at
/// rate_hz: zero-padded FFT (next power of two x 2^pad_level), magnitude normalised to its peak,
/// cut-off adapted to the last frequency whose magnitude reaches amp_threshold (at most
/// max_cutoff_hz, and never above Nyquist), minus the arc length of the spectrum up to there.
/// Always negative; closer to 0 is smoother.
/// Returns 0 for fewer than 4 samples or a motionless profile.
double Sparc(const std::vector<double>& speed, double rate_hz, double max_cutoff_hz = 10,
             double amp_threshold = 0.05, int pad_level = 4);

/// SPARC of a 2-D path sampled at irregular times (t_ms increasing; x, y in cm): resampled at
/// the median frame rate, Savitzky-Golay speed, then Sparc(). 0 with fewer than 8 samples.
double PathSparc(const std::vector<double>& t_ms, const std::vector<double>& x,
                 const std::vector<double>& y);

struct TremorOptions {
  double band_low_hz = 3, band_high_hz = 12;  ///< MS tremor band
  double window_s = 2;                        ///< Welch segment length (50 % overlap)
  double nyquist_margin_hz = 1;               ///< band cut at Nyquist minus this
  /// Below this analysable band top the rate is too low: common tremor frequencies would alias
  /// into the band (an 8 Hz tremor filmed at 12 fps looks like 4 Hz).
  double min_band_top_hz = 7;
  /// A peak counts as a tremor when its power density is this many times the band's median
  /// (white noise stays below ~3; a steady oscillation is far above).
  double min_peak_ratio = 6;
  /// No frequency is claimed below this band power (input units squared): a steady hand's
  /// residue is not a rhythm. E.g. 0.05 cm2 (about 2 mm RMS) for positions in cm.
  double min_band_power = 0;
};

struct TremorResult {
  bool rate_ok = false;         ///< the frame rate allows a tremor analysis at all
  bool enough_data = false;     ///< at least one full window
  bool found = false;           ///< a dominant peak in the band
  double band_top_hz = 0;       ///< the band actually analysed: [band_low_hz, band_top_hz]
  double peak_hz = 0;           ///< peak frequency (interpolated); meaningful when found
  double peak_ratio = 0;        ///< peak density / median band density
  double band_power = 0;        ///< power in the analysed band (input units squared, e.g. cm2)
  double band_power_ratio = 0;  ///< band power / total power above 0 Hz (0..1)
  double dispersion_hz = 0;     ///< power-weighted SD of frequency within the band (irregularity)
  std::string note;             ///< why nothing was reported, in plain words; empty when found
};

/// Welch-like tremor analysis of uniformly sampled positions (one or two axes; `y` may be
/// empty): per 2 s Hann window with 50 % overlap, linear detrend, power spectra summed over the
/// axes and averaged over windows; the peak in [band_low_hz, min(band_high_hz, Nyquist -
/// margin)] is reported when it stands out. Never claims a frequency above that top.
TremorResult AnalyseTremor(const std::vector<double>& x, const std::vector<double>& y,
                           double rate_hz, const TremorOptions& options = {});

/// Standard deviation and 95 % confidence ellipse area of 2-D points (e.g. endpoints in cm):
/// area = pi * chi2(2 dof, 0.95) * sqrt(det(cov)), chi2 = 5.991. Zeros for fewer than 2 points.
struct Dispersion {
  double sd = 0;  ///< sqrt(var_x + var_y): RMS distance from the mean point
  double ellipse95_area = 0;
};
Dispersion PointDispersion(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace poise::core
