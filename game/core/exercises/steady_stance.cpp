#include "game/core/exercises/steady_stance.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kStanceMs = 1000;  // the stance must be held this long before the hold starts
constexpr double kStepOutCm = 5, kStepMovedCm = 8, kStepMs = 200;
constexpr double kSpillPerCmS = 0.25;  // glass fraction lost per second per cm over threshold
constexpr double kPlaceLimitMs = 20000;
constexpr double kPathStepS = 0.2;    // sway path measured on a 5 Hz grid (see ResampleSway)
constexpr double kSmoothTauS = 0.15;  // SwaySmoother's time constant (its default)
constexpr double kMagnify = 3;        // sway drawn 3 times larger
constexpr double kMarker = 0.03;      // the shoulder ring's radius, picture heights
constexpr const char* kStancePrompts[] = {"Put your feet together, side by side.",
                                          "Put one foot half a step in front of the other.",
                                          "Put one foot right in front of the other."};

}  // namespace

ExerciseInfo SteadyStance::Describe() {
  return {"steady_stance",
          "Steady stance",
          "balance",
          {"standing"},
          {{"stance_type", "1", 0, 2, "0 feet together (level < 1/3), 1 semi-tandem, 2 tandem"},
           {"hold_goal", "s", 10, 30, "how long to stand still"},
           {"spill_threshold", "cm", 6, 3, "shoulder movement that starts spilling the water"}},
          {{"hold_duration", "s", "time held in the stance"},
           {"stance_type", "1", "0 feet together, 1 semi-tandem, 2 tandem"},
           {"water_left", "1", "fraction of the water left in the glass"},
           {"hip_sway_path", "cm",
            "hip-midpoint path length over the hold, taken on a 5 Hz grid after a zero-lag "
            "0.4 s mean, less the jitter's share: the jitter is estimated from the frames "
            "themselves (second differences) and each grid step d loses v / (2 d), v the "
            "jitter variance left across it (so jitter and the frame rate lengthen it far less)"},
           {"hip_sway_area", "cm2",
            "hip-midpoint 95 % ellipse area, from the smoothed samples' covariance less the "
            "jitter's share (estimated the same way)"},
           {"hip_sway_velocity", "cm/s", "hip-midpoint path / hold time"},
           {"hip_sway_rms", "cm", "hip-midpoint RMS distance from its mean (jitter's share out)"},
           {"shoulder_sway_path", "cm", "shoulder-midpoint path length (measured the same way)"},
           {"shoulder_sway_area", "cm2", "shoulder-midpoint 95 % ellipse area"},
           {"shoulder_sway_velocity", "cm/s", "shoulder-midpoint mean velocity"},
           {"shoulder_sway_rms", "cm", "shoulder-midpoint RMS distance from its mean"}}};
}

std::vector<std::string> SteadyStance::Instructions() const {
  return {"Stand next to a chair or counter you can hold if you need to.",
          std::string("Put your feet ") +
              (stance_ == 0   ? "side by side, touching."
               : stance_ == 1 ? "close: the heel of one beside the big toe of the other."
                              : "in a line: the heel of one touching the toes of the other."),
          "Stand as still as you can: a glass of water is balanced on your shoulders."};
}

BodySpec SteadyStance::Demo(double t_s) const {
  // 3 s stepping the feet together, then standing still with a small slow sway; every 20 s
  // the feet go apart again for a moment.
  BodySpec s;
  const double c = std::fmod(t_s, 20.0);
  const double k = std::min(1.0, c / 2.0);  // feet come together over 2 s
  const double gap = Lerp(0.045, stance_ == 0 ? 0.018 : 0.008, k);
  s.left_foot_x = 0.5 + gap;
  s.right_foot_x = 0.5 - gap;
  if (c >= 3) {
    s.sway_x = 0.004 * std::sin(t_s * 1.1);
    s.sway_y = 0.002 * std::sin(t_s * 0.7);
  }
  return s;
}

void SteadyStance::BeginTrial(double /*t_ms*/) {
  stance_ = level() < 1.0 / 3 ? 0 : level() < 2.0 / 3 ? 1 : 2;
  goal_ms_ = 1000 * std::round(Lerp(10, 30, level()));  // whole seconds
  spill_cm_ = Lerp(6, 3, level());
  in_stance_ = HysteresisSwitch(0, -kStepOutCm, kStanceMs);  // value: limit - gap
  stepped_ = HysteresisSwitch(kStepMovedCm, kStepMovedCm / 2, kStepMs);
  holding_ = false;
  water_ = 1;
  hip_.clear();
  shoulder_.clear();
  hip_raw_.clear();
  shoulder_raw_.clear();
  Interrupt();
}

double SteadyStance::MaxGapCm() const { return stance_ == 0 ? 15 : stance_ == 1 ? 10 : 6; }

bool SteadyStance::CanSee(const PoseFrame& f) const {
  return LandmarksVisible(
      *f.pose, {kLeftShoulder, kRightShoulder, kLeftHip, kRightHip, kLeftAnkle, kRightAnkle},
      kVisible);
}

void SteadyStance::Interrupt() {
  in_stance_.DropPending();
  stepped_.DropPending();
  hip_smoother_.Reset();
  shoulder_smoother_.Reset();
  new_segment_ = true;
}

void SteadyStance::Step(const PoseFrame& f, double /*dt_ms*/) {
  const double t = active_ms(), cm = CmPerPx();
  const PixelPoint lf = ToPixels(f, kLeftAnkle), rf = ToPixels(f, kRightAnkle);
  const double gap_cm = std::abs(lf.x - rf.x) * cm;
  const PixelPoint hp = PixelMidpoint(f, kLeftHip, kRightHip),
                   sp = PixelMidpoint(f, kLeftShoulder, kRightShoulder);
  const SwaySample hip = hip_smoother_.Filter({t / 1000, hp.x * cm, hp.y * cm});
  const SwaySample sh = shoulder_smoother_.Filter({t / 1000, sp.x * cm, sp.y * cm});
  shoulder_x_ = sh.x_cm / cm / f.image_width;
  shoulder_y_ = sh.y_cm / cm / f.image_height;
  const bool stance = in_stance_.Update(MaxGapCm() - gap_cm, t);
  if (!holding_) {
    if (stance) {
      holding_ = true;
      hold_start_ms_ = t;
      reference_ = sh;
      left_foot_ = lf;
      right_foot_ = rf;
      new_segment_ = true;
    } else if (t >= kPlaceLimitMs) {
      return Report(TrialOutcome::kInvalid, "feet were not in the stance", f.capture_ms);
    } else {
      return;
    }
  }
  const double moved_cm =
      std::max(PixelDistance(lf, left_foot_), PixelDistance(rf, right_foot_)) * cm;
  if (stepped_.Update(moved_cm, t) || !stance)
    return Report(TrialOutcome::kFailure, "stepped out of the stance", f.capture_ms);
  if (new_segment_) {
    hip_.emplace_back();
    shoulder_.emplace_back();
    hip_raw_.emplace_back();
    shoulder_raw_.emplace_back();
    new_segment_ = false;
  }
  hip_.back().push_back(hip);
  shoulder_.back().push_back(sh);
  hip_raw_.back().push_back({t / 1000, hp.x * cm, hp.y * cm});
  shoulder_raw_.back().push_back({t / 1000, sp.x * cm, sp.y * cm});
  const double disp_cm = std::hypot(sh.x_cm - reference_.x_cm, sh.y_cm - reference_.y_cm);
  const double dt_s =
      shoulder_.back().size() >= 2 ? sh.t_s - shoulder_.back()[shoulder_.back().size() - 2].t_s : 0;
  water_ = std::max(0.0, water_ - kSpillPerCmS * std::max(0.0, disp_cm - spill_cm_) * dt_s);
  if (water_ <= 0) return Report(TrialOutcome::kFailure, "spilled", f.capture_ms);
  if (t - hold_start_ms_ >= goal_ms_) Report(TrialOutcome::kSuccess, "held", f.capture_ms);
}

void SteadyStance::Report(TrialOutcome outcome, const std::string& note, double t_ms) {
  TrialResult r;
  r.parameters = {{"stance_type", double(stance_), "1"},
                  {"hold_goal", goal_ms_ / 1000, "s"},
                  {"spill_threshold", spill_cm_, "cm"}};
  r.outcome = outcome;
  r.note = note;
  // The jitter's share (estimated from the frames themselves) taken out: see sway_jitter.h.
  const SwayStats hip = DejitteredSway(hip_, kSmoothTauS, kPathStepS, EstimateSwayJitter(hip_raw_)),
                  sh = DejitteredSway(shoulder_, kSmoothTauS, kPathStepS,
                                      EstimateSwayJitter(shoulder_raw_));
  r.metrics = {{"hold_duration",
                holding_ ? std::min(active_ms() - hold_start_ms_, goal_ms_) / 1000 : 0, "s"},
               {"stance_type", double(stance_), "1"},
               {"water_left", water_, "1"},
               {"hip_sway_path", hip.path_cm, "cm"},
               {"hip_sway_area", hip.ellipse_area_cm2, "cm2"},
               {"hip_sway_velocity", hip.mean_velocity_cm_s, "cm/s"},
               {"hip_sway_rms", hip.rms_cm, "cm"},
               {"shoulder_sway_path", sh.path_cm, "cm"},
               {"shoulder_sway_area", sh.ellipse_area_cm2, "cm2"},
               {"shoulder_sway_velocity", sh.mean_velocity_cm_s, "cm/s"},
               {"shoulder_sway_rms", sh.rms_cm, "cm"}};
  Finish(r, t_ms);
}

ExerciseView SteadyStance::View() const {
  ExerciseView v = BaseView();
  if (Done()) {
    v.prompt = "Well done!";
    return v;
  }
  if (missing()) {
    v.prompt = "I cannot see your feet: please step back until they are in view.";
    return v;
  }
  char buf[96];
  if (!holding_) {
    v.prompt = kStancePrompts[stance_];
    v.meter = 1;
    v.meter_label = "Water in the glass: full";
    return v;
  }
  v.prompt = "Stand still. Keep the ring inside the circle.";
  const Calibration& c = calibration();
  const double held_ms = active_ms() - hold_start_ms_;
  // Sway is drawn magnified around where the hold began, so small movements show; the ring lies
  // wholly inside the circle exactly while the shoulders are within the spill threshold.
  const double to_h = 1 / CmPerPx() / c.image_height, to_w = 1 / CmPerPx() / c.image_width;
  const double rx = reference_.x_cm * to_w, ry = reference_.y_cm * to_h;
  Shape still{Shape::Role::kGuide, rx, ry, kMagnify * spill_cm_ * to_h + kMarker, "", 0};
  still.progress = std::min(1.0, held_ms / goal_ms_);
  v.shapes.push_back(still);
  v.shapes.push_back({Shape::Role::kHand, rx + kMagnify * (shoulder_x_ - rx),
                      ry + kMagnify * (shoulder_y_ - ry), kMarker, "", 0});
  v.meter = water_;
  std::snprintf(buf, sizeof buf, "Water in the glass: %.0f %%  -  %.0f s of %.0f s", water_ * 100,
                std::floor(std::min(held_ms, goal_ms_) / 1000), goal_ms_ / 1000);
  v.meter_label = buf;
  return v;
}

}  // namespace poise::core
