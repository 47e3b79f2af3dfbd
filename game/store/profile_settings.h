// Each player's own settings, kept per profile across launches (table profile_settings, schema
// 5): text size, contrast, sound, camera, model and the reminder time.
#pragma once

#include <optional>
#include <vector>

#include "game/core/session/player_settings.h"
#include "game/store/session_store.h"

namespace poise::store {

/// The profile's saved settings; nullopt when none were ever saved (use the program's own).
/// Unreadable values keep their defaults. Throws StoreError when the database fails.
std::optional<core::PlayerSettings> LoadPlayerSettings(SessionStore& store, int64_t profile_id);
/// Saves every field in one transaction. Throws StoreError (nothing changes then).
void SavePlayerSettings(SessionStore& store, int64_t profile_id, const core::PlayerSettings& s);

}  // namespace poise::store
