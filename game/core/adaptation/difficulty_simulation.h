// Simulated players for tuning and testing the adaptive difficulty (LevelController +
// FatigueMonitor together, as the game uses them). A player succeeds at level L with probability
// (1 - lapse) / (1 + exp((L - m) / slope)): harder levels fail more, and even easy ones fail
// now and then (lapses). Pure and seeded: the same options give the same numbers.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace poise::core {

struct SimulatedPlayer {
  std::string name;
  double threshold = 0.5;    ///< level at which this player succeeds at the target rate (session 0)
  double slope = 0.06;       ///< psychometric spread: larger = noisier responses
  double lapse = 0.03;       ///< chance of failing regardless of level
  int tire_from_trial = -1;  ///< from this trial on the player tires (-1: never)
  double tire_per_trial = 0;       ///< threshold lost per trial while tiring
  double tire_max = 0;             ///< most threshold lost to tiring
  double slow_per_trial = 0;       ///< movement time gained per trial while tiring (fraction)
  double improve_per_session = 0;  ///< threshold gained per session
  int sessions = 1;
};

/// The built-in players: low, medium and high ability, a player who tires, one who improves.
std::vector<SimulatedPlayer> StandardPlayers();

struct SimulationOptions {
  double target = 0.75;
  int trials = 80;  ///< per session
  int runs = 200;
  uint64_t seed = 1;
};

struct PlayerSummary {
  std::string name;
  double success_rate_second_half = 0;   ///< mean over runs, last session
  double final_level = 0;                ///< mean over runs, last session
  double true_threshold = 0;             ///< at the end of the last session
  double runs_with_fatigue_action = 0;   ///< fraction of runs where the guard lowered the level
  double mean_first_fatigue_trial = -1;  ///< over runs where it acted; -1 if never
  double runs_with_rest = 0;             ///< fraction of runs with a rest offered or enforced
  double min_level_seen = 1, max_level_seen = 0;
  std::vector<double> session_start_level;  ///< mean start level per session
  std::vector<double> session_threshold;    ///< true threshold at each session's start
};

/// Probability that `p` succeeds at `level` on `trial` of `session`.
double SuccessProbability(const SimulatedPlayer& p, double target, double level, int trial,
                          int session);
/// Level where the success probability equals the target.
double TrueThreshold(const SimulatedPlayer& p, int trial, int session);

std::vector<PlayerSummary> Simulate(const std::vector<SimulatedPlayer>& players,
                                    const SimulationOptions& options);
nlohmann::json SimulationToJson(const std::vector<PlayerSummary>& s, const SimulationOptions& o);

}  // namespace poise::core
