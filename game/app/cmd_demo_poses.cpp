// poise demo-poses --exercise ID [--variant seated] [--seconds S] --out FILE.jsonl: the exercise's
// demonstration movement (its instructions' stick figure) as a pose file at 30 fps, to replay
// with --source poses:FILE.jsonl; by default it begins with the calibration moves (demos,
// screenshots, trying an exercise without a camera).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>

#include "game/app/commands.h"
#include "game/core/exercises/exercise.h"
#include "vision/pose_log.h"

namespace poise::app {

int RunDemoPoses(int argc, char** argv) {
  CLI::App app{"Write an exercise's demonstration movement as a pose file (JSONL)."};
  std::string id, variant = "standing", out_path;
  double seconds = 60;
  bool calibrate = true;
  app.add_option("--exercise", id, "exercise id (see 'poise exercises')")->required();
  app.add_option("--variant", variant, "standing or seated")
      ->check(CLI::IsMember({"standing", "seated"}));
  app.add_option("--seconds", seconds, "length")->check(CLI::Range(1.0, 3600.0));
  app.add_flag("--calibrate,!--no-calibrate", calibrate,
               "begin with the calibration moves (default), as the game asks for them first");
  app.add_option("--out", out_path, "pose file to write (JSONL)")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto exercise = core::CreateExercise(id);
  if (!exercise) {
    std::fprintf(stderr, "poise: there is no exercise called '%s'; 'poise exercises' lists them.\n",
                 id.c_str());
    return 2;
  }
  core::ExerciseConfig config;
  config.variant = variant;
  exercise->Start(config, 0);  // Demo() may depend on the variant
  std::ofstream out(out_path);
  const double lead_s = calibrate ? core::kCalibrationDemoSeconds : 0;
  for (int i = 0; i < int((lead_s + seconds) * 30) && out; ++i) {
    const double t_s = i / 30.0;
    const core::BodySpec body = t_s < lead_s ? core::CalibrationDemo(t_s, variant == "seated")
                                             : exercise->Demo(t_s - lead_s);
    out << vision::PoseFrameToJsonLine(core::MakeFrame(body, t_s * 1000, i)) << "\n";
  }
  if (!out) {
    std::fprintf(stderr, "poise: %s could not be written.\n", out_path.c_str());
    return 1;
  }
  return 0;
}

}  // namespace poise::app
