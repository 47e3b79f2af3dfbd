// Landmark smoothing as MediaPipe's pose_landmark_filtering.pbtxt does it:
//  - landmarks: One-Euro (min_cutoff 0.1, beta 40, derivate_cutoff 1), values scaled by the object
//    size in pixels (mean of the landmarks' bounding-box width and height);
//  - auxiliary (ROI) landmarks: One-Euro (0.01, 1, 1), heavier, so the crop is steady when still;
//  - world landmarks: One-Euro (0.1, 40, 1) without value scaling (metres);
//  - visibility: low-pass, alpha 0.1 (presence is passed through, as MediaPipe).
// Tuning: lower min_cutoff = less jitter when still, more lag; higher beta = less lag when moving.
// Timestamps are in milliseconds and must increase; a repeated or older timestamp returns the
// input unchanged (as MediaPipe).
#pragma once

#include <opencv2/core/types.hpp>
#include <vector>

namespace poise::vision {

/// Exponential low-pass: y = alpha * x + (1 - alpha) * y_prev (first sample passes through).
class LowPassFilter {
 public:
  float Apply(float value, float alpha);
  bool initialized() const { return initialized_; }
  float last_raw() const { return raw_; }

 private:
  bool initialized_ = false;
  float raw_ = 0, stored_ = 0;
};

struct OneEuroOptions {
  double min_cutoff_hz = 0.1;
  double beta = 40.0;
  double derivate_cutoff_hz = 1.0;
  double initial_frequency_hz = 30.0;  ///< used until two timestamps give the real rate
};

/// Casiez et al.'s One-Euro filter with MediaPipe's details (value_scale multiplies the
/// derivative).
class OneEuroFilter {
 public:
  explicit OneEuroFilter(const OneEuroOptions& options = {});
  double Apply(double t_ms, double value_scale, double value);

 private:
  double Alpha(double cutoff_hz) const;
  OneEuroOptions options_;
  double frequency_hz_;
  double last_t_ms_ = -1;
  bool has_last_raw_ = false;
  double last_raw_ = 0;
  bool x_init_ = false, dx_init_ = false;
  double x_ = 0, dx_ = 0;
};

/// A point with visibility, as the smoother sees it (image pixels or metres).
struct SmoothPoint {
  float x = 0, y = 0, z = 0, visibility = 0, presence = 0;
};

/// Smooths a fixed-size set of landmarks over time. Coordinates are in pixels (or metres);
/// with value scaling on, the One-Euro derivative is divided by the set's size in pixels.
class LandmarkSetSmoother {
 public:
  LandmarkSetSmoother(const OneEuroOptions& options, bool value_scaling, float visibility_alpha);
  void Apply(double t_ms, std::vector<SmoothPoint>& points);
  void Reset();

 private:
  OneEuroOptions options_;
  bool value_scaling_;
  float visibility_alpha_;
  std::vector<OneEuroFilter> fx_, fy_, fz_;
  std::vector<LowPassFilter> fvis_;
};

}  // namespace poise::vision
