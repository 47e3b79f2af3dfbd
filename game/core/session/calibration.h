// Calibration: fits targets to this person. The player's height (entered once, kept in the
// profile) turns image pixels into centimetres: standing, nose-to-ankle is about 0.88 of body
// height; seated, shoulder-to-hip (the torso) about 0.29 (anthropometric proportions,
// Drillis & Contini). Then a neutral stance, a comfortable lean each way and a reach with each
// hand are measured. Steps are fed poses; only visible landmarks count.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "vision/pose.h"

namespace poise::core {

struct Calibration {
  bool seated = false;
  double cm_per_px = 0;  ///< centimetres per image pixel at the player's distance
  double neutral_hip_x = 0.5, neutral_hip_y = 0.6;  ///< image-normalised
  double neutral_shoulder_x = 0.5, neutral_shoulder_y = 0.3;
  double lean_left_cm = 0, lean_right_cm = 0;    ///< comfortable shoulder shift each way
  double reach_left_cm = 0, reach_right_cm = 0;  ///< wrist distance from its shoulder
  int image_width = 640, image_height = 480;
};

enum class CalibrationStep { kStill, kLeanLeft, kLeanRight, kReachLeft, kReachRight, kDone };
const char* CalibrationInstruction(CalibrationStep s);

/// Centimetres per pixel; uncalibrated, a 170 cm person filling 75 % of the picture height.
double CmPerPxOrTypical(const Calibration& c);
/// The calibrated reach of that arm; the other arm's when it was not measured (a calibration
/// step can time out), else a typical adult's 50 cm; never below 20 cm.
double ArmReachCm(const Calibration& c, bool left_hand);

/// A landmark dropout shorter than this (tracking flicker) neither restarts a step nor shows a
/// problem.
inline constexpr double kCalibrationDropoutMs = 500;

/// The median of the values fed over the last `window_ms` (at least 3 of them): a peak taken on
/// it is not pulled up by tracking jitter the way the largest single sample is (the largest of
/// 30 samples with 1 cm jitter lies about 2 cm out), and one glitching frame cannot set it.
class RecentMedian {
 public:
  explicit RecentMedian(double window_ms) : window_ms_(window_ms) {}
  std::optional<double> Add(double t_ms, double value);
  void Clear() { recent_.clear(); }

 private:
  double window_ms_;
  std::deque<std::pair<double, double>> recent_;
};

class CalibrationRecorder {
 public:
  CalibrationRecorder(double height_cm, bool seated);
  CalibrationStep step() const { return step_; }
  /// Feed a frame; moves to the next step when this one has enough data (still: 2 s of steady
  /// poses, where landmarks flickering out for up to kDropoutMs are skipped, not a restart;
  /// lean: the movement went out and came back; reach: the hand went out sideways and came
  /// back, or the arm was held straight out for 0.5 s; either: or 6 s passed).
  void Feed(const PoseFrame& frame);
  /// The result once step() == kDone.
  std::optional<Calibration> Result() const;
  /// Why the current step is not progressing (landmarks not visible), or empty.
  const std::string& problem() const { return problem_; }

 private:
  void Next();
  double height_cm_;
  Calibration cal_;
  CalibrationStep step_ = CalibrationStep::kStill;
  double step_start_ms_ = -1;
  std::vector<double> samples_;  // body lengths in px during kStill
  // Hip and shoulder midpoints during kStill: the neutral stance is their median, so a movement
  // starting at the end of the still step does not shift it.
  std::vector<double> hip_x_, hip_y_, sh_x_, sh_y_;
  double peak_ = 0, peak_side_ = 0;  // lean / reach: the largest shift; reach: sideways
  // ... each the largest of a 0.3 s running median (see RecentMedian).
  RecentMedian shift_{300}, side_{300};
  double straight_since_ms_ = -1;  // reach: the arm straight out sideways since then
  double straight_reach_ = 0;      // ... at this reach (px)
  double last_ok_ms_ = -1;         // the last frame showing what the step needs
  std::string problem_;
};

}  // namespace poise::core
