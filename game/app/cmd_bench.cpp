// poise bench: per-stage timings of the BlazePose pipeline on this machine, with the bare OpenCV
// DNN landmark network timed in the same run as the yardstick.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <string>
#include <thread>
#include <vector>

#include "game/app/commands.h"
#include "vision/asset_dir.h"
#include "vision/frame_reader.h"
#include "vision/pose_estimator.h"
#include "vision/tflite_net.h"

namespace poise::app {
namespace {

struct Summary {
  double median = 0, p90 = 0;
};

Summary Summarise(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, size_t(q * (v.size() - 1) + 0.5))]; };
  return {at(0.5), at(0.9)};
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

/// Frames to run on: a video's first `n` frames, or an image moved by a few pixels per frame so
/// the tracker really tracks.
/// `n` frames to time: an image jittered by a few pixels a frame (so tracking has work to do),
/// or the first frames of a video. Throws one sentence for a missing or unreadable file.
std::vector<cv::Mat> LoadFrames(const std::string& input, int n) {
  vision::FrameReader reader(input);
  std::vector<cv::Mat> frames;
  vision::Frame f;
  if (reader.kind() == vision::SourceKind::kImage) {
    if (!reader.Read(f)) return frames;
    for (int i = 0; i < n; ++i) {
      cv::Mat moved;
      const double dx = 4 * std::sin(i * 0.2), dy = 3 * std::cos(i * 0.15);
      const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, dx, 0, 1, dy);
      cv::warpAffine(f.bgr, moved, shift, f.bgr.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      frames.push_back(moved);
    }
    return frames;
  }
  while (int(frames.size()) < n && reader.Read(f)) frames.push_back(f.bgr.clone());
  return frames;
}

/// CPU time (user + system, every thread) of this process, in milliseconds.
double CpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

/// "Model name" from /proc/cpuinfo, and whether the CPU has AVX-512 (XNNPACK and OpenCV pick
/// their kernels by it, so figures from such a machine are not those of most laptops).
std::string CpuName(bool& avx512) {
  std::ifstream in("/proc/cpuinfo");
  std::string line, name = "unknown CPU";
  avx512 = false;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0 && name == "unknown CPU")
      name = line.substr(line.find(':') + 2);
    if (line.rfind("flags", 0) == 0) avx512 = line.find(" avx512f") != std::string::npos;
  }
  return name;
}

double NowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int RunBench(int argc, char** argv) {
  CLI::App app{"Time every stage of the pose pipeline (median and p90 over N frames)."};
  std::string model = "lite";
  std::string input = AssetDir() + "/../tests/data/astronaut.png";
  int frames = 100;
  bool json = false;
  int threads = 0;
  std::string engine = "xnnpack";
  app.add_option("--model", model, "lite, full or heavy")
      ->check(CLI::IsMember({"lite", "full", "heavy"}));
  app.add_option("--input", input, "image or video with one person in it");
  app.add_option("--frames", frames, "frames to time in each mode")->check(CLI::Range(5, 100000));
  app.add_option("--engine", engine, "pose inference: xnnpack (default) or opencv")
      ->check(CLI::IsMember({"xnnpack", "opencv"}));
  app.add_option("--threads", threads, "inference threads (default: chosen from the machine)")
      ->check(CLI::Range(1, 64));
  app.add_flag("--json", json, "print one JSON object as the last line");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ReportErrors("bench", [&] {
    const std::vector<cv::Mat> imgs = LoadFrames(input, frames);
    if (imgs.empty()) {
      std::fprintf(stderr, "poise bench: cannot read '%s' as an image or a video.\n",
                   input.c_str());
      return 1;
    }
    vision::PoseEstimatorOptions opt;
    opt.model = vision::ParseLandmarkModel(model);
    opt.engine = vision::ParseInferenceEngine(engine);
    opt.num_threads = threads;
    const double load_t0 = NowMs();
    vision::PoseEstimator est(opt);
    const double load_ms = NowMs() - load_t0;
    const int used_threads = est.NumThreads();
    const std::string used_engine = vision::InferenceEngineName(est.Engine());

    // Warm-up (first inferences allocate and tune).
    for (int i = 0; i < 5; ++i) est.Process(imgs[i % imgs.size()], i * 33.3);
    est.Reset();

    std::vector<double> pre, det, lm, dec, filt, track, detect;
    int lost = 0;
    const double cpu0 = CpuMs(), wall0 = NowMs();
    for (int i = 0; i < frames; ++i) {
      const auto f = est.Process(imgs[i % imgs.size()], 1000 + i * 33.3);
      const auto& t = est.LastStageTimes();
      if (!f.pose) ++lost;
      if (f.redetected) continue;
      pre.push_back(t.preprocess_ms);
      lm.push_back(t.landmark_ms);
      dec.push_back(t.decode_ms);
      filt.push_back(t.filter_ms);
      track.push_back(t.total_ms);
    }
    // CPU per second of tracking: near 1000 * threads means every thread was busy (or spinning).
    const double track_cpu_ms_per_s = (CpuMs() - cpu0) / (NowMs() - wall0) * 1000;
    // CPU per frame hardly depends on what else runs (wall time does): the figure to compare on
    // a shared machine.
    const double track_cpu_ms_per_frame = (CpuMs() - cpu0) / frames;
    for (int i = 0; i < frames; ++i) {
      est.Reset();
      est.Process(imgs[i % imgs.size()], 1e6 + i * 33.3);
      det.push_back(est.LastStageTimes().detector_ms);
      detect.push_back(est.LastStageTimes().total_ms);
    }
    // The bare OpenCV DNN landmark network with every output (segmentation and heatmap too), on
    // OpenCV's own thread count for this machine, whatever engine the pipeline above used.
    const int bare_threads = vision::DefaultInferenceThreads(vision::InferenceEngine::kOpenCv,
                                                             std::thread::hardware_concurrency());
    cv::setNumThreads(bare_threads);
    vision::TfliteNet bare = vision::LoadTfliteNet(
        vision::DefaultModelDir() + "/pose_landmark_" + model + ".tflite", {});
    cv::Mat blob(std::vector<int>{1, 3, 256, 256}, CV_32F, cv::Scalar(0.5));
    std::vector<double> bare_ms;
    double bare_cpu0 = 0;
    for (int i = 0; i < frames + 5; ++i) {
      if (i == 5) bare_cpu0 = CpuMs();
      const double t0 = NowMs();
      bare.net.setInput(blob, bare.input_name);
      std::vector<cv::Mat> outs;
      bare.net.forward(outs, bare.output_names);
      if (i >= 5) bare_ms.push_back(NowMs() - t0);
    }
    const double bare_cpu_ms_per_forward = (CpuMs() - bare_cpu0) / frames;

    const Summary s_pre = Summarise(pre), s_det = Summarise(det), s_lm = Summarise(lm),
                  s_dec = Summarise(dec), s_filt = Summarise(filt), s_track = Summarise(track),
                  s_detect = Summarise(detect), s_bare = Summarise(bare_ms);
    bool avx512 = false;
    const std::string cpu = CpuName(avx512);
    std::printf(
        "poise bench: model %s, engine %s with %d inference thread%s, %d frames of %s "
        "(%dx%d)\n",
        model.c_str(), used_engine.c_str(), used_threads, used_threads == 1 ? "" : "s", frames,
        std::filesystem::path(input).filename().c_str(), imgs[0].cols, imgs[0].rows);
    std::printf("  CPU: %s, %u logical cores, %s AVX-512\n", cpu.c_str(),
                std::thread::hardware_concurrency(), avx512 ? "with" : "without");
    std::printf("  %-34s %8s %8s\n", "stage", "median", "p90");
    auto row = [](const char* name, Summary s) {
      std::printf("  %-34s %6.2f ms %6.2f ms\n", name, s.median, s.p90);
    };
    row("preprocess (crop to tensor)", s_pre);
    row("detector network", s_det);
    row("landmark network", s_lm);
    row("decode (landmarks, ROI)", s_dec);
    row("filter (smoothing)", s_filt);
    row("tracking frame (all stages)", s_track);
    row("detection frame (all stages)", s_detect);
    row("bare unpruned landmark forward", s_bare);
    const double ratio = s_track.median / std::max(s_bare.median, 1e-9);
    std::printf(
        "  tracking frame / bare unpruned landmark forward (OpenCV DNN, %d threads): %.2fx\n",
        bare_threads, ratio);
    std::printf(
        "  CPU while tracking: %.0f ms per second, %.2f ms per frame (bare OpenCV forward: "
        "%.2f ms)\n",
        track_cpu_ms_per_s, track_cpu_ms_per_frame, bare_cpu_ms_per_forward);
    std::printf(
        "  tracking: %.1f fps; model load %.0f ms; frames without a pose: %d; peak RSS %.0f MB\n",
        1000.0 / s_track.median, load_ms, lost, PeakRssMb());
    if (json) {
      nlohmann::json j = {{"model", model},
                          {"engine", used_engine},
                          {"threads", used_threads},
                          {"cpu", cpu},
                          {"avx512", avx512},
                          {"frames", frames},
                          {"preprocess_ms_median", s_pre.median},
                          {"detector_ms_median", s_det.median},
                          {"landmark_ms_median", s_lm.median},
                          {"decode_ms_median", s_dec.median},
                          {"filter_ms_median", s_filt.median},
                          {"tracking_ms_median", s_track.median},
                          {"tracking_ms_p90", s_track.p90},
                          {"detection_ms_median", s_detect.median},
                          {"detection_ms_p90", s_detect.p90},
                          {"bare_unpruned_forward_ms_median", s_bare.median},
                          {"bare_opencv_threads", bare_threads},
                          {"tracking_over_bare_opencv", ratio},
                          {"tracking_cpu_ms_per_s", track_cpu_ms_per_s},
                          {"tracking_cpu_ms_per_frame", track_cpu_ms_per_frame},
                          {"bare_cpu_ms_per_forward", bare_cpu_ms_per_forward},
                          {"fps_tracking", 1000.0 / s_track.median},
                          {"frames_without_pose", lost},
                          {"model_load_ms", load_ms},
                          {"peak_rss_mb", PeakRssMb()}};
      std::printf("%s\n", j.dump().c_str());
    }
    return 0;
  });
}

}  // namespace poise::app
