#include "vision/tflite_plan.h"

#include <algorithm>
#include <filesystem>

namespace poise::vision {

GraphPlan PlanGraph(const TfliteGraph& g, const std::vector<std::string>& outputs,
                    bool allow_intermediate) {
  GraphPlan p;
  for (const auto& name : outputs) {
    int found = -1;
    for (int o : g.outputs)
      if (g.tensors[o].name == name) found = o;
    if (found < 0 && allow_intermediate)
      for (size_t t = 0; t < g.tensors.size(); ++t)
        if (g.tensors[t].name == name) found = int(t);
    if (found < 0)
      throw ModelError(std::filesystem::path(g.path).filename().string() +
                       ": the model has no output named '" + name +
                       "'; the file is damaged or not a supported BlazePose model.");
    p.wanted.push_back(found);
  }
  if (p.wanted.empty()) p.wanted = g.outputs;

  for (size_t t = 0; t < g.tensors.size(); ++t)
    if (g.tensors[t].data) p.constants.insert(int(t));
  for (const auto& op : g.operators) {
    const bool unary_const =
        (op.op == int(TfliteOp::kDequantize) || op.op == int(TfliteOp::kDensify)) &&
        op.inputs.size() == 1 && p.constants.count(op.inputs[0]);
    if (unary_const) {
      p.constants.insert(op.outputs[0]);
      p.const_source[op.outputs[0]] = op.inputs[0];
    }
  }

  // Backwards from the outputs: an operator is needed when it writes a needed tensor.
  for (int o : p.wanted) p.needed.insert(o);
  for (auto it = g.operators.rbegin(); it != g.operators.rend(); ++it) {
    bool any = false;
    for (int o : it->outputs) any |= p.needed.count(o) > 0;
    if (!any) continue;
    for (int i : it->inputs)
      if (i >= 0) p.needed.insert(i);
  }
  for (const auto& op : g.operators) {
    if (!p.needed.count(op.outputs[0])) continue;
    for (int i : op.inputs)
      if (i >= 0) p.consumers[i].push_back(&op);
  }
  return p;
}

int ConstantSource(const GraphPlan& plan, int t) {
  for (auto it = plan.const_source.find(t); it != plan.const_source.end();
       it = plan.const_source.find(t))
    t = it->second;
  return t;
}

int SamePadTotal(int in, int k, int stride) {
  const int out = (in + stride - 1) / stride;
  return std::max((out - 1) * stride + k - in, 0);
}

WindowPads WindowPadding(const std::vector<int>& shape, int kh, int kw, const TfliteOptions& o,
                         WindowPads p) {
  if (o.padding == 0 && shape.size() == 4) {
    const int th = SamePadTotal(shape[1], kh, o.stride_h);
    const int tw = SamePadTotal(shape[2], kw, o.stride_w);
    p.top += th / 2;
    p.bottom += th - th / 2;
    p.left += tw / 2;
    p.right += tw - tw / 2;
  }
  return p;
}

std::optional<WindowPads> FoldablePad(const GraphPlan& plan, int out,
                                      const std::vector<int>& pairs) {
  if (pairs.size() != 8 || pairs[0] || pairs[1] || pairs[6] || pairs[7]) return std::nullopt;
  auto it = plan.consumers.find(out);
  if (it == plan.consumers.end() || it->second.size() != 1) return std::nullopt;
  const TfliteOperator& reader = *it->second[0];
  const bool conv =
      reader.op == int(TfliteOp::kConv2d) || reader.op == int(TfliteOp::kDepthwiseConv2d);
  if (!conv || reader.inputs.empty() || reader.inputs[0] != out || reader.options.padding != 1)
    return std::nullopt;
  return WindowPads{pairs[2], pairs[3], pairs[4], pairs[5]};
}

}  // namespace poise::vision
