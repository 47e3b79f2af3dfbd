// poise simulate-difficulty: the adaptive difficulty against simulated players.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "game/app/commands.h"
#include "game/core/adaptation/difficulty_simulation.h"
#include "game/core/adaptation/start_comparison.h"

namespace poise::app {

namespace {

int CompareStart(const core::SimulationOptions& o, bool json) {
  const core::SimulatedPlayer frail = core::FrailPlayer();
  const auto res = core::CompareStarts(frail, o);
  std::printf(
      "Gentle start against plain start: a frail player (threshold %.2f, %.0f %% lapses), plan "
      "start 0.30, minimum 0.00, target %.0f %%, %d trials, %d runs, seed %llu\n",
      frail.threshold, frail.lapse * 100, o.target * 100, o.trials, o.runs,
      static_cast<unsigned long long>(o.seed));
  std::printf("%-8s %14s %14s %14s %12s %16s %12s\n", "start", "at minimum", "lowest level",
              "largest drop", "success", "trials to reach", "success");
  std::printf("%-8s %14s %14s %14s %12s %16s %12s\n", "", "(first 10)", "(first 10)", "(first 10)",
              "(first 10)", "threshold +-0.05", "2nd half");
  nlohmann::json j = nlohmann::json::array();
  for (const auto& s : res) {
    std::printf("%-8s %13.1f%% %14.3f %14.3f %11.1f%% %16.1f %11.1f%%\n", s.start.c_str(),
                s.runs_at_minimum_early * 100, s.lowest_level_early, s.largest_drop_early,
                s.success_early * 100, s.trials_to_threshold, s.success_second_half * 100);
    j.push_back({{"start", s.start},
                 {"gentle_trials", s.gentle_trials},
                 {"gentle_max_change", s.gentle_max_change},
                 {"runs_at_minimum_first_10", s.runs_at_minimum_early},
                 {"lowest_level_first_10", s.lowest_level_early},
                 {"largest_drop_first_10", s.largest_drop_early},
                 {"success_first_10", s.success_early},
                 {"trials_to_threshold", s.trials_to_threshold},
                 {"runs_reaching_threshold", s.runs_reaching_threshold},
                 {"success_second_half", s.success_second_half}});
  }
  if (json) std::printf("%s\n", j.dump().c_str());
  return 0;
}

}  // namespace

int RunSimulateDifficulty(int argc, char** argv) {
  CLI::App app{"Run the adaptive difficulty against simulated players (R runs each)."};
  core::SimulationOptions o;
  bool json = false;
  app.add_option("--target", o.target, "target success rate")->check(CLI::Range(0.5, 0.95));
  app.add_option("--trials", o.trials, "trials per session")->check(CLI::Range(10, 100000));
  app.add_option("--runs", o.runs, "independent runs per player")->check(CLI::Range(1, 100000));
  app.add_option("--seed", o.seed, "random seed");
  app.add_flag("--json", json, "end with one JSON line");
  bool compare_start = false;
  app.add_flag("--compare-start", compare_start,
               "a frail player with the gentle start against the plain one (the trade-off)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (compare_start) return CompareStart(o, json);
  const auto players = core::StandardPlayers();
  const auto res = core::Simulate(players, o);
  std::printf("Adaptive difficulty: target %.0f %%, %d trials, %d runs per player, seed %llu\n",
              o.target * 100, o.trials, o.runs, static_cast<unsigned long long>(o.seed));
  std::printf("%-28s %10s %10s %10s %12s %12s %8s\n", "player", "success", "final", "true",
              "fatigue", "first", "rest");
  std::printf("%-28s %10s %10s %10s %12s %12s %8s\n", "", "2nd half", "level", "threshold",
              "guard acted", "action at", "runs");
  for (const auto& s : res) {
    char first[32] = "-";
    if (s.mean_first_fatigue_trial >= 0)
      std::snprintf(first, sizeof first, "trial %.1f", s.mean_first_fatigue_trial);
    std::printf("%-28s %9.1f%% %10.3f %10.3f %11.1f%% %12s %7.1f%%\n", s.name.c_str(),
                s.success_rate_second_half * 100, s.final_level, s.true_threshold,
                s.runs_with_fatigue_action * 100, first, s.runs_with_rest * 100);
    if (s.session_start_level.size() > 1) {
      for (size_t k = 0; k < s.session_start_level.size(); ++k)
        std::printf("    session %zu starts at level %.3f (threshold then %.3f)\n", k + 1,
                    s.session_start_level[k], s.session_threshold[k]);
    }
  }
  if (json) std::printf("%s\n", core::SimulationToJson(res, o).dump().c_str());
  return 0;
}

}  // namespace poise::app
