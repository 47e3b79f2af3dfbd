// The small interface every exercise implements: poses and time in, trials and drawing out.
// Drawing is described, not done: shapes in image-normalised coordinates of the UNMIRRORED camera
// frame (the UI mirrors), each with a role and a label so no meaning rests on colour alone.
// The catalogue (exercise_catalogue.cpp) lists every exercise with what it measures; adding an
// exercise touches its own file pair and one line there.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "game/core/session/calibration.h"
#include "game/core/demo/scripted_pose.h"
#include "game/core/exercises/trial.h"
#include "vision/pose.h"

namespace poise::core {

struct ExerciseConfig {
  std::string variant = "standing";  ///< "standing" | "seated"
  double level = 0.3;                ///< difficulty in [0, 1]
  std::string dominant_side = "right";
  Calibration calibration;
  int trials = 10;
};

/// A difficulty parameter the level maps onto: its value at level 0 and at level 1 (the
/// exercise interpolates, or switches at stated levels for discrete ones such as stance type).
struct ParameterSpec {
  std::string name;  ///< as in TrialResult::parameters
  std::string unit;  ///< UCUM ("s", "cm", "1", "cm/s", "Hz")
  double at_easiest = 0, at_hardest = 0;
  std::string description;
};

struct MetricSpec {
  std::string name;  ///< as in TrialResult::metrics
  std::string unit;
  std::string description;
};

struct ExerciseInfo {
  std::string id;                     ///< e.g. "single_leg_stance"
  std::string name;                   ///< e.g. "Single-leg stance"
  std::string category;               ///< "balance" | "coordination"
  std::vector<std::string> variants;  ///< "standing" and, where it makes sense, "seated"
  std::vector<ParameterSpec> parameters;
  std::vector<MetricSpec> metrics;
};

struct Shape {
  enum class Role { kTarget, kHand, kGuide };
  Role role = Role::kTarget;
  double x = 0, y = 0;   ///< image-normalised centre
  double radius = 0.05;  ///< fraction of the image height
  std::string label;     ///< e.g. "L" / "R": which hand (text, not colour)
  double progress = 0;   ///< 0..1, e.g. how long the hand has held the target
};

struct ExerciseView {
  std::string prompt;  ///< one short instruction
  int trial = 0, trials = 0;
  int score = 0;
  bool landmarks_missing = false;  ///< the trial is on hold until they are visible again
  std::vector<Shape> shapes;
  /// An optional gauge (0..1) with its label, e.g. "Hold 7 s of 10 s" or "Water in the glass".
  double meter = -1;
  std::string meter_label;
};

class Exercise {
 public:
  virtual ~Exercise() = default;
  virtual std::string Id() const = 0;
  virtual std::string Name() const = 0;
  /// Plain-words steps shown before the countdown.
  virtual std::vector<std::string> Instructions() const = 0;
  /// The stick figure shown with the instructions, t_s seconds into its loop (variant-aware).
  virtual BodySpec Demo(double t_s) const = 0;
  virtual void Start(const ExerciseConfig& config, double t_ms) = 0;
  /// Applies from the next trial.
  virtual void SetLevel(double level) = 0;
  virtual void Update(const PoseFrame& frame) = 0;
  /// After a pause: the time since the last frame does not count.
  virtual void Resume(double t_ms) = 0;
  /// Trials finished since the last call.
  virtual std::vector<TrialResult> TakeFinishedTrials() = 0;
  virtual bool Done() const = 0;
  virtual ExerciseView View() const = 0;
};

/// Every exercise, in catalogue order.
const std::vector<ExerciseInfo>& Catalogue();
/// nullptr for an unknown id.
const ExerciseInfo* FindExercise(const std::string& id);
/// nullptr for an unknown id.
std::unique_ptr<Exercise> CreateExercise(const std::string& id);

}  // namespace poise::core
