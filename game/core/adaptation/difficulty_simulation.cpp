#include "game/core/adaptation/difficulty_simulation.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

#include "game/core/adaptation/fatigue_monitor.h"
#include "game/core/adaptation/level_controller.h"

namespace poise::core {

std::vector<SimulatedPlayer> StandardPlayers() {
  std::vector<SimulatedPlayer> p = {{"low ability", 0.25},  {"medium ability", 0.5},
                                    {"high ability", 0.75}, {"noisy responses", 0.5, 0.12},
                                    {"tiring", 0.6},        {"improving across sessions", 0.3}};
  p[4].tire_from_trial = 40;
  p[4].tire_per_trial = 0.03;
  p[4].tire_max = 0.25;
  p[4].slow_per_trial = 0.05;
  p[5].improve_per_session = 0.08;
  p[5].sessions = 5;
  return p;
}

double TrueThreshold(const SimulatedPlayer& p, int trial, int session) {
  double t = p.threshold + p.improve_per_session * session;
  if (p.tire_from_trial >= 0 && trial > p.tire_from_trial)
    t -= std::min(p.tire_max, p.tire_per_trial * (trial - p.tire_from_trial));
  return t;
}

double SuccessProbability(const SimulatedPlayer& p, double target, double level, int trial,
                          int session) {
  // Midpoint m such that the success probability at the threshold equals the target.
  const double th = TrueThreshold(p, trial, session);
  const double m = th - p.slope * std::log((1 - p.lapse) / target - 1);
  return (1 - p.lapse) / (1 + std::exp((level - m) / p.slope));
}

std::vector<PlayerSummary> Simulate(const std::vector<SimulatedPlayer>& players,
                                    const SimulationOptions& o) {
  std::vector<PlayerSummary> out;
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> uni(0, 1);
  std::normal_distribution<double> noise(0, 0.08);
  for (const SimulatedPlayer& pl : players) {
    PlayerSummary s;
    s.name = pl.name;
    s.session_start_level.assign(pl.sessions, 0);
    double fatigue_trial_sum = 0;
    int fatigue_runs = 0, rest_runs = 0;
    for (int run = 0; run < o.runs; ++run) {
      LevelBounds bounds;
      bounds.target_success = o.target;
      std::optional<LevelState> carried;
      bool fatigued = false, rested = false;
      for (int session = 0; session < pl.sessions; ++session) {
        LevelController ctl(bounds, carried);
        FatigueMonitor guard(o.target);
        s.session_start_level[session] += ctl.level() / o.runs;
        int second_half_successes = 0;
        for (int t = 0; t < o.trials; ++t) {
          const double level = ctl.level();
          s.min_level_seen = std::min(s.min_level_seen, level);
          s.max_level_seen = std::max(s.max_level_seen, level);
          const bool ok = uni(rng) < SuccessProbability(pl, o.target, level, t, session);
          // Movement time: about 1 s, slower as the player tires.
          double mt = 1.0 * (1 + noise(rng));
          if (pl.tire_from_trial >= 0 && t > pl.tire_from_trial)
            mt *= 1 + std::min(0.5, pl.slow_per_trial * (t - pl.tire_from_trial));
          const FatigueDecision d = guard.RecordTrial({ok, mt, double(t) / o.trials});
          ctl.RecordTrial(ok, d.allow_raise);
          if (d.fatigue) {
            ctl.LowerForFatigue(FatigueOptions{}.lower_by);
            if (session == pl.sessions - 1 && !fatigued) {
              fatigued = true;
              fatigue_trial_sum += t;
            }
          }
          if (d.rest != RestAdvice::kNone) rested = true;
          if (session == pl.sessions - 1 && t >= o.trials / 2) second_half_successes += ok;
        }
        carried = ctl.state();
        if (session == pl.sessions - 1) {
          s.success_rate_second_half +=
              double(second_half_successes) / (o.trials - o.trials / 2) / o.runs;
          s.final_level += ctl.level() / o.runs;
        }
      }
      fatigue_runs += fatigued;
      rest_runs += rested;
    }
    s.true_threshold = TrueThreshold(pl, o.trials - 1, pl.sessions - 1);
    for (int k = 0; k < pl.sessions; ++k) s.session_threshold.push_back(TrueThreshold(pl, 0, k));
    s.runs_with_fatigue_action = double(fatigue_runs) / o.runs;
    s.runs_with_rest = double(rest_runs) / o.runs;
    s.mean_first_fatigue_trial = fatigue_runs ? fatigue_trial_sum / fatigue_runs : -1;
    out.push_back(s);
  }
  return out;
}

nlohmann::json SimulationToJson(const std::vector<PlayerSummary>& summaries,
                                const SimulationOptions& o) {
  nlohmann::json j = {
      {"target", o.target}, {"trials", o.trials}, {"runs", o.runs}, {"seed", o.seed}};
  j["players"] = nlohmann::json::array();
  for (const auto& s : summaries)
    j["players"].push_back({{"name", s.name},
                            {"success_rate_second_half", s.success_rate_second_half},
                            {"final_level", s.final_level},
                            {"true_threshold", s.true_threshold},
                            {"runs_with_fatigue_action", s.runs_with_fatigue_action},
                            {"mean_first_fatigue_trial", s.mean_first_fatigue_trial},
                            {"runs_with_rest", s.runs_with_rest},
                            {"session_start_level", s.session_start_level},
                            {"session_threshold", s.session_threshold}});
  return j;
}

}  // namespace poise::core
