// The real game tracking a real video headless with each inference engine (--engine), observed
// through --stats: poses arrive, the CPU time per second is reported, and a bad engine name is
// refused with one sentence.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <sstream>
#include <thread>

#include "tests/app/headless_game.h"

namespace poise {
namespace {

class EngineChoiceTest : public testing_support::HeadlessGameTest {
 protected:
  EngineChoiceTest() : HeadlessGameTest("poise_engine_") {}

  /// A 30 fps video of the astronaut photo swaying sideways.
  std::string Video(double seconds) {
    const cv::Mat img = cv::imread(std::string(POISE_TEST_DATA) + "/astronaut.png");
    EXPECT_FALSE(img.empty());
    const std::string path = P("sway.avi");
    cv::VideoWriter out(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30, {640, 480});
    EXPECT_TRUE(out.isOpened());
    const double s = 460.0 / img.rows;
    for (int i = 0; i < int(seconds * 30); ++i) {
      const double dx = 320 - img.cols * s / 2 + 60 * std::sin(i / 30.0 * 1.5);
      const cv::Mat m = (cv::Mat_<double>(2, 3) << s, 0, dx, 0, s, 10);
      cv::Mat frame;
      cv::warpAffine(img, frame, m, {640, 480}, cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                     cv::Scalar(110, 120, 125));
      out.write(frame);
    }
    return path;
  }

  /// Runs the game; returns its exit code, stdout in `out` and stderr in `err`.
  int Run(const std::string& args, std::string& out, std::string& err) {
    const std::string cmd = std::string(POISE_BINARY) + " --headless --mute --stats --db " +
                            P("poise.db") + " " + args + " 2>" + P("stderr.txt");
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    out.clear();
    while (fgets(buf, sizeof buf, p)) out += buf;
    const int rc = pclose(p);
    std::ifstream e(P("stderr.txt"));
    std::stringstream ss;
    ss << e.rdbuf();
    err = ss.str();
    return rc;
  }
};

TEST_F(EngineChoiceTest, EachEngineTracksAVideo_AndStatsReportCpuTimePerSecond) {
  const std::string video = Video(6);
  for (const std::string engine : {"xnnpack", "opencv"}) {
    std::string out, err;
    ASSERT_EQ(Run("--source " + video + " --autostart --exit-after 5 --engine " + engine, out, err),
              0)
        << engine << "\n"
        << err;
    const nlohmann::json stats = LastJsonLine(out);
    std::printf("%s: %s\n", engine.c_str(), stats.dump().c_str());
    EXPECT_GT(stats["poses"].get<int>(), 3) << engine;  // a loaded machine gets few
    EXPECT_EQ(stats["engine"].get<std::string>().rfind(engine + ", ", 0), 0u) << stats["engine"];
    const double cpu = stats["cpu_ms_per_s"].get<double>();
    EXPECT_GT(cpu, 0) << engine;
    EXPECT_LT(cpu, 1000.0 * std::max(1u, std::thread::hardware_concurrency()) + 100) << engine;
    EXPECT_EQ(err.find("OpenCV DNN instead"), std::string::npos) << engine << ": " << err;
  }
}

TEST_F(EngineChoiceTest, UnknownEngine_IsRefusedWithOneLineNamingTheChoices) {
  std::string out, err;
  EXPECT_NE(Run("--source camera:97 --exit-after 1 --engine tflite", out, err), 0);
  EXPECT_NE(err.find("--engine"), std::string::npos) << err;
  EXPECT_NE(err.find("xnnpack"), std::string::npos) << err;
}

}  // namespace
}  // namespace poise
