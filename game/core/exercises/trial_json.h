// TrialResult <-> JSON, shared by `poise play --summary-json`, the session store and exports:
// {"exercise", "variant", "trial_index", "level", "outcome", "note", "start_ms", "end_ms",
//  "parameters": [{"name", "value", "unit"}...], "metrics": [{"name", "value", "unit"}...]}.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "game/core/exercises/trial.h"

namespace poise::core {

nlohmann::json ParametersToJson(const std::vector<Parameter>& parameters);
nlohmann::json MetricsToJson(const std::vector<Metric>& metrics);
nlohmann::json TrialToJson(const TrialResult& trial);

}  // namespace poise::core
