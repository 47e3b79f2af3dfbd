// Sway metrics: pure functions over a time series of 2-D points in centimetres (x right, y down
// in the picture plane), as used for posturography of the hip and shoulder midpoints.
// - Path length: sum of distances between consecutive samples (cm).
// - Mean velocity: path length / duration (cm/s).
// - 95 % ellipse area: pi * 5.991 * sqrt(l1 * l2), l1, l2 the eigenvalues of the sample covariance
//   (5.991 = chi-square, 2 degrees of freedom, p = 0.95) (cm2).
// - RMS: root mean square distance from the mean position (cm).
// The functions do not filter: the caller chooses. The exercises feed landmarks the tracker has
// already One-Euro filtered, then smooth them once more with SwaySmoother (below), because raw
// landmark jitter adds path length (white noise of sigma s adds about 1.1 * s per sample).
#pragma once

#include <vector>

namespace poise::core {

struct SwaySample {
  double t_s = 0;  ///< seconds (increasing)
  double x_cm = 0, y_cm = 0;
};

double SwayPathLengthCm(const std::vector<SwaySample>& samples);
/// Path length / (last t - first t); 0 with fewer than two samples or no elapsed time.
double SwayMeanVelocityCmS(const std::vector<SwaySample>& samples);
/// 0 with fewer than three samples.
double SwayEllipseArea95Cm2(const std::vector<SwaySample>& samples);
double SwayRmsCm(const std::vector<SwaySample>& samples);

/// All of the above at once.
struct SwayStats {
  double duration_s = 0, path_cm = 0, mean_velocity_cm_s = 0, ellipse_area_cm2 = 0, rms_cm = 0;
};
SwayStats ComputeSway(const std::vector<SwaySample>& samples);
/// Over segments (e.g. split where the landmarks were hidden, so no jump is counted across a
/// gap): path and duration add up, velocity = total path / total duration, ellipse and RMS pool
/// every sample.
SwayStats ComputeSegmentedSway(const std::vector<std::vector<SwaySample>>& segments);
/// The same, with path and velocity measured along each segment resampled on a uniform grid of
/// `path_step_s` (linear interpolation; the segment's end closes it): the path then no longer
/// grows with the camera's frame rate, and the smoothed jitter left between grid points adds
/// far less to it than frame-to-frame steps do (0.2 s suits quiet-stance sway, which lies
/// under 1 Hz).
SwayStats ComputeSegmentedSway(const std::vector<std::vector<SwaySample>>& segments,
                               double path_step_s);
/// A segment resampled every `step_s` from its first sample, with its last sample appended.
std::vector<SwaySample> ResampleSway(const std::vector<SwaySample>& s, double step_s);

/// A second-order critically damped low-pass (two cascaded first-order stages, each with time
/// constant tau_s), time-aware so uneven frame intervals are handled. Measured with tau 0.15 s
/// at 30 fps: the path of a sine keeps 98 % at 0.1 Hz, 96 % at 0.2 Hz, 81 % at 0.5 Hz, 53 % at
/// 1 Hz; white jitter of 0.6 cm per axis adds 1.2 cm/s of path instead of 31 cm/s unfiltered.
/// Sway figures are therefore comparable between sessions, not with unfiltered force-plate
/// values. More tau, less jitter and more lag. Reset() forgets the state (after an occlusion).
class SwaySmoother {
 public:
  explicit SwaySmoother(double tau_s = 0.15) : tau_s_(tau_s) {}
  SwaySample Filter(const SwaySample& in);
  void Reset() { primed_ = false; }

 private:
  double tau_s_;
  bool primed_ = false;
  SwaySample a_, b_;
};

}  // namespace poise::core
