#include "game/ui/audio.h"

#include <SDL.h>

#include <cmath>
#include <cstring>
#include <numbers>

namespace poise::ui {

Audio::Audio() {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return;
  SDL_AudioSpec want{}, have{};
  want.freq = rate_;
  want.format = AUDIO_F32SYS;
  want.channels = 1;
  want.samples = 1024;
  want.callback = &Audio::Callback;
  want.userdata = this;
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
  if (device_) {
    rate_ = have.freq;
    SDL_PauseAudioDevice(device_, 0);
  }
}

Audio::~Audio() {
  if (device_) SDL_CloseAudioDevice(device_);
}

void Audio::Callback(void* self, uint8_t* stream, int len) {
  auto* a = static_cast<Audio*>(self);
  float* out = reinterpret_cast<float*>(stream);
  const size_t n = size_t(len) / sizeof(float);
  std::lock_guard<std::mutex> lock(a->mutex_);
  const size_t k = std::min(n, a->pending_.size());
  std::memcpy(out, a->pending_.data(), k * sizeof(float));
  std::memset(out + k, 0, (n - k) * sizeof(float));
  a->pending_.erase(a->pending_.begin(), a->pending_.begin() + std::ptrdiff_t(k));
}

void Audio::Play(Cue cue) {
  if (!device_ || muted_) return;
  // Notes (Hz, ms): rising for start and hit, falling for miss, two low notes for pause.
  std::vector<std::pair<double, double>> notes;
  switch (cue) {
    case Cue::kStart:
      notes = {{523, 120}, {659, 120}, {784, 200}};
      break;
    case Cue::kHit:
      notes = {{880, 90}, {1175, 140}};
      break;
    case Cue::kMiss:
      notes = {{392, 150}, {330, 220}};
      break;
    case Cue::kPause:
      notes = {{440, 180}, {440, 180}};
      break;
  }
  std::vector<float> s;
  for (auto [hz, ms] : notes) {
    const int n = int(rate_ * ms / 1000);
    for (int i = 0; i < n; ++i) {
      const double env = std::min(1.0, std::min(i, n - i) / (0.01 * rate_));  // 10 ms fades
      s.push_back(float(0.25 * env * std::sin(2 * std::numbers::pi * hz * i / rate_)));
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.insert(pending_.end(), s.begin(), s.end());
}

}  // namespace poise::ui
