// Sway with the tracking jitter's share taken out. A webcam's landmark jitter is white noise:
// smoothing removes most of it, but what it lets through still widens the sway ellipse and
// lengthens the sway path (a path of noisy points is longer than the true one), the more so the
// lower the frame rate (fewer frames per smoothing time constant). Both shares can be estimated
// from what the stream itself shows and removed:
// - the jitter SD per axis from the raw samples' second differences (a slow sway, under 1 Hz,
//   adds almost nothing to them at 15 fps and more): robust SD / sqrt(6);
// - how much of it each stage passes (the SwaySmoother, the zero-lag mean and the grid of
//   ComputeSegmentedSway), exactly, from the chain's response to each sample (it is linear);
// - the ellipse and RMS from the smoothed samples' covariance minus the jitter's; the path as
//   the sum over grid steps of d - v / (2 d), d a step's length and v the variance of the
//   jitter across it (the first-order lengthening of a step by jitter; 0 at least).
// What cannot be removed is the jitter inside the sway's own frequency band: with jitter s cm,
// N frames and a sway variance C cm2 per axis, each axis's variance still varies by about
// 2 s / sqrt(N C) of itself between trials.
#pragma once

#include <vector>

#include "game/core/metrics/sway_metrics.h"

namespace poise::core {

/// White-noise SD (cm) per axis of a slowly moving point, from its raw samples (in segments).
struct SwayJitter {
  double x_cm = 0, y_cm = 0;
};
SwayJitter EstimateSwayJitter(const std::vector<std::vector<SwaySample>>& raw_segments);

/// ComputeSegmentedSway(smoothed, path_step_s) of samples smoothed with SwaySmoother(tau_s)
/// (in segments), with `jitter`'s share (of the raw samples) removed from the ellipse, RMS,
/// path and velocity. The jitter passed is reckoned for a smoother started at each segment's
/// first sample. With no jitter it equals ComputeSegmentedSway.
SwayStats DejitteredSway(const std::vector<std::vector<SwaySample>>& smoothed, double tau_s,
                         double path_step_s, SwayJitter jitter);

}  // namespace poise::core
