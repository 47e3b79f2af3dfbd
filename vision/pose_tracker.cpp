#include "vision/pose_tracker.h"

namespace poise::vision {

PoseTracker::PoseTracker(std::unique_ptr<FrameReader> reader, PoseProcess process,
                         std::string engine)
    : capture_(std::move(reader)), process_(std::move(process)), engine_(std::move(engine)) {
  thread_ = std::thread([this] { Run(); });
}

PoseTracker::~PoseTracker() {
  stop_ = true;
  capture_.Stop();
  if (thread_.joinable()) thread_.join();
}

void PoseTracker::Run() {
  int64_t last_index = -1;
  while (!stop_) {
    std::optional<Frame> f = capture_.WaitNewer(last_index, 100);
    if (!f) {
      const FeedStatus s = capture_.Status();
      if (s.state == FeedState::kEnded || s.state == FeedState::kFailed) {
        std::lock_guard<std::mutex> lock(mutex_);
        status_ = s;
        return;
      }
      continue;
    }
    if (f->index > last_index + 1 && last_index >= 0) dropped_ += f->index - last_index - 1;
    last_index = f->index;
    auto out = std::make_shared<TrackedFrame>();
    try {
      out->pose = process_(f->bgr, f->t_ms);
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      status_ = {FeedState::kFailed, e.what()};
      return;
    }
    out->pose.frame_index = f->index;
    // The steady-clock capture time (video files carry their own time in t_ms, which drives the
    // smoothing filter), so the game can measure capture-to-display latency for any source.
    out->pose.capture_ms = f->steady_ms;
    out->pose.image_width = f->bgr.cols;
    out->pose.image_height = f->bgr.rows;
    const double done = SteadyNowMs();
    out->image_bgr = std::move(f->bgr);
    std::lock_guard<std::mutex> lock(mutex_);
    out->pose.inference_done_ms = done;
    latest_ = std::move(out);
    status_.state = FeedState::kRunning;
    done_times_ms_.push_back(done);
    while (done_times_ms_.size() > 2 && done - done_times_ms_.front() > 2000)
      done_times_ms_.pop_front();
  }
}

std::shared_ptr<const TrackedFrame> PoseTracker::Latest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_;
}

FeedStatus PoseTracker::Status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

double PoseTracker::PoseFps() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (done_times_ms_.size() < 2) return 0;
  const double span = done_times_ms_.back() - done_times_ms_.front();
  return span > 0 ? (done_times_ms_.size() - 1) * 1000.0 / span : 0;
}

}  // namespace poise::vision
