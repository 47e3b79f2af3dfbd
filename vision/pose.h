// Pose types shared by vision, game/core, store and ui. Plain value types: no OpenCV here, so
// game/core can use them without linking the vision library.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace poise {

inline constexpr int kNumLandmarks = 33;

/// BlazePose topology (MediaPipe order).
enum Landmark : int {
  kNose = 0,
  kLeftEyeInner,
  kLeftEye,
  kLeftEyeOuter,
  kRightEyeInner,
  kRightEye,
  kRightEyeOuter,
  kLeftEar,
  kRightEar,
  kMouthLeft,
  kMouthRight,
  kLeftShoulder,
  kRightShoulder,
  kLeftElbow,
  kRightElbow,
  kLeftWrist,
  kRightWrist,
  kLeftPinky,
  kRightPinky,
  kLeftIndex,
  kRightIndex,
  kLeftThumb,
  kRightThumb,
  kLeftHip,
  kRightHip,
  kLeftKnee,
  kRightKnee,
  kLeftAnkle,
  kRightAnkle,
  kLeftHeel,
  kRightHeel,
  kLeftFootIndex,
  kRightFootIndex,
};

inline constexpr std::array<std::string_view, kNumLandmarks> kLandmarkNames = {
    "nose",        "left_eye_inner",  "left_eye",        "left_eye_outer", "right_eye_inner",
    "right_eye",   "right_eye_outer", "left_ear",        "right_ear",      "mouth_left",
    "mouth_right", "left_shoulder",   "right_shoulder",  "left_elbow",     "right_elbow",
    "left_wrist",  "right_wrist",     "left_pinky",      "right_pinky",    "left_index",
    "right_index", "left_thumb",      "right_thumb",     "left_hip",       "right_hip",
    "left_knee",   "right_knee",      "left_ankle",      "right_ankle",    "left_heel",
    "right_heel",  "left_foot_index", "right_foot_index"};

/// Skeleton edges for drawing (pairs of landmark indices).
inline constexpr std::array<std::array<int, 2>, 35> kSkeletonEdges = {{
    {0, 1},   {1, 2},   {2, 3},   {3, 7},   {0, 4},   {4, 5},   {5, 6},   {6, 8},   {9, 10},
    {11, 12}, {11, 13}, {13, 15}, {15, 17}, {15, 19}, {15, 21}, {17, 19}, {12, 14}, {14, 16},
    {16, 18}, {16, 20}, {16, 22}, {18, 20}, {11, 23}, {12, 24}, {23, 24}, {23, 25}, {24, 26},
    {25, 27}, {26, 28}, {27, 29}, {28, 30}, {29, 31}, {30, 32}, {27, 31}, {28, 32},
}};

/// One landmark in image coordinates. x, y normalised to the frame's width and height
/// (MediaPipe's NormalizedLandmark convention; may lie outside [0, 1]); z is depth in the same
/// scale as x, smaller = closer to the camera, origin at the hips' midpoint.
struct ImageLandmark {
  float x = 0, y = 0, z = 0;
  float visibility = 0;  ///< probability [0, 1] that the point is visible (not occluded)
  float presence = 0;    ///< probability [0, 1] that the point is inside the frame
};

/// One landmark in metric world coordinates: metres, origin between the hips,
/// y pointing down, x to the person's left in the image (MediaPipe world landmarks).
struct WorldLandmark {
  float x = 0, y = 0, z = 0;
};

/// One tracked person.
struct Pose {
  float score = 0;  ///< pose presence probability from the landmark model [0, 1]
  std::array<ImageLandmark, kNumLandmarks> landmarks{};
  std::array<WorldLandmark, kNumLandmarks> world{};
};

/// The tracker's output for one camera frame.
struct PoseFrame {
  int64_t frame_index = 0;
  double capture_ms = 0;  ///< capture timestamp, milliseconds on a steady clock (or video time)
  double inference_done_ms = 0;  ///< when the pose became available, same clock as capture_ms
  int image_width = 0, image_height = 0;
  std::optional<Pose> pose;  ///< empty when nobody is found
  bool redetected = false;   ///< the person detector ran for this frame
  /// People the detector found (after non-maximum suppression) when it ran on this frame;
  /// -1 when it did not run (tracking from the previous frame's landmarks).
  int people_detected = -1;
};

}  // namespace poise
