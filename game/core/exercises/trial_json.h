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
/// {"seen_fraction", "effective_fps", "jitter_cm", "gaps_bridged", "longest_gap_ms",
/// "measurable", and "reason" when unmeasurable}.
nlohmann::json QualityToJson(const TrialQuality& q);
/// Missing fields keep their defaults (a trial stored before quality was recorded).
TrialQuality QualityFromJson(const nlohmann::json& j);
nlohmann::json TrialToJson(const TrialResult& trial);

}  // namespace poise::core
