// poise store-soak (for the durability test): a session that records trials as fast as it can,
// printing "committed N" after each trial's transaction returns, until killed.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "game/app/commands.h"
#include "game/store/session_store.h"

namespace poise::app {

int RunStoreSoak(int argc, char** argv) {
  CLI::App app{"Record trials in a loop until killed (durability testing)."};
  std::string db;
  int max_trials = 1000000;
  app.add_option("--db", db, "session database")->required();
  app.add_option("--trials", max_trials, "stop after this many trials");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ReportErrors("store-soak", [&] {
    store::SessionStore s(db);
    core::Profile p;
    p.name = "Soak";
    const int64_t profile = s.Profiles().empty() ? s.AddProfile(p) : s.Profiles().front().id;
    const int64_t session = s.BeginSession(profile, "soak", 1, 3);
    for (int i = 0; i < max_trials; ++i) {
      core::TrialResult t;
      t.exercise_id = "bubble_reach";
      t.variant = "standing";
      t.trial_index = i;
      t.level = (i % 10) / 10.0;
      t.outcome = i % 4 ? core::TrialOutcome::kSuccess : core::TrialOutcome::kFailure;
      t.metrics = {{"reaction_time", 0.3 + 0.001 * i, "s"}, {"movement_time", 0.9, "s"}};
      s.RecordTrial(session, 0, t);
      if (i % 3 == 0)
        s.RecordLevelChange(session, t.exercise_id, i, t.level, t.level + 0.05, "success");
      std::printf("committed %d\n", i + 1);
      std::fflush(stdout);
    }
    s.EndSession(session, "completed", 4, {});
    return 0;
  });
}

}  // namespace poise::app
