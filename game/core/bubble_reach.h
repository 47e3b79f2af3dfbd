// Bubble reach (coordination, standing or seated): touch the bubble with the named hand.
// Level -> bubble size (10 % to 4.5 % of the picture height), distance (50 % to 100 % of the
// calibrated reach) and time allowed (8 s to 4 s); from level 0.5 some bubbles cross the body.
// A hit needs the hand inside the bubble for 150 ms (debounce). Time stops while the hand or its
// shoulder is not visible. Metrics: reaction time (hand moved 5 cm), movement time, path
// straightness (path length / straight distance), hit.
#pragma once

#include <optional>
#include <vector>

#include "game/core/exercise.h"

namespace poise::core {

class BubbleReach : public Exercise {
 public:
  std::string Id() const override { return "bubble_reach"; }
  std::string Name() const override { return "Bubble reach"; }
  std::vector<std::string> Instructions() const override;
  void Start(const ExerciseConfig& config, double t_ms) override;
  void SetLevel(double level) override { level_ = level; }
  void Update(const PoseFrame& frame) override;
  void Resume(double t_ms) override {
    last_t_ms_ = t_ms;
    inside_since_ms_ = -1;
  }
  std::vector<TrialResult> TakeFinishedTrials() override;
  bool Done() const override { return trial_ >= config_.trials; }
  ExerciseView View() const override;

 private:
  void NewTarget(double t_ms);
  void Finish(bool hit, double t_ms);
  ExerciseConfig config_;
  double level_ = 0.3;
  int trial_ = 0, score_ = 0;
  bool left_hand_ = false;
  // Current trial.
  double tx_ = 0.5, ty_ = 0.5, radius_ = 0.08, limit_ms_ = 8000;
  double trial_start_ms_ = 0, active_ms_ = 0, last_t_ms_ = -1, inside_since_ms_ = -1;
  std::optional<double> reaction_ms_;
  double start_hx_ = -1, start_hy_ = -1, path_px_ = 0, last_hx_ = -1, last_hy_ = -1;
  double hand_x_ = -1, hand_y_ = -1;
  bool missing_ = false;
  std::vector<TrialResult> finished_;
};

}  // namespace poise::core
