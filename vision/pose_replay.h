// PoseReplay: a PoseFeed that plays a recorded or scripted JSONL pose file (the format
// `poise pose` writes) in real time from its construction, with no camera image. Scripted poses
// drive the game exactly like a camera. The clock is injectable so tests are deterministic.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "vision/pose_feed.h"

namespace poise::vision {

class PoseReplay : public PoseFeed {
 public:
  using Clock = std::function<double()>;  ///< milliseconds, increasing
  /// Reads the whole file; throws std::runtime_error naming the file and line on bad input.
  explicit PoseReplay(const std::string& path, Clock clock = nullptr);
  PoseReplay(std::vector<PoseFrame> frames, Clock clock);

  std::shared_ptr<const TrackedFrame> Latest() const override;
  FeedStatus Status() const override;
  double PoseFps() const override;
  std::string Engine() const override { return ""; }

 private:
  int IndexAt(double elapsed_ms) const;
  std::vector<std::shared_ptr<const TrackedFrame>> frames_;
  Clock clock_;
  double start_ms_ = 0;
  double fps_ = 0;
};

}  // namespace poise::vision
