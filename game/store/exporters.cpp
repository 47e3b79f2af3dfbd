#include "game/store/exporters.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "game/core/exercises/trial_json.h"
#include "game/core/metrics/trends.h"
#include "game/store/private_files.h"
#include "game/store/review_source.h"

namespace poise::store {
namespace {

bool InRange(const std::string& started_utc, const ExportRange& r) {
  const std::string day = started_utc.substr(0, 10);
  return (r.from_date.empty() || day >= r.from_date) && (r.to_date.empty() || day <= r.to_date);
}

/// The stored quality record, if the trial has one (stored from schema 5 on).
std::optional<core::TrialQuality> QualityOf(const StoredTrial& t) {
  const nlohmann::json j = nlohmann::json::parse(t.quality_json, nullptr, false);
  if (!j.is_object() || !j.contains("seen_fraction")) return std::nullopt;
  return core::QualityFromJson(j);
}

/// One sentence for a FHIR Observation.note: the quality figures, and why it is poor.
std::string QualityNote(const core::TrialQuality& q) {
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "Tracking quality: seen %.0f %% of the trial, %.1f frames/s, jitter %.2f cm, "
                "%d short gaps bridged (longest %.0f ms).",
                100 * q.seen_fraction, q.effective_fps, q.jitter_cm, q.gaps_bridged,
                q.longest_gap_ms);
  std::string s = buf;
  if (!q.measurable) return s + " Unmeasurable: " + q.reason + ".";
  if (core::PoorQuality(q))
    s += " Poor quality (" + core::QualityProblem(q) + "): compare with care.";
  return s;
}

std::string Csv(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Num(double v) {
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

/// The LOINC code of a metric where one exists (docs clinical.md), else nullptr (local code only).
const char* LoincCode(const std::string& exercise, const std::string& metric) {
  if (exercise == "single_leg_stance" && metric == "hold_time") return "64388-2";  // one-leg stand
  return nullptr;
}

/// UCUM code for the units Poise records.
std::string Ucum(const std::string& unit) { return unit.empty() ? "1" : unit; }

}  // namespace

core::Profile FindPatient(SessionStore& store, const std::string& id) {
  for (const auto& p : store.Profiles())
    if (std::to_string(p.id) == id || p.uuid == id) return p;
  throw StoreError("No patient with the id '" + id + "' in " + store.path() + ".");
}

void ValidateRange(const ExportRange& r) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  for (const std::string* d : {&r.from_date, &r.to_date})
    if (!d->empty() && (!std::regex_match(*d, kDate) || core::DayNumber(*d) < 0 ||
                        core::DateOfDay(core::DayNumber(*d)) != *d))
      throw StoreError("The date '" + *d + "' is not a calendar date of the form YYYY-MM-DD.");
  if (!r.from_date.empty() && !r.to_date.empty() && r.from_date > r.to_date)
    throw StoreError("The first day (" + r.from_date + ") comes after the last day (" + r.to_date +
                     ").");
}

void ExportCsv(ReviewSource& source, const core::Profile& patient, const ExportRange& range,
               const std::string& dir) {
  const auto [sessions_csv, trials_csv] = CsvText(source, patient, range);
  // Both files or neither: each goes to a temporary file first (see private_files.h).
  WriteFilesAtomically({{dir + "/sessions.csv", sessions_csv}, {dir + "/trials.csv", trials_csv}});
}

std::pair<std::string, std::string> CsvText(ReviewSource& source, const core::Profile& patient,
                                            const ExportRange& range) {
  const auto sessions = source.Sessions(patient);
  std::ostringstream ss, ts;
  ss << "patient_uuid,session_uuid,started_utc,utc_offset (min),ended_utc,stop_reason,tries,hits,"
        "fatigue_before (0-10),fatigue_after (0-10),pauses,fall_alarms,symptoms\n";
  struct Row {
    const SessionSummary* s;
    StoredTrial t;
    nlohmann::json metrics, params;
  };
  std::vector<Row> rows;
  std::set<std::pair<std::string, std::string>> metric_cols, param_cols;
  for (const auto& s : sessions) {
    if (!InRange(s.started_utc, range)) continue;
    auto opt = [](int v) { return v < 0 ? std::string() : std::to_string(v); };
    ss << patient.uuid << ',' << s.uuid << ',' << s.started_utc << ',' << s.utc_offset_min << ','
       << s.ended_utc << ',' << Csv(s.stop_reason) << ',' << s.trials << ',' << s.successes << ','
       << opt(s.fatigue_before) << ',' << opt(s.fatigue_after) << ',' << s.pauses << ','
       << s.fall_alarms << ',' << Csv(s.symptoms_json) << '\n';
    for (auto& t : source.Trials(s.uuid)) {
      Row r{&s, t, nlohmann::json::parse(t.metrics_json, nullptr, false),
            nlohmann::json::parse(t.parameters_json, nullptr, false)};
      for (const auto& m : r.metrics)
        metric_cols.insert({m.value("name", ""), m.value("unit", "")});
      for (const auto& p : r.params) param_cols.insert({p.value("name", ""), p.value("unit", "")});
      rows.push_back(std::move(r));
    }
  }
  ts << "session_uuid,trial_uuid,recorded_utc,exercise,variant,block,trial,level "
        "(0-1),outcome,note,seen_fraction (0-1),effective_fps (1/s),jitter (cm),gaps_bridged,"
        "quality";
  for (const auto& [n, u] : metric_cols) ts << ',' << Csv(n + " (" + u + ")");
  for (const auto& [n, u] : param_cols) ts << ',' << Csv("parameter " + n + " (" + u + ")");
  ts << '\n';
  for (const Row& r : rows) {
    ts << r.s->uuid << ',' << r.t.uuid << ',' << r.t.recorded_utc << ',' << r.t.exercise << ','
       << r.t.variant << ',' << r.t.block << ',' << r.t.trial_index << ',' << Num(r.t.level) << ','
       << r.t.outcome << ',' << Csv(r.t.note);
    if (const auto q = QualityOf(r.t)) {
      const std::string problem = core::QualityProblem(*q);
      ts << ',' << Num(q->seen_fraction) << ',' << Num(q->effective_fps) << ',' << Num(q->jitter_cm)
         << ',' << q->gaps_bridged << ','
         << Csv(!q->measurable    ? "unmeasurable: " + q->reason
                : problem.empty() ? "good"
                                  : "poor: " + problem);
    } else {
      ts << ",,,,";
    }
    auto value_of = [](const nlohmann::json& list, const std::string& name) -> std::string {
      for (const auto& x : list)
        if (x.value("name", "") == name && x.contains("value") && x["value"].is_number())
          return Num(x["value"].get<double>());
      return "";
    };
    for (const auto& [n, u] : metric_cols) ts << ',' << value_of(r.metrics, n);
    for (const auto& [n, u] : param_cols) ts << ',' << value_of(r.params, n);
    ts << '\n';
  }
  return {ss.str(), ts.str()};
}

void WriteFhirBundle(ReviewSource& source, const core::Profile& patient, const ExportRange& range,
                     const std::string& path) {
  WriteFileAtomically(path, ExportFhirBundle(source, patient, range).dump(2) + "\n");
}

nlohmann::json ExportFhirBundle(ReviewSource& source, const core::Profile& patient,
                                const ExportRange& range) {
  using nlohmann::json;
  json entries = json::array();
  entries.push_back({{"fullUrl", "urn:uuid:" + patient.uuid},
                     {"resource",
                      {{"resourceType", "Patient"},
                       {"id", patient.uuid},
                       {"identifier", {{{"system", "urn:poise:patient"}, {"value", patient.uuid}}}},
                       {"name", {{{"text", patient.name}}}}}}});
  const json method = {
      {"coding", {{{"system", "urn:poise:method"}, {"code", "markerless-webcam-pose-estimation"}}}},
      {"text", "Markerless webcam pose estimation (BlazePose landmarks, Poise)"}};
  const json subject = {{"reference", "urn:uuid:" + patient.uuid}};
  auto add_obs = [&](json obs) {
    const std::string id = NewUuid();
    obs["resourceType"] = "Observation";
    obs["id"] = id;
    obs["status"] = "final";
    obs["category"] = {{{"coding",
                         {{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"},
                           {"code", "activity"}}}}}};
    obs["subject"] = subject;
    obs["method"] = method;
    entries.push_back({{"fullUrl", "urn:uuid:" + id}, {"resource", obs}});
  };
  for (const auto& s : source.Sessions(patient)) {
    if (!InRange(s.started_utc, range)) continue;
    for (const auto& t : source.Trials(s.uuid)) {
      const json metrics = json::parse(t.metrics_json, nullptr, false);
      if (!metrics.is_array()) continue;
      const auto quality = QualityOf(t);
      for (const auto& m : metrics) {
        if (!m.contains("value") || !m["value"].is_number()) continue;
        const std::string name = m.value("name", ""), unit = Ucum(m.value("unit", ""));
        json coding = json::array();
        if (const char* loinc = LoincCode(t.exercise, name))
          coding.push_back({{"system", "http://loinc.org"}, {"code", loinc}});
        coding.push_back({{"system", kPoiseMetricSystem},
                          {"code", t.exercise + "." + name},
                          {"display", t.exercise + ": " + name}});
        json obs = {
            {"code", {{"coding", coding}, {"text", t.exercise + " " + name}}},
            {"effectiveDateTime", t.recorded_utc},
            {"valueQuantity",
             {{"value", m["value"]},
              {"unit", unit},
              {"system", "http://unitsofmeasure.org"},
              {"code", unit}}},
            {"component",
             {{{"code",
                {{"coding", {{{"system", kPoiseMetricSystem}, {"code", "difficulty_level"}}}}}},
               {"valueQuantity",
                {{"value", t.level},
                 {"unit", "1"},
                 {"system", "http://unitsofmeasure.org"},
                 {"code", "1"}}}},
              {{"code", {{"coding", {{{"system", kPoiseMetricSystem}, {"code", "outcome"}}}}}},
               {"valueString", t.outcome}}}}};
        if (quality) obs["note"] = {{{"text", QualityNote(*quality)}}};
        add_obs(obs);
      }
    }
    if (!s.ended_utc.empty()) {
      // Exercise duration (LOINC 55411-3), from the session's start and end.
      auto to_s = [](const std::string& iso) {
        std::tm tm{};
        strptime(iso.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
        return double(timegm(&tm)) + std::atof(iso.substr(19, 4).c_str());
      };
      const double minutes = std::max(0.0, (to_s(s.ended_utc) - to_s(s.started_utc)) / 60);
      add_obs({{"code",
                {{"coding",
                  {{{"system", "http://loinc.org"},
                    {"code", "55411-3"},
                    {"display", "Exercise duration"}}}}}},
               {"effectivePeriod", {{"start", s.started_utc}, {"end", s.ended_utc}}},
               {"valueQuantity",
                {{"value", minutes},
                 {"unit", "min"},
                 {"system", "http://unitsofmeasure.org"},
                 {"code", "min"}}}});
    }
  }
  return {{"resourceType", "Bundle"},
          {"id", NewUuid()},
          {"type", "collection"},
          {"timestamp", UtcNowIso()},
          {"entry", entries}};
}

}  // namespace poise::store
