// The review's overview (adherence strip and every trend chart) laid out by ImGui with no window
// or GPU, for `poise bench-review`: building the draw lists is the CPU cost a physiotherapist waits
// for when the overview opens. Keeps ImGui inside ui.
#pragma once

#include "game/store/review_queries.h"

struct ImGuiContext;

namespace poise::ui {

class OffscreenReviewDrawer {
 public:
  OffscreenReviewDrawer();  ///< an ImGui context of its own, 1280x720, fonts built
  ~OffscreenReviewDrawer();
  OffscreenReviewDrawer(const OffscreenReviewDrawer&) = delete;
  OffscreenReviewDrawer& operator=(const OffscreenReviewDrawer&) = delete;

  /// One frame of the overview; returns the number of vertices drawn.
  int Draw(const store::PatientReview& review);

 private:
  ImGuiContext* context_ = nullptr;
};

}  // namespace poise::ui
