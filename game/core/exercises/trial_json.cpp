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

nlohmann::json QualityToJson(const TrialQuality& q) {
  nlohmann::json j = {{"seen_fraction", q.seen_fraction},   {"effective_fps", q.effective_fps},
                      {"jitter_cm", q.jitter_cm},           {"gaps_bridged", q.gaps_bridged},
                      {"longest_gap_ms", q.longest_gap_ms}, {"measurable", q.measurable}};
  if (!q.measurable) j["reason"] = q.reason;
  return j;
}

TrialQuality QualityFromJson(const nlohmann::json& j) {
  TrialQuality q;
  if (!j.is_object()) return q;
  q.seen_fraction = j.value("seen_fraction", 1.0);
  q.effective_fps = j.value("effective_fps", 0.0);
  q.jitter_cm = j.value("jitter_cm", 0.0);
  q.gaps_bridged = j.value("gaps_bridged", 0);
  q.longest_gap_ms = j.value("longest_gap_ms", 0.0);
  q.measurable = j.value("measurable", true);
  q.reason = j.value("reason", std::string());
  return q;
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
          {"metrics", MetricsToJson(t.metrics)},
          {"quality", QualityToJson(t.quality)}};
}

}  // namespace poise::core
