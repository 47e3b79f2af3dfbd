// poise demo-poses --exercise ID [--variant seated] [--seconds S] [--noise webcam] [--fps N]
// [--seed N] --out FILE.jsonl: the exercise's demonstration movement (its instructions' stick
// figure) as a pose file, to replay with --source poses:FILE.jsonl; by default it begins with the
// calibration moves (demos, screenshots, trying an exercise without a camera). With --noise
// webcam it comes as an ordinary webcam would deliver it (game/core/demo/tracking_noise.h:
// jitter, feet and hands flickering out of view, dropped frames, uneven intervals), to see how
// an exercise measures through real tracking.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>

#include "game/app/commands.h"
#include "game/core/demo/tracking_noise.h"
#include "game/core/exercises/exercise.h"
#include "vision/pose_log.h"

namespace poise::app {

int RunDemoPoses(int argc, char** argv) {
  CLI::App app{"Write an exercise's demonstration movement as a pose file (JSONL)."};
  std::string id, variant = "standing", out_path;
  double seconds = 60;
  bool calibrate = true;
  std::string noise_kind = "clean";
  double fps = 30, jitter_cm = -1, feet_flicker = -1;
  uint32_t seed = 1;
  app.add_option("--exercise", id, "exercise id (see 'poise exercises')")->required();
  app.add_option("--variant", variant, "standing or seated")
      ->check(CLI::IsMember({"standing", "seated"}));
  app.add_option("--seconds", seconds, "length")->check(CLI::Range(1.0, 3600.0));
  app.add_flag("--calibrate,!--no-calibrate", calibrate,
               "begin with the calibration moves (default), as the game asks for them first");
  app.add_option("--noise", noise_kind,
                 "clean (default) or webcam: 0.8 cm jitter, feet hidden on 10 % and hands on 5 % "
                 "of frames, 3 % dropped, uneven frame intervals")
      ->check(CLI::IsMember({"clean", "webcam"}));
  app.add_option("--fps", fps, "frames a second (default 30)")->check(CLI::Range(2.0, 120.0));
  app.add_option("--seed", seed, "noise draw (the same seed gives the same file)");
  app.add_option("--jitter-cm", jitter_cm, "landmark jitter, one SD in cm (with --noise webcam)")
      ->check(CLI::Range(0.0, 10.0));
  app.add_option("--feet-flicker", feet_flicker,
                 "share of frames with the feet unseen (with --noise webcam)")
      ->check(CLI::Range(0.0, 0.9));
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
  core::TrackingNoise noise = noise_kind == "webcam" ? core::TrackingNoise::Webcam(fps, seed)
                                                     : core::TrackingNoise::Clean(fps);
  if (jitter_cm >= 0) noise.jitter_cm = jitter_cm;
  if (feet_flicker >= 0) noise.feet_flicker = feet_flicker;
  std::ofstream out(out_path);
  const double lead_s = calibrate ? core::kCalibrationDemoSeconds : 0;
  const bool seated = variant == "seated";
  const core::BodyScript script = [&](double t_s) {
    return t_s < lead_s ? core::CalibrationDemo(t_s, seated) : exercise->Demo(t_s - lead_s);
  };
  for (const auto& f : core::RenderNoisy(script, lead_s + seconds, noise)) {
    out << vision::PoseFrameToJsonLine(f) << "\n";
    if (!out) break;
  }
  if (!out) {
    std::fprintf(stderr, "poise: %s could not be written.\n", out_path.c_str());
    return 1;
  }
  return 0;
}

}  // namespace poise::app
