// A stick-figure replay of a recorded exercise block (store/pose_stream.h), drawn with ImGui in a
// box at the cursor, mirrored like the player's own picture; landmarks with low visibility are
// drawn thin. Time is passed in (seconds since the replay started); it loops.
#pragma once

#include <imgui.h>

#include <vector>

#include "game/store/pose_stream.h"

namespace poise::ui {

/// The frame shown `t_s` seconds into a looping replay (nullptr when there are none).
const store::ReplayFrame* ReplayFrameAt(const std::vector<store::ReplayFrame>& frames, double t_s);
/// Draws `frame` in a box of `size` pixels at the cursor and advances the cursor.
void DrawReplayFigure(const store::ReplayFrame& frame, ImVec2 size, bool high_contrast);

}  // namespace poise::ui
