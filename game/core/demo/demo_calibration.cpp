#include "game/core/demo/demo_calibration.h"

#include "game/core/demo/scripted_pose.h"

namespace poise::core {

Calibration DemoCalibration(bool seated) {
  CalibrationRecorder rec(/*height_cm=*/170, seated);
  const int frames = int(kCalibrationDemoSeconds * 30) + 60;  // then stand still
  for (int i = 0; i < frames && rec.step() != CalibrationStep::kDone; ++i) {
    const double t_s = i / 30.0;
    rec.Feed(MakeFrame(CalibrationDemo(t_s, seated), t_s * 1000, i));
  }
  Calibration c = rec.Result().value_or(Calibration{});
  c.seated = seated;
  return c;
}

}  // namespace poise::core
