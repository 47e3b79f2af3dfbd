// Main menu and settings.
#include <algorithm>
#include <cmath>

#include "game/core/demo/scripted_pose.h"
#include "game/core/session/session_plan.h"
#include "game/ui/scene.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

#include "game/ui/player_prefs.h"
#include "game/ui/reminder_files.h"
#include "vision/open_feed.h"
#include "vision/pose_replay.h"

namespace poise::ui {
namespace {

class MenuScene : public Scene {
 public:
  const char* Name() const override { return "menu"; }
  void Draw(UiContext& ctx) override {
    BeginPanel("menu", ImVec2(0.27f, 0.03f), ImVec2(0.46f, 0.94f), ctx);
    // Quit sits beside the title so every choice fits on screen even at 200 % text size.
    const float quit_w = ImGui::CalcTextSize("Quit").x + ImGui::GetStyle().FramePadding.x * 4;
    Title("Poise");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - quit_w);
    if (ctx.Button("Quit", "quit", quit_w)) ctx.quit = true;
    if (ctx.profile)
      BigText("Hello, " + ctx.profile->name + ".");
    else if (ctx.ui_scale <= 1.25)
      BigText("Balance and coordination training");
    DrawClinicLine(ctx);
    ImGui::Spacing();
    if (!ctx.feed_error.empty()) {
      // No camera: say so in one sentence and offer the alternatives.
      ImGui::TextWrapped("%s", ctx.feed_error.c_str());
      const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
      if (ctx.Button("Another camera", "next_camera", half)) NextCamera(ctx);
      ImGui::SameLine();
      if (ctx.Button("Play the demo", "demo", half)) StartDemo(ctx);
      ImGui::Separator();
    }
    if (!ctx.store_error.empty()) ImGui::TextWrapped("%s", ctx.store_error.c_str());
    if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());
    // Two columns when the text is large, so every choice stays on screen.
    const bool two = ctx.ui_scale > 1.25;
    const float w =
        two ? (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2 : -1;
    if (ctx.Button("Play today's plan", "play", w)) Play(ctx);
    if (two) ImGui::SameLine();
    if (ctx.Button("Free play", "free", w)) ctx.Push(MakeFreePlayScene());
    if (ctx.Button("My progress", "progress", w)) {
      if (ctx.profile)
        ctx.Push(MakeProgressScene());
      else
        ctx.Push(MakeProfileScene(false));
    }
    if (two) ImGui::SameLine();
    if (ctx.Button(ctx.profile ? "Change profile" : "Choose a profile", "profiles", w))
      ctx.Push(MakeProfileScene(false));
    if (ctx.Button("Settings", "settings", w)) ctx.Push(MakeSettingsScene());
    if (two) ImGui::SameLine();
    if (ctx.Button("Physiotherapist area", "physio", w)) ctx.Push(MakePinScene());
    EndPanel();
  }

 private:
  void Play(UiContext& ctx) {
    error_.clear();
    core::SessionPlan plan;
    try {
      plan = ctx.TodaysPlan();
    } catch (const std::exception& e) {
      error_ = e.what();
      return;
    }
    if (!ctx.profile) {
      ctx.pending_plan = plan;
      ctx.pending_plan_is_todays = true;
      ctx.Push(MakeProfileScene(true));
      return;
    }
    if (!StartSession(ctx, plan, error_)) return;
  }
  void NextCamera(UiContext& ctx) {
    camera_ = (camera_ + 1) % 4;
    ctx.OpenSource("camera:" + std::to_string(camera_));
  }
  void StartDemo(UiContext& ctx) {
    // A scripted person who reaches out and up in turn, replayed like a camera.
    std::vector<PoseFrame> frames;
    for (int i = 0; i < 30 * 120; ++i)
      frames.push_back(core::MakeFrame(core::ReachingDemo(i / 30.0), i * 1000.0 / 30, i));
    ctx.feed = std::make_unique<vision::PoseReplay>(frames, nullptr);
    ctx.feed_error.clear();
    ctx.source = "demo";
    ctx.Trace("event", "demo started");
  }
  std::string error_;
  int camera_ = 0;
};

class SettingsScene : public Scene {
 public:
  const char* Name() const override { return "settings"; }
  void Draw(UiContext& ctx) override {
    if (!loaded_) {
      loaded_ = true;
      source_ = ctx.source;
      time_ = ctx.reminder_time.empty() ? "10:00" : ctx.reminder_time;
    }
    BeginPanel("settings", ImVec2(0.2f, 0.03f), ImVec2(0.6f, 0.94f), ctx);
    // Back beside the title: the way out stays on screen at every text size.
    const float back_w = ImGui::CalcTextSize("Back").x + ImGui::GetStyle().FramePadding.x * 4;
    Title("Settings");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - back_w);
    if (ctx.Button("Back", "back", back_w)) ctx.Pop();
    // Large text: one part at a time, chosen with the buttons under the title, so every choice
    // fits on the screen.
    const bool paged = ctx.ui_scale > 1.3;
    if (paged) {
      const float third =
          (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
      const char* pages[][2] = {{"Look", "settings_look"},
                                {"Camera", "settings_camera"},
                                {"Reminder", "settings_reminder"}};
      for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        if (ctx.Button(pages[i][0], pages[i][1], third)) page_ = i;
      }
    } else {
      ImGui::TextWrapped("%s", ctx.profile ? ("Kept for " + ctx.profile->name + ".").c_str()
                                           : "Choose a profile to keep these settings.");
    }
    if (!paged || page_ == 0) DrawLook(ctx);
    if (!paged || page_ == 1) DrawCamera(ctx);
    if (!paged || page_ == 2) DrawReminder(ctx, HalfWidth());
    if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
    EndPanel();
  }

 private:
  /// Applies a change and keeps it for the player's profile.
  template <typename F>
  void Change(UiContext& ctx, F&& change) {
    message_.clear();
    change();
    if (const std::string err = SaveProfileSettings(ctx, CurrentSettings(ctx)); !err.empty())
      message_ = err;
  }
  void DrawLook(UiContext& ctx) {
    const int scale = int(ctx.ui_scale * 100 + 0.5);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Text size: %d %%", scale);
    ImGui::SameLine();
    const float sign_w = ImGui::GetFontSize() * 2.2f;
    if (ctx.Button("-", "smaller", sign_w) && scale > 75)
      Change(ctx, [&] { ctx.ui_scale = (scale - 25) / 100.0; });
    ImGui::SameLine();
    if (ctx.Button("+", "larger", sign_w) && scale < 200)
      Change(ctx, [&] { ctx.ui_scale = (scale + 25) / 100.0; });
    const float half = HalfWidth();
    if (ctx.Button(ctx.high_contrast ? "High contrast: ON" : "High contrast: OFF", "contrast",
                   half))
      Change(ctx, [&] { ctx.high_contrast = !ctx.high_contrast; });
    ImGui::SameLine();
    if (ctx.audio && ctx.Button(ctx.audio->muted() ? "Sounds: OFF" : "Sounds: ON", "mute", -1))
      Change(ctx, [&] { ctx.audio->set_muted(!ctx.audio->muted()); });
  }
  void DrawCamera(UiContext& ctx) {
    ImGui::TextUnformatted("Camera or video:");
    if (auto v = ctx.script.TakeValue("source")) source_ = *v;
    const float half = HalfWidth();
    ImGui::SetNextItemWidth(half);
    ImGui::InputText("##source", &source_);
    ImGui::SameLine();
    if (ctx.Button("Use it", "apply_source", -1))
      Change(ctx, [&] {
        message_ = ctx.OpenSource(source_) ? "Now using " + source_ + "." : ctx.feed_error;
      });
    ImGui::TextWrapped("Body tracking: %s", ctx.options.model == "lite"   ? "fast"
                                            : ctx.options.model == "full" ? "balanced"
                                                                          : "most accurate, slow");
    const float third =
        (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    const char* models[][3] = {{"Fast", "model_lite", "lite"},
                               {"Balanced", "model_full", "full"},
                               {"Accurate", "model_heavy", "heavy"}};
    for (int i = 0; i < 3; ++i) {
      if (i) ImGui::SameLine();
      if (ctx.Button(models[i][0], models[i][1], third) && ctx.options.model != models[i][2])
        Change(ctx, [&] {
          ctx.options.model = models[i][2];
          if (ctx.source != "demo") ctx.OpenSource(ctx.source);
        });
    }
  }
  void DrawReminder(UiContext& ctx, float half) {
    ImGui::TextWrapped("%s", ctx.reminder_time.empty()
                                 ? "Reminder: none."
                                 : ("Reminder: at " + ctx.reminder_time +
                                    " on the days your plan expects a session.")
                                       .c_str());
    if (auto v = ctx.script.TakeValue("reminder_time")) time_ = *v;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
    ImGui::InputText("##reminder_time", &time_);
    ImGui::SameLine();
    if (ctx.Button("Remind me", "remind_on", half)) SetReminder(ctx, time_);
    if (ctx.Button("No reminders", "remind_off", -1)) SetReminder(ctx, "");
  }
  void SetReminder(UiContext& ctx, const std::string& hhmm) {
    message_.clear();
    if (!ctx.profile || !ctx.store) {
      message_ = "Choose a profile first: the reminder follows that player's plan.";
      return;
    }
    const std::string err = hhmm.empty()
                                ? RemoveReminder(ctx.profile->id)
                                : InstallReminder(ctx.profile->id, hhmm, ctx.store->path());
    if (!err.empty()) {
      message_ = err;
      return;
    }
    Change(ctx, [&] { ctx.reminder_time = hhmm; });
    ctx.Trace("event", hhmm.empty() ? "reminder removed" : "reminder at " + hhmm);
    if (message_.empty())
      message_ = hhmm.empty() ? "No more reminders." : "I will remind you at " + hhmm + ".";
  }
  bool loaded_ = false;
  int page_ = 0;  ///< at large text: 0 look and sound, 1 camera and model, 2 reminder
  std::string source_, message_, time_;
};

}  // namespace

std::unique_ptr<Scene> MakeMenuScene() { return std::make_unique<MenuScene>(); }
std::unique_ptr<Scene> MakeSettingsScene() { return std::make_unique<SettingsScene>(); }

}  // namespace poise::ui
