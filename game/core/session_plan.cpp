#include "game/core/session_plan.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "game/core/exercise.h"

namespace poise::core {
namespace {

double Number(const nlohmann::json& j, const std::string& key, double lo, double hi,
              const std::string& where) {
  if (!j.contains(key) || !j[key].is_number())
    throw std::runtime_error(where + key + " is missing or not a number");
  const double v = j[key].get<double>();
  if (!(v >= lo && v <= hi))
    throw std::runtime_error(where + key + " must be between " + std::to_string(lo).substr(0, 5) +
                             " and " + std::to_string(hi).substr(0, 5));
  return v;
}

}  // namespace

SessionPlan ParseSessionPlan(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error&) {
    throw std::runtime_error("the plan is not valid JSON");
  }
  if (!j.is_object() || j.value("format", "") != "poise-plan")
    throw std::runtime_error("this is not a Poise plan file");
  if (j.value("schema_version", 0) != 1)
    throw std::runtime_error("the plan's schema_version must be 1");
  SessionPlan p;
  p.name = j.value("name", "");
  if (p.name.empty()) throw std::runtime_error("name is missing");
  p.version = int(Number(j, "version", 1, 1e9, ""));
  p.notes = j.value("notes", "");
  p.session_cap_min = Number(j, "session_cap_min", 5, 120, "");
  p.target_success = Number(j, "target_success", 0.5, 0.95, "");
  if (j.contains("sessions_per_week"))
    p.sessions_per_week = int(Number(j, "sessions_per_week", 1, 14, ""));
  if (!j.contains("blocks") || !j["blocks"].is_array() || j["blocks"].empty() ||
      j["blocks"].size() > 30)
    throw std::runtime_error("blocks must list 1 to 30 exercise blocks");
  for (size_t i = 0; i < j["blocks"].size(); ++i) {
    const auto& b = j["blocks"][i];
    const std::string where = "blocks[" + std::to_string(i) + "].";
    PlanBlock pb;
    pb.exercise = b.value("exercise", "");
    if (!CreateExercise(pb.exercise))
      throw std::runtime_error(where + "exercise '" + pb.exercise + "' is unknown");
    pb.variant = b.value("variant", "standing");
    if (pb.variant != "standing" && pb.variant != "seated")
      throw std::runtime_error(where + "variant must be standing or seated");
    pb.trials = int(Number(b, "trials", 1, 100, where));
    pb.level_min = Number(b, "level_min", 0, 1, where);
    pb.level_max = Number(b, "level_max", 0, 1, where);
    pb.level_start = Number(b, "level_start", 0, 1, where);
    if (pb.level_min > pb.level_max || pb.level_start < pb.level_min ||
        pb.level_start > pb.level_max)
      throw std::runtime_error(where + "level_start must lie between level_min and level_max");
    pb.rest_after_s = Number(b, "rest_after_s", 0, 600, where);
    p.blocks.push_back(pb);
  }
  return p;
}

SessionPlan LoadSessionPlan(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("The plan file " + path + " cannot be opened.");
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return ParseSessionPlan(ss.str());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("The plan file " + path + " cannot be used: " + e.what() + ".");
  }
}

SessionPlan SeatedVersion(SessionPlan plan) {
  std::vector<PlanBlock> seated;
  for (PlanBlock b : plan.blocks) {
    const ExerciseInfo* info = FindExercise(b.exercise);
    if (!info ||
        std::find(info->variants.begin(), info->variants.end(), "seated") == info->variants.end())
      continue;  // standing only (e.g. single-leg stance): left out, never played standing
    b.variant = "seated";
    seated.push_back(b);
  }
  plan.blocks = std::move(seated);
  return plan;
}

}  // namespace poise::core
