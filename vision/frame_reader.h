// Frame sources: camera (V4L2 index "camera:N" or a device path), video file, single image, and
// image sequence (a folder of images, or a printf pattern such as "frames/%04d.png").
// FrameReader reads synchronously, every frame in order; CaptureThread runs a reader on its own
// thread and keeps only the newest frame (never a growing queue).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <opencv2/core/mat.hpp>
#include <optional>
#include <string>
#include <thread>

#include "vision/pose_feed.h"

namespace poise::vision {

struct Frame {
  cv::Mat bgr;
  int64_t index = 0;
  double t_ms = 0;       ///< cameras: steady-clock ms; files: the video's own time (index / fps)
  double steady_ms = 0;  ///< when the frame was captured (files: when it was due), steady clock
};

enum class SourceKind { kCamera, kVideo, kImage, kSequence };

struct CaptureOptions {
  int width = 640, height = 480;  ///< requested camera resolution
  double fps = 30;                ///< requested camera rate; frame rate of image sequences
};

class FrameReader {
 public:
  /// Opens "camera:N", "/dev/videoN", a video, an image, a folder of images or a printf pattern.
  /// Throws std::runtime_error with one sentence when it cannot (missing or busy camera,
  /// unreadable file).
  FrameReader(const std::string& spec, const CaptureOptions& options = {});
  ~FrameReader();
  FrameReader(const FrameReader&) = delete;
  FrameReader& operator=(const FrameReader&) = delete;

  /// The next frame; false at the end of a file. Throws std::runtime_error when a camera stops
  /// delivering (e.g. unplugged) or a file turns unreadable mid-way.
  bool Read(Frame& frame);
  SourceKind kind() const { return kind_; }
  double fps() const { return fps_; }
  const std::string& spec() const { return spec_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string spec_;
  SourceKind kind_ = SourceKind::kVideo;
  double fps_ = 30;
  int64_t next_index_ = 0;
};

/// Runs a FrameReader on its own thread. Files are paced at their frame rate (real time), so a
/// slow consumer sees frames dropped, as with a camera. The newest frame wins.
class CaptureThread {
 public:
  explicit CaptureThread(std::unique_ptr<FrameReader> reader);
  ~CaptureThread();
  CaptureThread(const CaptureThread&) = delete;
  CaptureThread& operator=(const CaptureThread&) = delete;

  /// Waits up to timeout_ms for a frame with index > after_index; nullopt on timeout, end or
  /// failure (see Status()).
  std::optional<Frame> WaitNewer(int64_t after_index, double timeout_ms);
  FeedStatus Status() const;
  void Stop();

 private:
  void Run();
  std::unique_ptr<FrameReader> reader_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<Frame> latest_;
  FeedStatus status_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

/// Milliseconds on the steady clock (the clock of camera timestamps).
double SteadyNowMs();

}  // namespace poise::vision
