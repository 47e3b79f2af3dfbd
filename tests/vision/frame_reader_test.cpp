#include "vision/frame_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

namespace poise::vision {
namespace {
namespace fs = std::filesystem;

class FrameReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_frames_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    image_ = cv::imread(std::string(POISE_TEST_DATA) + "/astronaut.png");
    ASSERT_FALSE(image_.empty());
    cv::resize(image_, image_, {160, 160});
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// A video whose frame i carries i as a bright bar's length, so order can be checked.
  std::string MakeVideo(int frames, double fps) {
    const std::string path = (dir_ / "clip.avi").string();
    cv::VideoWriter w(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, image_.size());
    EXPECT_TRUE(w.isOpened());
    for (int i = 0; i < frames; ++i) w.write(Marked(i));
    return path;
  }
  cv::Mat Marked(int i) const {
    cv::Mat f = image_.clone();
    cv::rectangle(f, {0, 0, 160, 12}, cv::Scalar::all(0), -1);
    cv::rectangle(f, {0, 0, 4 * (i + 1), 12}, cv::Scalar::all(255), -1);
    return f;
  }
  static int MarkOf(const cv::Mat& f) {
    cv::Mat row;
    cv::cvtColor(f(cv::Rect(0, 6, 160, 1)), row, cv::COLOR_BGR2GRAY);
    int n = 0;
    for (int x = 0; x < 160; ++x) n += row.at<uint8_t>(0, x) > 128;
    return (n + 2) / 4 - 1;
  }
  fs::path dir_;
  cv::Mat image_;
};

TEST_F(FrameReaderTest, Video_EveryFrameInOrderWithVideoTime) {
  const std::string path = MakeVideo(12, 25);
  FrameReader r(path);
  EXPECT_EQ(r.kind(), SourceKind::kVideo);
  EXPECT_NEAR(r.fps(), 25, 0.01);
  Frame f;
  int n = 0;
  while (r.Read(f)) {
    EXPECT_EQ(f.index, n);
    EXPECT_NEAR(f.t_ms, n * 40.0, 1e-6);
    EXPECT_EQ(MarkOf(f.bgr), n) << "frame " << n;
    ++n;
  }
  EXPECT_EQ(n, 12);
}

TEST_F(FrameReaderTest, ImageAndFolderAndPattern) {
  FrameReader one(std::string(POISE_TEST_DATA) + "/grace_hopper.jpg");
  Frame f;
  ASSERT_TRUE(one.Read(f));
  EXPECT_EQ(f.bgr.cols, 512);
  EXPECT_FALSE(one.Read(f));

  for (int i = 0; i < 3; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "f%03d.png", i);
    cv::imwrite((dir_ / name).string(), Marked(i));
  }
  FrameReader folder(dir_.string(), {640, 480, 10});
  EXPECT_EQ(folder.kind(), SourceKind::kSequence);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(folder.Read(f));
    EXPECT_EQ(MarkOf(f.bgr), i);
    EXPECT_NEAR(f.t_ms, i * 100.0, 1e-6);
  }
  EXPECT_FALSE(folder.Read(f));

  FrameReader pattern((dir_ / "f%03d.png").string());
  int n = 0;
  while (pattern.Read(f)) EXPECT_EQ(MarkOf(f.bgr), n++);
  EXPECT_EQ(n, 3);
}

TEST_F(FrameReaderTest, MissingSources_GiveOneClearSentence) {
  auto message = [](const std::string& spec) {
    try {
      FrameReader r(spec);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("/nonexistent/walk.mp4").find("does not exist"), std::string::npos);
  EXPECT_NE(message("camera:99").find("No camera 99"), std::string::npos);
  EXPECT_NE(message("/dev/video99").find("No camera"), std::string::npos);
  EXPECT_NE(message("camera:x").find("camera:0"), std::string::npos);
  EXPECT_NE(message(dir_.string()).find("no images"), std::string::npos);
  const std::string junk = (dir_ / "junk.mp4").string();
  FILE* fp = std::fopen(junk.c_str(), "w");
  std::fputs("not a video", fp);
  std::fclose(fp);
  const std::string m = message(junk);
  EXPECT_NE(m.find(junk), std::string::npos) << m;
}

TEST_F(FrameReaderTest, CaptureThread_SlowConsumerGetsNewestFramesNotAQueue) {
  const std::string path = MakeVideo(30, 100);  // 0.3 s of video at 100 fps
  CaptureThread cap(std::make_unique<FrameReader>(path));
  std::vector<int64_t> seen;
  int64_t last = -1;
  while (true) {
    auto f = cap.WaitNewer(last, 2000);
    if (!f) break;
    seen.push_back(f->index);
    last = f->index;
    std::this_thread::sleep_for(std::chrono::milliseconds(35));  // a consumer slower than 100 fps
  }
  EXPECT_EQ(cap.Status().state, FeedState::kEnded);
  ASSERT_GE(seen.size(), 2u);
  EXPECT_LT(seen.size(), 30u) << "a slow consumer must miss frames, not queue them";
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i], seen[i - 1]);
}

}  // namespace
}  // namespace poise::vision
