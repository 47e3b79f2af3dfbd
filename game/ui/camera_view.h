// The camera picture as a GL texture, mirrored, with the skeleton drawn over it (landmarks faded
// by visibility) and an exercise's shapes. Falls back to a plain backdrop when there is no
// picture (replayed landmarks).
#pragma once

#include <cstdint>

#include "game/core/exercises/exercise.h"
#include "game/ui/ui_context.h"

namespace poise::ui {

class CameraView {
 public:
  CameraView() = default;
  ~CameraView();
  CameraView(const CameraView&) = delete;
  CameraView& operator=(const CameraView&) = delete;
  /// Draws into the background draw list, filling the window; sets ctx.view_min/max.
  void Draw(UiContext& ctx);
  /// Mean luma of the last uploaded picture (0-255), or -1 without one.
  double brightness() const { return brightness_; }

 private:
  unsigned int texture_ = 0;
  int tex_w_ = 0, tex_h_ = 0;
  int64_t uploaded_index_ = -1;
  double brightness_ = -1;
};

void DrawSkeleton(UiContext& ctx, const Pose& pose);
void DrawShapes(UiContext& ctx, const core::ExerciseView& view);

}  // namespace poise::ui
