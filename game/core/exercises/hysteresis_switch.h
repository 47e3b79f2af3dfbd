// HysteresisSwitch: a debounced on/off state from a noisy scalar (e.g. a foot's height above the
// other in cm). It turns on once value >= on_at has held for min_ms, and off once value <= off_at
// has held for min_ms (on_at > off_at: the gap is the hysteresis). Times are in milliseconds of
// whatever clock the caller uses (exercises pass their visible-time trial clock).
#pragma once

namespace poise::core {

class HysteresisSwitch {
 public:
  HysteresisSwitch() = default;
  HysteresisSwitch(double on_at, double off_at, double min_ms)
      : on_at_(on_at), off_at_(off_at), min_ms_(min_ms) {}

  /// Feeds one value at t_ms; returns the (debounced) state.
  bool Update(double value, double t_ms) {
    const bool toward = on_ ? value <= off_at_ : value >= on_at_;
    if (!toward) {
      pending_ms_ = -1;
    } else {
      if (pending_ms_ < 0) pending_ms_ = t_ms;
      if (t_ms - pending_ms_ >= min_ms_) {
        on_ = !on_;
        changed_at_ms_ = pending_ms_;
        pending_ms_ = -1;
      }
    }
    return on_;
  }
  bool on() const { return on_; }
  /// When the condition behind the last change began (before the debounce delay).
  double changed_at_ms() const { return changed_at_ms_; }
  /// Forgets a change in progress (e.g. after an occlusion); the state stays.
  void DropPending() { pending_ms_ = -1; }
  void Reset(bool on = false) {
    on_ = on;
    pending_ms_ = changed_at_ms_ = -1;
  }

 private:
  double on_at_ = 1, off_at_ = 0, min_ms_ = 0;
  bool on_ = false;
  double pending_ms_ = -1, changed_at_ms_ = -1;
};

}  // namespace poise::core
