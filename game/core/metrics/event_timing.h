// Event timing where the event happens, not where a detection threshold was crossed.
// A detector needs a threshold well clear of the noise (a foot 5 cm up, hips a third of the way
// up from the seat), but the event is the moment the signal LEFT its resting level (lift-off,
// seat-off) or REACHED it again (touch-down, seat contact). These functions take the recent
// samples and walk from the threshold crossing back (or forward) to where the signal was within
// `band` of rest, then extrapolate the line through the two crossings down to the rest level;
// every crossing is interpolated between frames. `band` should exceed the noise (about three
// standard deviations of the signal at rest), `threshold` should exceed `band`.
// Input values are heights above rest (rest = 0), in any unit; times in ms of any clock.
#pragma once

#include <deque>
#include <optional>
#include <vector>

namespace poise::core {

struct TimedValue {
  double t_ms = 0;
  double value = 0;  ///< above the resting level (0 = at rest)
};

/// When the signal left rest before its last rise through `threshold`, or nullopt when the
/// samples do not reach back to rest (the start was not seen).
std::optional<double> LeftRestMs(const std::deque<TimedValue>& samples, double band,
                                 double threshold);
/// When the signal came back to rest after its last fall through `threshold`, or nullopt when
/// it has not reached `band` yet.
std::optional<double> ReachedRestMs(const std::deque<TimedValue>& samples, double band,
                                    double threshold);

/// Robust spread (1.4826 x median absolute deviation) and median of some values.
struct RobustStats {
  double median = 0, sd = 0;
};
RobustStats Robust(std::vector<double> values);

/// The resting level of a signal that rests and then starts moving (samples in time order):
/// the median of the densest stretch of values `width` wide (at least 4 noise SDs), so a ramp at
/// either end does not pull it. sd: the noise, from the sample-to-sample differences.
RobustStats RestLevel(const std::vector<double>& values, double min_width);

}  // namespace poise::core
