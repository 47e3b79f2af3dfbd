// The XNNPACK engine against the independent float64 interpreter's outputs
// (tests/data/model_reference) and against the OpenCV DNN engine on the same input.
#include "vision/xnnpack_net.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "tests/vision/model_reference_util.h"
#include "vision/tflite_net.h"

namespace poise::vision {
namespace {

/// The fixture's input is planar (channel-major, see tflite_net_test.cpp); XNNPACK reads NHWC.
void WritePlanarAsNhwc(const std::vector<float>& planar, XnnpackNet& net) {
  const auto& s = net.InputShape();
  const int h = s[1], w = s[2], c = s[3];
  ASSERT_EQ(planar.size(), size_t(h) * w * c);
  float* dst = net.Input();
  for (int ch = 0; ch < c; ++ch)
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) dst[(y * w + x) * c + ch] = planar[(ch * h + y) * w + x];
}

/// Output i in the reference's layout: 4-D outputs NHWC -> NCHW, others as they are.
std::vector<float> AsReferenceLayout(const XnnpackNet& net, size_t i) {
  const float* p = net.Output(i);
  const auto& s = net.OutputShape(i);
  std::vector<float> v(p, p + net.OutputSize(i));
  if (s.size() != 4 || s[3] == 1) return v;
  const int h = s[1], w = s[2], c = s[3];
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int ch = 0; ch < c; ++ch) v[(ch * h + y) * w + x] = p[(y * w + x) * c + ch];
  return v;
}

/// Largest difference relative to the reference's largest absolute value; `mean` gets the mean
/// difference on the same scale.
double RelativeMaxError(const std::vector<float>& got, const std::vector<float>& want,
                        double* mean = nullptr) {
  EXPECT_EQ(got.size(), want.size());
  if (got.size() != want.size()) return 1e9;
  double max_ref = 0, max_diff = 0, sum_diff = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    max_ref = std::max(max_ref, double(std::fabs(want[i])));
    max_diff = std::max(max_diff, double(std::fabs(got[i] - want[i])));
    sum_diff += std::fabs(got[i] - want[i]);
  }
  if (mean) *mean = sum_diff / want.size() / std::max(max_ref, 1e-12);
  return max_diff / std::max(max_ref, 1e-12);
}

struct RefCase {
  const char* model;
  std::vector<std::pair<std::string, std::string>> outputs;  // tensor name, reference file
};

class XnnpackNetReferenceTest : public ::testing::TestWithParam<RefCase> {};

TEST_P(XnnpackNetReferenceTest, EveryOutputMatchesReferenceWithin1e4OfItsLargestValue) {
  const RefCase c = GetParam();
  XnnpackNet net(ModelPath(c.model));
  ASSERT_EQ(net.NumOutputs(), c.outputs.size());
  WritePlanarAsNhwc(ReadRaw(kRef + c.model + "/input.raw"), net);
  net.Run();
  for (size_t i = 0; i < c.outputs.size(); ++i) {
    EXPECT_EQ(net.OutputName(i), c.outputs[i].first);
    double mean = 0;
    const double err = RelativeMaxError(AsReferenceLayout(net, i),
                                        ReadRaw(kRef + c.model + "/" + c.outputs[i].second), &mean);
    std::printf("%s %s: relative error max %.2g, mean %.2g\n", c.model, c.outputs[i].first.c_str(),
                err, mean);
    // The segmentation logits (unused by the pipeline) differ by up to ~2e-4 at a few isolated
    // pixels (XNNPACK's bilinear upsampling rounds its weights differently); their mean is ~1e-6.
    const bool segmentation = c.outputs[i].first == "Identity_2";
    EXPECT_LT(err, segmentation ? 5e-4 : 1e-4) << c.model << " " << c.outputs[i].first;
    EXPECT_LT(mean, 1e-5) << c.model << " " << c.outputs[i].first;
  }
}

const std::vector<std::pair<std::string, std::string>> kLandmarkOutputs = {
    {"Identity", "Identity.raw"},
    {"Identity_1", "Identity_1.raw"},
    {"Identity_2", "Identity_2_nchw.raw"},
    {"Identity_3", "Identity_3_nchw.raw"},
    {"Identity_4", "Identity_4.raw"}};

INSTANTIATE_TEST_SUITE_P(AllModels, XnnpackNetReferenceTest,
                         ::testing::Values(RefCase{"pose_detection",
                                                   {{"Identity", "Identity.raw"},
                                                    {"Identity_1", "Identity_1.raw"}}},
                                           RefCase{"pose_landmark_lite", kLandmarkOutputs},
                                           RefCase{"pose_landmark_full", kLandmarkOutputs},
                                           RefCase{"pose_landmark_heavy", kLandmarkOutputs}),
                         [](const auto& info) { return std::string(info.param.model); });

/// The pipeline's outputs from both engines on the same input agree far more closely than
/// either does with the reference (both are float32).
class XnnpackVersusOpenCvTest : public ::testing::TestWithParam<const char*> {};

TEST_P(XnnpackVersusOpenCvTest, PrunedOutputsAgreeWithOpenCvWithin3e5) {
  const std::string model = GetParam();
  const bool detector = model == "pose_detection";
  const std::vector<std::string> outs =
      detector ? std::vector<std::string>{"Identity", "Identity_1"}
               : std::vector<std::string>{"Identity", "Identity_1", "Identity_3", "Identity_4"};
  XnnpackNet x(ModelPath(model), {outs, 1});
  TfliteNet cvnet = LoadTfliteNet(ModelPath(model), {outs});
  const auto input = ReadRaw(kRef + model + "/input.raw");
  WritePlanarAsNhwc(input, x);
  x.Run();
  const int size = x.InputShape()[1];
  cv::Mat blob(std::vector<int>{1, 3, size, size}, CV_32F);
  std::memcpy(blob.ptr<float>(), input.data(), input.size() * 4);
  cvnet.net.setInput(blob, cvnet.input_name);
  std::vector<cv::Mat> cv_outs;
  cvnet.net.forward(cv_outs, cvnet.output_names);
  ASSERT_EQ(cv_outs.size(), x.NumOutputs());
  for (size_t i = 0; i < outs.size(); ++i) {
    const float* p = cv_outs[i].ptr<float>();
    const std::vector<float> want(p, p + cv_outs[i].total());
    const double err = RelativeMaxError(AsReferenceLayout(x, i), want);
    std::printf("%s %s: XNNPACK vs OpenCV %.2g\n", model.c_str(), outs[i].c_str(), err);
    EXPECT_LT(err, 3e-5) << model << " " << outs[i];
  }
}

INSTANTIATE_TEST_SUITE_P(PipelineNets, XnnpackVersusOpenCvTest,
                         ::testing::Values("pose_detection", "pose_landmark_lite",
                                           "pose_landmark_full", "pose_landmark_heavy"));

TEST(XnnpackNetTest, TwoThreads_GiveBitIdenticalOutputsToOne) {
  XnnpackNet one(ModelPath("pose_landmark_lite"), {{"Identity", "Identity_4"}, 1});
  XnnpackNet two(ModelPath("pose_landmark_lite"), {{"Identity", "Identity_4"}, 2});
  EXPECT_EQ(one.NumThreads(), 1);
  EXPECT_EQ(two.NumThreads(), 2);
  const auto input = ReadRaw(kRef + "pose_landmark_lite/input.raw");
  WritePlanarAsNhwc(input, one);
  WritePlanarAsNhwc(input, two);
  for (int pass = 0; pass < 3; ++pass) {  // and again: the pool is reused after yielding
    one.Run();
    two.Run();
    for (size_t i = 0; i < 2; ++i)
      EXPECT_EQ(std::memcmp(one.Output(i), two.Output(i), one.OutputSize(i) * 4), 0)
          << "output " << i << " pass " << pass;
  }
}

double ProcessCpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

TEST(XnnpackNetTest, TwoThreads_WorkersDoNotSpinBetweenPasses) {
  XnnpackNet two(ModelPath("pose_landmark_lite"), {{"Identity"}, 2});
  WritePlanarAsNhwc(ReadRaw(kRef + "pose_landmark_lite/input.raw"), two);
  double idle_cpu_ms = 0;
  for (int pass = 0; pass < 5; ++pass) {
    two.Run();
    // The time between two camera frames: a spinning worker would burn CPU here.
    const double cpu0 = ProcessCpuMs();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    idle_cpu_ms += ProcessCpuMs() - cpu0;
  }
  std::printf("CPU while idle after 5 passes: %.1f ms in 500 ms\n", idle_cpu_ms);
  EXPECT_LT(idle_cpu_ms, 25.0);
}

TEST(XnnpackNetTest, PrunedOutputs_NeedFewerNodes) {
  XnnpackNet all(ModelPath("pose_landmark_full"));
  XnnpackNet some(ModelPath("pose_landmark_full"), {{"Identity", "Identity_1", "Identity_4"}});
  EXPECT_LT(some.NumNodes(), all.NumNodes());
  EXPECT_EQ(some.NumOutputs(), 3u);
  EXPECT_EQ(some.OutputSize(2), 117u);
}

TEST(XnnpackNetTest, UnknownOutputName_IsAModelErrorNamingIt) {
  try {
    XnnpackNet net(ModelPath("pose_landmark_lite"), {{"Identity_9"}});
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("Identity_9"), std::string::npos) << e.what();
  }
}

TEST(XnnpackNetTest, MissingFile_IsAModelErrorNotAnEngineError) {
  EXPECT_THROW(XnnpackNet("/nonexistent/pose_detection.tflite"), ModelError);
}

TEST(XnnpackNetTest, RuntimeThatCannotBeBuilt_IsAnEngineErrorNamingTheFile) {
  // This XNNPACK snapshot cannot run half-precision on x86: a real runtime-creation failure.
  try {
    XnnpackNet net(ModelPath("pose_landmark_lite"), {{}, 1, /*force_fp16=*/true});
    FAIL() << "expected XNNPACK to refuse FP16 inference on this CPU";
  } catch (const EngineError& e) {
    EXPECT_NE(std::string(e.what()).find("pose_landmark_lite.tflite"), std::string::npos)
        << e.what();
  }
}

/// A damaged file either loads (and then runs) or is refused with ModelError / EngineError
/// naming the file: XNNPACK sizes its buffers from the declared shapes, so they must be checked.
TEST(XnnpackNetTest, RandomByteCorruption_IsRefusedCleanlyOrRuns) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("poise_xnnpack_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ifstream in(ModelPath("pose_detection"), std::ios::binary);
  const std::vector<char> bytes(std::istreambuf_iterator<char>(in), {});
  std::mt19937 rng(20261130);
  // The flatbuffer's tables, offsets and shapes live in the first 64 KiB.
  std::uniform_int_distribution<size_t> pos(0, std::min<size_t>(bytes.size() - 1, 65535));
  std::uniform_int_distribution<int> byte(0, 255);
  int loaded = 0, refused = 0;
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<char> bad = bytes;
    for (int k = 0; k < 4; ++k) bad[pos(rng)] = char(byte(rng));
    const std::string path = (dir / "pose_detection.tflite").string();
    std::ofstream(path, std::ios::binary).write(bad.data(), std::streamsize(bad.size()));
    try {
      XnnpackNet net(path, {{}, 1});
      net.Run();
      ++loaded;
    } catch (const ModelError& e) {
      ++refused;
      EXPECT_NE(std::string(e.what()).find("pose_detection.tflite"), std::string::npos) << e.what();
    } catch (const EngineError& e) {
      ++refused;
      EXPECT_NE(std::string(e.what()).find("pose_detection.tflite"), std::string::npos) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "trial " << trial << ": unexpected exception type: " << e.what();
    }
  }
  std::printf("40 damaged files: %d refused, %d loaded and ran\n", refused, loaded);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace poise::vision
