#include "game/core/exercises/functional_reach.h"

#include <algorithm>
#include <cmath>
#include <numbers>

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
            "peak sideways wrist displacement from the raised start position (Lateral Functional "
            "Reach); under 15 cm is linked with about 4 times the fall risk (forward reach "
            "studies), a change of 3-5 cm is clinically meaningful"},
           {"direction", "1", "0 = reached to the left, 1 = to the right"},
           {"time_to_target", "s",
            "from movement onset (the wrist leaving its still raised position, the median of "
            "where it rested: seen 3 bands out, timed back to where it left the band "
            "of 1 cm or 1.5 jitter SDs) to the wrist, averaged over 5 frames centred on each, "
            "first passing the target (interpolated between frames; reached trials only); the "
            "wait before moving is not counted"},
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
  recent_cm_.clear();
  reach_cm_ = peak_cm_ = 0;
  time_to_target_s_ = -1;
  time_unknown_ = false;
  Interrupt();
}

void FunctionalReach::Interrupt() {
  hold_since_ms_ = past_since_ms_ = back_since_ms_ = step_since_ms_ = -1;
  hold_.clear();
  recent_cm_.clear();
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
  // times the wrist's jitter measured there. A sliding window: frames of a movement at either
  // end drop out, so neither one jittery frame restarts the hold nor a short pause between two
  // movements (the reach held out for 0.4 s) passes for one.
  hold_.push_back({active_ms(), t, w, BasePoints(f)});
  const auto still = [&] {
    std::vector<double> xs, ys, steps;
    for (size_t i = 0; i < hold_.size(); ++i) {
      xs.push_back(hold_[i].w.x);
      ys.push_back(hold_[i].w.y);
      if (i == 0) continue;
      steps.push_back((hold_[i].w.x - hold_[i - 1].w.x) * cm);
      steps.push_back((hold_[i].w.y - hold_[i - 1].w.y) * cm);
    }
    const PixelPoint mid{Robust(xs).median, Robust(ys).median};
    const double jitter_cm = steps.size() >= 8 ? Robust(steps).sd / std::sqrt(2.0) : 0;
    for (const HoldSample& h : hold_)
      if (PixelDistance(h.w, mid) * cm > kStillCm + 2.5 * jitter_cm) return false;
    return true;
  };
  while (hold_.size() > 1 && !still()) hold_.pop_front();
  hold_since_ms_ = hold_.front().capture_ms;
  if (t - hold_since_ms_ < kRaiseHoldMs) return;
  // The start: the wrist's mean over the hold's last 0.4 s; the base: its mean over the hold.
  PixelPoint sum{};
  int n = 0;
  base_.assign(hold_.front().base.size(), PixelPoint{});
  for (const HoldSample& h : hold_) {
    for (size_t i = 0; i < base_.size() && i < h.base.size(); ++i) {
      base_[i].x += h.base[i].x / double(hold_.size());
      base_[i].y += h.base[i].y / double(hold_.size());
    }
    if (h.active_ms < active_ms() - 400) continue;
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

double FunctionalReach::TimeToTargetS() const {
  // The raw reach averaged over 5 frames centred on each (no lag, less jitter): where it first
  // passed the target (interpolated), and where the movement left rest (timed back to a band
  // above the hold's jitter).
  const size_t n = reach_track_.size();
  std::deque<TimedValue> m = reach_track_;
  for (size_t i = 0; i < n; ++i) {
    const size_t k = std::min<size_t>({2, i, n - 1 - i});
    double sum = 0;
    for (size_t j = i - k; j <= i + k; ++j) sum += reach_track_[j].value;
    m[i].value = sum / double(2 * k + 1);
  }
  double end = past_active_ms_;
  for (size_t i = 1; i < n; ++i)
    if (m[i - 1].value < target_cm_ && m[i].value >= target_cm_) {
      const TimedValue &a = m[i - 1], &b = m[i];
      end = a.t_ms + (b.t_ms - a.t_ms) * (target_cm_ - a.value) / (b.value - a.value);
      break;
    }
  // Onset: where the wrist left its rest (the median of where it was) outwards, timed back to a
  // band above its jitter (OnsetDetector).
  OnsetDetector detector(kOnsetBandCm, std::min(kOnsetCm, target_cm_ / 2));
  std::optional<double> found;
  // Every sample so far (the reach has been past the target for a while): under heavy jitter
  // the movement may be seen only after it passed the target.
  for (const TimedValue& v : reach_track_)
    if (!found) found = detector.Add(v.t_ms, v.value, 0, 1000, 0);
  const double onset = found.value_or(reach_start_active_ms_);
  return std::max(0.0, end - std::max(onset, reach_start_active_ms_)) / 1000;
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
    r.metrics.insert(r.metrics.begin(), {"reach_distance", peak_cm_, "cm"});
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
