#include "game/core/demo/tracking_noise.h"

#include <algorithm>

namespace poise::core {
namespace {

bool IsFoot(int i) { return i >= kLeftAnkle; }  // ankles, heels, toes
bool IsHand(int i) { return i >= kLeftWrist && i <= kRightThumb; }

}  // namespace

TrackingNoiseModel::TrackingNoiseModel(const TrackingNoise& noise) : n_(noise), rng_(noise.seed) {}

bool TrackingNoiseModel::Flicker(int part, double share) {
  if (share <= 0) return false;
  // Two-state (Markov) runs: hidden runs of mean length L, stationary share `share`.
  const double leave = 1.0 / std::max(1.0, n_.flicker_run_frames);
  const double enter = std::min(1.0, share * leave / std::max(1e-6, 1 - share));
  std::uniform_real_distribution<double> u(0, 1);
  hidden_[part] = hidden_[part] ? u(rng_) >= leave : u(rng_) < enter;
  return hidden_[part];
}

double TrackingNoiseModel::NextFrameMs() {
  const double period = 1000.0 / n_.fps;
  if (first_) {
    first_ = false;
    return t_ms_ = 0;
  }
  std::uniform_real_distribution<double> u(-1, 1);
  t_ms_ += period * (1 + n_.interval_jitter * u(rng_));
  return t_ms_;
}

bool TrackingNoiseModel::Apply(Pose& p, double body_height, double aspect) {
  std::uniform_real_distribution<double> u(0, 1);
  const bool dropped = n_.dropped > 0 && u(rng_) < n_.dropped;
  const bool feet = Flicker(0, n_.feet_flicker), hands = Flicker(1, n_.hands_flicker),
             body = Flicker(2, n_.body_flicker);
  if (dropped) return false;
  // Image heights per cm for this person, then per axis.
  const double per_cm_y = body_height / n_.body_height_cm, per_cm_x = per_cm_y / aspect;
  std::normal_distribution<double> g(0, 1);
  for (int i = 0; i < kNumLandmarks; ++i) {
    const double k = n_.jitter_cm * (IsFoot(i) || IsHand(i) ? n_.extremity_factor : 1.0);
    p.landmarks[i].x += float(k * per_cm_x * g(rng_));
    p.landmarks[i].y += float(k * per_cm_y * g(rng_));
    const bool hidden =
        (IsFoot(i) && feet) || (IsHand(i) && hands) || (!IsFoot(i) && !IsHand(i) && body);
    if (hidden) p.landmarks[i].visibility = float(0.15 + 0.3 * u(rng_));
  }
  return true;
}

std::vector<PoseFrame> RenderNoisy(const BodyScript& script, double duration_s,
                                   const TrackingNoise& noise, int width, int height) {
  TrackingNoiseModel model(noise);
  std::vector<PoseFrame> out;
  for (int64_t k = 0;; ++k) {
    const double t = model.NextFrameMs();
    if (t > duration_s * 1000) break;
    const BodySpec spec = script(t / 1000);
    PoseFrame f = MakeFrame(spec, t, k, width, height);
    if (model.Apply(*f.pose, spec.height, double(width) / height)) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace poise::core
