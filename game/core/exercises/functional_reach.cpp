#include "game/core/exercises/functional_reach.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "game/core/metrics/local_fit.h"

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kRaiseHoldMs = 600;    // arm still at shoulder height before the reach
constexpr double kRaiseWaitMs = 30000;  // no raise for this long: the trial fails
constexpr double kStillCm = 3;
constexpr double kOnsetCm = 3, kOnsetBandCm = 1;  // reach onset: least detection and band (cm)
                                                  // "still": within this of where the hold began
constexpr double kPastHoldMs = 200;               // reach past the target this long to count it
constexpr double kBackHoldMs = 200;  // back under kBackShare of the peak this long to end
constexpr double kBackShare = 0.4;
constexpr double kMinPeakCm = 5;     // a reach shorter than this has not begun
constexpr double kStepCm = 5;        // an ankle or heel moved this far: a step
constexpr double kSeatShiftCm = 8;   // seated: the hips moved this far: lifted off the seat
constexpr double kStepHoldMs = 250;  // for this long (debounce)
constexpr size_t kSmoothFrames = 5;
// The reach distance: the largest mean over 0.4 s (and at least 7 frames: 6 span 0.4 s at
// 15 fps), from the rest over up to 1.2 s before the onset. A hand's jitter (1.2 cm at a webcam)
// leaves 0.45 cm in the first and 0.35 cm in the second at 15 fps: the distance reads about
// 0.3 cm long on average (the largest of noisy means), 2 cm at worst over thousands of trials.
constexpr double kPeakWindowMs = 400, kRestBeforeMs = 1200, kRestGapMs = 100;
constexpr size_t kPeakSideFrames = 3;
constexpr double kStartMeanMs = 400;    // the start: the mean over the raised hold's last 0.4 s
constexpr double kFitHalfMs = 100;      // the local line fit that times the target's passing
constexpr size_t kJitterFrames = 30;    // the wrist's jitter: from its last frames this many
constexpr double kFallbackArmCm = 55;   // uncalibrated arm length
constexpr double kTargetRadius = 0.05;  // of the picture height

double Smooth01(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

}  // namespace

ExerciseInfo FunctionalReach::Describe() {
  return {"functional_reach",
          "Reach to the side",
          "balance",
          {"standing", "seated"},
          {{"target_distance", "1", 0.15, 0.45,
            "the target's distance from the raised hand's start, fraction of the calibrated reach "
            "(arm length)"},
           {"target_distance_cm", "cm", 9, 27, "the same in cm (for a 60 cm reach)"},
           {"time_limit", "s", 12, 6, "time allowed for the reach"},
           {"direction", "1", 0, 1, "0 = to the left with the left hand, 1 = to the right"}},
          {{"reach_distance", "cm",
            "peak sideways wrist displacement from where the raised arm rested before the reach "
            "(Lateral Functional Reach): the largest mean of the wrist's position over 0.4 s (at "
            "least 7 frames), less its mean over up to 1.2 s of the still raised arm before the "
            "onset; under 15 cm is linked with about 4 times the fall risk (forward reach "
            "studies), a change of 3-5 cm is clinically meaningful"},
           {"direction", "1", "0 = reached to the left, 1 = to the right"},
           {"time_to_target", "s",
            "from movement onset (the wrist leaving its still raised position, the median of "
            "where it rested: seen 3 bands out, timed back to where it left the band "
            "of 1 cm or 1.5 jitter SDs) to the wrist, fitted by a line over 0.1 s either side "
            "(no lag; read across a bridged gap from the frames either side), passing the target "
            "and staying past it (between frames; reached trials only); the wait before moving "
            "is not counted; a gap over 0.4 s during the reach leaves it out"},
           {"stepped", "1",
            "1 when a foot moved (seated: lifted off the seat); the trial is "
            "invalid and repeated"}}};
}

std::vector<std::string> FunctionalReach::Instructions() const {
  const std::string base = seated() ? "Keep sitting firmly on the chair." : "Keep both feet still.";
  return {"Raise the arm that is shown straight out to the side, at shoulder height.",
          "Hold it still for a moment. A circle appears further out.",
          "Reach slowly towards the circle, as far as is safe. " + base,
          "Then come back to the middle and lower your arm."};
}

BodySpec FunctionalReach::Demo(double t_s) const {
  BodySpec s;
  s.seated = seated();
  const bool left = std::fmod(t_s, 12.0) < 6.0;
  const double p = std::fmod(t_s, 6.0), side = left ? 1 : -1;
  const double xs = 1.0 / s.aspect, h = s.height;
  const double shoulder_x = s.hip_x + side * 0.11 * h * xs;
  const double shoulder_y = s.hip_y - 0.30 * h * (s.seated ? 0.95 : 1.0);
  const double hang_x = s.hip_x + side * 0.12 * h * xs, hang_y = s.hip_y + 0.02 * h;
  const double raised_x = shoulder_x + side * 0.17;
  // Raise (0-1 s), hold (1-2), reach with a lean (2-3.2), hold (3.2-3.8), back (3.8-4.8), lower.
  const double up = Smooth01(p) * (1 - Smooth01(p - 4.8));
  const double out = Smooth01((p - 2) / 1.2) * (1 - Smooth01(p - 3.8));
  const double x = hang_x + (raised_x - hang_x) * up + side * 0.10 * out;
  const double y = hang_y + (shoulder_y - hang_y) * up;
  (left ? s.left_wrist_x : s.right_wrist_x) = x;
  (left ? s.left_wrist_y : s.right_wrist_y) = y;
  s.lean_x = side * 0.04 * out;
  return s;
}

int FunctionalReach::Wrist() const { return left_ ? kLeftWrist : kRightWrist; }
int FunctionalReach::Shoulder() const { return left_ ? kLeftShoulder : kRightShoulder; }

double FunctionalReach::ArmCm() const {
  const double r = left_ ? calibration().reach_left_cm : calibration().reach_right_cm;
  return r > 20 ? r : kFallbackArmCm;
}

void FunctionalReach::ApplyLevel() {
  target_cm_ = Lerp(0.15, 0.45, level()) * ArmCm();
  limit_ms_ = Lerp(12000, 6000, level());
}

void FunctionalReach::SetLevel(double level) {
  TrialExercise::SetLevel(level);
  if (phase_ == Phase::kRaise) ApplyLevel();
}

void FunctionalReach::BeginTrial(double /*t_ms*/) {
  // Non-dominant side first, then alternating; a repeated (invalid) trial keeps its side.
  left_ = (trial() % 2 == 0) == (config().dominant_side != "left");
  phase_ = Phase::kRaise;
  ApplyLevel();
  base_.clear();
  wrist_seen_.clear();
  recent_cm_.clear();
  reach_cm_ = peak_cm_ = 0;
  time_to_target_s_ = -1;
  time_unknown_ = false;
  Interrupt();
}

void FunctionalReach::Interrupt() {
  hold_since_ms_ = back_since_ms_ = step_since_ms_ = -1;
  // A reach past the target before a long gap and still past it after (the smoothing window
  // keeps its frames from before): it stayed there. Started again after the gap, the window
  // refilled (5 frames, 0.33 s at 15 fps) and then needed 0.2 s more past the target, longer
  // than what was left of the hold: a reach held at 19 cm for a 14 cm target failed.
  if (phase_ != Phase::kReach) {
    past_since_ms_ = -1;
    recent_cm_.clear();
  }
  // The still raised arm seen before a gap still counts if it is still there after it (the
  // sliding window drops it otherwise): flicker during the hold must not delay the target until
  // the reach itself is held out, and be taken for its start.
  if (phase_ != Phase::kRaise) hold_.clear();
  // Out of view for longer than a bridged gap during the reach: when it began or passed the
  // target is not known, so no time is given (the distance still is).
  if (phase_ == Phase::kReach && time_to_target_s_ < 0) time_unknown_ = true;
}

bool FunctionalReach::CanSee(const PoseFrame& f) const {
  const Pose& p = *f.pose;
  if (!LandmarksVisible(p, {Wrist(), Shoulder()}, kVisible)) return false;
  return seated() ? LandmarksVisible(p, {kLeftHip, kRightHip}, kVisible)
                  : LandmarksVisible(p, {kLeftAnkle, kRightAnkle, kLeftHeel, kRightHeel}, kVisible);
}

std::vector<PixelPoint> FunctionalReach::BasePoints(const PoseFrame& f) const {
  if (seated()) return {PixelMidpoint(f, kLeftHip, kRightHip)};
  return {ToPixels(f, kLeftAnkle), ToPixels(f, kRightAnkle), ToPixels(f, kLeftHeel),
          ToPixels(f, kRightHeel)};
}

void FunctionalReach::Step(const PoseFrame& f, double /*dt_ms*/) {
  const PixelPoint w = ToPixels(f, Wrist());
  hand_x_ = w.x / f.image_width;
  hand_y_ = w.y / f.image_height;
  if (phase_ == Phase::kRaise)
    StepRaise(f);
  else
    StepReach(f);
}

void FunctionalReach::StepRaise(const PoseFrame& f) {
  const double t = f.capture_ms, cm = CmPerPx(), side = left_ ? 1 : -1;
  const PixelPoint w = ToPixels(f, Wrist()), s = ToPixels(f, Shoulder());
  // The wrist's jitter, from the second differences of its last frames seen in this phase
  // (hanging, rising or held: a smooth movement hardly changes them), so that it is known from
  // the hold's first frame on.
  wrist_seen_.push_back(w);
  if (wrist_seen_.size() > kJitterFrames) wrist_seen_.pop_front();
  std::vector<double> second;
  for (size_t i = 2; i < wrist_seen_.size(); ++i) {
    second.push_back((wrist_seen_[i].x - 2 * wrist_seen_[i - 1].x + wrist_seen_[i - 2].x) * cm);
    second.push_back((wrist_seen_[i].y - 2 * wrist_seen_[i - 1].y + wrist_seen_[i - 2].y) * cm);
  }
  // White noise of SD s has second differences of SD s * sqrt(6).
  const double jitter_cm = second.size() >= 8 ? Robust(second).sd / std::sqrt(6.0) : 0;
  const bool raised =
      side * (w.x - s.x) * cm >= 0.6 * ArmCm() && std::abs(w.y - s.y) * cm <= 0.35 * ArmCm();
  if (!raised) {
    hold_.clear();
    hold_since_ms_ = -1;
    // Not raised for a long while (visible time): move on rather than wait for ever.
    if (active_ms() >= kRaiseWaitMs) Report(TrialOutcome::kFailure, "arm not raised", t);
    return;
  }
  // Still: every frame of the last kRaiseHoldMs within kStillCm of their median, widened by 2.5
  // times the wrist's jitter. A sliding window: frames of a movement at either end drop out, so
  // neither one jittery frame restarts the hold nor a short pause between two movements (the
  // reach held out for 0.4 s) passes for one. The jitter comes from the phase's recent frames,
  // not from the window: measured on a window of two or three frames it was taken as none, and
  // one frame 3 cm off (a hand's 1.2 cm jitter at 15 fps) restarted the hold until the reach
  // itself was held out and taken for its start (reach 0 cm).
  hold_.push_back({active_ms(), t, w, BasePoints(f)});
  const auto still = [&] {
    std::vector<double> xs, ys;
    for (const HoldSample& h : hold_) {
      xs.push_back(h.w.x);
      ys.push_back(h.w.y);
    }
    const PixelPoint mid{Robust(xs).median, Robust(ys).median};
    for (const HoldSample& h : hold_)
      if (PixelDistance(h.w, mid) * cm > kStillCm + 2.5 * jitter_cm) return false;
    return true;
  };
  while (hold_.size() > 1 && !still()) hold_.pop_front();
  hold_since_ms_ = hold_.front().capture_ms;
  if (t - hold_since_ms_ < kRaiseHoldMs) return;
  // The start: the wrist's mean over the hold's last kStartMeanMs (its first frames may still
  // end the raise); the base: its mean over the hold.
  PixelPoint sum{};
  int n = 0;
  base_.assign(hold_.front().base.size(), PixelPoint{});
  for (const HoldSample& h : hold_) {
    for (size_t i = 0; i < base_.size() && i < h.base.size(); ++i) {
      base_[i].x += h.base[i].x / double(hold_.size());
      base_[i].y += h.base[i].y / double(hold_.size());
    }
    if (h.active_ms < active_ms() - kStartMeanMs) continue;
    sum.x += h.w.x;
    sum.y += h.w.y;
    ++n;
  }
  start_ = {sum.x / n, sum.y / n};
  phase_ = Phase::kReach;
  reach_start_active_ms_ = active_ms();
  // The hold is the rest the reach's onset is timed from: it starts the track.
  reach_track_.clear();
  for (const HoldSample& h : hold_)
    reach_track_.push_back({h.active_ms, side * (h.w.x - start_.x) * cm});
}

double FunctionalReach::ReachDistanceCm() const {
  // From where the wrist rested before the reach's onset (the mean over kRestBeforeMs up to
  // kRestGapMs before it, where a smooth start has not moved it yet): more frames than the hold
  // that placed the target, whose start is noisier.
  double rest = 0;
  if (const auto onset = OnsetMs()) {
    double sum = 0;
    int n = 0;
    for (const TimedValue& v : reach_track_)
      if (v.t_ms >= std::max(*onset - kRestBeforeMs, reach_start_active_ms_ - kStartMeanMs) &&
          v.t_ms < *onset - kRestGapMs)
        sum += v.value, ++n;
    if (n >= 3) rest = sum / n;
  }
  // The largest mean of the raw reach over kPeakWindowMs centred on a frame, widened to three
  // frames each side (a bridged gap may leave one frame there): a time, not a count of frames,
  // so the jitter left in it, and the upward bias its largest value takes from that jitter, is
  // alike at any frame rate (5 frames span 0.17 s at 30 fps: the reach read 0.7 cm long).
  const size_t n = reach_track_.size();
  const double half = kPeakWindowMs / 2;
  double best = 0;
  for (size_t i = 0, a = 0, b = 0; i < n; ++i) {
    const double t = reach_track_[i].t_ms;
    if (reach_track_.front().t_ms > t - half || reach_track_.back().t_ms < t + half) continue;
    while (reach_track_[a].t_ms < t - half) ++a;
    while (b < n && reach_track_[b].t_ms <= t + half) ++b;
    size_t lo = a, hi = b;
    while (i - lo < kPeakSideFrames && lo > 0) --lo;
    while (hi - i <= kPeakSideFrames && hi < n) ++hi;
    double sum = 0;
    for (size_t k = lo; k < hi; ++k) sum += reach_track_[k].value;
    best = std::max(best, sum / double(hi - lo) - rest);
  }
  return best;
}

double FunctionalReach::TimeToTargetS() const {
  // Where the raw reach, fitted by a line over 0.1 s either side (no lag, less jitter, and read
  // across a bridged gap from the frames on both sides), first passed the target and stayed
  // (the last crossing so far; the reach has been past it for kPastHoldMs), and where the
  // movement left rest (timed back to a band above the hold's jitter).
  const std::vector<TimedValue> track(reach_track_.begin(), reach_track_.end());
  const double end =
      LastCrossingMs(track, 0, track.size(), target_cm_, kFitHalfMs).value_or(past_active_ms_);
  const double onset = OnsetMs().value_or(reach_start_active_ms_);
  return std::max(0.0, end - std::max(onset, reach_start_active_ms_)) / 1000;
}

std::optional<double> FunctionalReach::OnsetMs() const {
  // Onset: where the wrist left its rest (the median of where it was) outwards, timed back to a
  // band above its jitter (OnsetDetector).
  OnsetDetector detector(kOnsetBandCm, std::min(kOnsetCm, target_cm_ / 2));
  std::optional<double> found;
  // Every sample so far (the reach has been past the target for a while): under heavy jitter
  // the movement may be seen only after it passed the target.
  // From the hold's last kStartMeanMs on (where the target was placed from): its earlier frames
  // may still hold the end of the raise, a few cm inwards, which pulled the rest (a median)
  // inwards and put the onset up to 0.4 s early.
  for (const TimedValue& v : reach_track_)
    if (!found && v.t_ms >= reach_start_active_ms_ - kStartMeanMs)
      found = detector.Add(v.t_ms, v.value, 0, 1000, 0);
  return found;
}

void FunctionalReach::StepReach(const PoseFrame& f) {
  const double t = f.capture_ms, cm = CmPerPx(), side = left_ ? 1 : -1;
  const PixelPoint w = ToPixels(f, Wrist());
  reach_track_.push_back({active_ms(), side * (w.x - start_.x) * cm});
  recent_cm_.push_back(side * (w.x - start_.x) * cm);
  if (recent_cm_.size() > kSmoothFrames) recent_cm_.pop_front();
  double sum = 0;
  for (double d : recent_cm_) sum += d;
  reach_cm_ = sum / double(recent_cm_.size());
  // Only a full smoothing window may set the peak (one noisy frame must not).
  if (recent_cm_.size() == kSmoothFrames) peak_cm_ = std::max(peak_cm_, reach_cm_);

  // A step (or lifting off the seat), debounced.
  const std::vector<PixelPoint> base = BasePoints(f);
  const double limit_cm = seated() ? kSeatShiftCm : kStepCm;
  bool moved = false;
  for (size_t i = 0; i < base.size() && i < base_.size(); ++i)
    moved = moved || PixelDistance(base[i], base_[i]) * cm > limit_cm;
  if (!moved) {
    step_since_ms_ = -1;
  } else {
    if (step_since_ms_ < 0) step_since_ms_ = t;
    if (t - step_since_ms_ >= kStepHoldMs)
      return Report(TrialOutcome::kInvalid, seated() ? "lifted off the seat" : "stepped", t);
  }

  if (recent_cm_.size() == kSmoothFrames && reach_cm_ >= target_cm_) {
    if (past_since_ms_ < 0) {
      past_since_ms_ = t;
      past_active_ms_ = active_ms();
    }
    if (time_to_target_s_ < 0 && t - past_since_ms_ >= kPastHoldMs)
      time_to_target_s_ = TimeToTargetS();
  } else {
    past_since_ms_ = -1;
  }

  const bool reached = time_to_target_s_ >= 0;
  if (peak_cm_ >= kMinPeakCm && reach_cm_ < kBackShare * peak_cm_) {
    if (back_since_ms_ < 0) back_since_ms_ = t;
    if (t - back_since_ms_ >= kBackHoldMs)
      return Report(reached ? TrialOutcome::kSuccess : TrialOutcome::kFailure,
                    reached ? "reached the target" : "came back before the target", t);
  } else {
    back_since_ms_ = -1;
  }
  if (active_ms() - reach_start_active_ms_ >= limit_ms_)
    Report(reached ? TrialOutcome::kSuccess : TrialOutcome::kFailure,
           reached ? "reached the target" : "time ran out", t);
}

void FunctionalReach::Report(TrialOutcome outcome, const std::string& note, double t_ms) {
  TrialResult r;
  const double direction = left_ ? 0 : 1;
  r.parameters = {{"target_distance", target_cm_ / ArmCm(), "1"},
                  {"target_distance_cm", target_cm_, "cm"},
                  {"time_limit", limit_ms_ / 1000, "s"},
                  {"direction", direction, "1"}};
  r.outcome = outcome;
  r.note = note;
  const bool stepped = outcome == TrialOutcome::kInvalid;
  r.metrics = {{"direction", direction, "1"}, {"stepped", stepped ? 1.0 : 0.0, "1"}};
  if (phase_ == Phase::kReach)
    r.metrics.insert(r.metrics.begin(), {"reach_distance", ReachDistanceCm(), "cm"});
  if (time_to_target_s_ >= 0 && !time_unknown_)
    r.metrics.push_back({"time_to_target", time_to_target_s_, "s"});
  Finish(r, t_ms);
}

ExerciseView FunctionalReach::View() const {
  ExerciseView v = BaseView();
  if (Done()) {
    v.prompt = "Well done!";
    return v;
  }
  const std::string arm = left_ ? "LEFT" : "RIGHT", label = left_ ? "L" : "R";
  const Calibration& c = calibration();
  const double w = std::max(1, c.image_width), h = std::max(1, c.image_height);
  const double side = left_ ? 1 : -1;
  if (missing()) {
    v.prompt = seated() ? "I cannot see your arm or hips: please move into view."
                        : "I cannot see your arm or feet: please step back into view.";
  } else if (phase_ == Phase::kRaise) {
    v.prompt = "Raise your " + arm + " arm out to the side and hold it still.";
    // Where the raised hand goes: out from the calibrated shoulder, at shoulder height.
    const double sx = c.neutral_shoulder_x + side * 0.06;
    v.shapes.push_back({Shape::Role::kGuide, sx + side * 0.75 * ArmCm() / CmPerPx() / w,
                        c.neutral_shoulder_y, 0.07, label, 0});
  } else {
    v.prompt = "Reach towards the circle with your " + arm + " hand. Keep your " +
               (seated() ? "seat" : "feet") + " still.";
    Shape target{Shape::Role::kTarget,
                 start_.x / w + side * target_cm_ / CmPerPx() / w,
                 start_.y / h,
                 kTargetRadius,
                 label,
                 0};
    if (past_since_ms_ >= 0)
      target.progress = std::min(1.0, (now_ms() - past_since_ms_) / kPastHoldMs);
    if (time_to_target_s_ >= 0) target.progress = 1;
    v.shapes.push_back(target);
    v.meter = std::clamp(reach_cm_ / target_cm_, 0.0, 1.0);
    v.meter_label = "Reach " + std::to_string(int(std::max(0.0, reach_cm_) + 0.5)) + " cm of " +
                    std::to_string(int(target_cm_ + 0.5)) + " cm";
  }
  if (hand_x_ >= 0 && !missing())
    v.shapes.push_back({Shape::Role::kHand, hand_x_, hand_y_, 0.02, label, 0});
  return v;
}

}  // namespace poise::core
