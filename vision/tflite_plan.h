// What both inference engines (OpenCV DNN in tflite_net, XNNPACK in xnnpack_net) work out from a
// parsed TFLite graph before building anything: the outputs asked for, the constants (buffers,
// and DEQUANTIZE / DENSIFY applied to a constant, followed back to their source), the tensors those
// outputs need, and which needed operators read each tensor. Also the window padding rules they
// share: TFLite's SAME padding (the extra pixel goes after) and a PAD folded into the one
// VALID convolution that reads it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "vision/tflite_graph.h"

namespace poise::vision {

struct GraphPlan {
  std::vector<int> wanted;  ///< the output tensors, in the order asked for
  std::set<int> constants, needed;
  std::map<int, int> const_source;  ///< a DEQUANTIZE / DENSIFY output -> its constant input
  std::map<int, std::vector<const TfliteOperator*>> consumers;  ///< needed readers of a tensor
};

/// Plans `g` for the named outputs (empty: the graph's outputs). An output name must be one of
/// the graph's outputs, or any tensor when `allow_intermediate`. Throws ModelError naming the
/// file otherwise. The plan points into `g`'s operators: keep `g` alive and unmoved.
GraphPlan PlanGraph(const TfliteGraph& g, const std::vector<std::string>& outputs,
                    bool allow_intermediate = false);

/// The tensor a constant's data comes from (through DEQUANTIZE / DENSIFY).
int ConstantSource(const GraphPlan& plan, int t);

/// Padding of a window operator's input, in pixels.
struct WindowPads {
  int top = 0, bottom = 0, left = 0, right = 0;
};

/// TFLite's total SAME padding along one axis.
int SamePadTotal(int in, int k, int stride);

/// The padding a convolution or pooling applies to its NHWC input of `shape`: its own SAME
/// padding (`o.padding` 0) plus `folded` (a PAD folded into it).
WindowPads WindowPadding(const std::vector<int>& shape, int kh, int kw, const TfliteOptions& o,
                         WindowPads folded = {});

/// A PAD writing `out` with NHWC `pairs` (before/after per axis) can be folded into its reader
/// when it pads only height and width and its one needed reader is a VALID (depthwise)
/// convolution taking it as data: then the spatial pads, else nothing.
std::optional<WindowPads> FoldablePad(const GraphPlan& plan, int out,
                                      const std::vector<int>& pairs);

}  // namespace poise::vision
