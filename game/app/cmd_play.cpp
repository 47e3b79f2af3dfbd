// poise play: until the game scenes land, a live viewer: the mirrored camera (or video, or
// replayed landmarks) with the tracked skeleton drawn over it, in an OpenCV window.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <opencv2/highgui.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <thread>
#include <vector>

#include "game/app/commands.h"
#include "vision/open_feed.h"
#include "vision/skeleton_overlay.h"

namespace poise::app {
namespace {

cv::Mat Render(const vision::TrackedFrame* f, cv::Size size) {
  cv::Mat img;
  if (f && !f->image_bgr.empty()) {
    img = f->image_bgr.clone();
  } else {
    const cv::Size s =
        f && f->pose.image_width > 0 ? cv::Size(f->pose.image_width, f->pose.image_height) : size;
    img = cv::Mat(s, CV_8UC3, cv::Scalar(60, 50, 40));
  }
  if (f && f->pose.pose) vision::DrawSkeleton(img, *f->pose.pose);
  cv::flip(img, img, 1);  // a mirror: the player's left is on the left
  const std::string msg = !f ? "Starting..." : f->pose.pose ? "" : "Step into view: nobody found";
  if (!msg.empty()) {
    cv::putText(img, msg, {20, 50}, cv::FONT_HERSHEY_SIMPLEX, 1.2, cv::Scalar(0, 0, 0), 6,
                cv::LINE_AA);
    cv::putText(img, msg, {20, 50}, cv::FONT_HERSHEY_SIMPLEX, 1.2, cv::Scalar(255, 255, 255), 2,
                cv::LINE_AA);
  }
  return img;
}

}  // namespace

int RunPlay(int argc, char** argv) {
  CLI::App app{"Poise: the live camera with the tracked skeleton (Esc or Q quits)."};
  std::string source = "camera:0", model = "lite", screenshot;
  double exit_after_s = 0;
  bool headless = false, stats = false;
  app.add_option("--source", source,
                 "camera:N, /dev/videoN, a video or image, or poses:FILE.jsonl");
  app.add_option("--model", model, "lite, full or heavy")
      ->check(CLI::IsMember({"lite", "full", "heavy"}));
  app.add_option("--exit-after", exit_after_s, "quit after this many seconds");
  app.add_option("--screenshot", screenshot, "save the last shown frame as PNG on exit");
  app.add_flag("--headless", headless, "no window (with --screenshot / --stats)");
  app.add_flag("--stats", stats, "print one JSON line of timing figures on exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (!headless && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
    std::fprintf(stderr,
                 "poise: no display to open a window on; use --headless with --screenshot.\n");
    return 1;
  }
  std::unique_ptr<vision::PoseFeed> feed;
  try {
    vision::FeedOptions opt;
    opt.estimator.model = vision::ParseLandmarkModel(model);
    feed = vision::OpenPoseFeed(source, opt);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "poise: %s\n", e.what());
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  auto elapsed_s = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::vector<double> latency_ms;
  int shown = 0;
  int64_t last_index = -1;
  cv::Mat img;
  while (exit_after_s <= 0 || elapsed_s() < exit_after_s) {
    const auto f = feed->Latest();
    const vision::FeedStatus st = feed->Status();
    if (st.state == vision::FeedState::kFailed) {
      std::fprintf(stderr, "poise: %s\n", st.message.c_str());
      return 1;
    }
    if (f && f->pose.frame_index != last_index) {
      last_index = f->pose.frame_index;
      latency_ms.push_back(vision::SteadyNowMs() - f->pose.capture_ms);
    }
    img = Render(f.get(), {640, 480});
    ++shown;
    if (!headless) {
      cv::imshow("Poise", img);
      const int key = cv::waitKey(15);
      if (key == 27 || key == 'q' || key == 'Q') break;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(15));
    }
    if (st.state == vision::FeedState::kEnded && exit_after_s <= 0) break;
  }
  if (!screenshot.empty() && !cv::imwrite(screenshot, img))
    std::fprintf(stderr, "poise: cannot write %s.\n", screenshot.c_str());
  if (stats) {
    std::sort(latency_ms.begin(), latency_ms.end());
    const double lat = latency_ms.empty() ? 0 : latency_ms[latency_ms.size() / 2];
    nlohmann::json j = {{"render_fps", shown / std::max(elapsed_s(), 1e-3)},
                        {"pose_fps", feed->PoseFps()},
                        {"latency_ms_median", lat}};
    std::printf("%s\n", j.dump().c_str());
  }
  return 0;
}

}  // namespace poise::app
