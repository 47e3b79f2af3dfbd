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
  int num_threads = 2;                 ///< OpenCV threads for inference
  /// Refine x/y from the landmark model's heatmap (MediaPipe does; costs the heatmap branch).
  bool refine_with_heatmap = true;
};

class PoseEstimator {
 public:
  /// Loads and builds the networks. Throws std::runtime_error with one sentence naming the file
  /// and the problem when a model is missing, truncated, corrupt or unsupported.
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The model folder: $POISE_MODEL_DIR if set, else <assets>/models.
std::string DefaultModelDir();

}  // namespace poise::vision
