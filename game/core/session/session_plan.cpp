#include "game/core/session/session_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

namespace poise::core {
namespace {

using nlohmann::json;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

/// The plan's fields in plain words, for the editor.
std::string Label(const std::string& field) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"name", "Plan name"},
      {"version", "Version"},
      {"notes", "Notes"},
      {"session_cap_min", "Session length cap"},
      {"target_success", "Target success rate"},
      {"sessions_per_week", "Sessions a week"},
      {"alert_after_days", "Flag after days without a session"},
      {"blocks", "The exercise list"},
      {"exercise", "Exercise"},
      {"variant", "Variant"},
      {"sets", "Sets"},
      {"repetitions", "Repetitions"},
      {"duration_s", "Seconds per set"},
      {"rest_between_sets_s", "Rest between sets"},
      {"level_min", "Difficulty minimum"},
      {"level_start", "Difficulty start"},
      {"level_max", "Difficulty maximum"},
      {"rest_after_s", "Rest after the block"}};
  for (const auto& [k, w] : kWords)
    if (field == k) return w;
  return field;
}

/// Collects the problems of one form (plan-level: block -1).
struct Problems {
  FieldErrors errors;
  int block = -1;
  void Add(const std::string& field, const std::string& detail) {
    errors.push_back({field, block, detail, Label(field)});
  }
  /// Adds "must be between LO and HI[ unit]." unless lo <= v <= hi; returns whether v is in range.
  bool Range(double v, double lo, double hi, const std::string& field,
             const std::string& unit = "") {
    if (v >= lo && v <= hi) return true;
    Add(field, "must be between " + Num(lo) + " and " + Num(hi) + unit + ".");
    return false;
  }
};

void ValidateBlock(const PlanBlock& b, const ExerciseLookup& find, Problems& out) {
  const ExerciseInfo* info = find(b.exercise);
  if (!info) {
    out.Add("exercise", "'" + b.exercise + "' is not in the exercise catalogue.");
  } else if (std::find(info->variants.begin(), info->variants.end(), b.variant) ==
             info->variants.end()) {
    std::string offered;
    for (const auto& v : info->variants) offered += (offered.empty() ? "" : " or ") + v;
    out.Add("variant", "must be " + offered + " for " + b.exercise + ".");
  }
  out.Range(b.sets, 1, 10, "sets");
  if (b.duration_s == 0)
    out.Range(b.trials, 1, 100, "repetitions");
  else if (!(b.duration_s >= 10 && b.duration_s <= 1800))
    out.Add("duration_s", "must be between 10 and 1800 s, or 0 to count repetitions.");
  out.Range(b.rest_between_sets_s, 0, 600, "rest_between_sets_s", " s");
  const bool min_ok = out.Range(b.level_min, 0, 1, "level_min");
  const bool max_ok = out.Range(b.level_max, 0, 1, "level_max");
  const bool start_ok = out.Range(b.level_start, 0, 1, "level_start");
  if (min_ok && max_ok && b.level_min > b.level_max)
    out.Add("level_min", "must not be above the maximum (" + Num(b.level_max) + ").");
  else if (min_ok && max_ok && start_ok)
    out.Range(b.level_start, b.level_min, b.level_max, "level_start");
  out.Range(b.rest_after_s, 0, 600, "rest_after_s", " s");
}

// Reading: every access checks the JSON type, so a foreign file gives a sentence, not a crash.
double Number(const json& j, const std::string& key, const std::string& w) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number())
    throw std::runtime_error(w + key + " is missing or not a number");
  return it->get<double>();
}

int Integer(const json& j, const std::string& key, const std::string& w) {
  const double v = Number(j, key, w);
  if (v != std::floor(v) || std::abs(v) > 2e9)
    throw std::runtime_error(w + key + " must be a whole number");
  return int(v);
}

std::string Text(const json& j, const std::string& key, const std::string& w,
                 const std::string& fallback) {
  const auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (!it->is_string()) throw std::runtime_error(w + key + " must be text");
  return it->get<std::string>();
}

void OnlyKnownKeys(const json& j, const std::set<std::string>& known, const std::string& w) {
  for (const auto& [key, value] : j.items())
    if (!known.count(key)) throw std::runtime_error(w + key + " is not a plan field");
}

PlanBlock ReadBlock(const json& b, const std::string& w, int schema) {
  if (!b.is_object()) throw std::runtime_error(w.substr(0, w.size() - 1) + " must be an object");
  PlanBlock pb;
  pb.exercise = Text(b, "exercise", w, "");
  pb.variant = Text(b, "variant", w, "standing");
  pb.level_min = Number(b, "level_min", w);
  pb.level_max = Number(b, "level_max", w);
  pb.level_start = Number(b, "level_start", w);
  pb.rest_after_s = Number(b, "rest_after_s", w);
  if (schema == 1) {
    OnlyKnownKeys(
        b,
        {"exercise", "variant", "trials", "level_min", "level_max", "level_start", "rest_after_s"},
        w);
    pb.trials = Integer(b, "trials", w);
    return pb;
  }
  OnlyKnownKeys(b,
                {"exercise", "variant", "sets", "repetitions", "duration_s", "rest_between_sets_s",
                 "level_min", "level_max", "level_start", "rest_after_s"},
                w);
  pb.sets = Integer(b, "sets", w);
  const bool reps = b.contains("repetitions"), timed = b.contains("duration_s");
  if (reps == timed)
    throw std::runtime_error(w + "needs either repetitions or duration_s, not both or neither");
  if (reps)
    pb.trials = Integer(b, "repetitions", w);
  else
    pb.duration_s = Number(b, "duration_s", w);
  if (timed && pb.duration_s == 0)
    throw std::runtime_error(w + "duration_s must be between 10 and 1800 s");
  pb.rest_between_sets_s =
      b.contains("rest_between_sets_s") ? Number(b, "rest_between_sets_s", w) : 0.0;
  return pb;
}

SessionPlan ReadPlan(const std::string& text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw std::runtime_error("the plan is not valid JSON");
  if (!j.is_object() || !j.contains("format") || j["format"] != "poise-plan")
    throw std::runtime_error("this is not a Poise plan file (\"format\" is not \"poise-plan\")");
  const auto sv = j.find("schema_version");
  if (sv == j.end() || !sv->is_number_integer() ||
      (sv->get<int64_t>() != 1 && sv->get<int64_t>() != kPlanSchemaVersion))
    throw std::runtime_error(
        "schema_version must be 1 or 2 (this plan may come from a newer Poise)");
  const int schema = int(sv->get<int64_t>());
  std::set<std::string> known = {"format",          "schema_version", "name",
                                 "version",         "notes",          "session_cap_min",
                                 "blocks",          "target_success", "sessions_per_week",
                                 "alert_after_days"};
  OnlyKnownKeys(j, known, "");
  SessionPlan p;
  p.name = Text(j, "name", "", "");
  p.version = Integer(j, "version", "");
  p.notes = Text(j, "notes", "", "");
  p.session_cap_min = Number(j, "session_cap_min", "");
  p.target_success = Number(j, "target_success", "");
  if (j.contains("sessions_per_week")) p.sessions_per_week = Integer(j, "sessions_per_week", "");
  if (j.contains("alert_after_days")) p.alert_after_days = Integer(j, "alert_after_days", "");
  const auto blocks = j.find("blocks");
  if (blocks == j.end() || !blocks->is_array())
    throw std::runtime_error("blocks must list 1 to 30 exercise blocks");
  // Bounded before reading, so a huge file cannot make a huge plan.
  if (blocks->empty() || blocks->size() > 30)
    throw std::runtime_error("blocks must list 1 to 30 exercise blocks");
  for (size_t i = 0; i < blocks->size(); ++i)
    p.blocks.push_back(ReadBlock((*blocks)[i], "blocks[" + std::to_string(i) + "].", schema));
  return p;
}

}  // namespace

FieldErrors PlanFieldErrors(const SessionPlan& p, const ExerciseLookup& find) {
  Problems out;
  if (p.name.empty() || p.name.size() > 60) out.Add("name", "must be 1 to 60 characters.");
  out.Range(p.version, 1, 1e9, "version");
  if (p.notes.size() > 1000) out.Add("notes", "must be at most 1000 characters.");
  out.Range(p.session_cap_min, 5, 120, "session_cap_min", " min");
  out.Range(p.target_success, 0.5, 0.95, "target_success");
  out.Range(p.sessions_per_week, 1, 14, "sessions_per_week");
  out.Range(p.alert_after_days, 2, 60, "alert_after_days", " days");
  if (p.blocks.empty() || p.blocks.size() > 30)
    out.Add("blocks", "must list 1 to 30 exercise blocks.");
  for (size_t i = 0; i < p.blocks.size() && i < 30; ++i) {
    out.block = int(i);
    ValidateBlock(p.blocks[i], find, out);
  }
  return out.errors;
}

Result<SessionPlan, FieldErrors> CheckPlan(SessionPlan plan, const ExerciseLookup& find) {
  FieldErrors errors = PlanFieldErrors(plan, find);
  if (!errors.empty()) return Err{std::move(errors)};
  return plan;
}

std::string ValidatePlan(const SessionPlan& p, const ExerciseLookup& find) {
  const FieldErrors errors = PlanFieldErrors(p, find);
  return errors.empty() ? "" : errors.front().Sentence();
}

SessionPlan ParseSessionPlan(const std::string& text, const ExerciseLookup& find) {
  SessionPlan p;
  try {
    p = ReadPlan(text);
  } catch (const std::runtime_error&) {
    throw;
  } catch (const std::exception& e) {  // a JSON type or size surprise the checks missed
    throw std::runtime_error(std::string("the plan cannot be read (") + e.what() + ")");
  }
  if (std::string e = ValidatePlan(p, find); !e.empty()) {
    e.pop_back();  // the caller adds its own full stop
    throw std::runtime_error(e);
  }
  return p;
}

std::string PlanToJson(const SessionPlan& p) {
  json blocks = json::array();
  for (const PlanBlock& b : p.blocks) {
    json jb = {{"exercise", b.exercise},   {"variant", b.variant},
               {"sets", b.sets},           {"rest_between_sets_s", b.rest_between_sets_s},
               {"level_min", b.level_min}, {"level_start", b.level_start},
               {"level_max", b.level_max}, {"rest_after_s", b.rest_after_s}};
    if (b.duration_s > 0)
      jb["duration_s"] = b.duration_s;
    else
      jb["repetitions"] = b.trials;
    blocks.push_back(jb);
  }
  json j = {{"format", "poise-plan"},
            {"schema_version", kPlanSchemaVersion},
            {"name", p.name},
            {"version", p.version},
            {"notes", p.notes},
            {"session_cap_min", p.session_cap_min},
            {"target_success", p.target_success},
            {"sessions_per_week", p.sessions_per_week},
            {"blocks", blocks}};
  // Written only when it differs from the default, so plans that do not use it stay readable by
  // a Poise from before the field.
  if (p.alert_after_days != SessionPlan{}.alert_after_days)
    j["alert_after_days"] = p.alert_after_days;
  return j.dump(2) + "\n";
}

SessionPlan LoadSessionPlan(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("The plan file " + path + " cannot be opened.");
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return ParseSessionPlan(ss.str());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("The plan file " + path + " cannot be used: " + e.what() + ".");
  }
}

SessionPlan SeatedVersion(SessionPlan plan, const ExerciseLookup& find) {
  std::vector<PlanBlock> seated;
  for (PlanBlock& b : plan.blocks) {
    const ExerciseInfo* info = find(b.exercise);
    if (!info ||
        std::find(info->variants.begin(), info->variants.end(), "seated") == info->variants.end())
      continue;
    b.variant = "seated";
    seated.push_back(b);
  }
  plan.blocks = std::move(seated);
  return plan;
}

SessionPlan OneBlockPerSet(const SessionPlan& plan) {
  SessionPlan out = plan;
  out.blocks.clear();
  for (const PlanBlock& b : plan.blocks)
    for (int s = 0; s < b.sets; ++s) {
      PlanBlock one = b;
      one.sets = 1;
      one.rest_after_s = s + 1 < b.sets ? b.rest_between_sets_s : b.rest_after_s;
      out.blocks.push_back(one);
    }
  return out;
}

}  // namespace poise::core
