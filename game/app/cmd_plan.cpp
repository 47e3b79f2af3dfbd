// poise plan validate|import|export: move a plan between the clinic and the patient's home as a
// file (JSON, "format": "poise-plan", schema 1 or 2). A rejected file exits 1 with one line on
// stderr naming the problem and changes nothing.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "game/app/commands.h"
#include "game/core/session/session_plan.h"
#include "game/store/plan_store.h"

namespace poise::app {

int RunPlan(int argc, char** argv) {
  CLI::App app{"Check, import and export physiotherapy plans (JSON plan files)."};
  app.require_subcommand(1);
  std::string file, name, out, db = store::SessionStore::DefaultPath();
  auto* validate = app.add_subcommand("validate", "check a plan file; changes nothing");
  validate->add_option("FILE", file, "plan file")->required();
  auto* import = app.add_subcommand("import", "save a plan file as the next version of its plan");
  import->add_option("FILE", file, "plan file")->required();
  import->add_option("--db", db, "session database");
  auto* exp = app.add_subcommand("export", "write a saved plan's latest version to a file");
  exp->add_option("NAME", name, "the plan's name")->required();
  exp->add_option("--out", out, "the file to write")->required();
  exp->add_option("--db", db, "session database");
  auto* list = app.add_subcommand("list", "list the saved plans (latest versions)");
  list->add_option("--db", db, "session database");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ReportErrors("plan", [&] {
    if (validate->parsed()) {
      const core::SessionPlan p = core::LoadSessionPlan(file);
      std::printf("%s: a valid plan '%s' with %zu blocks.\n", file.c_str(), p.name.c_str(),
                  p.blocks.size());
      return 0;
    }
    // A bad file is rejected before the database is opened (or created).
    if (import->parsed()) core::LoadSessionPlan(file);
    store::SessionStore s(db);
    store::PlanStore plans(s);
    if (import->parsed()) {
      const store::StoredPlan p = plans.Import(file);
      std::printf("Imported '%s' as version %d (%s) into %s.\n", p.plan.name.c_str(),
                  p.plan.version, p.plan.uuid.c_str(), db.c_str());
    } else if (exp->parsed()) {
      const store::StoredPlan p = plans.Export(name, out);
      std::printf("Exported '%s' version %d to %s.\n", p.plan.name.c_str(), p.plan.version,
                  out.c_str());
    } else {
      for (const store::StoredPlan& p : plans.Latest())
        std::printf("%s\tversion %d\t%zu blocks\t%s\n", p.plan.name.c_str(), p.plan.version,
                    p.plan.blocks.size(), p.created_utc.c_str());
    }
    return 0;
  });
}

}  // namespace poise::app
