#include "vision/xnnpack_net.h"

#include <pthreadpool.h>
#include <xnnpack.h>

#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "vision/tflite_plan.h"

namespace poise::vision {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

void NoOp(void*, size_t) {}

}  // namespace

struct XnnpackNet::Impl {
  TfliteGraph g;
  GraphPlan plan;
  std::map<int, std::pair<int, WindowPads>> folded_pad;  ///< PAD output -> its input, pads
  std::map<int, uint32_t> values;                        ///< TFLite tensor -> XNNPACK value id
  /// Static data handed to XNNPACK (it must outlive the runtime).
  std::vector<std::unique_ptr<std::vector<float>>> static_data;
  std::map<int, const std::vector<float>*> const_cache;
  size_t op_index = 0;
  int num_nodes = 0;

  xnn_subgraph_t subgraph = nullptr;
  xnn_runtime_t runtime = nullptr;
  pthreadpool_t pool = nullptr;
  int threads = 1;
  std::vector<int> input_shape;
  std::vector<float> input;
  std::vector<std::vector<float>> outputs;
  std::vector<std::vector<int>> output_shapes;
  std::vector<std::string> output_names;
  std::vector<xnn_external_value> externals;

  ~Impl() {
    if (runtime) xnn_delete_runtime(runtime);
    if (subgraph) xnn_delete_subgraph(subgraph);
    if (pool) pthreadpool_destroy(pool);
  }

  std::string File() const { return std::filesystem::path(g.path).filename().string(); }
  [[noreturn]] void FailModel(const std::string& what) const {
    throw ModelError(File() + ": the model " + what +
                     "; the file is damaged or not a supported BlazePose model.");
  }
  [[noreturn]] void FailOp(const std::string& what) const {
    FailModel("operator " + std::to_string(op_index) + " (" +
              TfliteOpName(g.operators[op_index].op) + ") " + what);
  }
  void Check(xnn_status s, const char* what) const {
    if (s == xnn_status_success) return;
    throw EngineError("XNNPACK cannot " + std::string(what) + " for " + File() + " (status " +
                      std::to_string(int(s)) + ").");
  }

  const std::vector<int>& Shape(int t) const { return g.tensors[t].shape; }

  /// Dense float values of a constant (following DEQUANTIZE / DENSIFY), kept alive for XNNPACK.
  const std::vector<float>& ConstData(int t) {
    auto it = const_cache.find(t);
    if (it != const_cache.end()) return *it->second;
    const TfliteTensor& tensor = g.tensors[ConstantSource(plan, t)];
    auto v = std::make_unique<std::vector<float>>();
    if (tensor.type == int8_t(TfliteType::kInt32)) {
      for (size_t i = 0; i < tensor.data_size / 4; ++i) {
        int32_t x;
        std::memcpy(&x, tensor.data + 4 * i, 4);
        v->push_back(float(x));
      }
    } else {
      *v = DenseFloatData(g, tensor);
    }
    size_t numel = 1;
    for (int d : g.tensors[t].shape) numel *= size_t(d);
    if (v->size() != numel) FailOp("has a constant whose size does not match its shape");
    static_data.push_back(std::move(v));
    const_cache[t] = static_data.back().get();
    return *static_data.back();
  }

  uint32_t Define(const std::vector<int>& shape, const float* data, uint32_t external_id,
                  uint32_t flags) {
    std::vector<size_t> dims(shape.begin(), shape.end());
    uint32_t id = XNN_INVALID_VALUE_ID;
    Check(xnn_define_tensor_value(subgraph, xnn_datatype_fp32, dims.size(), dims.data(), data,
                                  external_id, flags, &id),
          "define a tensor");
    return id;
  }
  uint32_t Internal(const std::vector<int>& shape) {
    return Define(shape, nullptr, XNN_INVALID_VALUE_ID, 0);
  }
  uint32_t Static(int t) { return Define(Shape(t), ConstData(t).data(), XNN_INVALID_VALUE_ID, 0); }

  uint32_t In(int t) {
    auto it = values.find(t);
    if (it == values.end()) FailOp("reads a tensor that no earlier operator produced");
    return it->second;
  }
  /// The value an operator writes: the external output if it is one, else a new internal value.
  uint32_t Out(int t) {
    auto it = values.find(t);
    if (it != values.end()) return it->second;
    return values[t] = Internal(Shape(t));
  }
  void Node(xnn_status s) {
    Check(s, (std::string("define operator ") + std::to_string(op_index) + " (" +
              TfliteOpName(g.operators[op_index].op) + ")")
                 .c_str());
    ++num_nodes;
  }

  /// XNNPACK trusts the declared shapes when it sizes its buffers, so a damaged file whose
  /// output shape disagrees with what the operator computes must be refused here.
  void ExpectShape(int t, const std::vector<int>& want) {
    if (Shape(t) != want) FailOp("declares an output shape that does not match its input");
  }
  static int WindowOut(int in, int k, int stride, int pad_total) {
    return stride > 0 ? (in + pad_total - k) / stride + 1 : -1;
  }

  static void Clamp(int activation, float& lo, float& hi) {
    lo = -kInf;
    hi = kInf;
    if (activation == 1 || activation == 3) lo = 0;
    if (activation == 3) hi = 6;
  }

  /// The op's padding plus a folded PAD; `src` becomes the tensor to read.
  WindowPads SpatialPads(int t, int kh, int kw, const TfliteOptions& o, int& src) {
    src = t;
    WindowPads folded;
    if (auto f = folded_pad.find(t); f != folded_pad.end()) std::tie(src, folded) = f->second;
    if (Shape(t).size() != 4) FailOp("expects a 4-D input");
    return WindowPadding(Shape(t), kh, kw, o, folded);
  }

  void AddOperator(const TfliteOperator& op) {
    const TfliteOptions& o = op.options;
    const int out = op.outputs[0];
    auto need_inputs = [&](size_t n) {
      if (op.inputs.size() < n) FailOp("has too few inputs");
      for (size_t k = 0; k < n; ++k)
        if (op.inputs[k] < 0) FailOp("is missing an input");
    };
    float lo, hi;
    Clamp(o.activation, lo, hi);
    switch (TfliteOp(op.op)) {
      case TfliteOp::kConv2d:
      case TfliteOp::kDepthwiseConv2d: {
        need_inputs(2);
        const bool dw = op.op == int(TfliteOp::kDepthwiseConv2d);
        const int w = op.inputs[1];
        if (!plan.constants.count(w)) FailOp("has weights that are not constant");
        const auto& ws = Shape(w);
        const auto& xs = Shape(op.inputs[0]);
        if (ws.size() != 4 || xs.size() != 4) FailOp("has weights or input of the wrong rank");
        const int kh = ws[1], kw = ws[2], cin = xs[3];
        const int cout = dw ? ws[3] : ws[0];
        if ((dw && (ws[0] != 1 || cout != cin * o.depth_multiplier)) || (!dw && ws[3] != cin))
          FailOp("has weights that do not match its input channels");
        const uint32_t wid = Static(w);
        uint32_t bid = XNN_INVALID_VALUE_ID;
        if (op.inputs.size() > 2 && op.inputs[2] >= 0) {
          if (Shape(op.inputs[2]) != std::vector<int>{cout})
            FailOp("has a bias that does not match its outputs");
          bid = Static(op.inputs[2]);
        }
        int src;
        const WindowPads p = SpatialPads(op.inputs[0], kh, kw, o, src);
        if (o.dilation_h != 1 || o.dilation_w != 1) FailOp("uses dilation, which is not supported");
        const auto& ss = Shape(src);
        ExpectShape(out, {ss[0], WindowOut(ss[1], kh, o.stride_h, p.top + p.bottom),
                          WindowOut(ss[2], kw, o.stride_w, p.left + p.right), cout});
        const uint32_t x = In(src), y = Out(out);
        if (dw)
          Node(xnn_define_depthwise_convolution_2d(
              subgraph, p.top, p.right, p.bottom, p.left, kh, kw, o.stride_h, o.stride_w,
              o.dilation_h, o.dilation_w, o.depth_multiplier, cin, lo, hi, x, wid, bid, y, 0));
        else
          Node(xnn_define_convolution_2d(subgraph, p.top, p.right, p.bottom, p.left, kh, kw,
                                         o.stride_h, o.stride_w, o.dilation_h, o.dilation_w, 1, cin,
                                         cout, lo, hi, x, wid, bid, y, 0));
        return;
      }
      case TfliteOp::kMaxPool2d: {
        need_inputs(1);
        int src;
        const WindowPads p = SpatialPads(op.inputs[0], o.filter_h, o.filter_w, o, src);
        const auto& ss = Shape(src);
        ExpectShape(out, {ss[0], WindowOut(ss[1], o.filter_h, o.stride_h, p.top + p.bottom),
                          WindowOut(ss[2], o.filter_w, o.stride_w, p.left + p.right), ss[3]});
        Node(xnn_define_max_pooling_2d(subgraph, p.top, p.right, p.bottom, p.left, o.filter_h,
                                       o.filter_w, o.stride_h, o.stride_w, 1, 1, lo, hi, In(src),
                                       Out(out), 0));
        return;
      }
      case TfliteOp::kPad: {
        need_inputs(2);
        if (!plan.constants.count(op.inputs[1])) FailOp("has paddings that are not constant");
        const std::vector<float>& pd = ConstData(op.inputs[1]);
        const auto& xs = Shape(op.inputs[0]);
        if (pd.size() != 2 * xs.size()) FailOp("has paddings of the wrong size");
        std::vector<size_t> pre, post;
        for (size_t k = 0; k < xs.size(); ++k) {
          if (pd[2 * k] < 0 || pd[2 * k] > 4096 || pd[2 * k + 1] < 0 || pd[2 * k + 1] > 4096)
            FailOp("has invalid paddings");
          pre.push_back(size_t(pd[2 * k]));
          post.push_back(size_t(pd[2 * k + 1]));
        }
        std::vector<int> padded = xs;
        for (size_t k = 0; k < xs.size(); ++k) padded[k] += int(pre[k] + post[k]);
        ExpectShape(out, padded);
        // Fold spatial-only padding into a single following VALID convolution.
        std::vector<int> pairs;
        for (size_t k = 0; k < xs.size(); ++k)
          pairs.insert(pairs.end(), {int(pre[k]), int(post[k])});
        if (const auto pads = FoldablePad(plan, out, pairs); pads && !values.count(out)) {
          In(op.inputs[0]);
          folded_pad[out] = {op.inputs[0], *pads};
          return;
        }
        Node(xnn_define_static_constant_pad(subgraph, pre.data(), post.data(), 0.0f,
                                            In(op.inputs[0]), Out(out), 0));
        return;
      }
      case TfliteOp::kAdd: {
        need_inputs(2);
        if (plan.constants.count(op.inputs[0]) || plan.constants.count(op.inputs[1]))
          FailOp("adds a constant, which is not supported");
        if (Shape(op.inputs[0]) != Shape(op.inputs[1])) FailOp("adds tensors of different shapes");
        ExpectShape(out, Shape(op.inputs[0]));
        Node(xnn_define_add2(subgraph, lo, hi, In(op.inputs[0]), In(op.inputs[1]), Out(out), 0));
        return;
      }
      case TfliteOp::kConcatenation: {
        // This XNNPACK has no concatenation: zero-pad each input to its place along the axis
        // and add them up (exact, as every other summand is 0 there).
        need_inputs(1);
        const auto& os = Shape(out);
        const int rank = int(os.size());
        const int axis = o.axis < 0 ? o.axis + rank : o.axis;
        if (axis < 0 || axis >= rank) FailOp("has an invalid axis");
        std::vector<uint32_t> placed;
        int offset = 0;
        for (int i : op.inputs) {
          const auto& is = Shape(i);
          if (int(is.size()) != rank) FailOp("joins tensors of different ranks");
          for (int k = 0; k < rank; ++k)
            if (k != axis && is[k] != os[k]) FailOp("joins tensors of mismatched shapes");
          std::vector<size_t> pre(size_t(rank), 0), post(size_t(rank), 0);
          pre[size_t(axis)] = size_t(offset);
          offset += is[axis];
          if (offset > os[axis]) FailOp("joins more than its output holds");
          post[size_t(axis)] = size_t(os[axis] - offset);
          const uint32_t p = Internal(os);
          Node(
              xnn_define_static_constant_pad(subgraph, pre.data(), post.data(), 0.0f, In(i), p, 0));
          placed.push_back(p);
        }
        if (offset != os[axis]) FailOp("joins fewer elements than its output holds");
        if (placed.size() == 1) {
          Node(xnn_define_clamp(subgraph, lo, hi, placed[0], Out(out), 0));
          return;
        }
        uint32_t sum = placed[0];
        for (size_t k = 1; k < placed.size(); ++k) {
          const bool last = k + 1 == placed.size();
          const uint32_t next = last ? Out(out) : Internal(os);
          Node(xnn_define_add2(subgraph, last ? lo : -kInf, last ? hi : kInf, sum, placed[k], next,
                               0));
          sum = next;
        }
        return;
      }
      case TfliteOp::kReshape: {
        need_inputs(1);
        const auto& s = Shape(out);
        size_t in_n = 1, out_n = 1;
        for (int d : Shape(op.inputs[0])) in_n *= size_t(d);
        for (int d : s) out_n *= size_t(d);
        if (in_n != out_n) FailOp("changes the number of elements");
        std::vector<size_t> dims(s.begin(), s.end());
        Node(xnn_define_static_reshape(subgraph, dims.size(), dims.data(), In(op.inputs[0]),
                                       Out(out), 0));
        return;
      }
      case TfliteOp::kResizeBilinear: {
        need_inputs(1);
        const auto& s = Shape(out);
        const auto& xs = Shape(op.inputs[0]);
        if (s.size() != 4 || xs.size() != 4 || s[0] != xs[0] || s[3] != xs[3])
          FailOp("has an output that does not match its input image");
        const uint32_t flags = o.align_corners         ? XNN_FLAG_ALIGN_CORNERS
                               : !o.half_pixel_centers ? XNN_FLAG_TENSORFLOW_LEGACY_MODE
                                                       : 0;
        Node(xnn_define_static_resize_bilinear_2d(subgraph, s[1], s[2], In(op.inputs[0]), Out(out),
                                                  flags));
        return;
      }
      case TfliteOp::kDepthToSpace: {
        need_inputs(1);
        const auto& xs = Shape(op.inputs[0]);
        const int b = o.block_size;
        if (xs.size() != 4 || b < 1 || xs[3] % (b * b))
          FailOp("has channels not divisible by block^2");
        ExpectShape(out, {xs[0], xs[1] * b, xs[2] * b, xs[3] / (b * b)});
        Node(xnn_define_depth_to_space(subgraph, In(op.inputs[0]), Out(out), uint32_t(b), 0));
        return;
      }
      case TfliteOp::kLogistic:
        need_inputs(1);
        ExpectShape(out, Shape(op.inputs[0]));
        Node(xnn_define_sigmoid(subgraph, In(op.inputs[0]), Out(out), 0));
        return;
      case TfliteOp::kRelu:
      case TfliteOp::kRelu6:
        need_inputs(1);
        ExpectShape(out, Shape(op.inputs[0]));
        Node(xnn_define_clamp(subgraph, 0.0f, op.op == int(TfliteOp::kRelu6) ? 6.0f : kInf,
                              In(op.inputs[0]), Out(out), 0));
        return;
      case TfliteOp::kDequantize:
      case TfliteOp::kDensify:
        FailOp("is applied to a tensor that is not constant, which is not supported");
    }
    FailOp("is not supported");
  }

  void Build(const XnnpackNetOptions& options) {
    plan = PlanGraph(g, options.outputs);
    if (g.inputs.size() != 1) FailModel("has more than one input");
    const int in = g.inputs[0];
    input_shape = Shape(in);
    if (input_shape.size() != 4) FailModel("has an input that is not an image tensor");

    Check(xnn_initialize(nullptr), "start on this processor");
    Check(xnn_create_subgraph(uint32_t(1 + plan.wanted.size()), 0, &subgraph), "create a subgraph");
    values[in] = Define(input_shape, nullptr, 0, XNN_VALUE_FLAG_EXTERNAL_INPUT);
    for (size_t k = 0; k < plan.wanted.size(); ++k) {
      const int t = plan.wanted[k];
      if (values.count(t)) FailModel("names the same tensor as two outputs or as input");
      values[t] = Define(Shape(t), nullptr, uint32_t(1 + k), XNN_VALUE_FLAG_EXTERNAL_OUTPUT);
    }
    std::set<int> produced = {in};
    for (size_t i = 0; i < g.operators.size(); ++i) {
      const TfliteOperator& op = g.operators[i];
      if (!plan.needed.count(op.outputs[0]) || plan.constants.count(op.outputs[0])) continue;
      op_index = i;
      AddOperator(op);
      produced.insert(op.outputs[0]);
    }
    for (int t : plan.wanted)
      if (!produced.count(t))
        FailModel("output '" + g.tensors[t].name + "' is not computed by the graph");

    threads = std::max(1, options.num_threads);
    if (threads > 1) {
      pool = pthreadpool_create(size_t(threads));
      if (!pool)
        throw EngineError("XNNPACK cannot start its " + std::to_string(threads) +
                          " inference threads.");
    }
    const uint32_t flags = options.force_fp16 ? XNN_FLAG_FORCE_FP16_INFERENCE : 0;
    Check(xnn_create_runtime_v2(subgraph, pool, flags, &runtime), "build its runtime");

    size_t input_n = 1;
    for (int d : input_shape) input_n *= size_t(d);
    input.assign(input_n + XNN_EXTRA_BYTES / sizeof(float), 0.0f);
    externals.push_back({0, input.data()});
    for (size_t k = 0; k < plan.wanted.size(); ++k) {
      size_t n = 1;
      for (int d : Shape(plan.wanted[k])) n *= size_t(d);
      outputs.emplace_back(n + XNN_EXTRA_BYTES / sizeof(float), 0.0f);
      output_shapes.push_back(Shape(plan.wanted[k]));
      output_names.push_back(g.tensors[plan.wanted[k]].name);
      externals.push_back({uint32_t(1 + k), outputs.back().data()});
    }
    Check(xnn_setup_runtime(runtime, externals.size(), externals.data()), "set up its runtime");
  }

  void Run() {
    Check(xnn_invoke_runtime(runtime), "run the network");
    // Send the pool's workers to sleep now instead of letting them spin for the next job. The
    // range must reach every thread: pthreadpool runs a range of 1 inline, ignoring the flag.
    if (pool)
      pthreadpool_parallelize_1d(pool, NoOp, nullptr, size_t(threads),
                                 PTHREADPOOL_FLAG_YIELD_WORKERS);
  }
};

XnnpackNet::XnnpackNet(const std::string& path, const XnnpackNetOptions& options)
    : impl_(new Impl) {
  impl_->g = ReadTfliteGraph(path);
  impl_->Build(options);
  // The graph's constants are all in static_data now; the file's bytes are no longer needed.
  impl_->g.bytes.clear();
  impl_->g.bytes.shrink_to_fit();
}

XnnpackNet::~XnnpackNet() = default;

float* XnnpackNet::Input() { return impl_->input.data(); }
const std::vector<int>& XnnpackNet::InputShape() const { return impl_->input_shape; }
void XnnpackNet::Run() { impl_->Run(); }
size_t XnnpackNet::NumOutputs() const { return impl_->outputs.size(); }
const float* XnnpackNet::Output(size_t i) const { return impl_->outputs.at(i).data(); }
const std::vector<int>& XnnpackNet::OutputShape(size_t i) const {
  return impl_->output_shapes.at(i);
}
const std::string& XnnpackNet::OutputName(size_t i) const { return impl_->output_names.at(i); }
size_t XnnpackNet::OutputSize(size_t i) const {
  return impl_->outputs.at(i).size() - XNN_EXTRA_BYTES / sizeof(float);
}
int XnnpackNet::NumNodes() const { return impl_->num_nodes; }
int XnnpackNet::NumThreads() const { return impl_->threads; }

}  // namespace poise::vision
