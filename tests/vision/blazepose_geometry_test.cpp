#include "vision/blazepose_geometry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <opencv2/imgproc.hpp>
#include <random>

namespace poise::vision {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;

TEST(AnchorsTest, CountAndLayout_MatchMediaPipeSsdOptions) {
  const std::vector<Anchor> a = PoseDetectorAnchors();
  ASSERT_EQ(a.size(), 2254u);
  // Stride 8: 28x28 cells, 2 anchors each, same centre.
  EXPECT_FLOAT_EQ(a[0].x_center, 0.5f / 28);
  EXPECT_FLOAT_EQ(a[1].x_center, 0.5f / 28);
  EXPECT_FLOAT_EQ(a[2].x_center, 1.5f / 28);
  EXPECT_FLOAT_EQ(a[2 * 28].y_center, 1.5f / 28);
  // Stride 16 starts after 28*28*2 anchors.
  EXPECT_FLOAT_EQ(a[1568].x_center, 0.5f / 14);
  EXPECT_FLOAT_EQ(a[1568 + 2].x_center, 1.5f / 14);
  // Three stride-32 layers are merged: 6 anchors per 7x7 cell.
  EXPECT_FLOAT_EQ(a[1960].x_center, 0.5f / 7);
  EXPECT_FLOAT_EQ(a[1965].x_center, 0.5f / 7);
  EXPECT_FLOAT_EQ(a[1966].x_center, 1.5f / 7);
  EXPECT_FLOAT_EQ(a.back().x_center, 6.5f / 7);
  EXPECT_FLOAT_EQ(a.back().y_center, 6.5f / 7);
}

TEST(DecodeDetectionsTest, BoxAndKeypoints_AreAnchorRelativeIn224Units) {
  std::vector<Anchor> anchors = {{0.25f, 0.5f}, {0.75f, 0.5f}};
  std::vector<float> boxes(2 * 12, 0.0f);
  float* r = boxes.data();
  r[0] = 22.4f;   // +0.1 in x
  r[1] = -11.2f;  // -0.05 in y
  r[2] = 44.8f;   // w 0.2
  r[3] = 89.6f;   // h 0.4
  r[4] = 0;       // kp0 at anchor
  r[5] = 22.4f;   // kp0 y +0.1
  const std::vector<float> logits = {2.0f, -3.0f};
  const auto d = DecodeDetections(boxes.data(), logits.data(), anchors, /*min_score=*/0.5f);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NEAR(d[0].score, 1.0f / (1.0f + std::exp(-2.0f)), 1e-6);
  EXPECT_NEAR(d[0].xmin, 0.35f - 0.1f, 1e-6);
  EXPECT_NEAR(d[0].ymin, 0.45f - 0.2f, 1e-6);
  EXPECT_NEAR(d[0].width, 0.2f, 1e-6);
  EXPECT_NEAR(d[0].height, 0.4f, 1e-6);
  EXPECT_NEAR(d[0].keypoints[0].x, 0.25f, 1e-6);
  EXPECT_NEAR(d[0].keypoints[0].y, 0.6f, 1e-6);
}

Detection Box(float score, float x, float y, float w, float h) {
  Detection d;
  d.score = score;
  d.xmin = x;
  d.ymin = y;
  d.width = w;
  d.height = h;
  for (auto& k : d.keypoints) k = {x + w / 2, y + h / 2};
  return d;
}

TEST(WeightedNmsTest, OverlappingBoxes_MergeByScoreKeepingTopScore) {
  std::vector<Detection> in = {Box(0.6f, 0.1f, 0.1f, 0.4f, 0.4f), Box(0.9f, 0.0f, 0.0f, 0.4f, 0.4f),
                               Box(0.7f, 0.6f, 0.6f, 0.2f, 0.2f)};
  const auto out = WeightedNms(in, /*iou_threshold=*/0.3f);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FLOAT_EQ(out[0].score, 0.9f);
  EXPECT_NEAR(out[0].xmin, (0.9f * 0.0f + 0.6f * 0.1f) / 1.5f, 1e-6);
  EXPECT_NEAR(out[0].width, 0.4f, 1e-6);
  EXPECT_NEAR(out[0].keypoints[0].x, (0.9f * 0.2f + 0.6f * 0.3f) / 1.5f, 1e-6);
  EXPECT_FLOAT_EQ(out[1].score, 0.7f);
  EXPECT_NEAR(out[1].xmin, 0.6f, 1e-6);
}

TEST(WeightedNmsTest, IouBelowThreshold_KeepsBothBoxes) {
  // IoU of these two is 1/7 < 0.3.
  const auto out =
      WeightedNms({Box(0.9f, 0, 0, 0.4f, 0.4f), Box(0.8f, 0.2f, 0.2f, 0.4f, 0.4f)}, 0.3f);
  EXPECT_EQ(out.size(), 2u);
  EXPECT_NEAR(BoxIou(Box(1, 0, 0, 0.4f, 0.4f), Box(1, 0.2f, 0.2f, 0.4f, 0.4f)), 0.04f / 0.28f,
              1e-6);
}

// A damaged detector model gives NaN: such boxes overlap nothing, not even themselves, and
// used to keep WeightedNms looping forever (with growing memory).
TEST(WeightedNmsTest, NanAndEmptyBoxes_EndWithoutThem) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  Detection nan_kp = Box(0.8f, 0.1f, 0.1f, 0.3f, 0.3f);
  nan_kp.keypoints[2].y = nan;
  const std::vector<Detection> in = {Box(nan, 0, 0, 0.4f, 0.4f),
                                     Box(0.9f, nan, 0, 0.4f, 0.4f),
                                     Box(0.7f, 0.6f, 0.6f, 0.2f, 0.2f),
                                     Box(0.95f, 0.1f, 0.1f, inf, 0.2f),
                                     nan_kp,
                                     Box(0.6f, 0.3f, 0.3f, 0.0f, 0.0f)};
  const auto out = WeightedNms(in, /*iou_threshold=*/0.3f);
  ASSERT_EQ(out.size(), 2u) << "the finite box and the empty one stay, the non-finite go";
  EXPECT_FLOAT_EQ(out[0].score, 0.7f);
  EXPECT_FLOAT_EQ(out[1].score, 0.6f);
  for (const Detection& d : out) EXPECT_TRUE(IsFinite(d));
}

TEST(DecodeDetectionsTest, NonFiniteLogitsOrBoxes_AreNoDetection) {
  const std::vector<Anchor> anchors = {{0.25f, 0.5f}, {0.75f, 0.5f}, {0.5f, 0.5f}};
  std::vector<float> boxes(3 * 12, 10.0f);
  boxes[12 + 7] = std::numeric_limits<float>::quiet_NaN();  // a keypoint of the second anchor
  const std::vector<float> logits = {std::numeric_limits<float>::quiet_NaN(), 5.0f, 5.0f};
  const auto d = DecodeDetections(boxes.data(), logits.data(), anchors, /*min_score=*/0.5f);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NEAR(d[0].keypoints[0].x, 0.5f + 10.0f / 224, 1e-6);
  EXPECT_TRUE(AllFinite(boxes.data(), 12));
  EXPECT_FALSE(AllFinite(boxes.data(), 24));
}

TEST(LetterboxTest, LandscapeImage_PadsTopAndBottomAndRemovalInverts) {
  const Letterbox lb = LetterboxFor(640, 480);
  EXPECT_NEAR(lb.top, 0.125f, 1e-6);
  EXPECT_NEAR(lb.bottom, 0.125f, 1e-6);
  EXPECT_EQ(lb.left, 0.0f);
  Detection d = Box(1, 0.5f, 0.125f, 0.25f, 0.75f);  // exactly the image's full height
  const Detection r = RemoveLetterbox(d, lb);
  EXPECT_NEAR(r.ymin, 0.0f, 1e-6);
  EXPECT_NEAR(r.height, 1.0f, 1e-6);
  EXPECT_NEAR(r.xmin, 0.5f, 1e-6);
}

TEST(RoiTest, UprightPerson_NoRotationAndSquareInPixels) {
  // Hip centre at the middle of a 200x100 image, scale point 20 px straight above.
  const NormalizedRect r = RoiFromAlignmentPoints({0.5f, 0.5f}, {0.5f, 0.3f}, 200, 100);
  EXPECT_NEAR(r.rotation_rad, 0.0f, 1e-6);
  EXPECT_NEAR(r.width * 200, 2 * 20 * 1.25f, 1e-4);
  EXPECT_NEAR(r.height * 100, 2 * 20 * 1.25f, 1e-4);
  EXPECT_FLOAT_EQ(r.x_center, 0.5f);
}

TEST(RoiTest, PersonLyingHeadRight_RotatesQuarterTurn) {
  const NormalizedRect r = RoiFromAlignmentPoints({0.5f, 0.5f}, {0.7f, 0.5f}, 100, 100);
  EXPECT_NEAR(r.rotation_rad, kPi / 2, 1e-6);
  const NormalizedRect l = RoiFromAlignmentPoints({0.5f, 0.5f}, {0.3f, 0.5f}, 100, 100);
  EXPECT_NEAR(l.rotation_rad, -kPi / 2, 1e-6);
  EXPECT_NEAR(NormalizeRadians(3 * kPi / 2), -kPi / 2, 1e-6);
}

TEST(CropTest, CropTransformAndProjection_AreInverse) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  for (int trial = 0; trial < 50; ++trial) {
    const int w = 640, h = 480;
    NormalizedRect roi;
    roi.x_center = 0.3f + 0.4f * u(rng);
    roi.y_center = 0.3f + 0.4f * u(rng);
    const float side_px = 100 + 200 * u(rng);
    roi.width = side_px / w;
    roi.height = side_px / h;
    roi.rotation_rad = (u(rng) - 0.5f) * 2 * kPi;
    const cv::Mat m = CropTransform(roi, w, h, 256);
    cv::Mat inv;
    cv::invertAffineTransform(m, inv);
    CropLandmark lm{u(rng), u(rng), 0, 1, 1};
    const CropLandmark p = ProjectToImage(lm, roi);
    const double ix = inv.at<double>(0, 0) * lm.x * 256 + inv.at<double>(0, 1) * lm.y * 256 +
                      inv.at<double>(0, 2);
    const double iy = inv.at<double>(1, 0) * lm.x * 256 + inv.at<double>(1, 1) * lm.y * 256 +
                      inv.at<double>(1, 2);
    EXPECT_NEAR(p.x * w, ix, 1e-2) << "trial " << trial;
    EXPECT_NEAR(p.y * h, iy, 1e-2) << "trial " << trial;
  }
}

TEST(CropTest, RotatedCrop_ShowsTheScalePointAtTheTop) {
  // A bright dot at the scale point of a person lying with the head to the right must appear
  // above the crop centre after the crop.
  cv::Mat img(200, 200, CV_8UC3, cv::Scalar::all(0));
  cv::circle(img, {140, 100}, 5, cv::Scalar::all(255), -1);
  const NormalizedRect roi = RoiFromAlignmentPoints({0.5f, 0.5f}, {0.7f, 0.5f}, 200, 200);
  cv::Mat crop;
  cv::warpAffine(img, crop, CropTransform(roi, 200, 200, 64), {64, 64});
  cv::Point maxp;
  cv::Mat gray;
  cv::cvtColor(crop, gray, cv::COLOR_BGR2GRAY);
  cv::minMaxLoc(gray, nullptr, nullptr, nullptr, &maxp);
  EXPECT_NEAR(maxp.x, 32, 2);
  EXPECT_LT(maxp.y, 20);
}

TEST(DecodeLandmarksTest, AppliesSigmoidsAndCropScale) {
  std::vector<float> raw = {128, 64, 25.6f, 0, 100};
  const auto lms = DecodeLandmarks(raw.data(), 1, 256);
  EXPECT_FLOAT_EQ(lms[0].x, 0.5f);
  EXPECT_FLOAT_EQ(lms[0].y, 0.25f);
  EXPECT_FLOAT_EQ(lms[0].z, 0.1f);
  EXPECT_FLOAT_EQ(lms[0].visibility, 0.5f);
  EXPECT_NEAR(lms[0].presence, 1.0f, 1e-6);
}

TEST(HeatmapRefineTest, ConfidentPeak_MovesLandmarkToWeightedCentre) {
  const int rows = 64, cols = 64;
  std::vector<float> hm(2 * rows * cols, -10.0f);  // sigmoid ~ 0
  hm[0 * rows * cols + 20 * cols + 10] = 10.0f;    // landmark 0: confident peak at col 10, row 20
  hm[1 * rows * cols + 20 * cols + 10] = -1.0f;    // landmark 1: max confidence 0.27 < 0.5
  std::vector<CropLandmark> lms = {{12.5f / 64, 21.5f / 64, 0, 1, 1},
                                   {12.5f / 64, 21.5f / 64, 0, 1, 1}};
  RefineLandmarksFromHeatmap(lms, hm.data(), 2, rows, cols);
  // Weighted by ~1 at the peak and ~4.5e-5 elsewhere in the 7x7 kernel.
  EXPECT_NEAR(lms[0].x, 10.0f / 64, 2e-3);
  EXPECT_NEAR(lms[0].y, 20.0f / 64, 2e-3);
  EXPECT_FLOAT_EQ(lms[1].x, 12.5f / 64);  // not confident: unchanged
}

TEST(HeatmapRefineTest, LandmarkOutsideCrop_IsUnchanged) {
  std::vector<float> hm(64 * 64, 10.0f);
  std::vector<CropLandmark> lms = {{1.2f, 0.5f, 0, 1, 1}};
  RefineLandmarksFromHeatmap(lms, hm.data(), 1, 64, 64);
  EXPECT_FLOAT_EQ(lms[0].x, 1.2f);
}

TEST(WorldProjectionTest, RotatesXYByRoiRotation) {
  const cv::Point3f p = RotateWorld({1, 0, 0.5f}, kPi / 2);
  EXPECT_NEAR(p.x, 0, 1e-6);
  EXPECT_NEAR(p.y, 1, 1e-6);
  EXPECT_FLOAT_EQ(p.z, 0.5f);
}

}  // namespace
}  // namespace poise::vision
