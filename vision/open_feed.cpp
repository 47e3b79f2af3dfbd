#include "vision/open_feed.h"

#include "vision/pose_replay.h"
#include "vision/pose_tracker.h"

namespace poise::vision {

std::unique_ptr<PoseFeed> OpenPoseFeed(const std::string& source, const FeedOptions& options) {
  if (source.rfind("poses:", 0) == 0) return std::make_unique<PoseReplay>(source.substr(6));
  auto reader = std::make_unique<FrameReader>(source, options.capture);
  PoseEstimatorOptions est = options.estimator;
  if (reader->kind() == SourceKind::kImage) est.smooth_landmarks = false;
  auto estimator = std::make_shared<PoseEstimator>(est);
  const int threads = estimator->NumThreads();
  const std::string engine = std::string(InferenceEngineName(estimator->Engine())) + ", " +
                             std::to_string(threads) + (threads == 1 ? " thread" : " threads");
  return std::make_unique<PoseTracker>(
      std::move(reader),
      [estimator](const cv::Mat& bgr, double t_ms) { return estimator->Process(bgr, t_ms); },
      engine);
}

}  // namespace poise::vision
