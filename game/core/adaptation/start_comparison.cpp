#include "game/core/adaptation/start_comparison.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "game/core/adaptation/level_controller.h"

namespace poise::core {

SimulatedPlayer FrailPlayer() {
  SimulatedPlayer p{"frail", 0.15};
  p.lapse = 0.10;
  return p;
}

std::vector<StartSummary> CompareStarts(const SimulatedPlayer& player, const SimulationOptions& o) {
  constexpr int kEarly = 10;
  std::vector<StartSummary> out;
  for (const bool gentle : {true, false}) {
    LevelControllerOptions options;
    if (!gentle) options.gentle_trials = 0;
    StartSummary s;
    s.start = gentle ? "gentle" : "plain";
    s.gentle_trials = options.gentle_trials;
    s.gentle_max_change = gentle ? options.gentle_max_change : 0;
    std::mt19937_64 rng(o.seed);  // the same player responses for both starts
    std::uniform_real_distribution<double> uni(0, 1);
    int reached = 0;
    double to_threshold = 0;
    for (int run = 0; run < o.runs; ++run) {
      LevelBounds bounds;
      bounds.target_success = o.target;
      LevelController ctl(bounds, std::nullopt, options);
      double lowest = ctl.level(), drop = 0;
      int early_ok = 0, late_ok = 0, first_near = -1;
      for (int t = 0; t < o.trials; ++t) {
        const double level = ctl.level();
        if (first_near < 0 && std::abs(level - TrueThreshold(player, t, 0)) <= 0.05) first_near = t;
        const bool ok = uni(rng) < SuccessProbability(player, o.target, level, t, 0);
        ctl.RecordTrial(ok);
        if (t < kEarly) {
          early_ok += ok;
          lowest = std::min(lowest, ctl.level());
          drop = std::max(drop, level - ctl.level());
        }
        if (t >= o.trials / 2) late_ok += ok;
      }
      s.runs_at_minimum_early += (lowest <= bounds.min + 1e-9) / double(o.runs);
      s.lowest_level_early += lowest / o.runs;
      s.largest_drop_early += drop / o.runs;
      s.success_early += double(early_ok) / kEarly / o.runs;
      s.success_second_half += double(late_ok) / (o.trials - o.trials / 2) / o.runs;
      if (first_near >= 0) {
        ++reached;
        to_threshold += first_near;
      }
    }
    s.runs_reaching_threshold = double(reached) / o.runs;
    s.trials_to_threshold = reached ? to_threshold / reached : -1;
    out.push_back(s);
  }
  return out;
}

}  // namespace poise::core
