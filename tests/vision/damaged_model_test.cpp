// A landmark model whose weights make it output NaN (a damaged or wrongly converted file that still
// loads, here with a manifest of its own beside it) must give "no person", never a pose with NaN
// landmarks that the exercises would turn into NaN metrics. Both engines.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <opencv2/imgcodecs.hpp>

#include "tests/vision/model_reference_util.h"
#include "vision/model_manifest.h"
#include "vision/pose_estimator.h"
#include "vision/tflite_graph.h"

namespace poise::vision {
namespace {

namespace fs = std::filesystem;

/// Sets every value of the constant bias that feeds `output` (through RESHAPEs) to NaN.
void PoisonOutputBias(const std::string& path, const std::string& output) {
  const TfliteGraph g = ReadTfliteGraph(path);
  int t = -1;
  for (int o : g.outputs)
    if (g.tensors[o].name == output) t = o;
  ASSERT_GE(t, 0) << output;
  const TfliteOperator* producer = nullptr;
  for (int hops = 0; hops < 8; ++hops) {
    producer = nullptr;
    for (const auto& op : g.operators)
      if (op.outputs[0] == t) producer = &op;
    ASSERT_NE(producer, nullptr);
    if (producer->op != int(TfliteOp::kReshape)) break;
    t = producer->inputs[0];
  }
  ASSERT_GE(producer->inputs.size(), 3u) << "the output's operator has no bias";
  int bias = producer->inputs[2];
  for (const auto& op : g.operators)  // a float16 bias reaches the op through DEQUANTIZE
    if (op.outputs[0] == bias && op.op == int(TfliteOp::kDequantize)) bias = op.inputs[0];
  const TfliteTensor& b = g.tensors[bias];
  ASSERT_NE(b.data, nullptr);
  const size_t offset = size_t(b.data - g.bytes.data());
  std::vector<uint8_t> bytes = g.bytes;
  if (b.type == int8_t(TfliteType::kFloat16)) {
    for (size_t i = 0; i + 1 < b.data_size; i += 2) {
      bytes[offset + i] = 0x00;  // 0x7e00: a float16 quiet NaN, little-endian
      bytes[offset + i + 1] = 0x7e;
    }
  } else {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (size_t i = 0; i + 3 < b.data_size; i += 4) std::memcpy(&bytes[offset + i], &nan, 4);
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

class DamagedModelTest : public ::testing::TestWithParam<InferenceEngine> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("poise_nan_model_" + std::to_string(getpid()));
    fs::create_directories(dir_);
    for (const char* f : {"pose_detection.tflite", "pose_landmark_lite.tflite"})
      fs::copy_file(kModels + f, dir_ / f, fs::copy_options::overwrite_existing);
  }
  void TearDown() override { fs::remove_all(dir_); }
  /// A manifest of this folder's own files, as a clinic shipping its own models would write.
  void WriteManifest() {
    std::ofstream m(dir_ / "MANIFEST.sha256");
    for (const char* f : {"pose_detection.tflite", "pose_landmark_lite.tflite"})
      m << *FileSha256((dir_ / f).string()) << "  " << f << "\n";
  }
  std::optional<Pose> Track(InferenceEngine engine) {
    PoseEstimatorOptions o;
    o.model = LandmarkModel::kLite;
    o.model_dir = dir_.string();
    o.engine = engine;
    o.num_threads = 1;
    o.smooth_landmarks = false;
    PoseEstimator est(o);
    EXPECT_EQ(est.Engine(), engine) << est.FallbackReason();
    const cv::Mat img = cv::imread(std::string(POISE_TEST_DATA) + "/astronaut.png");
    EXPECT_FALSE(img.empty());
    return est.Process(img, 0).pose;
  }
  fs::path dir_;
};

TEST_P(DamagedModelTest, IntactCopy_FindsThePerson) {
  WriteManifest();
  EXPECT_TRUE(Track(GetParam()).has_value());
}

TEST_P(DamagedModelTest, NanLandmarks_AreNoPerson_NotANanPose) {
  PoisonOutputBias((dir_ / "pose_landmark_lite.tflite").string(), "Identity");
  WriteManifest();
  const std::optional<Pose> pose = Track(GetParam());
  EXPECT_FALSE(pose.has_value()) << "a pose came out of NaN landmarks";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, DamagedModelTest,
                         ::testing::Values(InferenceEngine::kXnnpack, InferenceEngine::kOpenCv),
                         [](const auto& info) {
                           return std::string(InferenceEngineName(info.param));
                         });

}  // namespace
}  // namespace poise::vision
