// poise exercises [--json]: the exercise catalogue (id, name, category, variants, parameters with
// their range, metrics with units).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "game/app/commands.h"
#include "game/core/exercises/exercise.h"

namespace poise::app {

nlohmann::json CatalogueJson() {
  nlohmann::json list = nlohmann::json::array();
  for (const core::ExerciseInfo& e : core::Catalogue()) {
    nlohmann::json params = nlohmann::json::array(), metrics = nlohmann::json::array();
    for (const auto& p : e.parameters)
      params.push_back({{"name", p.name},
                        {"unit", p.unit},
                        {"min", std::min(p.at_easiest, p.at_hardest)},
                        {"max", std::max(p.at_easiest, p.at_hardest)},
                        {"at_easiest", p.at_easiest},
                        {"at_hardest", p.at_hardest},
                        {"description", p.description}});
    for (const auto& m : e.metrics)
      metrics.push_back({{"name", m.name}, {"unit", m.unit}, {"description", m.description}});
    list.push_back({{"id", e.id},
                    {"name", e.name},
                    {"category", e.category},
                    {"variants", e.variants},
                    {"parameters", params},
                    {"metrics", metrics}});
  }
  return list;
}

int RunExercises(int argc, char** argv) {
  CLI::App app{"The exercise catalogue."};
  bool json = false;
  app.add_flag("--json", json, "one JSON array of every exercise");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (json) {
    std::printf("%s\n", CatalogueJson().dump(2).c_str());
    return 0;
  }
  for (const core::ExerciseInfo& e : core::Catalogue()) {
    std::string variants;
    for (const auto& v : e.variants) variants += (variants.empty() ? "" : ", ") + v;
    std::printf("%-20s %-24s %-13s %s\n", e.id.c_str(), e.name.c_str(), e.category.c_str(),
                variants.c_str());
    for (const auto& m : e.metrics)
      std::printf("    %-22s %-5s %s\n", m.name.c_str(), m.unit.c_str(), m.description.c_str());
  }
  return 0;
}

}  // namespace poise::app
