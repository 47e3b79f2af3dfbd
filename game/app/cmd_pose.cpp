// poise pose: landmarks for every frame of an image, video, image sequence or camera, as JSONL.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>
#include <string>

#include "game/app/commands.h"
#include "vision/frame_reader.h"
#include "vision/pose_estimator.h"
#include "vision/pose_log.h"
#include "vision/skeleton_overlay.h"

namespace poise::app {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void OnInterrupt(int) { g_interrupted = 1; }

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

int RunPose(int argc, char** argv) {
  CLI::App app{"Track the pose in every frame of an image, video, image folder or camera."};
  std::string input, output, model = "full", overlay, engine = "xnnpack";
  int threads = 0;
  long frames = -1;
  bool no_smoothing = false;
  app.add_option("--input", input,
                 "image, video, image folder, printf pattern, camera:N or /dev/videoN")
      ->required();
  app.add_option("--output", output, "JSONL file to write, one line per frame")->required();
  app.add_option("--model", model, "lite, full or heavy")
      ->check(CLI::IsMember({"lite", "full", "heavy"}));
  app.add_option("--engine", engine, "pose inference: xnnpack (default) or opencv")
      ->check(CLI::IsMember({"xnnpack", "opencv"}));
  app.add_option("--threads", threads, "inference threads (default: chosen from the machine)")
      ->check(CLI::Range(1, 64));
  app.add_option("--overlay", overlay, "also draw the skeleton: OUT.png (first frame) or OUT.mp4");
  app.add_option("--frames", frames, "stop after this many frames (needed for cameras, or Ctrl-C)");
  app.add_flag("--no-smoothing", no_smoothing, "turn MediaPipe's landmark smoothing off");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ReportErrors("pose", [&] {
    vision::FrameReader reader(input);
    vision::PoseEstimatorOptions opt;
    opt.model = vision::ParseLandmarkModel(model);
    opt.engine = vision::ParseInferenceEngine(engine);
    opt.num_threads = threads;
    opt.smooth_landmarks = !no_smoothing && reader.kind() != vision::SourceKind::kImage;
    vision::PoseEstimator estimator(opt);
    std::ofstream out(output);
    if (!out) {
      std::fprintf(stderr, "poise pose: cannot write %s.\n", output.c_str());
      return 1;
    }
    const bool video_overlay =
        !overlay.empty() && !EndsWith(overlay, ".png") && !EndsWith(overlay, ".jpg");
    cv::VideoWriter writer;
    std::signal(SIGINT, OnInterrupt);
    vision::Frame frame;
    long n = 0, found = 0;
    while ((frames < 0 || n < frames) && !g_interrupted && reader.Read(frame)) {
      PoseFrame pf = estimator.Process(frame.bgr, frame.t_ms);
      pf.frame_index = frame.index;
      out << vision::PoseFrameToJsonLine(pf) << '\n';
      if (!out) {
        std::fprintf(stderr, "poise pose: writing %s failed (disk full?).\n", output.c_str());
        return 1;
      }
      found += pf.pose.has_value();
      if (!overlay.empty() && (video_overlay || n == 0)) {
        cv::Mat img = frame.bgr.clone();
        if (pf.pose) vision::DrawSkeleton(img, *pf.pose);
        if (!video_overlay) {
          if (!cv::imwrite(overlay, img))
            std::fprintf(stderr, "poise pose: cannot write %s.\n", overlay.c_str());
        } else {
          if (!writer.isOpened() &&
              !writer.open(overlay, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), reader.fps(),
                           img.size())) {
            std::fprintf(stderr, "poise pose: cannot write the video %s.\n", overlay.c_str());
            return 1;
          }
          writer.write(img);
        }
      }
      ++n;
    }
    std::fprintf(stderr, "poise pose: %ld frames, a person in %ld, written to %s\n", n, found,
                 output.c_str());
    return 0;
  });
}

}  // namespace poise::app
