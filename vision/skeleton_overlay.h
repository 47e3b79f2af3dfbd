// Draws a pose over a BGR frame (for `poise pose --overlay`, checking tracking by eye).
#pragma once

#include <opencv2/core/mat.hpp>

#include "vision/pose.h"

namespace poise::vision {

/// Bones in white with a dark outline, joints as dots whose opacity follows visibility; left side
/// drawn as filled dots and right side as rings so sides differ without relying on colour.
void DrawSkeleton(cv::Mat& bgr, const Pose& pose);

}  // namespace poise::vision
