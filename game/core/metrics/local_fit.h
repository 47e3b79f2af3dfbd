// Lag-free smoothing of an unevenly sampled signal, for event times and held values measured on
// a trial's own clock: a least-squares line through the samples within `half_ms` either side of
// the time asked (widened to at least two samples on each side where there are any), read at
// that time. Unlike a mean over a count of frames it does not lag, does not spread over 0.3 s at
// 15 fps, and reads across a bridged gap from the samples on both sides; a straight stretch
// comes out exactly, a minimum-jerk movement within a few ms. Times in ms of any clock.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "game/core/metrics/event_timing.h"

namespace poise::core {

/// The local line's value at t_ms over samples [lo, hi) (in time order).
double LocalLineAt(const std::vector<TimedValue>& s, size_t lo, size_t hi, double t_ms,
                   double half_ms);

/// The last time in [lo, hi) the locally fitted signal rose through `level` (from below to at or
/// above it), found between samples and refined by bisection; nullopt when it never did there.
/// `rising` false: the last time it fell through `level`.
std::optional<double> LastCrossingMs(const std::vector<TimedValue>& s, size_t lo, size_t hi,
                                     double level, double half_ms, bool rising = true);

/// The largest value the locally fitted signal stayed at or above for a whole `hold_ms` within
/// [lo, hi) (the largest over every window of the smallest in it), or nullopt when the samples
/// span less than `hold_ms`.
std::optional<double> HeldValue(const std::vector<TimedValue>& s, size_t lo, size_t hi,
                                double hold_ms, double half_ms);

}  // namespace poise::core
