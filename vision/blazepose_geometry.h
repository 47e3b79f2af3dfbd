// BlazePose pipeline geometry, reproducing MediaPipe's calculators as plain functions:
// SsdAnchorsCalculator, TensorsToDetectionsCalculator, NonMaxSuppressionCalculator (WEIGHTED),
// DetectionLetterboxRemovalCalculator, AlignmentPointsRectsCalculator +
// RectTransformationCalculator (detection/landmarks -> ROI), ImageToTensorCalculator's rotated
// crop, TensorsToLandmarksCalculator, RefineLandmarksFromHeatmapCalculator,
// LandmarkProjectionCalculator and WorldLandmarkProjectionCalculator. Parameters from MediaPipe's
// pose graph configs (pose_detection_cpu.pbtxt, pose_detection_to_roi.pbtxt,
// pose_landmarks_to_roi.pbtxt, pose_landmark_by_roi_cpu.pbtxt,
// tensors_to_pose_landmarks_and_segmentation.pbtxt). No networks here: everything is testable with
// hand-made tensors.
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <vector>

namespace poise::vision {

/// SSD anchor centre, normalised to the detector input (fixed size: w = h = 1).
struct Anchor {
  float x_center = 0, y_center = 0;
};

/// The 2254 anchors of the pose detector (5 layers, strides 8,16,32,32,32, 224x224 input,
/// aspect ratio 1 plus one interpolated scale per layer).
std::vector<Anchor> PoseDetectorAnchors();

/// A person detection, normalised to the image the coordinates refer to.
struct Detection {
  float score = 0;
  float xmin = 0, ymin = 0, width = 0, height = 0;
  /// 0 hip centre, 1 full-body scale/rotation point, 2 shoulder centre, 3 upper-body point.
  std::array<cv::Point2f, 4> keypoints{};
};

/// Decodes raw detector outputs: boxes [num_anchors x 12], logits [num_anchors]. Keeps detections
/// whose sigmoid score (logit clipped to +-100) is >= min_score; an anchor with a non-finite
/// logit or box value is skipped. Coordinates are normalised to the
/// 224x224 letterboxed input.
std::vector<Detection> DecodeDetections(const float* boxes, const float* logits,
                                        const std::vector<Anchor>& anchors, float min_score);

/// Intersection over union of two detection boxes.
float BoxIou(const Detection& a, const Detection& b);

/// False when the score, box or a keypoint is NaN or infinite (a damaged model's output).
bool IsFinite(const Detection& d);
/// True when every value is finite: a network output with NaN or infinity means "no person".
bool AllFinite(const float* values, size_t count);

/// MediaPipe's weighted non-maximum suppression: highest score first; every detection overlapping
/// it by IoU > iou_threshold (itself included) is merged into a score-weighted average box and
/// keypoints; the merged detection keeps the top score. Non-finite detections are dropped, so it
/// always ends, with at most as many detections as it was given.
std::vector<Detection> WeightedNms(std::vector<Detection> detections, float iou_threshold);

/// Letterboxing of a W x H image into a square network input: the fraction of the input taken by
/// padding on each side (as MediaPipe's LETTERBOX_PADDING).
struct Letterbox {
  float left = 0, top = 0, right = 0, bottom = 0;
};
Letterbox LetterboxFor(int image_width, int image_height);
/// Maps a detection from letterboxed-input coordinates back to image coordinates.
Detection RemoveLetterbox(const Detection& d, const Letterbox& lb);

/// A rotated rectangle, normalised to the image (MediaPipe's NormalizedRect). rotation_rad is
/// clockwise in image coordinates (y down), in [-pi, pi).
struct NormalizedRect {
  float x_center = 0, y_center = 0, width = 0, height = 0, rotation_rad = 0;
};

/// AlignmentPointsRects (centre at `center`, size = 2 * |scale_point - center|, rotation such that
/// the centre->scale vector points up) then RectTransformation (square on the long side in pixels,
/// scaled by `scale`). Points normalised to the image.
NormalizedRect RoiFromAlignmentPoints(cv::Point2f center, cv::Point2f scale_point, int image_width,
                                      int image_height, float scale = 1.25f);

/// The 2x3 affine transform that maps image pixels to crop pixels for a `size` x `size` crop of
/// `roi` (as ImageToTensorCalculator: the ROI's corners map to the crop's outer corners).
cv::Mat CropTransform(const NormalizedRect& roi, int image_width, int image_height, int size);

/// Landmark from the landmark model, in crop coordinates normalised to [0, 1].
struct CropLandmark {
  float x = 0, y = 0, z = 0, visibility = 0, presence = 0;
};

/// TensorsToLandmarks for the 39 landmark rows of [1, 195] (x, y, z, visibility logit, presence
/// logit in 256-px crop units): sigmoids applied, x/y/z divided by the crop size.
std::vector<CropLandmark> DecodeLandmarks(const float* raw, int num_landmarks, int crop_size);

/// RefineLandmarksFromHeatmap: heatmap is NCHW [channels, rows, cols] of logits; a landmark moves
/// to the sigmoid-weighted mean cell of the kernel around it when the kernel's max confidence is at
/// least min_confidence. Cells are indexed by their top-left corner, as MediaPipe does.
void RefineLandmarksFromHeatmap(std::vector<CropLandmark>& landmarks, const float* heatmap_nchw,
                                int channels, int rows, int cols, int kernel_size = 7,
                                float min_confidence = 0.5f);

/// LandmarkProjection: crop-normalised landmark -> image-normalised (z scaled like x).
CropLandmark ProjectToImage(const CropLandmark& lm, const NormalizedRect& roi);

/// WorldLandmarkProjection: rotates a world landmark (metres) by the ROI's rotation.
cv::Point3f RotateWorld(const cv::Point3f& p, float rotation_rad);

float NormalizeRadians(float angle);

}  // namespace poise::vision
