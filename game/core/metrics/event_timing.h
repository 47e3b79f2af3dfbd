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
/// samples do not reach back to rest (the start was not seen). `movement_only` (for reaches,
/// whose rest is jittery): the band crossings are taken nearest the threshold crossing, and the
/// onset is never before the smoothed signal last sat at rest.
std::optional<double> LeftRestMs(const std::deque<TimedValue>& samples, double band,
                                 double threshold, bool movement_only = false);
/// When the signal came back to rest after its last fall through `threshold`, or nullopt when
/// it has not reached `band` yet.
std::optional<double> ReachedRestMs(const std::deque<TimedValue>& samples, double band,
                                    double threshold, bool movement_only = false);

/// Robust spread (1.4826 x median absolute deviation) and median of some values.
struct RobustStats {
  double median = 0, sd = 0;
};
RobustStats Robust(std::vector<double> values);

/// The resting level of a signal that rests and then starts moving (samples in time order):
/// the median of the densest stretch of values `width` wide (at least 4 noise SDs), so a ramp at
/// either end does not pull it. sd: the noise, from the sample-to-sample differences.
RobustStats RestLevel(const std::vector<double>& values, double min_width);

/// Movement onset of a point (a hand) that rests, then moves towards a goal: the reaction to
/// movement boundary of a reach. Rest is the median of the samples seen since Reset(); the
/// signal is the displacement from rest along the direction to the goal (at rest it is zero-mean
/// jitter, so no noise floor biases it); its noise SD comes from the frame-to-frame differences
/// at rest. The movement is detected when the mean of the last three samples passes
/// max(min_detect_cm, 3 bands) and timed back with LeftRestMs to where it left a band of
/// max(min_band_cm, 1.5 noise SDs), i.e. extrapolated to where it left rest, interpolated
/// between frames. A movement that comes to rest again (400 ms within max(2 cm, 2.5 noise SDs)
/// of its mean) re-arms the detector from there, so the onset given is always that of the
/// latest movement (a hand that moves, stops, then reaches). Times in ms of any clock;
/// positions in cm.
class OnsetDetector {
 public:
  explicit OnsetDetector(double min_band_cm = 1, double min_detect_cm = 5)
      : min_band_cm_(min_band_cm), min_detect_cm_(min_detect_cm) {}
  void Reset();
  /// Adds a sample; returns the onset time once the movement has been seen (then stays set).
  std::optional<double> Add(double t_ms, double x_cm, double y_cm, double goal_x_cm,
                            double goal_y_cm);
  std::optional<double> onset_ms() const { return onset_ms_; }
  double rest_x_cm() const { return rest_x_; }
  double rest_y_cm() const { return rest_y_; }

 private:
  struct Sample {
    double t_ms, x, y;
  };
  double min_band_cm_, min_detect_cm_;
  std::deque<Sample> samples_, after_;  // since Reset (or rest again); since the onset
  std::optional<double> onset_ms_;
  double sd_ = 0;  // the noise at the onset
  double rest_x_ = 0, rest_y_ = 0;
};

}  // namespace poise::core
