#include "game/ui/block_recorder.h"

namespace poise::ui {

BlockRecorder::BlockRecorder(store::SessionStore* store, bool enabled, int64_t session_id,
                             int block, std::string exercise)
    : store_(enabled ? store : nullptr),
      session_id_(session_id),
      block_(block),
      exercise_(std::move(exercise)) {}

BlockRecorder::~BlockRecorder() {
  try {
    Save();
  } catch (...) {  // a destructor must not throw; the trials are stored already
  }
}

void BlockRecorder::Add(const PoseFrame& f) {
  if (!store_ || saved_ || !f.pose) return;
  store::ReplayFrame r;
  r.t_ms = f.capture_ms;
  for (int i = 0; i < kNumLandmarks; ++i) {
    const ImageLandmark& l = f.pose->landmarks[size_t(i)];
    r.landmarks[size_t(i)] = {l.x, l.y, l.visibility};
  }
  frames_.push_back(r);
}

std::string BlockRecorder::Save() {
  if (!store_ || saved_ || frames_.empty()) return "";
  saved_ = true;
  try {
    store::SavePoseStream(*store_, session_id_, block_, exercise_, frames_);
  } catch (const std::exception& e) {
    return e.what();
  }
  frames_.clear();
  frames_.shrink_to_fit();
  return "";
}

bool RecordPoses(bool option_on, store::SessionStore* store) {
  if (!option_on || !store) return false;
  try {
    return store->GetSetting("record_poses").value_or("1") != "0";
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace poise::ui
