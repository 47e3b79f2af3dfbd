#include "game/ui/player_prefs.h"

#include <cstdio>

#include "game/store/profile_settings.h"

namespace poise::ui {

core::PlayerSettings CurrentSettings(const UiContext& ctx) {
  core::PlayerSettings s;
  s.ui_scale = ctx.ui_scale;
  s.high_contrast = ctx.high_contrast;
  s.sound = !(ctx.audio && ctx.audio->muted());
  s.source = ctx.source;
  s.model = ctx.options.model;
  s.reminder_time = ctx.reminder_time;
  return s;
}

void ApplyProfileSettings(UiContext& ctx) {
  if (!ctx.profile || !ctx.store) return;
  std::optional<core::PlayerSettings> s;
  try {
    s = store::LoadPlayerSettings(*ctx.store, ctx.profile->id);
  } catch (const std::exception& e) {
    ctx.Trace("event", std::string("store error: ") + e.what());
    return;
  }
  if (!s) {
    ctx.reminder_time.clear();
    return;
  }
  if (!ctx.options.look_given) {
    ctx.ui_scale = s->ui_scale;
    ctx.high_contrast = s->high_contrast;
  }
  if (ctx.audio) ctx.audio->set_muted(ctx.options.mute || !s->sound);
  ctx.reminder_time = s->reminder_time;
  // A camera or model named on the command line wins over the saved one.
  const bool model_changed =
      !ctx.options.model_given && !s->model.empty() && s->model != ctx.options.model;
  if (model_changed) ctx.options.model = s->model;
  if (!ctx.options.source_given && !s->source.empty() && (s->source != ctx.source || model_changed))
    ctx.OpenSource(s->source);
  else if (model_changed && ctx.source != "demo")
    ctx.OpenSource(ctx.source);
  char buf[160];
  std::snprintf(buf, sizeof buf, "settings applied: text %d %%, contrast %s, sound %s, model %s",
                int(s->ui_scale * 100 + 0.5), s->high_contrast ? "high" : "normal",
                s->sound ? "on" : "off", ctx.options.model.c_str());
  ctx.Trace("event", buf);
}

std::string SaveProfileSettings(UiContext& ctx, const core::PlayerSettings& s) {
  if (!ctx.profile || !ctx.store) return "";
  try {
    store::SavePlayerSettings(*ctx.store, ctx.profile->id, s);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace poise::ui
