// The landmark stream of one exercise block, recorded for a stick-figure replay in the review.
// Stored compressed in pose_streams (schema v3): codec "q16z1" = per frame a uint32 time (ms from
// the block's first frame) and per landmark int16 x, int16 y (image-normalised, 1/10000 steps,
// so +-3.27 of the frame) and uint8 visibility (1/255 steps), each written as the difference
// from the previous frame's value (wrapping), little-endian, then zlib; the uncompressed size
// (uint32) comes first.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "game/core/session/session_sink.h"
#include "game/store/session_store.h"
#include "vision/pose.h"

namespace poise::store {

/// One frame of the stream (defined in core, where a session records it).
using ReplayFrame = core::ReplayFrame;

inline constexpr const char* kPoseCodec = "q16z1";
inline constexpr double kPoseQuantum = 1e-4;  ///< x, y step; the round-trip error is half of it

/// Encodes and compresses; frames' times are taken relative to the first frame.
std::string EncodePoseStream(const std::vector<ReplayFrame>& frames);
/// Throws StoreError (one sentence) when the data is not a stream of this codec.
std::vector<ReplayFrame> DecodePoseStream(const std::string& data);

struct StoredPoseStream {
  int64_t id = 0;    ///< the local row (0 at the clinic)
  std::string uuid;  ///< the same at home and at the clinic
  int block = 0;
  std::string exercise;
  int frames = 0;
};

/// Saves one block's stream (its own transaction). Throws StoreError.
void SavePoseStream(SessionStore& store, int64_t session_id, int block, const std::string& exercise,
                    const std::vector<ReplayFrame>& frames);
/// The streams recorded for a session (without their data), by block.
std::vector<StoredPoseStream> PoseStreams(SessionStore& store, int64_t session_id);
std::vector<ReplayFrame> LoadPoseStream(SessionStore& store, int64_t stream_id);

}  // namespace poise::store
