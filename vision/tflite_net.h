// Builds a cv::dnn::Net directly from a .tflite file (OpenCV 4.6 has no TFLite importer).
// Weights are dequantised from float16 and densified once at load; tensors are NCHW inside the
// net; SAME padding (possibly asymmetric) becomes a Padding layer; DEPTH_TO_SPACE is DCR;
// RESIZE_BILINEAR with half-pixel centres uses OpenCV's "opencv_linear"; branches that feed no
// requested output are left out of the net.
#pragma once

#include <opencv2/dnn.hpp>
#include <string>
#include <vector>

#include "vision/tflite_graph.h"

namespace poise::vision {

struct TfliteNetOptions {
  /// Output tensor names to keep (e.g. {"Identity", "Identity_1"}); empty keeps all outputs.
  std::vector<std::string> outputs;
  /// Also accept names of intermediate tensors in `outputs` (for debugging a model layer by layer).
  bool allow_intermediate_outputs = false;
};

struct TfliteNet {
  cv::dnn::Net net;
  std::string input_name;                       ///< e.g. "input_1"
  std::vector<int> input_shape_nhwc;            ///< e.g. {1, 224, 224, 3}
  std::vector<std::string> output_names;        ///< layer names for forward(), in output order
  std::vector<std::string> output_tensors;      ///< TFLite tensor names, same order
  std::vector<std::vector<int>> output_shapes;  ///< TFLite shapes, same order
  int num_layers = 0;                           ///< layers in the built net
};

/// Loads the model and builds the net. Input contract: an NCHW float blob (1x3xHxW, already
/// scaled). Output contract: 4-D outputs come out NCHW; other outputs in TFLite element order.
/// Throws ModelError with one sentence naming the file and the problem.
TfliteNet LoadTfliteNet(const std::string& path, const TfliteNetOptions& options = {});

}  // namespace poise::vision
