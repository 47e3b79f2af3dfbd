// PoseTracker: a PoseFeed that runs a capture thread and an inference thread. Inference always
// takes the newest captured frame; the result is handed out through one mailbox, so Latest()
// never waits for inference.
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "vision/frame_reader.h"
#include "vision/pose_feed.h"

namespace poise::vision {

/// Turns one frame into a pose (production: PoseEstimator::Process). Runs on the tracker's thread.
using PoseProcess = std::function<PoseFrame(const cv::Mat& bgr, double t_ms)>;

class PoseTracker : public PoseFeed {
 public:
  /// Starts both threads. `process` is called only from the inference thread.
  /// `engine`: what Engine() reports (the estimator behind `process`).
  PoseTracker(std::unique_ptr<FrameReader> reader, PoseProcess process, std::string engine = "");
  ~PoseTracker() override;

  std::shared_ptr<const TrackedFrame> Latest() const override;
  FeedStatus Status() const override;
  double PoseFps() const override;
  std::string Engine() const override { return engine_; }
  /// Frames captured that inference skipped because a newer one had arrived.
  int64_t DroppedFrames() const { return dropped_; }

 private:
  void Run();
  CaptureThread capture_;
  PoseProcess process_;
  std::string engine_;
  mutable std::mutex mutex_;
  std::shared_ptr<const TrackedFrame> latest_;
  std::deque<double> done_times_ms_;
  FeedStatus status_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> dropped_{0};
  std::thread thread_;
};

}  // namespace poise::vision
