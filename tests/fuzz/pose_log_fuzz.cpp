// libFuzzer target for the pose JSONL reader (vision::ReadPoseLog): any bytes in, either frames
// with finite, strictly increasing times and finite landmarks, or std::runtime_error naming the
// line. Anything else (a crash, a sanitizer finding, another exception, a hang) is a bug.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>

#include "vision/pose_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const auto frames = poise::vision::ReadPoseLog(in);
    for (size_t i = 0; i < frames.size(); ++i) {
      if (!std::isfinite(frames[i].capture_ms)) std::abort();
      if (i > 0 && !(frames[i].capture_ms > frames[i - 1].capture_ms)) std::abort();
      if (frames[i].pose)
        for (const auto& l : frames[i].pose->landmarks)
          if (!std::isfinite(l.x) || !std::isfinite(l.y)) std::abort();
      // What was read writes back and reads again as one frame.
      std::istringstream again(poise::vision::PoseFrameToJsonLine(frames[i]));
      if (poise::vision::ReadPoseLog(again).size() != 1) std::abort();
    }
  } catch (const std::runtime_error& e) {
    if (std::string(e.what()).rfind("line ", 0) != 0) std::abort();  // names the line
  }
  return 0;
}
