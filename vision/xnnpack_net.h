// Runs a .tflite graph with XNNPACK, the engine Google's MediaPipe and TFLite use on CPUs, built
// from the project's own parsed graph (tflite_graph.h). XNNPACK is NHWC like TFLite, so no tensor
// is transposed: fused RELU / RELU6 become the node's output clamp, a spatial PAD before a VALID
// convolution folds into its padding, SAME padding is computed as TFLite does (more after than
// before), DEPTH_TO_SPACE and RESIZE_BILINEAR map directly. Debian 12's XNNPACK snapshot has no
// CONCATENATION: each input is zero-padded to its place along the axis and the results are added,
// which is exact. Weights are dequantised from float16 and densified once at load; branches that
// feed no requested output are left out.
//
// Threads: with num_threads == 1 the runtime has no thread pool and runs on the caller's thread.
// With more, a pthreadpool is used and, after each pass, a no-op job with
// PTHREADPOOL_FLAG_YIELD_WORKERS sends the workers back to sleep, so no thread spins when idle.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "vision/tflite_graph.h"

namespace poise::vision {

/// XNNPACK itself failed (not initialised on this CPU, a node or the runtime could not be built,
/// an inference failed): what() is one sentence. The model file is fine; another engine may work.
class EngineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct XnnpackNetOptions {
  /// Output tensor names to keep (e.g. {"Identity", "Identity_1"}); empty keeps all outputs.
  std::vector<std::string> outputs;
  /// Inference threads: 1 runs on the caller's thread with no pool; 0 or less means 1.
  int num_threads = 1;
  /// Ask XNNPACK for IEEE half-precision inference and fail when it cannot (most x86 CPUs in this
  /// XNNPACK snapshot): for tests of the fallback path, not for use.
  bool force_fp16 = false;
};

class XnnpackNet {
 public:
  /// Loads the model and builds the runtime. Throws ModelError (file missing, damaged or not a
  /// supported model) or EngineError (XNNPACK cannot run it here), each one sentence.
  XnnpackNet(const std::string& path, const XnnpackNetOptions& options = {});
  ~XnnpackNet();
  XnnpackNet(const XnnpackNet&) = delete;
  XnnpackNet& operator=(const XnnpackNet&) = delete;

  /// The input tensor, NHWC float ({1, H, W, C}); write it before Run().
  float* Input();
  const std::vector<int>& InputShape() const;
  /// One forward pass. Throws EngineError.
  void Run();

  size_t NumOutputs() const;
  /// Output i after Run(), in TFLite element order (4-D outputs are NHWC).
  const float* Output(size_t i) const;
  const std::vector<int>& OutputShape(size_t i) const;
  const std::string& OutputName(size_t i) const;  ///< TFLite tensor name, e.g. "Identity"
  size_t OutputSize(size_t i) const;              ///< elements
  int NumNodes() const;                           ///< XNNPACK nodes defined
  int NumThreads() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace poise::vision
