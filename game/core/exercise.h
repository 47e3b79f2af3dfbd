// The small interface every exercise implements: poses and time in, trials and drawing out.
// Drawing is described, not done: shapes in image-normalised coordinates of the UNMIRRORED camera
// frame (the UI mirrors), each with a role and a label so no meaning rests on colour alone.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "game/core/calibration.h"
#include "game/core/trial.h"
#include "vision/pose.h"

namespace poise::core {

struct ExerciseConfig {
  std::string variant = "standing";  ///< "standing" | "seated"
  double level = 0.3;                ///< difficulty in [0, 1]
  std::string dominant_side = "right";
  Calibration calibration;
  int trials = 10;
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
};

class Exercise {
 public:
  virtual ~Exercise() = default;
  virtual std::string Id() const = 0;
  virtual std::string Name() const = 0;
  /// Plain-words steps shown before the countdown.
  virtual std::vector<std::string> Instructions() const = 0;
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

/// The catalogue so far; nullptr for an unknown id.
std::unique_ptr<Exercise> CreateExercise(const std::string& id);

}  // namespace poise::core
