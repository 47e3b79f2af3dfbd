// The chosen player's own settings in the running game: applied when a profile is chosen, saved
// whenever the player changes one in Settings (store: profile_settings).
#pragma once

#include "game/core/session/player_settings.h"
#include "game/ui/ui_context.h"

namespace poise::ui {

/// The settings in effect now (text size, contrast, sound, camera, model, reminder time).
core::PlayerSettings CurrentSettings(const UiContext& ctx);
/// Loads ctx.profile's saved settings and applies them (text size, contrast, sound; the camera
/// and model only when the command line did not choose them). Traces "settings applied: ...".
/// A store error is traced and changes nothing.
void ApplyProfileSettings(UiContext& ctx);
/// Saves `s` for ctx.profile (nothing without a profile). Returns "" or one sentence.
std::string SaveProfileSettings(UiContext& ctx, const core::PlayerSettings& s);

}  // namespace poise::ui
