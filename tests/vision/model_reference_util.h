// The model files and the independent float64 interpreter's reference outputs
// (tests/data/model_reference) that both engines' tests compare against.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace poise::vision {

inline const std::string kRef = std::string(POISE_TEST_DATA) + "/model_reference/";
inline const std::string kModels = std::string(POISE_ASSET_DIR) + "/models/";

inline std::string ModelPath(const std::string& name) {
  const std::string p = kModels + name + ".tflite";
  if (!std::filesystem::exists(p)) ADD_FAILURE() << p << " is missing: run scripts/setup first";
  return p;
}

/// A raw little-endian float32 file.
inline std::vector<float> ReadRaw(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  EXPECT_TRUE(in) << "cannot open " << path;
  const auto n = size_t(in.tellg());
  std::vector<float> v(n / 4);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(v.data()), std::streamsize(n));
  return v;
}

}  // namespace poise::vision
