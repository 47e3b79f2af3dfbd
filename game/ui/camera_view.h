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

/// Where the exercise screen puts the camera picture and its two panels (pixels). The picture
/// never shrinks to make room for larger text: at large text in a wide window the prompt moves
/// beside the picture (`beside`) and the picture grows to the window's height below a
/// fixed-height top bar; otherwise the bars sit above and below it (their 100 % heights when the
/// text is larger but the window too narrow for a side column).
struct PlayLayout {
  ImVec2 picture_min, picture_max;
  ImVec2 hud_min, hud_max;        ///< the top bar (try, score, Pause)
  ImVec2 prompt_min, prompt_max;  ///< the prompt, meter and rest button
  bool beside = false;
};
PlayLayout LayOutPlay(ImVec2 display, double ui_scale, bool meter, float image_w, float image_h);

/// A target's circle as drawn: its radius never under 7 % of the window's height whatever the
/// text size, its centre kept inside the picture (so no bar or text covers any of it).
struct TargetCircle {
  ImVec2 centre;
  float radius;
};
TargetCircle TargetOnScreen(const UiContext& ctx, const core::Shape& s);

void DrawSkeleton(UiContext& ctx, const Pose& pose);
void DrawShapes(UiContext& ctx, const core::ExerciseView& view);

}  // namespace poise::ui
