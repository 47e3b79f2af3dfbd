#include "vision/blazepose_geometry.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <opencv2/imgproc.hpp>

namespace poise::vision {
namespace {

constexpr int kDetectorInputSize = 224;
constexpr float kCoordScale = 224.0f;  // x/y/w/h_scale in TensorsToDetectionsCalculatorOptions
constexpr float kScoreClip = 100.0f;

float Sigmoid(float v) { return 1.0f / (1.0f + std::exp(-v)); }

}  // namespace

std::vector<Anchor> PoseDetectorAnchors() {
  // SsdAnchorsCalculatorOptions from pose_detection_cpu.pbtxt. Every layer contributes two anchors
  // per cell (aspect ratio 1.0 and the interpolated scale); layers with equal strides are merged.
  // With fixed_anchor_size only the centres matter.
  constexpr std::array<int, 5> kStrides = {8, 16, 32, 32, 32};
  constexpr float kOffset = 0.5f;
  std::vector<Anchor> anchors;
  anchors.reserve(2254);
  size_t layer = 0;
  while (layer < kStrides.size()) {
    size_t last = layer;
    int anchors_per_cell = 0;
    while (last < kStrides.size() && kStrides[last] == kStrides[layer]) {
      anchors_per_cell += 2;
      ++last;
    }
    const int stride = kStrides[layer];
    const int rows = (kDetectorInputSize + stride - 1) / stride;
    const int cols = rows;
    for (int y = 0; y < rows; ++y)
      for (int x = 0; x < cols; ++x)
        for (int a = 0; a < anchors_per_cell; ++a)
          anchors.push_back({(x + kOffset) / cols, (y + kOffset) / rows});
    layer = last;
  }
  return anchors;
}

std::vector<Detection> DecodeDetections(const float* boxes, const float* logits,
                                        const std::vector<Anchor>& anchors, float min_score) {
  std::vector<Detection> out;
  for (size_t i = 0; i < anchors.size(); ++i) {
    // A non-finite logit or box (a damaged model) is no detection: NaN would pass every
    // comparison below as false and poison the non-maximum suppression.
    if (!std::isfinite(logits[i])) continue;
    const float score = Sigmoid(std::clamp(logits[i], -kScoreClip, kScoreClip));
    if (!(score >= min_score)) continue;
    const float* r = boxes + i * 12;
    if (!AllFinite(r, 12)) continue;
    const Anchor& a = anchors[i];
    Detection d;
    d.score = score;
    const float xc = r[0] / kCoordScale + a.x_center;
    const float yc = r[1] / kCoordScale + a.y_center;
    d.width = r[2] / kCoordScale;
    d.height = r[3] / kCoordScale;
    d.xmin = xc - d.width / 2;
    d.ymin = yc - d.height / 2;
    for (int k = 0; k < 4; ++k)
      d.keypoints[k] = {r[4 + 2 * k] / kCoordScale + a.x_center,
                        r[5 + 2 * k] / kCoordScale + a.y_center};
    out.push_back(d);
  }
  return out;
}

float BoxIou(const Detection& a, const Detection& b) {
  const float ix0 = std::max(a.xmin, b.xmin), iy0 = std::max(a.ymin, b.ymin);
  const float ix1 = std::min(a.xmin + a.width, b.xmin + b.width);
  const float iy1 = std::min(a.ymin + a.height, b.ymin + b.height);
  if (ix1 <= ix0 || iy1 <= iy0) return 0.0f;
  const float inter = (ix1 - ix0) * (iy1 - iy0);
  const float uni = a.width * a.height + b.width * b.height - inter;
  return uni > 0 ? inter / uni : 0.0f;
}

bool IsFinite(const Detection& d) {
  if (!std::isfinite(d.score) || !std::isfinite(d.xmin) || !std::isfinite(d.ymin) ||
      !std::isfinite(d.width) || !std::isfinite(d.height))
    return false;
  return std::all_of(d.keypoints.begin(), d.keypoints.end(),
                     [](const cv::Point2f& p) { return std::isfinite(p.x) && std::isfinite(p.y); });
}

bool AllFinite(const float* values, size_t count) {
  return std::all_of(values, values + count, [](float v) { return std::isfinite(v); });
}

std::vector<Detection> WeightedNms(std::vector<Detection> detections, float iou_threshold) {
  // Detections with a non-finite score, box or keypoint are dropped first: they overlap nothing,
  // not even themselves, so they would never leave `remaining`.
  std::erase_if(detections, [](const Detection& d) { return !IsFinite(d); });
  std::stable_sort(detections.begin(), detections.end(),
                   [](const Detection& a, const Detection& b) { return a.score > b.score; });
  std::vector<Detection> out;
  std::vector<Detection> remaining = std::move(detections);
  while (!remaining.empty()) {
    const Detection top = remaining.front();
    std::vector<Detection> rest;
    float total = 0, xmin = 0, ymin = 0, xmax = 0, ymax = 0;
    std::array<cv::Point2f, 4> kps{};
    for (size_t i = 0; i < remaining.size(); ++i) {
      const Detection& c = remaining[i];
      // The top always merges with itself, so every pass removes at least one detection.
      if (i == 0 || BoxIou(top, c) > iou_threshold) {
        total += c.score;
        xmin += c.xmin * c.score;
        ymin += c.ymin * c.score;
        xmax += (c.xmin + c.width) * c.score;
        ymax += (c.ymin + c.height) * c.score;
        for (int k = 0; k < 4; ++k) kps[k] += c.keypoints[k] * c.score;
      } else {
        rest.push_back(c);
      }
    }
    Detection merged = top;
    if (total > 0) {
      merged.xmin = xmin / total;
      merged.ymin = ymin / total;
      merged.width = xmax / total - merged.xmin;
      merged.height = ymax / total - merged.ymin;
      for (int k = 0; k < 4; ++k) merged.keypoints[k] = kps[k] / total;
    }
    out.push_back(merged);
    remaining = std::move(rest);
  }
  return out;
}

Letterbox LetterboxFor(int image_width, int image_height) {
  Letterbox lb;
  if (image_width > image_height) {
    const float pad = (1.0f - float(image_height) / image_width) / 2;
    lb.top = lb.bottom = pad;
  } else if (image_height > image_width) {
    const float pad = (1.0f - float(image_width) / image_height) / 2;
    lb.left = lb.right = pad;
  }
  return lb;
}

Detection RemoveLetterbox(const Detection& d, const Letterbox& lb) {
  const float sx = 1.0f - lb.left - lb.right, sy = 1.0f - lb.top - lb.bottom;
  Detection r = d;
  r.xmin = (d.xmin - lb.left) / sx;
  r.ymin = (d.ymin - lb.top) / sy;
  r.width = d.width / sx;
  r.height = d.height / sy;
  for (int k = 0; k < 4; ++k)
    r.keypoints[k] = {(d.keypoints[k].x - lb.left) / sx, (d.keypoints[k].y - lb.top) / sy};
  return r;
}

float NormalizeRadians(float angle) {
  constexpr float kTwoPi = 2 * std::numbers::pi_v<float>;
  return angle - kTwoPi * std::floor((angle + std::numbers::pi_v<float>) / kTwoPi);
}

NormalizedRect RoiFromAlignmentPoints(cv::Point2f center, cv::Point2f scale_point, int image_width,
                                      int image_height, float scale) {
  const float x0 = center.x * image_width, y0 = center.y * image_height;
  const float x1 = scale_point.x * image_width, y1 = scale_point.y * image_height;
  const float box_px = 2.0f * std::hypot(x1 - x0, y1 - y0);
  NormalizedRect r;
  r.x_center = center.x;
  r.y_center = center.y;
  // Target angle 90 degrees: the hip -> scale-point vector ends up pointing up in the crop.
  r.rotation_rad =
      NormalizeRadians(std::numbers::pi_v<float> / 2 - std::atan2(-(y1 - y0), x1 - x0));
  // square_long on an already square (in pixels) box, then scale_x = scale_y = 1.25.
  r.width = box_px / image_width * scale;
  r.height = box_px / image_height * scale;
  return r;
}

cv::Mat CropTransform(const NormalizedRect& roi, int image_width, int image_height, int size) {
  const cv::RotatedRect rect(cv::Point2f(roi.x_center * image_width, roi.y_center * image_height),
                             cv::Size2f(roi.width * image_width, roi.height * image_height),
                             roi.rotation_rad * 180.0f / std::numbers::pi_v<float>);
  cv::Point2f src[4];
  rect.points(src);  // bottomLeft, topLeft, topRight, bottomRight
  const float s = float(size);
  const cv::Point2f dst[3] = {{0, s}, {0, 0}, {s, 0}};
  return cv::getAffineTransform(src, dst);
}

std::vector<CropLandmark> DecodeLandmarks(const float* raw, int num_landmarks, int crop_size) {
  std::vector<CropLandmark> out(num_landmarks);
  for (int i = 0; i < num_landmarks; ++i) {
    const float* r = raw + i * 5;
    out[i] = {r[0] / crop_size, r[1] / crop_size, r[2] / crop_size, Sigmoid(r[3]), Sigmoid(r[4])};
  }
  return out;
}

void RefineLandmarksFromHeatmap(std::vector<CropLandmark>& landmarks, const float* heatmap_nchw,
                                int channels, int rows, int cols, int kernel_size,
                                float min_confidence) {
  const int offset = (kernel_size - 1) / 2;
  const int n = std::min<int>(channels, int(landmarks.size()));
  for (int i = 0; i < n; ++i) {
    CropLandmark& lm = landmarks[i];
    const int cc = int(lm.x * cols), cr = int(lm.y * rows);  // truncation, as MediaPipe
    if (cc < 0 || cc >= cols || cr < 0 || cr >= rows) continue;
    const float* plane = heatmap_nchw + size_t(i) * rows * cols;
    float sum = 0, wc = 0, wr = 0, max_conf = 0;
    for (int r = std::max(0, cr - offset); r < std::min(rows, cr + offset + 1); ++r) {
      for (int c = std::max(0, cc - offset); c < std::min(cols, cc + offset + 1); ++c) {
        const float conf = Sigmoid(plane[r * cols + c]);
        sum += conf;
        max_conf = std::max(max_conf, conf);
        wc += c * conf;
        wr += r * conf;
      }
    }
    if (max_conf >= min_confidence && sum > 0) {
      lm.x = wc / cols / sum;
      lm.y = wr / rows / sum;
    }
  }
}

CropLandmark ProjectToImage(const CropLandmark& lm, const NormalizedRect& roi) {
  const float x = lm.x - 0.5f, y = lm.y - 0.5f;
  const float c = std::cos(roi.rotation_rad), s = std::sin(roi.rotation_rad);
  CropLandmark out = lm;
  out.x = (c * x - s * y) * roi.width + roi.x_center;
  out.y = (s * x + c * y) * roi.height + roi.y_center;
  out.z = lm.z * roi.width;
  return out;
}

cv::Point3f RotateWorld(const cv::Point3f& p, float rotation_rad) {
  const float c = std::cos(rotation_rad), s = std::sin(rotation_rad);
  return {c * p.x - s * p.y, s * p.x + c * p.y, p.z};
}

}  // namespace poise::vision
