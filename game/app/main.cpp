// build/poise: dispatches to a subcommand; with none (or only options) it starts the game.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "game/app/commands.h"

namespace {

struct Command {
  std::string_view name;
  int (*run)(int, char**);
  std::string_view help;
};

constexpr Command kCommands[] = {
    {"play", poise::app::RunPlay, "play the game (the default)"},
    {"pose", poise::app::RunPose, "track poses in an image, video or camera and write JSONL"},
    {"bench", poise::app::RunBench, "time every stage of the pose pipeline"},
    {"exercises", poise::app::RunExercises, "list the exercise catalogue (--json for tools)"},
    {"demo-poses", poise::app::RunDemoPoses,
     "write an exercise's demonstration movement as a pose file (JSONL)"},
    {"export", poise::app::RunExport, "export a patient's sessions as CSV, PDF or FHIR R4"},
    {"bench-review", poise::app::RunBenchReview,
     "time opening the review for a generated year of daily sessions"},
    {"plan", poise::app::RunPlan,
     "plan validate|import|export|list: check and move plan files (clinic <-> home)"},
    {"clinic", poise::app::RunClinic,
     "clinic init|add-device|revoke-device|add-physio (clinic) and link|unlink|sync|status"},
    {"bench-clinic", poise::app::RunBenchClinic,
     "time the clinic dashboard, a review and a sync push on a generated clinic of 1,000 "
     "patients"},
    {"pin", poise::app::RunPin, "pin reset: remove a forgotten physiotherapist PIN, keep all data"},
    {"simulate-difficulty", poise::app::RunSimulateDifficulty,
     "run the adaptive difficulty against simulated players"},
    {"remind", poise::app::RunRemind,
     "notify on plan days when the week's sessions are not done (run by the reminder timer)"},
    {"store-soak", poise::app::RunStoreSoak, ""},  // hidden: for the kill -9 test
};

void PrintUsage() {
  std::printf("Usage: poise [COMMAND] [OPTIONS]\n\nCommands:\n");
  for (const Command& c : kCommands)
    if (!c.help.empty())
      std::printf("  %-22.*s %.*s\n", int(c.name.size()), c.name.data(), int(c.help.size()),
                  c.help.data());
  std::printf("\nRun 'poise COMMAND --help' for a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && (std::strcmp(argv[1], "help") == 0)) {
    PrintUsage();
    return 0;
  }
  if (argc >= 2 && argv[1][0] != '-') {
    for (const Command& c : kCommands)
      if (c.name == argv[1]) return c.run(argc - 1, argv + 1);
    std::fprintf(stderr, "poise: unknown command '%s'; run 'poise help' for the list.\n", argv[1]);
    return 2;
  }
  return poise::app::RunPlay(argc, argv);
}
