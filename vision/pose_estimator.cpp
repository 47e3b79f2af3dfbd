#include "vision/pose_estimator.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <stdexcept>
#include <thread>

#include "vision/asset_dir.h"
#include "vision/blazepose_geometry.h"
#include "vision/landmark_filter.h"
#include "vision/tflite_net.h"
#include "vision/xnnpack_net.h"

namespace poise::vision {
namespace {

constexpr int kDetectorSize = 224;
constexpr int kLandmarkSize = 256;
constexpr int kNumModelLandmarks = 39;  // 33 body + 6 auxiliary
constexpr int kAuxCenter = 33, kAuxScale = 34;
constexpr float kNmsIou = 0.3f;

double NowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

LandmarkModel ParseLandmarkModel(const std::string& name) {
  if (name == "lite") return LandmarkModel::kLite;
  if (name == "full") return LandmarkModel::kFull;
  if (name == "heavy") return LandmarkModel::kHeavy;
  throw std::invalid_argument("unknown model '" + name + "': choose lite, full or heavy");
}

const char* LandmarkModelName(LandmarkModel model) {
  switch (model) {
    case LandmarkModel::kLite:
      return "lite";
    case LandmarkModel::kFull:
      return "full";
    case LandmarkModel::kHeavy:
      return "heavy";
  }
  return "full";
}

InferenceEngine ParseInferenceEngine(const std::string& name) {
  if (name == "xnnpack") return InferenceEngine::kXnnpack;
  if (name == "opencv") return InferenceEngine::kOpenCv;
  throw std::invalid_argument("unknown engine '" + name + "': choose xnnpack or opencv");
}

const char* InferenceEngineName(InferenceEngine engine) {
  return engine == InferenceEngine::kOpenCv ? "opencv" : "xnnpack";
}

int DefaultInferenceThreads(InferenceEngine engine, unsigned cores) {
  const int n = int(std::max(1u, cores));
  if (engine == InferenceEngine::kOpenCv) return std::min(n, 4);
  if (n <= 2) return 1;
  if (n <= 4) return 2;
  return std::min(n / 2, 4);
}

namespace {

/// One network on either engine. Run() takes the square BGR crop and returns the outputs in the
/// OpenCV net's layout (4-D outputs NCHW, others in TFLite element order).
struct Network {
  std::optional<TfliteNet> cv_net;
  std::unique_ptr<XnnpackNet> xnn;
  cv::Mat rgb, blob, heatmap;

  std::vector<cv::Mat> Run(const cv::Mat& crop, double scale, double mean, double& convert_ms) {
    const double t0 = NowMs();
    std::vector<cv::Mat> outs;
    if (cv_net) {
      cv::dnn::blobFromImage(crop, blob, scale, cv::Size(), cv::Scalar::all(mean), true, false,
                             CV_32F);
      convert_ms = NowMs() - t0;
      cv_net->net.setInput(blob, cv_net->input_name);
      cv_net->net.forward(outs, cv_net->output_names);
      return outs;
    }
    cv::cvtColor(crop, rgb, cv::COLOR_BGR2RGB);
    cv::Mat input(crop.rows, crop.cols, CV_32FC3, xnn->Input());
    rgb.convertTo(input, CV_32F, scale, -mean * scale);  // same as blobFromImage: (v - mean) * s
    convert_ms = NowMs() - t0;
    xnn->Run();
    for (size_t i = 0; i < xnn->NumOutputs(); ++i) {
      float* p = const_cast<float*>(xnn->Output(i));
      const std::vector<int>& s = xnn->OutputShape(i);
      if (s.size() == 4 && s[3] > 1) {  // NHWC -> NCHW, as the decoder reads the heatmap
        cv::transpose(cv::Mat(s[1] * s[2], s[3], CV_32F, p), heatmap);
        outs.push_back(heatmap.reshape(1, std::vector<int>{1, s[3], s[1], s[2]}));
      } else {
        outs.emplace_back(1, int(xnn->OutputSize(i)), CV_32F, p);
      }
    }
    return outs;
  }
};

}  // namespace

std::string DefaultModelDir() {
  if (const char* d = std::getenv("POISE_MODEL_DIR"); d && *d) return d;
  return AssetDir() + "/models";
}

struct PoseEstimator::Impl {
  PoseEstimatorOptions options;
  InferenceEngine engine = InferenceEngine::kXnnpack;
  int threads = 1;
  std::string fallback_reason;
  Network detector;
  Network landmarks;
  std::vector<Anchor> anchors = PoseDetectorAnchors();
  std::vector<std::string> landmark_outputs;
  bool has_heatmap = false;
  std::optional<NormalizedRect> tracking_roi;
  LandmarkSetSmoother body_smoother{{0.1, 40.0, 1.0, 30.0}, true, 0.1f};
  LandmarkSetSmoother aux_smoother{{0.01, 1.0, 1.0, 30.0}, true, 0.1f};
  LandmarkSetSmoother world_smoother{{0.1, 40.0, 1.0, 30.0}, false, 1.0f};
  StageTimes times;
  cv::Mat crop;

  void ResetTracking() {
    tracking_roi.reset();
    body_smoother.Reset();
    aux_smoother.Reset();
    world_smoother.Reset();
  }

  /// Warps the frame into the network's square input (as ImageToTensorCalculator: bilinear,
  /// RGB, (v - mean) * scale), runs the net, and books preprocessing and network time.
  std::vector<cv::Mat> Infer(Network& n, const cv::Mat& bgr, const cv::Mat& transform, int size,
                             int border, double scale, double mean, double t0, double& net_ms) {
    cv::warpAffine(bgr, crop, transform, cv::Size(size, size), cv::INTER_LINEAR, border,
                   cv::Scalar::all(0));
    const double t1 = NowMs();
    double convert_ms = 0;
    std::vector<cv::Mat> outs = n.Run(crop, scale, mean, convert_ms);
    times.preprocess_ms += t1 - t0 + convert_ms;
    net_ms = NowMs() - t1 - convert_ms;
    return outs;
  }

  void Load(const std::string& dir) {
    const std::string det = dir + "/pose_detection.tflite";
    const std::string lm = dir + "/pose_landmark_" + LandmarkModelName(options.model) + ".tflite";
    const std::vector<std::string> det_outs = {"Identity", "Identity_1"};
    std::vector<std::string> lm_outs = {"Identity", "Identity_1"};
    if (has_heatmap) lm_outs.push_back("Identity_3");
    lm_outs.push_back("Identity_4");
    engine = options.engine;
    const unsigned cores = std::thread::hardware_concurrency();
    threads =
        options.num_threads > 0 ? options.num_threads : DefaultInferenceThreads(engine, cores);
    if (engine == InferenceEngine::kXnnpack) {
      try {
        detector.xnn = std::make_unique<XnnpackNet>(
            det, XnnpackNetOptions{det_outs, threads, options.xnnpack_force_fp16});
        landmarks.xnn = std::make_unique<XnnpackNet>(
            lm, XnnpackNetOptions{lm_outs, threads, options.xnnpack_force_fp16});
        // One pass each now: a runtime that cannot run fails here, not on the first frame.
        detector.xnn->Run();
        landmarks.xnn->Run();
      } catch (const EngineError& e) {
        std::string why = e.what();
        if (!why.empty() && why.back() == '.') why.pop_back();
        fallback_reason = why + ", so pose tracking uses OpenCV DNN instead.";
        std::fprintf(stderr, "poise: %s\n", fallback_reason.c_str());
        detector.xnn.reset();
        landmarks.xnn.reset();
        engine = InferenceEngine::kOpenCv;
        threads =
            options.num_threads > 0 ? options.num_threads : DefaultInferenceThreads(engine, cores);
      }
    }
    // OpenCV also runs the crops and colour conversions: as many threads as inference, so its
    // pool does not keep extra cores busy beside a one-thread XNNPACK.
    cv::setNumThreads(threads);
    if (engine == InferenceEngine::kOpenCv) {
      detector.cv_net = LoadTfliteNet(det, {det_outs});
      landmarks.cv_net = LoadTfliteNet(lm, {lm_outs});
    }
    const size_t anchors_n = anchors.size();
    CheckShapes(detector, det, kDetectorSize, {anchors_n * 12, anchors_n});
    std::vector<size_t> lm_sizes = {kNumModelLandmarks * 5, 1};
    if (has_heatmap) lm_sizes.push_back(size_t(kNumModelLandmarks) * 64 * 64);
    lm_sizes.push_back(kNumModelLandmarks * 3);
    CheckShapes(landmarks, lm, kLandmarkSize, lm_sizes);
  }

  /// The decoders read fixed sizes: a model whose input or outputs differ (a damaged or foreign
  /// file that is otherwise well-formed) is refused here instead of being read out of bounds.
  static void CheckShapes(const Network& n, const std::string& path, int size,
                          const std::vector<size_t>& output_sizes) {
    auto numel = [](const std::vector<int>& s) {
      size_t k = 1;
      for (int d : s) k *= size_t(std::max(d, 0));
      return k;
    };
    const std::vector<int> in = n.cv_net ? n.cv_net->input_shape_nhwc : n.xnn->InputShape();
    bool ok = in == std::vector<int>{1, size, size, 3};
    for (size_t i = 0; ok && i < output_sizes.size(); ++i)
      ok = numel(n.cv_net ? n.cv_net->output_shapes.at(i) : n.xnn->OutputShape(i)) ==
           output_sizes[i];
    if (!ok)
      throw ModelError(std::filesystem::path(path).filename().string() +
                       ": the model's input or output sizes are not BlazePose's; the file is "
                       "damaged or not a supported BlazePose model (run scripts/setup to "
                       "restore it).");
  }

  std::optional<NormalizedRect> Detect(const cv::Mat& bgr, int& people) {
    const int w = bgr.cols, h = bgr.rows;
    double t0 = NowMs();
    // Letterbox: keep aspect, centre, pad with black (BORDER_ZERO -> -1 after scaling).
    const float side = float(std::max(w, h));
    const float s = kDetectorSize / side;
    cv::Mat m = (cv::Mat_<double>(2, 3) << s, 0, (side - w) / 2 * s, 0, s, (side - h) / 2 * s);
    const std::vector<cv::Mat> outs = Infer(detector, bgr, m, kDetectorSize, cv::BORDER_CONSTANT,
                                            1.0 / 127.5, 127.5, t0, times.detector_ms);
    const double t2 = NowMs();
    const cv::Mat& boxes = outs[0];
    const cv::Mat& scores = outs[1];
    std::vector<Detection> dets =
        WeightedNms(DecodeDetections(boxes.ptr<float>(), scores.ptr<float>(), anchors,
                                     options.min_detection_score),
                    kNmsIou);
    people = int(dets.size());
    times.decode_ms += NowMs() - t2;
    if (dets.empty()) return std::nullopt;
    const Detection d = RemoveLetterbox(dets.front(), LetterboxFor(w, h));
    return RoiFromAlignmentPoints(d.keypoints[0], d.keypoints[1], w, h);
  }

  std::optional<Pose> Landmarks(const cv::Mat& bgr, const NormalizedRect& roi, double t_ms) {
    const int w = bgr.cols, h = bgr.rows;
    double t0 = NowMs();
    const std::vector<cv::Mat> outs =
        Infer(landmarks, bgr, CropTransform(roi, w, h, kLandmarkSize), kLandmarkSize,
              cv::BORDER_REPLICATE, 1.0 / 255.0, 0.0, t0, times.landmark_ms);
    const double t2 = NowMs();

    const float presence = outs[1].ptr<float>()[0];
    if (presence < options.min_tracking_presence) {
      times.decode_ms += NowMs() - t2;
      return std::nullopt;
    }
    std::vector<CropLandmark> lms =
        DecodeLandmarks(outs[0].ptr<float>(), kNumModelLandmarks, kLandmarkSize);
    if (has_heatmap) {
      const cv::Mat& hm = outs[2];  // NCHW [1, 39, 64, 64]
      RefineLandmarksFromHeatmap(lms, hm.ptr<float>(), hm.size[1], hm.size[2], hm.size[3]);
    }
    const float* world_raw = outs[has_heatmap ? 3 : 2].ptr<float>();
    std::vector<SmoothPoint> body(kNumLandmarks), aux(kNumModelLandmarks - kNumLandmarks),
        world(kNumLandmarks);
    for (int i = 0; i < kNumModelLandmarks; ++i) {
      const CropLandmark p = ProjectToImage(lms[i], roi);
      SmoothPoint sp{p.x * w, p.y * h, p.z * w, p.visibility, p.presence};
      if (i < kNumLandmarks) {
        body[i] = sp;
        const cv::Point3f wp = RotateWorld(
            {world_raw[i * 3], world_raw[i * 3 + 1], world_raw[i * 3 + 2]}, roi.rotation_rad);
        world[i] = {wp.x, wp.y, wp.z, p.visibility, p.presence};
      } else {
        aux[i - kNumLandmarks] = sp;
      }
    }
    double t3 = NowMs();
    times.decode_ms += t3 - t2;
    if (options.smooth_landmarks) {
      body_smoother.Apply(t_ms, body);
      aux_smoother.Apply(t_ms, aux);
      world_smoother.Apply(t_ms, world);
    }
    times.filter_ms = NowMs() - t3;

    Pose pose;
    pose.score = presence;
    for (int i = 0; i < kNumLandmarks; ++i) {
      pose.landmarks[i] = {body[i].x / w, body[i].y / h, body[i].z / w, body[i].visibility,
                           body[i].presence};
      pose.world[i] = {world[i].x, world[i].y, world[i].z};
    }
    const SmoothPoint& c = aux[kAuxCenter - kNumLandmarks];
    const SmoothPoint& sc = aux[kAuxScale - kNumLandmarks];
    tracking_roi = RoiFromAlignmentPoints({c.x / w, c.y / h}, {sc.x / w, sc.y / h}, w, h);
    return pose;
  }
};

PoseEstimator::PoseEstimator(const PoseEstimatorOptions& options) : impl_(new Impl) {
  impl_->options = options;
  impl_->has_heatmap = options.refine_with_heatmap;
  impl_->Load(options.model_dir.empty() ? DefaultModelDir() : options.model_dir);
}

PoseEstimator::~PoseEstimator() = default;

void PoseEstimator::Reset() { impl_->ResetTracking(); }

const StageTimes& PoseEstimator::LastStageTimes() const { return impl_->times; }
InferenceEngine PoseEstimator::Engine() const { return impl_->engine; }
int PoseEstimator::NumThreads() const { return impl_->threads; }
const std::string& PoseEstimator::FallbackReason() const { return impl_->fallback_reason; }

PoseFrame PoseEstimator::Process(const cv::Mat& bgr, double timestamp_ms) {
  Impl& d = *impl_;
  d.times = {};
  const double t0 = NowMs();
  PoseFrame frame;
  frame.capture_ms = timestamp_ms;
  frame.image_width = bgr.cols;
  frame.image_height = bgr.rows;
  if (bgr.empty()) {
    d.ResetTracking();
    return frame;
  }
  cv::Mat img = bgr;
  if (bgr.type() == CV_8UC1)
    cv::cvtColor(bgr, img, cv::COLOR_GRAY2BGR);
  else if (bgr.type() == CV_8UC4)
    cv::cvtColor(bgr, img, cv::COLOR_BGRA2BGR);

  std::optional<NormalizedRect> roi = d.tracking_roi;
  if (!roi) {
    frame.redetected = true;
    roi = d.Detect(img, frame.people_detected);
  }
  if (roi) frame.pose = d.Landmarks(img, *roi, timestamp_ms);
  if (!frame.pose) d.ResetTracking();
  d.times.total_ms = NowMs() - t0;
  frame.inference_done_ms = timestamp_ms + d.times.total_ms;
  return frame;
}

}  // namespace poise::vision
