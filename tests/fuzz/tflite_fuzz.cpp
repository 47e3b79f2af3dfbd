// libFuzzer target for the .tflite reader (vision::ParseTfliteGraph + DenseFloatData): any bytes
// in, either a graph whose every constant tensor expands to dense floats, or the documented
// ModelError (one sentence). A crash, a sanitizer finding, a hang or a huge allocation is a bug.
// Built and run by scripts/fuzz (clang, -fsanitize=fuzzer,address,undefined).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "vision/tflite_graph.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const poise::vision::TfliteGraph g =
        poise::vision::ParseTfliteGraph(std::vector<uint8_t>(data, data + size), "fuzz.tflite");
    for (const auto& t : g.tensors)
      if (t.data) poise::vision::DenseFloatData(g, t);
    for (const auto& op : g.operators)
      for (int i : op.inputs)
        if (i < -1 || i >= int(g.tensors.size())) std::abort();  // the reader checks indices
  } catch (const poise::vision::ModelError& e) {
    if (!*e.what()) std::abort();  // the rejection always says why
  }
  return 0;
}
