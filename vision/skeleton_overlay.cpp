#include "vision/skeleton_overlay.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace poise::vision {

void DrawSkeleton(cv::Mat& bgr, const Pose& pose) {
  const int w = bgr.cols, h = bgr.rows;
  const int thick = std::max(2, int(std::lround(std::hypot(w, h) / 300)));
  auto pt = [&](int i) {
    return cv::Point(int(std::lround(pose.landmarks[i].x * w)),
                     int(std::lround(pose.landmarks[i].y * h)));
  };
  cv::Mat layer = bgr.clone();
  for (const auto& e : kSkeletonEdges) {
    const float v = std::min(pose.landmarks[e[0]].visibility, pose.landmarks[e[1]].visibility);
    if (v < 0.2f) continue;
    cv::line(layer, pt(e[0]), pt(e[1]), cv::Scalar(20, 20, 20), thick + 2, cv::LINE_AA);
    cv::line(layer, pt(e[0]), pt(e[1]), cv::Scalar(255, 255, 255), thick, cv::LINE_AA);
  }
  cv::addWeighted(layer, 0.85, bgr, 0.15, 0, bgr);
  for (int i = 0; i < kNumLandmarks; ++i) {
    const float v = std::clamp(pose.landmarks[i].visibility, 0.0f, 1.0f);
    if (v < 0.05f) continue;
    cv::Mat dot = bgr.clone();
    const bool left = i > 0 && (i % 2 == 1);  // BlazePose: odd indices are the left side
    const cv::Scalar colour = left ? cv::Scalar(0, 200, 255) : cv::Scalar(255, 160, 0);
    cv::circle(dot, pt(i), thick + 3, cv::Scalar(20, 20, 20), -1, cv::LINE_AA);
    cv::circle(dot, pt(i), thick + 2, colour, left ? -1 : thick, cv::LINE_AA);
    cv::addWeighted(dot, 0.3 + 0.7 * v, bgr, 0.7 - 0.7 * v, 0, bgr);
  }
}

}  // namespace poise::vision
