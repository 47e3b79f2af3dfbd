#include "game/core/review/plain_words.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <utility>

#include "game/core/metrics/trends.h"

namespace poise::core {
namespace {

std::string Lookup(const std::string& key,
                   std::initializer_list<std::pair<const char*, const char*>> table) {
  for (const auto& [k, v] : table)
    if (key == k) return v;
  return "";
}

/// "hip_sway_rms" -> "hip sway RMS" (abbreviations in capitals).
std::string Words(const std::string& id) {
  std::string out, word;
  auto flush = [&] {
    if (word == "rms" || word == "sd" || word == "sparc") {
      std::transform(word.begin(), word.end(), word.begin(),
                     [](unsigned char c) { return char(std::toupper(c)); });
    }
    if (!word.empty()) out += (out.empty() ? "" : " ") + word;
    word.clear();
  };
  for (const char c : id) {
    if (c == '_')
      flush();
    else
      word += c;
  }
  flush();
  return out;
}

std::string Capital(std::string s) {
  if (!s.empty()) s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string Num(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// Few decimals for large values, more for small ones.
std::string Short(double v) {
  const double a = std::fabs(v);
  return Num(v, a >= 100 ? 0 : a >= 10 ? 1 : 2);
}

}  // namespace

std::string ExerciseName(const std::string& id) {
  const ExerciseInfo* info = FindExercise(id);
  return info ? info->name : id;
}

std::string VariantName(const std::string& variant) { return Capital(variant); }

std::string MetricName(const std::string& metric) {
  const std::string special = Lookup(metric, {{"hit", "Hit rate"},
                                              {"success", "Success rate"},
                                              {"sparc", "Smoothness (SPARC)"},
                                              {"water_left", "Water left in the glass"},
                                              {"touch_downs", "Touch-downs"},
                                              {"hold_left_mean", "Hold on the left leg (mean)"},
                                              {"hold_right_mean", "Hold on the right leg (mean)"},
                                              {"wrong_foot", "Wrong-foot steps"},
                                              {"missed", "Missed steps"},
                                              {"rise_mean", "Rise time (mean)"},
                                              {"rise_sd", "Rise time (SD)"}});
  return special.empty() ? Capital(Words(metric)) : special;
}

std::string UnitText(const std::string& unit) {
  if (unit == "1") return "";
  if (unit == "cm2") return "cm²";
  return unit;
}

MetricKind KindOfMetric(const std::string& metric, const std::string& unit) {
  if (unit == "%") return MetricKind::kPercent;
  if (metric == "hit" || metric == "success" || metric == "water_left" ||
      metric == "hold_asymmetry" || metric.find("power_ratio") != std::string::npos)
    return MetricKind::kFraction;
  if (metric == "stance_leg" || metric == "direction" || metric == "stance_type" ||
      metric == "path_shape")
    return MetricKind::kCategory;
  if (metric == "sparc" || metric.find("shift") != std::string::npos) {
    // A "size" is the unsigned version of a signed shift.
    if (metric.find("size") == std::string::npos) return MetricKind::kSigned;
  }
  return MetricKind::kAmount;
}

std::string MetricValueText(const std::string& metric, const std::string& unit, double v) {
  switch (KindOfMetric(metric, unit)) {
    case MetricKind::kFraction:
      return Num(v * 100, 0) + " %";
    case MetricKind::kPercent:
      return Num(v, 0) + " %";
    default:
      break;
  }
  const std::string u = UnitText(unit);
  return Short(v) + (u.empty() ? "" : " " + u);
}

std::string StopReasonText(const std::string& reason) {
  if (reason.empty()) return "not finished";
  const std::string s = Lookup(reason, {{"completed", "completed"},
                                        {"tired", "stopped: tired"},
                                        {"warm", "stopped: too warm or vision blurred"},
                                        {"too warm", "stopped: too warm or vision blurred"},
                                        {"dizzy", "stopped: dizzy"},
                                        {"pain", "stopped: pain"},
                                        {"other", "stopped: another reason"},
                                        {"stop gesture", "stopped by the stop gesture"},
                                        {"fall alarm", "stopped by a fall alarm"},
                                        {"session length reached", "session length cap reached"}});
  return s.empty() ? reason : s;
}

std::string SymptomsText(const std::string& symptoms_json) {
  const auto j = nlohmann::json::parse(symptoms_json, nullptr, false);
  std::string out;
  if (j.is_array())
    for (const auto& x : j) {
      if (!x.is_string()) continue;
      const std::string id = x.get<std::string>();
      std::string w = Lookup(id, {{"warm", "too warm or blurred vision"},
                                  {"too warm / vision blurred", "too warm or blurred vision"},
                                  {"dizzy", "dizziness"}});
      out += (out.empty() ? "" : ", ") + (w.empty() ? id : w);
    }
  return out.empty() ? "none" : out;
}

std::string EventKindText(const std::string& kind) {
  const std::string s = Lookup(kind, {{"pause", "Pause"},
                                      {"stop", "Stopped"},
                                      {"fall_alarm", "Fall alarm"},
                                      {"fatigue", "Signs of tiredness"},
                                      {"tracking_lost", "Tracking lost"}});
  return s.empty() ? Capital(Words(kind)) : s;
}

std::string DifficultyText(const ExerciseInfo& info, double level) {
  level = std::clamp(level, 0.0, 1.0);
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  auto has = [&](const std::string& name) {
    return std::any_of(info.parameters.begin(), info.parameters.end(),
                       [&](const ParameterSpec& p) { return p.name == name; });
  };
  for (const ParameterSpec& p : info.parameters) {
    const std::string& d = p.description;
    // Not a matter of difficulty (which side), or shown in cm by its sibling.
    if (d.rfind("0 =", 0) == 0 || has(p.name + "_cm")) continue;
    std::string name = Words(p.name);
    if (name.size() > 3 && name.compare(name.size() - 3, 3, " cm") == 0)
      name.resize(name.size() - 3);
    const bool whole = p.unit == "1" && p.at_easiest == std::floor(p.at_easiest) &&
                       p.at_hardest == std::floor(p.at_hardest);
    if (whole && d.rfind("0 ", 0) == 0) {
      // Options "0 a line, 1 a circle (from level 0.33), 2 a figure-eight": equal shares of 0-1.
      std::vector<std::string> options;
      size_t start = 0;
      while (start < d.size()) {
        size_t end = d.find(", ", start);
        if (end == std::string::npos) end = d.size();
        std::string o = d.substr(start, end - start);
        if (const size_t paren = o.find(" ("); paren != std::string::npos) o.resize(paren);
        if (const size_t sp = o.find(' '); sp != std::string::npos) o = o.substr(sp + 1);
        options.push_back(o);
        start = end + 2;
      }
      const size_t i = std::min(options.size() - 1, size_t(level * double(options.size())));
      add(options[i]);
    } else if (whole && p.at_easiest == 0 && p.at_hardest == 1) {
      // On from a stated level ("... (from level 0.7)"), else from the middle.
      double from = 0.5;
      if (const size_t f = d.find("from level "); f != std::string::npos)
        from = std::atof(d.c_str() + f + 11);
      add(name + (level >= from ? " yes" : " no"));
    } else if (whole) {
      add(name + " " + Num(std::round(p.at_easiest + (p.at_hardest - p.at_easiest) * level), 0));
    } else {
      const double v = p.at_easiest + (p.at_hardest - p.at_easiest) * level;
      if (p.unit == "1")
        add(name + " " + Num(v * 100, 0) + " %");
      else
        add(name + " " + Short(v) + " " + UnitText(p.unit));
    }
  }
  return out;
}

std::string ParametersText(const std::string& exercise_id, const std::string& json) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_array()) return "";
  const ExerciseInfo* info = FindExercise(exercise_id);
  auto stored = [&](const std::string& name) {
    return std::any_of(j.begin(), j.end(), [&](const nlohmann::json& p) {
      return p.is_object() && p.value("name", "") == name;
    });
  };
  std::string out;
  for (const auto& p : j) {
    if (!p.is_object() || !p.contains("value") || !p["value"].is_number()) continue;
    const std::string name = p.value("name", ""), unit = p.value("unit", "");
    if (stored(name + "_cm") || name == "level") continue;  // in cm by its sibling; own column
    const double v = p["value"].get<double>();
    std::string words = Words(name);
    if (words.size() > 3 && words.compare(words.size() - 3, 3, " cm") == 0)
      words.resize(words.size() - 3);
    const ParameterSpec* spec = nullptr;
    if (info)
      for (const ParameterSpec& s : info->parameters)
        if (s.name == name) spec = &s;
    const std::string d = spec ? spec->description : "";
    std::string text;
    if (unit == "1" && v == std::floor(v) && d.rfind("0 ", 0) == 0) {
      // Options "0 = to the left..., 1 = to the right" or "0 a line, 1 a circle (...)".
      const std::string key = Num(v, 0) + " ";
      for (size_t start = 0; start < d.size();) {
        size_t end = d.find(", ", start);
        if (end == std::string::npos) end = d.size();
        std::string o = d.substr(start, end - start);
        if (o.rfind(key, 0) == 0) {
          o = o.substr(key.size());
          if (o.rfind("= ", 0) == 0) o = o.substr(2);
          if (const size_t paren = o.find(" ("); paren != std::string::npos) o.resize(paren);
          text = words + ": " + o;
          break;
        }
        start = end + 2;
      }
    }
    const bool side = name == "hand" || name == "leg" || name == "foot" || name == "side";
    if (text.empty() && side && unit == "1" && (v == 0 || v == 1))
      text = words + ": " + (v == 0 ? "left" : "right");  // the games' 0 = left, 1 = right
    if (text.empty()) {
      if (unit == "1" && d.find("fraction") != std::string::npos) {
        text = words + " " + Num(v * 100, 0) + " %";
      } else {
        // Built in steps: GCC 12 warns (-Wrestrict) on " " + a temporary.
        text = words + " " + (v == std::floor(v) && std::fabs(v) < 1e6 ? Num(v, 0) : Short(v));
        if (const std::string u = UnitText(unit); !u.empty()) text.append(" ").append(u);
      }
    }
    out += (out.empty() ? "" : ", ") + text;
  }
  return out;
}

std::string LocalDateTime(const std::string& utc, int offset_min) {
  // "YYYY-MM-DDTHH:MM..." only; anything else is shown as it is.
  if (utc.size() < 16 || utc[4] != '-' || utc[10] != 'T' || utc[13] != ':') return utc;
  const int day = DayNumber(utc.substr(0, 10));
  if (day < 0) return utc;
  const int minutes =
      std::atoi(utc.substr(11, 2).c_str()) * 60 + std::atoi(utc.substr(14, 2).c_str()) + offset_min;
  const int d = day + int(std::floor(minutes / 1440.0));
  const int m = minutes - (d - day) * 1440;
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d", m / 60, m % 60);
  return DateOfDay(d) + buf;
}

std::string LocalTimeOfDay(const std::string& utc, int offset_min) {
  const std::string s = LocalDateTime(utc, offset_min);
  return s.size() == 16 ? s.substr(11) : s;
}

}  // namespace poise::core
