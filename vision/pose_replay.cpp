#include "vision/pose_replay.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "vision/frame_reader.h"
#include "vision/pose_log.h"

namespace poise::vision {
namespace {

std::vector<PoseFrame> Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("The pose file " + path + " cannot be opened.");
  try {
    std::vector<PoseFrame> frames = ReadPoseLog(in);
    if (frames.empty()) throw std::runtime_error("it holds no frames");
    return frames;
  } catch (const std::exception& e) {
    throw std::runtime_error("The pose file " + path + " is not usable: " + e.what() + ".");
  }
}

}  // namespace

PoseReplay::PoseReplay(const std::string& path, Clock clock)
    : PoseReplay(Load(path), std::move(clock)) {}

PoseReplay::PoseReplay(std::vector<PoseFrame> frames, Clock clock)
    : clock_(clock ? std::move(clock) : Clock(SteadyNowMs)) {
  if (frames.empty()) throw std::runtime_error("A pose replay needs at least one frame.");
  const double t0 = frames.front().capture_ms;
  for (PoseFrame& f : frames) {
    f.capture_ms -= t0;  // relative to the first frame
    auto tf = std::make_shared<TrackedFrame>();
    tf->pose = f;
    frames_.push_back(std::move(tf));
  }
  const double span = frames_.back()->pose.capture_ms;
  fps_ = frames_.size() > 1 && span > 0 ? (frames_.size() - 1) * 1000.0 / span : 0;
  start_ms_ = clock_();
}

int PoseReplay::IndexAt(double elapsed_ms) const {
  // The last frame whose time has come.
  auto it = std::upper_bound(frames_.begin(), frames_.end(), elapsed_ms,
                             [](double t, const auto& f) { return t < f->pose.capture_ms; });
  return int(it - frames_.begin()) - 1;
}

std::shared_ptr<const TrackedFrame> PoseReplay::Latest() const {
  const double elapsed = clock_() - start_ms_;
  const int i = IndexAt(elapsed);
  if (i < 0) return nullptr;
  // Timestamps on the replay clock, so latency and time-outs work as with a camera.
  auto f = std::make_shared<TrackedFrame>(*frames_[i]);
  f->pose.capture_ms = start_ms_ + frames_[i]->pose.capture_ms;
  f->pose.inference_done_ms = f->pose.capture_ms;
  return f;
}

FeedStatus PoseReplay::Status() const {
  const double elapsed = clock_() - start_ms_;
  FeedStatus s;
  s.state = elapsed >= frames_.back()->pose.capture_ms ? FeedState::kEnded : FeedState::kRunning;
  return s;
}

double PoseReplay::PoseFps() const { return Status().state == FeedState::kRunning ? fps_ : 0; }

}  // namespace poise::vision
