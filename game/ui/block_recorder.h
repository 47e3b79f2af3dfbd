// Records the landmark stream of one exercise block while it is played and saves it (compressed,
// store/pose_stream.h) when the block ends, or, when the block is cut short by a stop, a fall
// alarm or quitting, whatever was recorded (from the destructor). Off when the player or the
// physiotherapist turned recording off (--no-record-poses, setting record_poses = "0").
#pragma once

#include <string>
#include <vector>

#include "game/store/pose_stream.h"
#include "vision/pose.h"

namespace poise::ui {

class BlockRecorder {
 public:
  /// `store` may be null (no database): nothing is recorded.
  BlockRecorder(store::SessionStore* store, bool enabled, int64_t session_id, int block,
                std::string exercise);
  ~BlockRecorder();
  BlockRecorder(const BlockRecorder&) = delete;
  BlockRecorder& operator=(const BlockRecorder&) = delete;

  void Add(const PoseFrame& frame);  ///< frames without a person are skipped
  /// Saves what was recorded (once); returns an error sentence, empty when saved or nothing to do.
  std::string Save();

 private:
  store::SessionStore* store_;
  int64_t session_id_;
  int block_;
  std::string exercise_;
  std::vector<store::ReplayFrame> frames_;
  bool saved_ = false;
};

/// Whether this run records landmark streams: --no-record-poses off, else the store setting.
bool RecordPoses(bool option_on, store::SessionStore* store);

}  // namespace poise::ui
