// Opens the pose feed the game reads: "poses:FILE.jsonl" replays landmarks; anything else
// ("camera:N", "/dev/videoN", a video, an image, an image folder or pattern) is tracked live with
// the BlazePose pipeline on its own threads.
#pragma once

#include <memory>
#include <string>

#include "vision/frame_reader.h"
#include "vision/pose_estimator.h"
#include "vision/pose_feed.h"

namespace poise::vision {

struct FeedOptions {
  PoseEstimatorOptions estimator;  ///< model, smoothing, threads
  CaptureOptions capture;
};

/// Throws std::runtime_error with one sentence (missing camera, unreadable file, bad pose file,
/// missing or damaged model).
std::unique_ptr<PoseFeed> OpenPoseFeed(const std::string& source, const FeedOptions& options);

}  // namespace poise::vision
