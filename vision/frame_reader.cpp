#include "vision/frame_reader.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>
#include <stdexcept>
#include <vector>

namespace poise::vision {
namespace fs = std::filesystem;

double SteadyNowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

struct FrameReader::Impl {
  cv::VideoCapture cap;
  std::vector<std::string> files;  // images (kImage, kSequence from a folder)
  size_t next_file = 0;
  int failures = 0;
};

namespace {

bool IsImageFile(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".webp" ||
         ext == ".tif" || ext == ".tiff" || ext == ".ppm" || ext == ".pgm";
}

std::optional<int> CameraIndex(const std::string& spec) {
  if (spec.rfind("camera:", 0) == 0) {
    try {
      size_t used = 0;
      const int n = std::stoi(spec.substr(7), &used);
      if (used == spec.size() - 7 && n >= 0) return n;
    } catch (...) {
    }
    throw std::runtime_error("'" + spec + "' is not a camera: write camera:0, camera:1, ...");
  }
  return std::nullopt;
}

}  // namespace

FrameReader::FrameReader(const std::string& spec, const CaptureOptions& options)
    : impl_(new Impl), spec_(spec) {
  const std::optional<int> cam = CameraIndex(spec);
  const bool device = spec.rfind("/dev/video", 0) == 0;
  if (cam || device) {
    kind_ = SourceKind::kCamera;
    if (device && !fs::exists(spec))
      throw std::runtime_error("No camera at " + spec +
                               ": check that it is plugged in, or pick another camera.");
    if (cam && !fs::exists("/dev/video" + std::to_string(*cam)))
      throw std::runtime_error("No camera " + std::to_string(*cam) + " found (/dev/video" +
                               std::to_string(*cam) +
                               " does not exist): plug one in or pick another camera.");
    const bool ok = cam ? impl_->cap.open(*cam, cv::CAP_V4L2) : impl_->cap.open(spec, cv::CAP_V4L2);
    if (!ok || !impl_->cap.isOpened())
      throw std::runtime_error("The camera " + spec +
                               " cannot be opened: it may be in use by another program.");
    impl_->cap.set(cv::CAP_PROP_FRAME_WIDTH, options.width);
    impl_->cap.set(cv::CAP_PROP_FRAME_HEIGHT, options.height);
    impl_->cap.set(cv::CAP_PROP_FPS, options.fps);
    const double f = impl_->cap.get(cv::CAP_PROP_FPS);
    fps_ = f > 1 && f < 1000 ? f : options.fps;
    return;
  }
  std::error_code ec;
  if (fs::is_directory(spec, ec)) {
    kind_ = SourceKind::kSequence;
    for (const auto& e : fs::directory_iterator(spec, ec))
      if (e.is_regular_file() && IsImageFile(e.path())) impl_->files.push_back(e.path().string());
    std::sort(impl_->files.begin(), impl_->files.end());
    if (impl_->files.empty()) throw std::runtime_error("The folder " + spec + " holds no images.");
    fps_ = options.fps;
    return;
  }
  if (spec.find('%') != std::string::npos) {
    kind_ = SourceKind::kSequence;
    if (!impl_->cap.open(spec, cv::CAP_IMAGES) || !impl_->cap.isOpened())
      throw std::runtime_error("No images match the pattern " + spec + ".");
    fps_ = options.fps;
    return;
  }
  if (!fs::exists(spec, ec)) throw std::runtime_error("The file " + spec + " does not exist.");
  if (IsImageFile(spec)) {
    kind_ = SourceKind::kImage;
    impl_->files.push_back(spec);
    fps_ = options.fps;
    return;
  }
  kind_ = SourceKind::kVideo;
  if (!impl_->cap.open(spec, cv::CAP_ANY) || !impl_->cap.isOpened())
    throw std::runtime_error("The file " + spec + " cannot be read as a video or an image.");
  const double f = impl_->cap.get(cv::CAP_PROP_FPS);
  fps_ = f > 1 && f < 1000 ? f : 30;
}

FrameReader::~FrameReader() = default;

bool FrameReader::Read(Frame& frame) {
  if (!impl_->files.empty()) {
    if (impl_->next_file >= impl_->files.size()) return false;
    const std::string& path = impl_->files[impl_->next_file++];
    frame.bgr = cv::imread(path, cv::IMREAD_COLOR);
    if (frame.bgr.empty()) throw std::runtime_error("The image " + path + " cannot be read.");
    frame.index = next_index_++;
    frame.t_ms = frame.index * 1000.0 / fps_;
    frame.steady_ms = SteadyNowMs();
    return true;
  }
  if (!impl_->cap.read(frame.bgr) || frame.bgr.empty()) {
    if (kind_ == SourceKind::kCamera)
      throw std::runtime_error("The camera " + spec_ +
                               " stopped sending pictures: check that it is still plugged in.");
    if (next_index_ == 0)
      throw std::runtime_error("The file " + spec_ + " holds no readable frames.");
    return false;
  }
  frame.index = next_index_++;
  frame.steady_ms = SteadyNowMs();
  frame.t_ms = kind_ == SourceKind::kCamera ? frame.steady_ms : frame.index * 1000.0 / fps_;
  return true;
}

CaptureThread::CaptureThread(std::unique_ptr<FrameReader> reader) : reader_(std::move(reader)) {
  status_.state = FeedState::kStarting;
  thread_ = std::thread([this] { Run(); });
}

CaptureThread::~CaptureThread() { Stop(); }

void CaptureThread::Stop() {
  stop_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CaptureThread::Run() {
  const bool paced = reader_->kind() != SourceKind::kCamera;
  double start_ms = -1, first_t = 0;
  while (!stop_) {
    Frame f;
    try {
      if (!reader_->Read(f)) {
        std::lock_guard<std::mutex> lock(mutex_);
        status_.state = FeedState::kEnded;
        break;
      }
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      status_ = {FeedState::kFailed, e.what()};
      break;
    }
    if (paced) {  // play files at their own rate; a slow consumer misses frames
      if (start_ms < 0) {
        start_ms = SteadyNowMs();
        first_t = f.t_ms;
      }
      while (!stop_) {
        const double wait = (f.t_ms - first_t) - (SteadyNowMs() - start_ms);
        if (wait <= 0) break;
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait_for(lock, std::chrono::duration<double, std::milli>(std::min(wait, 50.0)));
      }
    }
    f.steady_ms = SteadyNowMs();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      latest_ = std::move(f);
      status_.state = FeedState::kRunning;
    }
    cv_.notify_all();
  }
  cv_.notify_all();
}

std::optional<Frame> CaptureThread::WaitNewer(int64_t after_index, double timeout_ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  const bool got = cv_.wait_for(lock, std::chrono::duration<double, std::milli>(timeout_ms), [&] {
    return (latest_ && latest_->index > after_index) || status_.state == FeedState::kEnded ||
           status_.state == FeedState::kFailed || stop_;
  });
  if (got && latest_ && latest_->index > after_index) return latest_;
  return std::nullopt;
}

FeedStatus CaptureThread::Status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

}  // namespace poise::vision
