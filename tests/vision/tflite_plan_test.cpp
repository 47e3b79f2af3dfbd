// The graph plan both engines build from: which tensors the outputs need, constants through
// DEQUANTIZE, SAME padding as TFLite computes it, and when a PAD folds into a convolution. Small
// hand-made graphs, so each rule is checked on its own.
#include "vision/tflite_plan.h"

#include <gtest/gtest.h>

namespace poise::vision {
namespace {

const uint8_t kBytes[4] = {0, 0, 0, 0};

TfliteTensor Tensor(const std::string& name, std::vector<int> shape, bool constant = false) {
  TfliteTensor t;
  t.name = name;
  t.shape = std::move(shape);
  if (constant) {
    t.data = kBytes;
    t.data_size = sizeof kBytes;
  }
  return t;
}

TfliteOperator Op(TfliteOp code, std::vector<int> in, std::vector<int> out, int padding = 0) {
  TfliteOperator op;
  op.op = int32_t(code);
  op.inputs = std::move(in);
  op.outputs = std::move(out);
  op.options.padding = padding;
  return op;
}

/// 0 image -> PAD(1 paddings) -> 2 -> CONV VALID (3 weights f16 -> DEQUANTIZE -> 4) -> 5 output;
/// 0 -> RELU -> 6, an output nobody asked for.
TfliteGraph PadConvGraph() {
  TfliteGraph g;
  g.path = "/models/small.tflite";
  g.tensors = {Tensor("image", {1, 8, 8, 3}),    Tensor("paddings", {4, 2}, true),
               Tensor("padded", {1, 10, 10, 3}), Tensor("weights_f16", {4, 3, 3, 3}, true),
               Tensor("weights", {4, 3, 3, 3}),  Tensor("features", {1, 8, 8, 4}),
               Tensor("side", {1, 8, 8, 3})};
  g.operators = {Op(TfliteOp::kPad, {0, 1}, {2}), Op(TfliteOp::kDequantize, {3}, {4}),
                 Op(TfliteOp::kConv2d, {2, 4, -1}, {5}, 1), Op(TfliteOp::kRelu, {0}, {6})};
  g.inputs = {0};
  g.outputs = {5, 6};
  return g;
}

TEST(TflitePlanTest, AskedOutputNeedsOnlyItsOwnOperators) {
  const TfliteGraph g = PadConvGraph();
  const GraphPlan p = PlanGraph(g, {"features"});
  EXPECT_EQ(p.wanted, std::vector<int>{5});
  EXPECT_TRUE(p.needed.count(0) && p.needed.count(2) && p.needed.count(4));
  EXPECT_FALSE(p.needed.count(6)) << "the RELU branch feeds no asked output";
  EXPECT_EQ(PlanGraph(g, {}).wanted, (std::vector<int>{5, 6}));
}

TEST(TflitePlanTest, DequantizedWeightsAreConstantsTracedToTheirSource) {
  const GraphPlan p = PlanGraph(PadConvGraph(), {});
  EXPECT_TRUE(p.constants.count(4));
  EXPECT_FALSE(p.constants.count(2));
  EXPECT_EQ(ConstantSource(p, 4), 3);
  EXPECT_EQ(ConstantSource(p, 1), 1);
}

TEST(TflitePlanTest, UnknownOutputNameIsAModelErrorNamingTheFile) {
  const TfliteGraph g = PadConvGraph();
  try {
    PlanGraph(g, {"padded"});
    FAIL() << "an intermediate tensor is not an output unless allowed";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("small.tflite: the model has no output named 'padded'"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(PlanGraph(g, {"padded"}, true).wanted, std::vector<int>{2});
}

TEST(TflitePlanTest, SamePaddingPutsTheExtraPixelAfter) {
  TfliteOptions o;
  o.padding = 0;
  o.stride_h = o.stride_w = 2;
  // 8 wide, 3x3 stride 2: 4 outputs need 9 pixels, 1 of padding, after (TFLite, not before).
  const WindowPads p = WindowPadding({1, 8, 8, 3}, 3, 3, o);
  EXPECT_EQ(p.top, 0);
  EXPECT_EQ(p.bottom, 1);
  EXPECT_EQ(p.left, 0);
  EXPECT_EQ(p.right, 1);
  o.stride_h = o.stride_w = 1;  // 3x3 stride 1 on 7: 2 in total, one each side
  const WindowPads q = WindowPadding({1, 7, 7, 3}, 3, 3, o, WindowPads{1, 0, 0, 2});
  EXPECT_EQ(q.top, 2);
  EXPECT_EQ(q.bottom, 1);
  EXPECT_EQ(q.left, 1);
  EXPECT_EQ(q.right, 3);
  o.padding = 1;  // VALID: only what was folded
  EXPECT_EQ(WindowPadding({1, 7, 7, 3}, 3, 3, o, WindowPads{1, 0, 0, 2}).right, 2);
}

TEST(TflitePlanTest, SpatialPadBeforeAValidConvolutionFolds) {
  const TfliteGraph g = PadConvGraph();
  const GraphPlan p = PlanGraph(g, {});
  const auto pads = FoldablePad(p, 2, {0, 0, 1, 1, 2, 0, 0, 0});
  ASSERT_TRUE(pads);
  EXPECT_EQ(pads->top, 1);
  EXPECT_EQ(pads->bottom, 1);
  EXPECT_EQ(pads->left, 2);
  EXPECT_EQ(pads->right, 0);
  EXPECT_FALSE(FoldablePad(p, 2, {0, 0, 1, 1, 1, 1, 0, 1})) << "channel padding cannot fold";
}

TEST(TflitePlanTest, PadDoesNotFoldIntoSamePaddingOrASecondReader) {
  TfliteGraph same = PadConvGraph();
  same.operators[2].options.padding = 0;
  EXPECT_FALSE(FoldablePad(PlanGraph(same, {}), 2, {0, 0, 1, 1, 1, 1, 0, 0}));

  TfliteGraph two = PadConvGraph();
  two.tensors.push_back(Tensor("also", {1, 10, 10, 3}));
  two.operators.push_back(Op(TfliteOp::kRelu, {2}, {7}));
  two.outputs.push_back(7);
  EXPECT_FALSE(FoldablePad(PlanGraph(two, {}), 2, {0, 0, 1, 1, 1, 1, 0, 0}));
  // Not asked for, the second reader is not needed and the PAD folds again.
  EXPECT_TRUE(FoldablePad(PlanGraph(two, {"features"}), 2, {0, 0, 1, 1, 1, 1, 0, 0}));
}

}  // namespace
}  // namespace poise::vision
