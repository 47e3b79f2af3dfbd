#include "vision/pose_tracker.h"

#include <gtest/gtest.h>

#include <future>
#include <opencv2/imgcodecs.hpp>

#include "vision/open_feed.h"
#include "vision/pose_replay.h"

namespace poise::vision {
namespace {

/// A process function the test controls: each call blocks until released.
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  int allowed = 0, calls = 0;
  PoseFrame Process(const cv::Mat&, double t) {
    std::unique_lock<std::mutex> lock(m);
    ++calls;
    cv.notify_all();
    cv.wait(lock, [&] { return allowed > 0; });
    --allowed;
    PoseFrame f;
    f.capture_ms = t;
    f.pose = Pose{};
    return f;
  }
  void Release(int n) {
    std::lock_guard<std::mutex> lock(m);
    allowed += n;
    cv.notify_all();
  }
  void WaitForCalls(int n) {
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return calls >= n; });
  }
};

TEST(PoseTrackerTest, LatestNeverWaitsForInference) {
  const std::string img = std::string(POISE_TEST_DATA) + "/astronaut.png";
  Gate gate;
  PoseTracker tracker(std::make_unique<FrameReader>(img),
                      [&](const cv::Mat& m, double t) { return gate.Process(m, t); });
  gate.WaitForCalls(1);  // inference is now blocked inside the process function
  // Latest() must answer at once even so (a blocked call would hang this future).
  auto latest = std::async(std::launch::async, [&] { return tracker.Latest(); });
  ASSERT_EQ(latest.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(latest.get(), nullptr);  // nothing published yet
  gate.Release(1);
  std::shared_ptr<const TrackedFrame> f;
  for (int i = 0; i < 500 && !f; ++i) {
    f = tracker.Latest();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(f);
  EXPECT_EQ(f->image_bgr.cols, 512);
  EXPECT_TRUE(f->pose.pose.has_value());
  for (int i = 0; i < 500 && tracker.Status().state != FeedState::kEnded; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(tracker.Status().state, FeedState::kEnded);
}

TEST(PoseTrackerTest, ProcessError_BecomesFailedStatusWithItsMessage) {
  PoseTracker tracker(
      std::make_unique<FrameReader>(std::string(POISE_TEST_DATA) + "/astronaut.png"),
      [](const cv::Mat&, double) -> PoseFrame { throw std::runtime_error("model broke"); });
  for (int i = 0; i < 500 && tracker.Status().state != FeedState::kFailed; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(tracker.Status().state, FeedState::kFailed);
  EXPECT_EQ(tracker.Status().message, "model broke");
}

TEST(PoseTrackerTest, DestructorStopsBothThreadsWhileInferenceIsBusy) {
  Gate gate;
  auto tracker = std::make_unique<PoseTracker>(
      std::make_unique<FrameReader>(std::string(POISE_TEST_DATA) + "/astronaut.png"),
      [&](const cv::Mat& m, double t) { return gate.Process(m, t); });
  gate.WaitForCalls(1);
  auto done = std::async(std::launch::async, [&] { tracker.reset(); });
  gate.Release(1);
  EXPECT_EQ(done.wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST(PoseReplayTest, PlaysFramesAtTheirTimesOnTheGivenClock) {
  std::vector<PoseFrame> frames(3);
  for (int i = 0; i < 3; ++i) {
    frames[i].frame_index = i;
    frames[i].capture_ms = 1000 + 100.0 * i;  // relative times are what count
    if (i != 1) frames[i].pose = Pose{};
  }
  double now = 50;
  PoseReplay replay(frames, [&] { return now; });
  ASSERT_TRUE(replay.Latest());
  EXPECT_EQ(replay.Latest()->pose.frame_index, 0);
  now = 50 + 150;
  EXPECT_EQ(replay.Latest()->pose.frame_index, 1);
  EXPECT_FALSE(replay.Latest()->pose.pose.has_value());
  EXPECT_EQ(replay.Status().state, FeedState::kRunning);
  EXPECT_NEAR(replay.Latest()->pose.capture_ms, 150, 1e-9);  // on the replay clock
  now = 50 + 250;
  EXPECT_EQ(replay.Latest()->pose.frame_index, 2);
  EXPECT_EQ(replay.Status().state, FeedState::kEnded);
  EXPECT_NEAR(PoseReplay(frames, [] { return 0.0; }).PoseFps(), 10.0, 1e-9);
}

TEST(PoseReplayTest, BadFile_NamesFileAndLine) {
  try {
    PoseReplay r("/nonexistent/poses.jsonl");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/poses.jsonl"), std::string::npos);
  }
}

/// The game's --stats and the logs say which engine really runs: after XNNPACK failed to build
/// (forced here), the feed reports OpenCV DNN, not the engine that was asked for.
TEST(OpenPoseFeedTest, ReportsTheEngineInUse_AlsoAfterAFallback) {
  const std::string image = std::string(POISE_TEST_DATA) + "/astronaut.png";
  FeedOptions o;
  o.estimator.model = LandmarkModel::kLite;
  o.estimator.num_threads = 1;
  EXPECT_EQ(OpenPoseFeed(image, o)->Engine(), "xnnpack, 1 thread");
  o.estimator.xnnpack_force_fp16 = true;
  EXPECT_EQ(OpenPoseFeed(image, o)->Engine(), "opencv, 1 thread");
  o.estimator.engine = InferenceEngine::kOpenCv;
  o.estimator.num_threads = 2;
  o.estimator.xnnpack_force_fp16 = false;
  EXPECT_EQ(OpenPoseFeed(image, o)->Engine(), "opencv, 2 threads");
}

}  // namespace
}  // namespace poise::vision
