#include "vision/pose_log.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace poise::vision {
namespace {

double Round(double v, double scale) { return std::round(v * scale) / scale; }

}  // namespace

std::string PoseFrameToJsonLine(const PoseFrame& f) {
  nlohmann::json j;
  j["frame"] = f.frame_index;
  j["t_ms"] = Round(f.capture_ms, 1000);
  j["width"] = f.image_width;
  j["height"] = f.image_height;
  j["poses"] = nlohmann::json::array();
  if (f.pose) {
    nlohmann::json p;
    p["score"] = Round(f.pose->score, 1e4);
    auto& lms = p["landmarks"] = nlohmann::json::array();
    auto& world = p["world"] = nlohmann::json::array();
    for (int i = 0; i < kNumLandmarks; ++i) {
      const ImageLandmark& l = f.pose->landmarks[i];
      const WorldLandmark& w = f.pose->world[i];
      lms.push_back({Round(l.x, 1e5), Round(l.y, 1e5), Round(l.z, 1e5), Round(l.visibility, 1e4)});
      world.push_back({Round(w.x, 1e5), Round(w.y, 1e5), Round(w.z, 1e5)});
    }
    j["poses"].push_back(std::move(p));
  }
  return j.dump();
}

PoseFrame PoseFrameFromJsonLine(const std::string& line, int line_number) {
  auto fail = [&](const std::string& what) -> std::runtime_error {
    return std::runtime_error("line " + std::to_string(line_number) + ": " + what);
  };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception&) {  // a syntax error or a number out of range
    throw fail("not valid JSON");
  }
  try {
    if (!j.is_object()) throw fail("expected a JSON object");
    PoseFrame f;
    // Whole numbers only: a float such as 1e46 does not fit an integer (found by the fuzzer).
    auto whole = [&](const char* name, int64_t fallback, bool required) -> int64_t {
      if (!j.contains(name)) {
        if (required) throw fail(std::string("missing \"") + name + "\"");
        return fallback;
      }
      const auto& v = j[name];
      if (!v.is_number_integer()) throw fail(std::string("\"") + name + "\" is not a whole number");
      return v.get<int64_t>();
    };
    f.frame_index = whole("frame", 0, true);
    f.capture_ms = j.at("t_ms").get<double>();
    if (!std::isfinite(f.capture_ms)) throw fail("\"t_ms\" is not a number");
    f.inference_done_ms = f.capture_ms;
    const int64_t width = whole("width", 0, false), height = whole("height", 0, false);
    if (width < 0 || width > 100000 || height < 0 || height > 100000)
      throw fail("\"width\" or \"height\" is out of range");
    f.image_width = int(width);
    f.image_height = int(height);
    const auto& poses = j.at("poses");
    if (!poses.is_array()) throw fail("\"poses\" must be a list");
    if (!poses.empty()) {
      const auto& p = poses[0];
      Pose pose;
      pose.score = p.value("score", 1.0f);
      const auto& lms = p.at("landmarks");
      if (!lms.is_array() || lms.size() != kNumLandmarks)
        throw fail("\"landmarks\" must hold 33 points");
      for (int i = 0; i < kNumLandmarks; ++i) {
        const auto& l = lms[i];
        if (!l.is_array() || l.size() < 2)
          throw fail("landmark " + std::to_string(i) + " is malformed");
        ImageLandmark& o = pose.landmarks[i];
        o.x = l[0].get<float>();
        o.y = l[1].get<float>();
        o.z = l.size() > 2 ? l[2].get<float>() : 0.0f;
        o.visibility = l.size() > 3 ? l[3].get<float>() : 1.0f;
        o.presence = o.visibility;
        if (!std::isfinite(o.x) || !std::isfinite(o.y))
          throw fail("landmark " + std::to_string(i) + " is not a number");
      }
      if (p.contains("world")) {
        const auto& w = p["world"];
        if (!w.is_array() || w.size() != kNumLandmarks) throw fail("\"world\" must hold 33 points");
        for (int i = 0; i < kNumLandmarks; ++i) {
          if (!w[i].is_array() || w[i].size() < 3)
            throw fail("world point " + std::to_string(i) + " is malformed");
          pose.world[i] = {w[i][0].get<float>(), w[i][1].get<float>(), w[i][2].get<float>()};
        }
      }
      f.pose = pose;
    }
    return f;
  } catch (const nlohmann::json::exception& e) {
    throw fail(std::string("missing or wrong field (") + e.what() + ")");
  }
}

std::vector<PoseFrame> ReadPoseLog(std::istream& in) {
  std::vector<PoseFrame> frames;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    PoseFrame f = PoseFrameFromJsonLine(line, n);
    // A replay shows the last frame whose time has come: a time that repeats or goes back
    // would freeze it, so such a file is refused like any other bad line.
    if (!frames.empty() && !(f.capture_ms > frames.back().capture_ms)) {
      char msg[160];
      std::snprintf(msg, sizeof msg,
                    "line %d: \"t_ms\" %.3f does not come after the previous frame's %.3f "
                    "(times must increase)",
                    n, f.capture_ms, frames.back().capture_ms);
      throw std::runtime_error(msg);
    }
    frames.push_back(std::move(f));
  }
  return frames;
}

}  // namespace poise::vision
