// A bounds-checked reader of TensorFlow Lite model files (.tflite flatbuffers, schema v3), for the
// subset BlazePose needs. Every offset and length is checked against the file size before use, so a
// truncated or corrupted file raises ModelError instead of crashing or allocating wildly.
// Field slots follow tensorflow/lite/schema/schema.fbs.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace poise::vision {

/// A model file that cannot be used: what() is one sentence naming the file and the problem.
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// TFLite builtin operator codes used here (schema.fbs BuiltinOperator).
enum class TfliteOp : int32_t {
  kAdd = 0,
  kConcatenation = 2,
  kConv2d = 3,
  kDepthwiseConv2d = 4,
  kDepthToSpace = 5,
  kDequantize = 6,
  kLogistic = 14,
  kMaxPool2d = 17,
  kRelu = 19,
  kRelu6 = 21,
  kReshape = 22,
  kResizeBilinear = 23,
  kPad = 34,
  kDensify = 124,
};
const char* TfliteOpName(int32_t code);

enum class TfliteType : int8_t { kFloat32 = 0, kFloat16 = 1, kInt32 = 2 };

/// Sparse storage of a constant tensor (TFLite SparsityParameters, no block sparsity).
struct TfliteSparsity {
  std::vector<int> traversal_order;
  struct Dim {
    bool sparse = false;  ///< SPARSE_CSR, else DENSE
    int dense_size = 0;
    std::vector<int> segments, indices;
  };
  std::vector<Dim> dims;
};

struct TfliteTensor {
  std::string name;
  std::vector<int> shape;
  int8_t type = 0;
  const uint8_t* data = nullptr;  ///< constant data inside the file buffer, or nullptr
  size_t data_size = 0;
  bool has_sparsity = false;
  TfliteSparsity sparsity;
};

/// Builtin options flattened to what the supported ops use.
struct TfliteOptions {
  int padding = 0;  ///< 0 SAME, 1 VALID
  int stride_w = 1, stride_h = 1, filter_w = 1, filter_h = 1, dilation_w = 1, dilation_h = 1;
  int depth_multiplier = 1;
  int activation = 0;  ///< 0 none, 1 RELU, 3 RELU6 (others rejected)
  int axis = 0;
  int block_size = 0;
  bool align_corners = false, half_pixel_centers = false;
  std::vector<int> new_shape;
};

struct TfliteOperator {
  int32_t op = 0;
  std::vector<int> inputs, outputs;  ///< tensor indices; -1 = optional input absent
  TfliteOptions options;
};

struct TfliteGraph {
  std::string path;
  std::vector<uint8_t> bytes;  ///< the whole file; tensors point into it
  std::vector<TfliteTensor> tensors;
  std::vector<TfliteOperator> operators;
  std::vector<int> inputs, outputs;
};

/// Reads and validates a .tflite file. Throws ModelError (file missing, truncated, not a TFLite
/// model, more than one subgraph, unsupported operator or tensor type, inconsistent sizes).
TfliteGraph ReadTfliteGraph(const std::string& path);
/// The same for a model already in memory (`path` names it in errors); used by the fuzz target.
TfliteGraph ParseTfliteGraph(std::vector<uint8_t> bytes, const std::string& path);

/// Expands a constant tensor to dense float32 (float16 dequantised, sparse storage densified).
std::vector<float> DenseFloatData(const TfliteGraph& g, const TfliteTensor& t);

}  // namespace poise::vision
