// The calibration that the calibration demo moves (CalibrationDemo) produce for a 170 cm
// player, so an exercise's Demo() can aim at the targets the game will show when the demo poses
// (poise demo-poses) are replayed: target positions in pixels depend on the reach in pixels,
// not on the player's height.
#pragma once

#include "game/core/session/calibration.h"

namespace poise::core {

Calibration DemoCalibration(bool seated);

}  // namespace poise::core
