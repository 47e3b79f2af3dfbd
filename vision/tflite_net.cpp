#include "vision/tflite_net.h"

#include <array>
#include <cfloat>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "vision/tflite_plan.h"

namespace poise::vision {
namespace {

using cv::dnn::DictValue;
using cv::dnn::LayerParams;

/// Where a tensor lives in the net being built.
struct Node {
  int layer = -1, output = 0;
  bool nchw = false;  ///< 4-D activation stored NCHW (TFLite NHWC); else TFLite element order
};

class NetBuilder {
 public:
  NetBuilder(TfliteGraph g, const TfliteNetOptions& options)
      : g_(std::move(g)),
        plan_(PlanGraph(g_, options.outputs, options.allow_intermediate_outputs)) {}

  TfliteNet Build() {
    const int in = g_.inputs[0];
    const auto& it = g_.tensors[in];
    if (it.shape.size() != 4) Fail("has an input that is not an image tensor");
    out_.input_name = it.name;
    out_.input_shape_nhwc = it.shape;
    out_.net.setInputsNames({it.name});
    nodes_[in] = {0, 0, true};
    for (size_t i = 0; i < g_.operators.size(); ++i) {
      const TfliteOperator& op = g_.operators[i];
      if (!plan_.needed.count(op.outputs[0]) || plan_.constants.count(op.outputs[0])) continue;
      op_index_ = i;
      try {
        AddOperator(op);
      } catch (const cv::Exception& e) {
        FailOp("cannot be built (" + std::string(e.err) + ")");
      }
    }
    for (int o : plan_.wanted) {
      auto n = nodes_.find(o);
      if (n == nodes_.end())
        Fail("output '" + g_.tensors[o].name + "' is not computed by the graph");
      out_.output_names.push_back(layer_names_.at(n->second.layer));
      out_.output_tensors.push_back(g_.tensors[o].name);
      out_.output_shapes.push_back(g_.tensors[o].shape);
    }
    out_.num_layers = int(out_.net.getLayerNames().size());
    out_.net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    out_.net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    CheckByRunningOnce();
    return std::move(out_);
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw ModelError(std::filesystem::path(g_.path).filename().string() + ": the model " + what +
                     "; the file is damaged or not a supported BlazePose model.");
  }
  [[noreturn]] void FailOp(const std::string& what) const {
    Fail("operator " + std::to_string(op_index_) + " (" + TfliteOpName(g_.operators[op_index_].op) +
         ") " + what);
  }

  /// Dense float values of a constant tensor (following DEQUANTIZE/DENSIFY chains), cached.
  const std::vector<float>& ConstData(int t) {
    auto it = const_cache_.find(t);
    if (it != const_cache_.end()) return it->second;
    const TfliteTensor& tensor = g_.tensors[ConstantSource(plan_, t)];
    std::vector<float> v;
    if (tensor.type == int8_t(TfliteType::kInt32)) {
      const int32_t* p = reinterpret_cast<const int32_t*>(tensor.data);
      for (size_t i = 0; i < tensor.data_size / 4; ++i) {
        int32_t x;
        std::memcpy(&x, p + i, 4);
        v.push_back(float(x));
      }
    } else {
      v = DenseFloatData(g_, tensor);
    }
    size_t numel = 1;
    for (int d : g_.tensors[t].shape) numel *= size_t(d);
    if (v.size() != numel) FailOp("has a constant whose size does not match its shape");
    return const_cache_[t] = std::move(v);
  }

  const std::vector<int>& Shape(int t) const { return g_.tensors[t].shape; }

  Node In(int t) {
    auto it = nodes_.find(t);
    if (it == nodes_.end()) FailOp("reads a tensor that no earlier operator produced");
    return it->second;
  }

  Node AddLayer(const std::string& type, LayerParams& p, const std::vector<Node>& inputs,
                bool nchw) {
    p.name = std::to_string(op_index_) + "_" + type + "_" + std::to_string(layer_count_++);
    p.type = type;
    const int id = out_.net.addLayer(p.name, type, p);
    layer_names_[id] = p.name;
    for (size_t k = 0; k < inputs.size(); ++k)
      out_.net.connect(inputs[k].layer, inputs[k].output, id, int(k));
    return {id, 0, nchw};
  }

  Node Activation(Node x, int activation) {
    if (activation == 0) return x;
    LayerParams p;
    if (activation == 3) {
      p.set("min_value", 0.0f);
      p.set("max_value", 6.0f);
      return AddLayer("ReLU6", p, {x}, x.nchw);
    }
    return AddLayer("ReLU", p, {x}, x.nchw);
  }

  Node Pad(Node x, const std::vector<int>& nchw_pairs, float value) {
    LayerParams p;
    p.set("paddings", DictValue::arrayInt(nchw_pairs.data(), int(nchw_pairs.size())));
    p.set("value", value);
    p.set("type", "constant");
    return AddLayer("Padding", p, {x}, x.nchw);
  }

  /// Spatial padding for a window op: the op's own SAME padding plus a folded PAD, applied as the
  /// layer's symmetric padding when possible, else as a separate Padding layer.
  Node SpatialInput(int t, int kh, int kw, const TfliteOptions& o, WindowPads& symmetric,
                    float pad_value) {
    int src = t;
    WindowPads folded;
    if (auto f = folded_pad_.find(t); f != folded_pad_.end()) std::tie(src, folded) = f->second;
    if (Shape(t).size() != 4) FailOp("expects a 4-D input");
    const WindowPads p = WindowPadding(Shape(t), kh, kw, o, folded);
    Node x = In(src);
    if (p.top == p.bottom && p.left == p.right) {
      symmetric = p;
      return x;
    }
    symmetric = {};
    return Pad(x, {0, 0, 0, 0, p.top, p.bottom, p.left, p.right}, pad_value);
  }

  void AddOperator(const TfliteOperator& op) {
    const TfliteOptions& o = op.options;
    const int out = op.outputs[0];
    auto need_inputs = [&](size_t n) {
      if (op.inputs.size() < n) FailOp("has too few inputs");
      for (size_t k = 0; k < n; ++k)
        if (op.inputs[k] < 0) FailOp("is missing an input");
    };
    switch (TfliteOp(op.op)) {
      case TfliteOp::kConv2d:
      case TfliteOp::kDepthwiseConv2d: {
        need_inputs(2);
        const bool dw = op.op == int(TfliteOp::kDepthwiseConv2d);
        const int w = op.inputs[1];
        if (!plan_.constants.count(w)) FailOp("has weights that are not constant");
        const auto& ws = Shape(w);
        const auto& xs = Shape(op.inputs[0]);
        if (ws.size() != 4 || xs.size() != 4) FailOp("has weights or input of the wrong rank");
        const int kh = ws[1], kw = ws[2];
        const int cin = xs[3];
        const int cout = dw ? ws[3] : ws[0];
        if ((dw && (cout != cin * o.depth_multiplier)) || (!dw && ws[3] != cin))
          FailOp("has weights that do not match its input channels");
        const std::vector<float>& wd = ConstData(w);
        cv::Mat weights(std::vector<int>{cout, dw ? 1 : cin, kh, kw}, CV_32F);
        float* wp = weights.ptr<float>();
        for (int oc = 0; oc < cout; ++oc)
          for (int ic = 0; ic < (dw ? 1 : cin); ++ic)
            for (int y = 0; y < kh; ++y)
              for (int x = 0; x < kw; ++x)
                wp[((oc * (dw ? 1 : cin) + ic) * kh + y) * kw + x] =
                    dw ? wd[(y * kw + x) * cout + oc] : wd[((oc * kh + y) * kw + x) * cin + ic];
        cv::Mat bias(1, cout, CV_32F, cv::Scalar(0));
        if (op.inputs.size() > 2 && op.inputs[2] >= 0) {
          const std::vector<float>& bd = ConstData(op.inputs[2]);
          if (int(bd.size()) != cout) FailOp("has a bias that does not match its outputs");
          std::copy(bd.begin(), bd.end(), bias.ptr<float>());
        }
        WindowPads pads;
        Node x = SpatialInput(op.inputs[0], kh, kw, o, pads, 0.0f);
        LayerParams p;
        p.set("kernel_h", kh);
        p.set("kernel_w", kw);
        p.set("stride_h", o.stride_h);
        p.set("stride_w", o.stride_w);
        p.set("pad_h", pads.top);
        p.set("pad_w", pads.left);
        p.set("num_output", cout);
        p.set("group", dw ? cin : 1);
        p.set("bias_term", true);
        p.blobs = {weights, bias};
        nodes_[out] = Activation(AddLayer("Convolution", p, {x}, true), o.activation);
        return;
      }
      case TfliteOp::kMaxPool2d: {
        need_inputs(1);
        WindowPads pads;
        Node x = SpatialInput(op.inputs[0], o.filter_h, o.filter_w, o, pads, -FLT_MAX);
        LayerParams p;
        p.set("pool", "max");
        p.set("kernel_h", o.filter_h);
        p.set("kernel_w", o.filter_w);
        p.set("stride_h", o.stride_h);
        p.set("stride_w", o.stride_w);
        p.set("pad_h", pads.top);
        p.set("pad_w", pads.left);
        nodes_[out] = Activation(AddLayer("Pooling", p, {x}, true), o.activation);
        return;
      }
      case TfliteOp::kPad: {
        need_inputs(2);
        if (!plan_.constants.count(op.inputs[1])) FailOp("has paddings that are not constant");
        const std::vector<float>& pd = ConstData(op.inputs[1]);
        const auto& xs = Shape(op.inputs[0]);
        if (pd.size() != 2 * xs.size()) FailOp("has paddings of the wrong size");
        std::vector<int> pairs(pd.begin(), pd.end());
        for (int v : pairs)
          if (v < 0 || v > 4096) FailOp("has invalid paddings");
        const Node x = In(op.inputs[0]);
        if (x.nchw) {
          // Fold spatial-only padding into a single following convolution.
          if (const auto pads = FoldablePad(plan_, out, pairs)) {
            folded_pad_[out] = {op.inputs[0], *pads};
            return;
          }
          pairs = {pairs[0], pairs[1], pairs[6], pairs[7], pairs[2], pairs[3], pairs[4], pairs[5]};
        }
        nodes_[out] = Pad(x, pairs, 0.0f);
        return;
      }
      case TfliteOp::kAdd: {
        need_inputs(2);
        if (plan_.constants.count(op.inputs[0]) || plan_.constants.count(op.inputs[1]))
          FailOp("adds a constant, which is not supported");
        if (Shape(op.inputs[0]) != Shape(op.inputs[1])) FailOp("adds tensors of different shapes");
        const Node a = In(op.inputs[0]), b = In(op.inputs[1]);
        LayerParams p;
        p.set("operation", "sum");
        nodes_[out] = Activation(AddLayer("Eltwise", p, {a, b}, a.nchw), o.activation);
        return;
      }
      case TfliteOp::kConcatenation: {
        need_inputs(1);
        std::vector<Node> ins;
        for (int i : op.inputs) ins.push_back(In(i));
        const int rank = int(Shape(out).size());
        int axis = o.axis < 0 ? o.axis + rank : o.axis;
        if (axis < 0 || axis >= rank) FailOp("has an invalid axis");
        for (const Node& n : ins)
          if (n.nchw != ins[0].nchw) FailOp("mixes tensor layouts");
        if (ins[0].nchw) axis = std::array<int, 4>{0, 2, 3, 1}[axis];
        LayerParams p;
        p.set("axis", axis);
        nodes_[out] = Activation(AddLayer("Concat", p, ins, ins[0].nchw), o.activation);
        return;
      }
      case TfliteOp::kReshape: {
        need_inputs(1);
        Node x = In(op.inputs[0]);
        if (x.nchw) {
          LayerParams p;
          const int order[] = {0, 2, 3, 1};
          p.set("order", DictValue::arrayInt(order, 4));
          x = AddLayer("Permute", p, {x}, false);
        }
        const auto& s = Shape(out);
        size_t in_n = 1, out_n = 1;
        for (int d : Shape(op.inputs[0])) in_n *= size_t(d);
        for (int d : s) out_n *= size_t(d);
        if (in_n != out_n) FailOp("changes the number of elements");
        LayerParams p;
        p.set("dim", DictValue::arrayInt(s.data(), int(s.size())));
        Node y = AddLayer("Reshape", p, {x}, false);
        if (s.size() == 4) {
          LayerParams q;
          const int order[] = {0, 3, 1, 2};
          q.set("order", DictValue::arrayInt(order, 4));
          y = AddLayer("Permute", q, {y}, true);
        }
        nodes_[out] = y;
        return;
      }
      case TfliteOp::kResizeBilinear: {
        need_inputs(1);
        const auto& s = Shape(out);
        if (s.size() != 4) FailOp("has an output that is not an image tensor");
        LayerParams p;
        p.set("interpolation", o.half_pixel_centers ? "opencv_linear" : "bilinear");
        p.set("height", s[1]);
        p.set("width", s[2]);
        nodes_[out] = AddLayer("Resize", p, {In(op.inputs[0])}, true);
        return;
      }
      case TfliteOp::kDepthToSpace: {
        need_inputs(1);
        const auto& xs = Shape(op.inputs[0]);
        const int b = o.block_size;
        if (xs.size() != 4 || xs[3] % (b * b)) FailOp("has channels not divisible by block^2");
        const int c = xs[3] / (b * b), h = xs[1], w = xs[2];
        // DCR: input channel (i * b + j) * c + k at (y, x) goes to channel k at (y*b+i, x*b+j).
        // Viewing the NCHW input as [b, b, c*h, w], a 4-D permute (2, 0, 3, 1) lays the memory
        // out exactly as [c, h*b, w*b] (OpenCV parallelises 4-D permutes, not 6-D ones).
        LayerParams p1, p2, p3;
        const int s1[] = {b, b, c * h, w};
        p1.set("dim", DictValue::arrayInt(s1, 4));
        Node y = AddLayer("Reshape", p1, {In(op.inputs[0])}, false);
        const int order[] = {2, 0, 3, 1};
        p2.set("order", DictValue::arrayInt(order, 4));
        y = AddLayer("Permute", p2, {y}, false);
        const int s3[] = {1, c, h * b, w * b};
        p3.set("dim", DictValue::arrayInt(s3, 4));
        nodes_[out] = AddLayer("Reshape", p3, {y}, true);
        return;
      }
      case TfliteOp::kLogistic: {
        need_inputs(1);
        LayerParams p;
        const Node x = In(op.inputs[0]);
        nodes_[out] = AddLayer("Sigmoid", p, {x}, x.nchw);
        return;
      }
      case TfliteOp::kRelu:
      case TfliteOp::kRelu6: {
        need_inputs(1);
        nodes_[out] = Activation(In(op.inputs[0]), op.op == int(TfliteOp::kRelu6) ? 3 : 1);
        return;
      }
      case TfliteOp::kDequantize:
      case TfliteOp::kDensify:
        FailOp("is applied to a tensor that is not constant, which is not supported");
    }
    FailOp("is not supported");
  }

  /// One forward pass on zeros: OpenCV checks shapes only when it runs, and a damaged file must
  /// fail here with a clear message, not on the first camera frame.
  void CheckByRunningOnce() {
    const auto& s = out_.input_shape_nhwc;
    cv::Mat blob(std::vector<int>{1, s[3], s[1], s[2]}, CV_32F, cv::Scalar(0));
    std::vector<cv::Mat> outs;
    try {
      out_.net.setInput(blob, out_.input_name);
      out_.net.forward(outs, out_.output_names);
    } catch (const cv::Exception& e) {
      Fail("cannot run (" + std::string(e.err) + ")");
    }
    for (size_t i = 0; i < outs.size(); ++i) {
      size_t want = 1;
      for (int d : out_.output_shapes[i]) want *= size_t(d);
      if (outs[i].total() != want)
        Fail("computes output '" + out_.output_tensors[i] + "' with the wrong size");
    }
  }

  TfliteGraph g_;
  GraphPlan plan_;
  TfliteNet out_;
  std::map<int, std::vector<float>> const_cache_;
  std::map<int, std::pair<int, WindowPads>> folded_pad_;  ///< PAD output -> its input, pads
  std::map<int, Node> nodes_;
  std::map<int, std::string> layer_names_;
  size_t op_index_ = 0;
  int layer_count_ = 0;
};

}  // namespace

TfliteNet LoadTfliteNet(const std::string& path, const TfliteNetOptions& options) {
  return NetBuilder(ReadTfliteGraph(path), options).Build();
}

}  // namespace poise::vision
