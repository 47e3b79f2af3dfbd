// PoseEstimator: MediaPipe BlazePose on one frame at a time, with tracking state between calls.
// Detector (only when tracking is lost) -> ROI -> rotated crop -> landmark model -> decode ->
// next-frame ROI from the auxiliary landmarks -> optional One-Euro / velocity smoothing.
// Not thread-safe: one estimator per inference thread.
#pragma once

#include <memory>
#include <opencv2/core/mat.hpp>
#include <string>

#include "vision/pose.h"

namespace poise::vision {

enum class LandmarkModel { kLite, kFull, kHeavy };

/// What runs the networks: XNNPACK (default; MediaPipe's own CPU engine, about twice as fast on
/// AVX2 machines) or OpenCV DNN (the reference the tests compare against).
enum class InferenceEngine { kXnnpack, kOpenCv };
/// "xnnpack" | "opencv" -> engine; throws std::invalid_argument naming the bad value.
InferenceEngine ParseInferenceEngine(const std::string& name);
const char* InferenceEngineName(InferenceEngine engine);
/// Inference threads for a machine with `cores` logical cores. XNNPACK: 1 up to 2 cores (its pool
/// makes each of ~120 operators wait for every worker, which goes badly when capture, drawing or
/// another program holds a core; one thread leaves a core free), 2 up to 4 cores, then half the
/// cores up to 4. OpenCV: every core up to 4 (as before).
int DefaultInferenceThreads(InferenceEngine engine, unsigned cores);
/// "lite" | "full" | "heavy" -> model; throws std::invalid_argument naming the bad value.
LandmarkModel ParseLandmarkModel(const std::string& name);
const char* LandmarkModelName(LandmarkModel model);

/// Milliseconds spent in each stage for the last Process() call (0 for stages that did not run).
struct StageTimes {
  double preprocess_ms = 0;  ///< letterbox / rotated crop and tensor conversion
  double detector_ms = 0;    ///< detector network forward pass
  double landmark_ms = 0;    ///< landmark network forward pass
  double decode_ms = 0;      ///< anchors/NMS/ROI/landmark projection
  double filter_ms = 0;      ///< smoothing
  double total_ms = 0;
};

struct PoseEstimatorOptions {
  LandmarkModel model = LandmarkModel::kFull;
  std::string model_dir;             ///< folder with pose_detection.tflite, pose_landmark_*.tflite
  bool smooth_landmarks = true;      ///< MediaPipe's landmark smoothing; off for single images
  float min_detection_score = 0.5f;  ///< detector score threshold (MediaPipe default 0.5)
  float min_tracking_presence = 0.5f;  ///< below this the tracker falls back to the detector
  InferenceEngine engine = InferenceEngine::kXnnpack;
  /// Inference threads; 0 chooses from the machine (DefaultInferenceThreads).
  int num_threads = 0;
  /// Tests of the fallback only: ask XNNPACK for half precision, which it cannot do on x86 CPUs,
  /// so building its runtime fails and the estimator must fall back to OpenCV DNN.
  bool xnnpack_force_fp16 = false;
  /// Refine x/y from the landmark model's heatmap (MediaPipe does; costs the heatmap branch).
  bool refine_with_heatmap = true;
};

class PoseEstimator {
 public:
  /// Loads and builds the networks. Throws std::runtime_error with one sentence naming the file
  /// and the problem when a model is missing, truncated, corrupt or unsupported. When XNNPACK
  /// cannot build or run its runtime here, logs one sentence to stderr and uses OpenCV DNN.
  explicit PoseEstimator(const PoseEstimatorOptions& options);
  ~PoseEstimator();
  PoseEstimator(const PoseEstimator&) = delete;
  PoseEstimator& operator=(const PoseEstimator&) = delete;

  /// Estimates the pose in a BGR frame. timestamp_ms must increase between calls of one stream
  /// (it drives the smoothing filter). Returns a frame with no pose when nobody is found.
  PoseFrame Process(const cv::Mat& bgr, double timestamp_ms);
  /// Forget the tracked person and the filter state (e.g. when a new, unrelated stream starts).
  void Reset();
  const StageTimes& LastStageTimes() const;
  /// The engine in use (OpenCV DNN after a fallback) and its inference threads.
  InferenceEngine Engine() const;
  int NumThreads() const;
  /// Why XNNPACK was not used although asked for (one sentence), else empty.
  const std::string& FallbackReason() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The model folder: $POISE_MODEL_DIR if set, else <assets>/models.
std::string DefaultModelDir();

}  // namespace poise::vision
