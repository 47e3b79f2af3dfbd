#include "game/core/exercises/weight_shift.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "game/core/metrics/local_fit.h"

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kLeaveBandCm = 1.5;  // hysteresis: leaving the band needs this much more
constexpr double kBandDebounceMs = 100;
constexpr double kControlledMs = 500;  // a lean counts as controlled when held this long
// The raw lean's local line fit for event times and the held lean: 0.1 s either side (at least
// two frames each side) takes the jitter down about threefold at 30 fps without lag.
constexpr double kFitHalfMs = 100;
constexpr double kStepCm = 10, kStepBackCm = 6, kStepMs = 200;
constexpr double kDefaultLeanCm = 10;  // uncalibrated
constexpr double kForwardFromLevel = 0.6;
constexpr double kUprightCm = 2;  // sideways lean under which the player counts as upright
constexpr double kMarker = 0.05;  // the catcher's radius, picture heights (large: low vision)

}  // namespace

ExerciseInfo WeightShift::Describe() {
  return {
      "weight_shift",
      "Weight shift",
      "balance",
      {"standing", "seated"},
      {{"target_lean", "1", 0.4, 0.9, "target lean, fraction of the calibrated comfortable lean"},
       {"tolerance", "1", 0.30, 0.12,
        "half-width of the target band, fraction of the comfortable lean (at least 1.5 cm)"},
       {"hold_time", "s", 0.5, 1.5, "how long the lean must stay in the target"},
       {"time_limit", "s", 10, 6, "time allowed to reach and hold the target"},
       {"forward_targets", "1", 0, 1, "from level 0.6 every third target is a forward lean"}},
      {{"success", "1", "1 when the target lean was reached and held in time"},
       {"time_to_target", "s",
        "from the target appearing (the trial's start) to the lean entering the target band: "
        "the last time the unsmoothed lean, fitted by a line over 0.1 s either side of each "
        "moment (no lag; the catcher's smoothing lags 0.3 s), crossed into the band, between "
        "frames; time out of view counts, a pause does not; a repeated trial counts only once "
        "the lean has left the band; entered while out of view for over 0.4 s: unmeasurable"},
       {"controlled_lean", "cm",
        "largest lean toward the target side held for 0.5 s: over every 0.5 s window of a seen "
        "stretch, the smallest of the same fitted lean (leaving out fits that reached across a "
        "bridged gap, when the window has others), and the largest of those; no 0.5 s seen "
        "stretch: unmeasurable"},
       {"lean_range_left", "cm", "largest controlled lean to the left in the block so far"},
       {"lean_range_right", "cm", "largest controlled lean to the right in the block so far"},
       {"lean_range_forward", "cm", "largest controlled forward lean in the block so far"}}};
}

std::vector<std::string> WeightShift::Instructions() const {
  return {"A target appears with a letter: L means lean to your left, R to your right, F forward.",
          "Lean your upper body slowly until the white ring is inside the target. "
          "Hold it there.",
          seated() ? "Stay seated, hips on the chair. Come back to the middle after each target."
                   : "Keep both feet still, a chair within reach. Come back to the middle after "
                     "each target."};
}

BodySpec WeightShift::Demo(double t_s) const {
  // Left then right, 6 s each: 1 s leaning out, 3 s held at 60 % of the calibration demo's lean,
  // 1 s back, 1 s in the middle.
  BodySpec s;
  s.seated = seated();
  const double c = std::fmod(t_s, 12.0), k = std::fmod(c, 6.0);
  const double out = k < 1 ? k : k < 4 ? 1 : k < 5 ? 5 - k : 0;
  s.lean_x = (c < 6 ? 1 : -1) * 0.03 * out;
  return s;
}

double WeightShift::ComfortableLeanCm(bool left) const {
  const Calibration& c = calibration();
  const double cm = forward_ ? (c.lean_left_cm + c.lean_right_cm) / 2
                    : left   ? c.lean_left_cm
                             : c.lean_right_cm;
  return cm > 0 ? cm : kDefaultLeanCm;
}

void WeightShift::BeginTrial(double /*t_ms*/) {
  forward_ = level() >= kForwardFromLevel && trial() % 3 == 2;
  left_ = trial() % 2 == 0;
  const double lean = ComfortableLeanCm(left_);
  target_cm_ = Lerp(0.4, 0.9, level()) * lean;
  tolerance_cm_ = std::max(1.5, Lerp(0.30, 0.12, level()) * lean);
  hold_ms_ = Lerp(500, 1500, level());
  limit_ms_ = Lerp(10000, 6000, level());
  // On when |lean - target| <= tolerance, off when it exceeds tolerance + kLeaveBandCm.
  in_band_ = HysteresisSwitch(-tolerance_cm_, -(tolerance_cm_ + kLeaveBandCm), kBandDebounceMs);
  stepped_ = HysteresisSwitch(kStepCm, kStepBackCm, kStepMs);
  smoother_.Reset();
  reached_ms_.reset();
  controlled_cm_ = 0;
  track_.clear();
  stretch_starts_ = {0};
  armed_ = trial() != reported_trial_;
  feet_set_ = false;
}

bool WeightShift::CanSee(const PoseFrame& f) const {
  if (seated())
    return LandmarksVisible(*f.pose, {kLeftShoulder, kRightShoulder, kLeftHip, kRightHip},
                            kVisible);
  return LandmarksVisible(
      *f.pose, {kLeftShoulder, kRightShoulder, kLeftHip, kRightHip, kLeftAnkle, kRightAnkle},
      kVisible);
}

void WeightShift::Interrupt() {
  in_band_.DropPending();
  stepped_.DropPending();
  smoother_.Reset();
  // A new seen stretch: nothing is interpolated across the unseen time.
  if (stretch_starts_.back() != track_.size()) stretch_starts_.push_back(track_.size());
}

void WeightShift::Step(const PoseFrame& f, double /*dt_ms*/) {
  const double t = active_ms();
  const Calibration& c = calibration();
  const double w = f.image_width, h = f.image_height, cm = CmPerPx();
  const PixelPoint sh = PixelMidpoint(f, kLeftShoulder, kRightShoulder),
                   hip = PixelMidpoint(f, kLeftHip, kRightHip);
  shoulder_y_ = sh.y / h;
  const double neutral_px = (c.neutral_shoulder_x - c.neutral_hip_x) * w;
  const double raw_cm = ((sh.x - hip.x) - neutral_px) * cm;
  const auto& wl = f.pose->world;
  const double depth_m = (wl[kLeftShoulder].z + wl[kRightShoulder].z) / 2 -
                         (wl[kLeftHip].z + wl[kRightHip].z) / 2;  // < 0: shoulders forward
  const SwaySample s = smoother_.Filter({t / 1000, raw_cm, -(depth_m - upright_depth_m_) * 100});
  lean_cm_ = s.x_cm;
  forward_cm_ = s.y_cm;
  if (!forward_ && std::abs(lean_cm_) < kUprightCm) {  // learn the upright depth slowly
    upright_depth_m_ =
        upright_known_ ? upright_depth_m_ + 0.02 * (depth_m - upright_depth_m_) : depth_m;
    upright_known_ = true;
  }
  if (!seated()) {
    const PixelPoint lf = ToPixels(f, kLeftAnkle), rf = ToPixels(f, kRightAnkle);
    if (!feet_set_) {
      left_foot_ = lf;
      right_foot_ = rf;
      feet_set_ = true;
    }
    const double moved_cm =
        std::max(PixelDistance(lf, left_foot_), PixelDistance(rf, right_foot_)) * cm;
    if (stepped_.Update(moved_cm, t))
      return Report(TrialOutcome::kInvalid, "stepped", f.capture_ms);
  }
  // The catcher follows the smoothed lean; times and the held lean come from the raw one.
  const double toward_cm = forward_ ? forward_cm_ : left_ ? lean_cm_ : -lean_cm_;
  const double raw_toward = forward_ ? -(depth_m - upright_depth_m_) * 100
                            : left_  ? raw_cm
                                     : -raw_cm;
  track_.push_back({trial_clock_ms(), raw_toward});
  // A repeated trial keeps its side: a lean still on the target from the trial before counts
  // only once it has left the band and come back (the player comes back to the middle first).
  if (std::abs(toward_cm - target_cm_) > tolerance_cm_ + kLeaveBandCm) armed_ = true;
  const bool in = in_band_.Update(armed_ ? -std::abs(toward_cm - target_cm_) : -1e9, t);
  if (in && !reached_ms_) {
    reached_ms_ = EnteredBandMs();
    if (!reached_ms_) {
      Unmeasurable(
          "your lean reached the target while you were out of view, so the time it "
          "took is not known");
      reached_ms_ = 0;  // not reported: the trial is unmeasurable
    }
  }
  if (in && t - in_band_.changed_at_ms() >= hold_ms_)
    return Report(TrialOutcome::kSuccess, "held the lean", f.capture_ms);
  if (t >= limit_ms_)
    Report(TrialOutcome::kFailure, reached_ms_ ? "did not hold the lean" : "time ran out",
           f.capture_ms);
}

std::optional<double> WeightShift::EnteredBandMs() const {
  // The last time the fitted raw lean went from outside the band to inside (up through its
  // near edge or, after an overshoot, down through its far edge), in the latest seen stretch;
  // if that stretch began inside the band, in the one before it, provided that one ended inside
  // the band too (else the entry was in the unseen time between them).
  const auto in_band = [&](size_t lo, size_t hi, double t) {
    return std::abs(LocalLineAt(track_, lo, hi, t, kFitHalfMs) - target_cm_) <= tolerance_cm_;
  };
  for (size_t k = stretch_starts_.size(); k-- > 0;) {
    const size_t lo = stretch_starts_[k],
                 hi = k + 1 < stretch_starts_.size() ? stretch_starts_[k + 1] : track_.size();
    if (lo >= hi) continue;
    const auto up =
        LastCrossingMs(track_, lo, hi, target_cm_ - tolerance_cm_, kFitHalfMs, /*rising=*/true);
    const auto down =
        LastCrossingMs(track_, lo, hi, target_cm_ + tolerance_cm_, kFitHalfMs, /*rising=*/false);
    if (up || down) return std::max(up.value_or(-1), down.value_or(-1));
    if (!in_band(lo, hi, track_[lo].t_ms)) return std::nullopt;
    if (k == 0) return track_[lo].t_ms;  // in the band from the trial's first frame
    const size_t plo = stretch_starts_[k - 1];
    if (plo >= lo || !in_band(plo, lo, track_[lo - 1].t_ms)) return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> WeightShift::ControlledLeanCm() const {
  std::optional<double> best;
  for (size_t k = 0; k < stretch_starts_.size(); ++k) {
    const size_t lo = stretch_starts_[k],
                 hi = k + 1 < stretch_starts_.size() ? stretch_starts_[k + 1] : track_.size();
    const auto held = HeldValue(track_, lo, hi, kControlledMs, kFitHalfMs);
    if (held && (!best || *held > *best)) best = held;
  }
  return best;
}

void WeightShift::Report(TrialOutcome outcome, const std::string& note, double t_ms) {
  const auto held = ControlledLeanCm();
  if (!held && outcome != TrialOutcome::kInvalid)
    Unmeasurable("you were out of view too often to tell how far you leaned and held it");
  controlled_cm_ = std::max(0.0, held.value_or(0));
  reported_trial_ = trial();  // still the same after Finish when the trial is repeated
  TrialResult r;
  const double lean = ComfortableLeanCm(left_);
  r.parameters = {{"target_lean", target_cm_ / lean, "1"},
                  {"target_lean_cm", target_cm_, "cm"},
                  {"tolerance_cm", tolerance_cm_, "cm"},
                  {"hold_time", hold_ms_ / 1000, "s"},
                  {"time_limit", limit_ms_ / 1000, "s"},
                  {"side",
                   forward_ ? 2.0
                   : left_  ? 0.0
                            : 1.0,
                   "1"}};  // 2: forward
  r.outcome = outcome;
  r.note = note;
  r.metrics = {{"success", outcome == TrialOutcome::kSuccess ? 1.0 : 0.0, "1"},
               {"controlled_lean", controlled_cm_, "cm"}};
  if (reached_ms_) r.metrics.push_back({"time_to_target", *reached_ms_ / 1000, "s"});
  if (outcome != TrialOutcome::kInvalid) {
    double& range = forward_ ? range_forward_cm_ : left_ ? range_left_cm_ : range_right_cm_;
    range = std::max(range, controlled_cm_);
  }
  if (range_left_cm_ >= 0) r.metrics.push_back({"lean_range_left", range_left_cm_, "cm"});
  if (range_right_cm_ >= 0) r.metrics.push_back({"lean_range_right", range_right_cm_, "cm"});
  if (range_forward_cm_ >= 0) r.metrics.push_back({"lean_range_forward", range_forward_cm_, "cm"});
  Finish(r, t_ms);
}

ExerciseView WeightShift::View() const {
  ExerciseView v = BaseView();
  if (Done()) {
    v.prompt = "Well done!";
    return v;
  }
  if (missing()) {
    v.prompt = seated() ? "I cannot see your shoulders and hips: please move into view."
                        : "I cannot see all of you: please step back until your feet are in view.";
    return v;
  }
  const Calibration& c = calibration();
  v.prompt = forward_ ? "Lean FORWARD from your hips and hold."
                      : std::string("Lean to your ") + (left_ ? "LEFT" : "RIGHT") + " and hold.";
  // The target: sideways, where the shoulder midpoint is when leaning target_cm_ (hips still);
  // forward, the same distance below the shoulders (they drop as the trunk tilts forward).
  const double to_w = 1 / CmPerPx() / c.image_width, to_h = 1 / CmPerPx() / c.image_height;
  const double side = left_ ? 1 : -1;
  const double tx = c.neutral_shoulder_x + (forward_ ? 0 : side * target_cm_ * to_w);
  const double ty = c.neutral_shoulder_y + (forward_ ? target_cm_ * to_h : 0);
  // The marker (radius kMarker) lies wholly inside the target exactly when the lean is in band.
  const double radius = tolerance_cm_ * to_h + kMarker;
  Shape target{Shape::Role::kTarget, tx, ty, radius, forward_ ? "F" : left_ ? "L" : "R", 0};
  if (in_band_.on())
    target.progress = std::min(1.0, (active_ms() - in_band_.changed_at_ms()) / hold_ms_);
  v.shapes.push_back(target);
  // The catcher: the smoothed lean drawn from the neutral shoulder position, at shoulder height.
  if (shoulder_y_ >= 0 && forward_)
    v.shapes.push_back({Shape::Role::kHand, c.neutral_shoulder_x + lean_cm_ * to_w,
                        c.neutral_shoulder_y + forward_cm_ * to_h, kMarker, "", 0});
  else if (shoulder_y_ >= 0)
    v.shapes.push_back(
        {Shape::Role::kHand, c.neutral_shoulder_x + lean_cm_ * to_w, shoulder_y_, kMarker, "", 0});
  const double toward_cm = std::max(0.0, forward_ ? forward_cm_ : left_ ? lean_cm_ : -lean_cm_);
  v.meter = std::min(1.0, toward_cm / std::max(1.0, target_cm_));
  char buf[64];
  std::snprintf(buf, sizeof buf, "Lean%s %.0f cm of %.0f cm", forward_ ? " forward" : "", toward_cm,
                target_cm_);
  v.meter_label = buf;
  return v;
}

}  // namespace poise::core
