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

/// Event timing by fitting the whole movement, for signals too noisy for band crossings (a
/// foot's height, the hips over the seat): the samples from `rest_ms` of rest before the
/// movement (the smoothed signal within `band` of rest) to where it levels off are fitted with
/// a rest level, then a smooth point-to-point movement of free size, duration and shape (the
/// family I_x(a, a), a from 1.5 to 3.5, that holds the smooth step and the minimum-jerk
/// profile), by least squares; the event is where the fitted movement leaves rest. A movement
/// quicker than 0.15 s is taken only when it fits better by 4 noise variances (with its middle
/// hidden, any duration fits the few samples left, and the quickest timed the end early). It rests
/// on every sample of the movement, not on the two or three where it crossed a level: a single
/// jittery sample moves it a little, never by a frame interval. FitLeftRest: the onset of
/// the latest rise through `threshold`; FitReachedRest: where the latest fall through it
/// arrived at rest (nullopt until the samples after it cover `rest_ms`: wait for more).
/// nullopt when the samples do not reach rest (the event was not seen).
/// One event's fit: per movement shape (the family's grid), the event time and the sum of
/// squared residuals over `samples` samples; `best` is the shape that fits this event best.
struct MovementEvent {
  std::vector<double> t_ms, sse, d_ms;  // d_ms: the fitted duration
  int samples = 0, best = 0;
  double best_ms() const { return t_ms[size_t(best)]; }
  /// The event time averaged over the shapes with these weights (ShapeWeights).
  double at(const std::vector<double>& weights) const;
};
std::optional<MovementEvent> FitLeftRest(const std::deque<TimedValue>& samples, double band,
                                         double threshold, double rest_ms = 300);
std::optional<MovementEvent> FitReachedRest(const std::deque<TimedValue>& samples, double band,
                                            double threshold, double rest_ms = 300);
/// How likely each movement shape is for a set of one person's events together (their rises
/// and sits, or lifts and touch-downs: one movement style), from the summed residuals under
/// Gaussian noise of the size the best fit leaves. The events are then timed as the weighted
/// mean over the shapes: one event alone cannot tell a slow start from a late one under jitter
/// (alone, each event scattered by 60 ms SD under webcam jitter when its best shape was
/// taken); without noise the best shape has all the weight, so clean streams time exactly.
std::vector<double> ShapeWeights(const std::vector<MovementEvent>& events);

/// The median of some values (for an even count, the upper of the middle two); 0 when empty.
double MedianOf(std::vector<double> values);

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
  /// Once the onset is found: how long the hand was seen before it (since Reset or the first
  /// sample kept), and the interval between the last sample within the band and the next one
  /// (from there on beyond it): where the hand was seen leaving rest. A short rest (the samples
  /// began with the hand already leaving, e.g. after a long gap) or a long interval there (a
  /// gap hid the start) means the onset could lie anywhere in what was not seen: the caller
  /// should not trust it.
  double rest_seen_ms() const { return rest_seen_ms_; }
  double unseen_at_onset_ms() const { return unseen_at_onset_ms_; }
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
  double rest_seen_ms_ = 0, unseen_at_onset_ms_ = 0;
  double rest_x_ = 0, rest_y_ = 0;
};

}  // namespace poise::core
