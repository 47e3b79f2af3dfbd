// The game's main loop: SDL2 window + OpenGL + Dear ImGui, a fixed-step update (60 Hz), drawing
// at display rate, never waiting for the camera or inference (the pose feed runs on its own
// threads). --headless renders the same code off-screen (SDL's offscreen video driver).
#pragma once

#include "game/ui/ui_context.h"

namespace poise::ui {

/// Runs until the player quits or exit_after_s passes. Returns the process exit code; prints one
/// sentence to stderr on a fatal problem (no display, no OpenGL).
int RunApp(const AppOptions& options);

}  // namespace poise::ui
