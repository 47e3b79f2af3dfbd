// The plan a session follows: blocks of exercises with their dose, difficulty range and rests.
// Read from JSON ("format": "poise-plan", "schema_version": 1). Until plans can be edited in the
// menu, today's plan is assets/plans/today.json.
#pragma once

#include <string>
#include <vector>

namespace poise::core {

struct PlanBlock {
  std::string exercise = "bubble_reach";
  std::string variant = "standing";
  int trials = 8;
  double level_min = 0, level_start = 0.3, level_max = 1;
  double rest_after_s = 30;
};

struct SessionPlan {
  std::string name;
  int version = 1;
  std::string notes;
  double session_cap_min = 30;
  double target_success = 0.75;
  int sessions_per_week = 3;  ///< the adherence target
  std::vector<PlanBlock> blocks;
};

/// Throws std::runtime_error with one sentence naming the field and the allowed range.
SessionPlan ParseSessionPlan(const std::string& json_text);
SessionPlan LoadSessionPlan(const std::string& path);
/// The plan for a player who should not stand: every block whose exercise has a seated variant,
/// set to it; standing-only blocks are left out (the result may have no blocks).
SessionPlan SeatedVersion(SessionPlan plan);

}  // namespace poise::core
