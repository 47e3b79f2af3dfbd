// PoseFeed: what the game reads every frame. Implementations run their own capture and inference
// threads; Latest() never waits for them (one mailbox, newest wins).
#pragma once

#include <memory>
#include <opencv2/core/mat.hpp>
#include <string>

#include "vision/pose.h"

namespace poise::vision {

/// One frame as the game sees it: the pose (if any) and the camera image it came from.
struct TrackedFrame {
  PoseFrame pose;
  cv::Mat image_bgr;  ///< the frame the pose was computed on; empty for replayed landmark files
};

enum class FeedState {
  kStarting,  ///< opening the source / loading the model; no frame yet
  kRunning,   ///< frames are arriving
  kEnded,     ///< a finite source (file, image, replay) delivered its last frame
  kFailed,    ///< an error: see FeedStatus::message (e.g. camera unplugged, unreadable file)
};

struct FeedStatus {
  FeedState state = FeedState::kStarting;
  std::string message;  ///< one sentence for the user when state == kFailed
};

class PoseFeed {
 public:
  virtual ~PoseFeed() = default;
  /// The newest processed frame, or nullptr before the first. Cheap; safe from any thread.
  virtual std::shared_ptr<const TrackedFrame> Latest() const = 0;
  virtual FeedStatus Status() const = 0;
  /// Poses delivered per second over the last ~2 s (0 before there are two).
  virtual double PoseFps() const = 0;
  /// The inference engine in use ("xnnpack", or "opencv" also after a fallback) and its threads,
  /// e.g. "xnnpack, 1 thread"; "" for a feed that replays recorded landmarks.
  virtual std::string Engine() const = 0;
};

}  // namespace poise::vision
