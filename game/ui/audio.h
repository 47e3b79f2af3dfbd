// Audio cues synthesised with SDL audio (no sound files): start, hit, miss, pause. Mutable.
// Without an audio device (e.g. headless) cues are silently skipped.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace poise::ui {

enum class Cue { kStart, kHit, kMiss, kPause };

class Audio {
 public:
  Audio();
  ~Audio();
  Audio(const Audio&) = delete;
  Audio& operator=(const Audio&) = delete;
  void Play(Cue cue);
  void set_muted(bool m) { muted_ = m; }
  bool muted() const { return muted_; }
  bool available() const { return device_ != 0; }
  /// Samples synthesised and not yet played (for tests).
  size_t queued_samples() {
    std::lock_guard<std::mutex> lock(mutex_);
    return pending_.size();
  }

 private:
  static void Callback(void* self, uint8_t* stream, int len);
  uint32_t device_ = 0;
  int rate_ = 44100;
  std::atomic<bool> muted_{false};
  std::mutex mutex_;
  std::vector<float> pending_;  // samples still to play
};

}  // namespace poise::ui
