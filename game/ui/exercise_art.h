// The game's look: each exercise's theme drawn over the camera picture (large targets that keep
// their size at any text size, a calm hit reward, encouraging words), and the garden that grows
// with the week's sessions. Drawn with ImGui draw lists only; every picture is made here in code
// (part of Poise, same licence), nothing is loaded. Calm for low vision: high contrast, no
// flashing, slow movement only.
#pragma once

#include <imgui.h>

#include <string>

namespace poise::ui {

/// The week's garden in [min, max]: one flower per session done, a bud for each still to come
/// (goal), swaying slowly with t_s. Flowers beyond the goal are drawn too.
void DrawGarden(ImDrawList* dl, ImVec2 min, ImVec2 max, int done, int goal, double t_s,
                bool high_contrast);

}  // namespace poise::ui
