// poise [play]: the game.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "game/app/commands.h"
#include "game/core/exercises/exercise.h"
#include "game/ui/app.h"

namespace poise::app {

int RunPlay(int argc, char** argv) {
  CLI::App app{"Poise: balance and coordination training with your webcam."};
  ui::AppOptions o;
  auto* source_opt = app.add_option("--source", o.source,
                                    "camera:N, /dev/videoN, a video or image, or poses:FILE.jsonl");
  auto* model_opt = app.add_option("--model", o.model, "lite, full or heavy")
                        ->check(CLI::IsMember({"lite", "full", "heavy"}));
  app.add_option("--engine", o.engine, "pose inference: xnnpack (default) or opencv")
      ->check(CLI::IsMember({"xnnpack", "opencv"}));
  app.add_option("--threads", o.threads, "inference threads (default: chosen from the machine)")
      ->check(CLI::Range(1, 64));
  app.add_option("--db", o.db_path, "session database (default under $XDG_DATA_HOME/poise)");
  app.add_option("--plan", o.plan_path,
                 "plan file for 'today's plan' (default assets/plans/today.json)");
  app.add_option("--exercise", o.exercise,
                 "play only this exercise (see 'poise exercises'), not today's plan");
  app.add_option("--variant", o.variant, "with --exercise: standing or seated")
      ->check(CLI::IsMember({"standing", "seated"}));
  app.add_option("--trials", o.exercise_trials, "with --exercise: how many trials (1-100)")
      ->check(CLI::Range(1, 100));
  app.add_option("--summary-json", o.summary_json,
                 "on exit, write every trial played (parameters, outcome, metrics) as JSON");
  app.add_flag("--headless", o.headless, "render off-screen (no window)");
  app.add_option("--exit-after", o.exit_after_s, "quit after this many seconds");
  app.add_option("--screenshot", o.screenshot, "save the last frame as PNG on exit");
  app.add_option("--screenshot-scene", o.screenshot_scene,
                 "instead, save it 1.5 s after this scene first shows");
  app.add_flag("--autostart", o.autostart, "skip the menus: today's plan with the default profile");
  app.add_flag("--stats", o.stats, "print one JSON line of figures on exit");
  app.add_option("--script", o.script_path,
                 "timed actions (tests, demos): 'SECONDS click:ID|key:K|set:F=V'");
  app.add_option("--trace", o.trace_path, "write scene changes and events as JSON lines");
  auto* scale_opt = app.add_option("--ui-scale", o.ui_scale, "text and button size, 0.75 to 2")
                        ->check(CLI::Range(0.75, 2.0));
  auto* contrast_opt = app.add_flag("--high-contrast", o.high_contrast, "high-contrast colours");
  app.add_flag("--mute", o.mute, "no sounds");
  bool no_record = false;
  app.add_flag("--no-record-poses", no_record,
               "do not store the exercise blocks' landmark streams (for replay)");
  app.add_option("--size", o.width, "window width in pixels (height follows 16:9)");
  app.add_option("--clinic", o.clinic_url,
                 "clinic mode: open the clinic's database (postgresql://LOGIN@host:port/db)");
  app.add_option("--clinic-password-file", o.clinic_password_file,
                 "with --clinic: the password on the first line of a file only you may read");
  app.add_option("--clinic-ca", o.clinic_ca, "with --clinic: the clinic's CA certificate (PEM)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  o.height = o.width * 9 / 16;
  o.source_given = source_opt->count() > 0;
  o.model_given = model_opt->count() > 0;
  o.look_given = scale_opt->count() > 0 || contrast_opt->count() > 0;
  o.record_poses = !no_record;
  if (!o.exercise.empty() && !core::FindExercise(o.exercise)) {
    std::fprintf(stderr, "poise: there is no exercise called '%s'; 'poise exercises' lists them.\n",
                 o.exercise.c_str());
    return 2;
  }
  return ui::RunApp(o);
}

}  // namespace poise::app
