// The game's look: each exercise's theme drawn over the camera picture (large targets that keep
// their size at any text size, a calm hit reward, encouraging words), and the garden that grows
// with the week's sessions. Drawn with ImGui draw lists only; every picture is made here in code
// (part of Poise, same licence), nothing is loaded. Calm for low vision: high contrast, no
// flashing, slow movement only.
#pragma once

#include <imgui.h>

#include <string>

#include "game/core/exercises/exercise.h"

namespace poise::ui {

struct UiContext;

/// The level (0-1) in words a player understands: "gentle", "steady", "brisk", "strong".
const char* LevelInWords(double level);

/// An exercise's theme over the camera picture, and the calm reward after each try. Keeps the
/// last score and try to notice a hit (score went up) or a try that did not reach (try went
/// on without a point). One per exercise block.
class ExerciseArt {
 public:
  explicit ExerciseArt(std::string exercise_id) : id_(std::move(exercise_id)) {}
  /// Call once a frame while playing (after the camera picture). t_s: a steady clock in seconds.
  void Draw(UiContext& ctx, const core::ExerciseView& view, double t_s);
  /// The words shown now ("" when none), for tests and the trace.
  const std::string& words() const { return words_; }

 private:
  void DrawTargets(UiContext& ctx, const core::ExerciseView& view, double t_s);
  void DrawGlass(UiContext& ctx, const core::ExerciseView& view);
  void DrawReward(UiContext& ctx, double t_s);
  void TraceTarget(UiContext& ctx, const core::ExerciseView& view, int index, ImVec2 c, float r);
  int traced_trial_ = -1, traced_targets_ = 0;
  std::string id_;
  int last_score_ = -1, last_trial_ = -1, hits_ = 0, misses_ = 0;
  double reward_t_s_ = -1;  ///< when the last try ended
  bool reward_hit_ = false;
  ImVec2 reward_at_{0, 0};
  std::string words_;
};

/// The week's garden in [min, max]: one flower per session done, a bud for each still to come
/// (goal), swaying slowly with t_s. Flowers beyond the goal are drawn too.
void DrawGarden(ImDrawList* dl, ImVec2 min, ImVec2 max, int done, int goal, double t_s,
                bool high_contrast);

}  // namespace poise::ui
