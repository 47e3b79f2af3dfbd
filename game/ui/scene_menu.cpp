// Main menu and settings.
#include <algorithm>
#include <cmath>

#include "game/core/demo/scripted_pose.h"
#include "game/core/session/session_plan.h"
#include "game/ui/scene.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

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
    if (ctx.Button(ctx.profile ? "Change profile" : "Choose a profile", "profiles", w))
      ctx.Push(MakeProfileScene(false));
    if (two) ImGui::SameLine();
    if (ctx.Button("Settings", "settings", w)) ctx.Push(MakeSettingsScene());
    if (ctx.Button("Physiotherapist area", "physio", two ? -1 : w)) ctx.Push(MakePinScene());
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
    BeginPanel("settings", ImVec2(0.25f, 0.1f), ImVec2(0.5f, 0.8f), ctx);
    Title("Settings");
    int scale = int(ctx.ui_scale * 100 + 0.5);
    ImGui::Text("Text size: %d %%", scale);
    if (ctx.Button("Smaller", "smaller", 0) && scale > 75) ctx.ui_scale = (scale - 25) / 100.0;
    ImGui::SameLine();
    if (ctx.Button("Larger", "larger", 0) && scale < 200) ctx.ui_scale = (scale + 25) / 100.0;
    ImGui::Spacing();
    if (ctx.Button(ctx.high_contrast ? "High contrast: ON" : "High contrast: OFF", "contrast", -1))
      ctx.high_contrast = !ctx.high_contrast;
    if (ctx.audio && ctx.Button(ctx.audio->muted() ? "Sounds: OFF" : "Sounds: ON", "mute", -1))
      ctx.audio->set_muted(!ctx.audio->muted());
    ImGui::Spacing();
    ImGui::TextWrapped("Camera or video now: %s", ctx.source.c_str());
    ImGui::InputText("##source", &source_);
    if (ctx.Button("Use this camera or video", "apply_source", -1)) {
      message_ = ctx.OpenSource(source_) ? "Now using " + source_ + "." : ctx.feed_error;
    }
    if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
    ImGui::Spacing();
    if (ctx.Button("Back", "back", -1)) ctx.Pop();
    EndPanel();
  }

 private:
  std::string source_ = "camera:0", message_;
};

}  // namespace

std::unique_ptr<Scene> MakeMenuScene() { return std::make_unique<MenuScene>(); }
std::unique_ptr<Scene> MakeSettingsScene() { return std::make_unique<SettingsScene>(); }

}  // namespace poise::ui
