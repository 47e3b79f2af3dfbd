// The JSONL pose format (architecture.md), one JSON object per frame:
//   {"frame": 0, "t_ms": 0.0, "width": 640, "height": 480,
//    "poses": [{"score": 0.99, "landmarks": [[x, y, z, visibility], ...33],
//               "world": [[x, y, z], ...33]}]}
// x, y normalised to the frame's width and height (MediaPipe's convention); "poses": [] when
// nobody is found. "width"/"height" are extra keys this writer adds (readers ignore unknown keys);
// the format carries no presence, so a reader sets presence = visibility.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "vision/pose.h"

namespace poise::vision {

/// One line (without the trailing newline).
std::string PoseFrameToJsonLine(const PoseFrame& frame);

/// Parses one line; throws std::runtime_error naming `line_number` and the problem.
PoseFrame PoseFrameFromJsonLine(const std::string& line, int line_number);

/// Reads a whole JSONL stream (blank lines skipped); errors name the line.
std::vector<PoseFrame> ReadPoseLog(std::istream& in);

}  // namespace poise::vision
