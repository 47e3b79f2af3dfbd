#include "game/core/exercises/trial_json.h"

namespace poise::core {

nlohmann::json ParametersToJson(const std::vector<Parameter>& parameters) {
  nlohmann::json a = nlohmann::json::array();
  for (const Parameter& p : parameters)
    a.push_back({{"name", p.name}, {"value", p.value}, {"unit", p.unit}});
  return a;
}

nlohmann::json MetricsToJson(const std::vector<Metric>& metrics) {
  nlohmann::json a = nlohmann::json::array();
  for (const Metric& m : metrics)
    a.push_back({{"name", m.name}, {"value", m.value}, {"unit", m.unit}});
  return a;
}

nlohmann::json TrialToJson(const TrialResult& t) {
  return {{"exercise", t.exercise_id},
          {"variant", t.variant},
          {"trial_index", t.trial_index},
          {"level", t.level},
          {"outcome", TrialOutcomeName(t.outcome)},
          {"note", t.note},
          {"start_ms", t.start_ms},
          {"end_ms", t.end_ms},
          {"parameters", ParametersToJson(t.parameters)},
          {"metrics", MetricsToJson(t.metrics)}};
}

}  // namespace poise::core
