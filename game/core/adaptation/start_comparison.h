// The gentle start against the plain one, for a frail player (`poise simulate-difficulty
// --compare-start`): in a session's first trials the gentle start caps each change (one early
// miss no longer drops the level from the plan's 0.3 to the minimum), at the cost of more
// trials before the level reaches what the player can do. Pure and seeded.
#pragma once

#include <string>
#include <vector>

#include "game/core/adaptation/difficulty_simulation.h"

namespace poise::core {

/// A frail player: can do little (threshold 0.15 against the plan's start of 0.3) and misses
/// now and then whatever the level (10 % lapses).
SimulatedPlayer FrailPlayer();

struct StartSummary {
  std::string start;                 ///< "gentle" or "plain"
  int gentle_trials = 0;             ///< trials with a capped change (0: plain)
  double gentle_max_change = 0;      ///< the cap
  double runs_at_minimum_early = 0;  ///< share of runs at the plan's minimum within 10 trials
  double lowest_level_early = 0;     ///< mean over runs of the lowest level in the first 10
  double largest_drop_early = 0;     ///< mean over runs of the largest single fall in the first 10
  double success_early = 0;          ///< success rate in the first 10 trials
  double trials_to_threshold = 0;    ///< mean trials until within 0.05 of the threshold
  double runs_reaching_threshold = 0;  ///< share of runs that got there at all
  double success_second_half = 0;
};

/// Runs `player` with the gentle start (the controller's defaults) and without it.
std::vector<StartSummary> CompareStarts(const SimulatedPlayer& player, const SimulationOptions& o);

}  // namespace poise::core
