// The exercise scene (instructions, countdown, play) and the rest scene. They draw
// core::Session::View() and forward the player's requests; the session decides everything else
// (scoring, difficulty, fatigue, safety rules, the plan's order).
#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "game/ui/camera_view.h"
#include "game/ui/exercise_art.h"
#include "game/ui/scene.h"

namespace poise::ui {
namespace {

using core::SessionPhase;

class ExerciseScene : public Scene {
 public:
  const char* Name() const override { return "exercise"; }

  void OnPose(UiContext& ctx) override {
    if (!ctx.session || !ctx.frame) return;
    last_pose_at_ms_ = ctx.now_ms;
    ctx.session->Update(ctx.frame->pose, ctx.now_ms);
    Follow(ctx);
  }

  void Update(UiContext& ctx) override {
    if (!ctx.session) return;
    ctx.session->Tick(ctx.now_ms);
    // A real key is taken in every phase: Space that pressed Start (instructions) or came during
    // the countdown is for that moment, not a pause the moment play begins. (A script's key:
    // waits for play, like its clicks wait for their button.)
    const bool key_now = std::exchange(ctx.pause_key_down, false);
    if (ctx.session->phase() == SessionPhase::kPlaying && (key_now || ctx.PausePressed()))
      ctx.session->Pause("You paused the game.", ctx.now_ms);
    PauseIfTheSourceStopped(ctx);
    Follow(ctx);
  }

  void Draw(UiContext& ctx) override {
    if (!ctx.session) return;
    const core::SessionView s = ctx.session->View();
    if (s.phase == SessionPhase::kInstructions) return DrawInstructions(ctx, s);
    const core::ExerciseView& v = s.exercise;
    ctx.meter_showing = s.phase == SessionPhase::kPlaying && v.meter >= 0;
    if (!art_ || art_id_ != s.exercise_name) {  // a new block: its own theme
      art_.emplace(s.exercise_id);
      art_id_ = s.exercise_name;
    }
    art_->Draw(ctx, v, ctx.elapsed_s);  // the theme under the exercise's own marks
    DrawShapes(ctx, v);  // during the countdown too: the player sees where to reach first
    // The picture keeps its size at any text size; the text goes around it (camera_view.cpp).
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float img_w =
        ctx.frame && ctx.frame->pose.image_width > 0 ? float(ctx.frame->pose.image_width) : 640.0f;
    const float img_h = ctx.frame && ctx.frame->pose.image_height > 0
                            ? float(ctx.frame->pose.image_height)
                            : 480.0f;
    const PlayLayout lay = LayOutPlay(display, ctx.ui_scale, ctx.meter_showing, img_w, img_h);
    auto size_of = [](ImVec2 a, ImVec2 b) { return ImVec2(b.x - a.x, b.y - a.y); };
    // One line and the Pause button: never a scroll bar, even at 200 % text.
    BeginPanelAt("hud", lay.hud_min, size_of(lay.hud_min, lay.hud_max), ctx,
                 ImGuiWindowFlags_NoScrollbar);
    const bool large = ctx.ui_scale > 1.3;
    const char* pause_label = large ? "Pause" : "Pause (Space)";
    const float pause_w = ImGui::CalcTextSize(pause_label).x + ImGui::GetStyle().FramePadding.x * 4;
    if (const double left_ms = s.time_left_ms; left_ms >= 0) {
      const int left = int(std::ceil(left_ms / 1000));
      ImGui::Text("%s%sTry %d   Score %d   Time left %d:%02d", large ? "" : s.exercise_name.c_str(),
                  large ? "" : "   ", v.trial, v.score, left / 60, left % 60);
    } else if (large)
      ImGui::Text("Try %d of %d   Score %d", v.trial, v.trials, v.score);
    else
      ImGui::Text("%s   Try %d of %d   Score %d   Pace: %s", s.exercise_name.c_str(), v.trial,
                  v.trials, v.score, LevelInWords(s.level));
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - pause_w);
    if (ctx.Button(pause_label, "pause", pause_w))
      ctx.session->Pause("You paused the game.", ctx.now_ms);
    const std::array<int, 4> hud = PanelRect();
    EndPanel();
    BeginPanelAt("prompt", lay.prompt_min, size_of(lay.prompt_min, lay.prompt_max), ctx);
    if (s.phase == SessionPhase::kCountdown) {
      const int n = 3 - int((3000 - s.countdown_left_ms) / 1000);
      BigText("Get ready...");
      ImGui::SameLine();
      ImGui::SetWindowFontScale(2.2f);  // the count itself, readable from across the room
      ImGui::Text("%d", std::max(n, 1));
      ImGui::SetWindowFontScale(1.0f);
    } else {
      BigText(v.prompt);
      if (v.meter >= 0) {
        // White label on a deep blue fill and a black track: readable in both themes (the
        // high-contrast theme's yellow fill would swallow white text).
        // A label wider than the bar (large text in the side column: "ean 0 cm of 9 cm") goes
        // above the bar, wrapped, instead of being clipped inside it.
        const bool label_above =
            ImGui::CalcTextSize(v.meter_label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2 >
            ImGui::GetContentRegionAvail().x;
        if (label_above) ImGui::TextWrapped("%s", v.meter_label.c_str());
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImVec4(0.05f, 0.25f, 0.75f, 1));
        ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 1));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        ImGui::ProgressBar(float(std::clamp(v.meter, 0.0, 1.0)), ImVec2(-1, 0),
                           label_above ? "" : v.meter_label.c_str());
        ImGui::PopStyleColor(3);
      }
      if (s.offer_rest && ctx.Button("Take a rest", "rest_now", 0))
        ctx.session->TakeRest(ctx.now_ms);
    }
    TraceLayout(ctx, hud, PanelRect());
    EndPanel();
  }

 private:
  /// The current panel's rectangle on screen (pixels).
  static std::array<int, 4> PanelRect() {
    const ImVec2 p = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
    return {int(p.x), int(p.y), int(p.x + sz.x), int(p.y + sz.y)};
  }
  /// --trace: the picture's and the two panels' rectangles when they change (tests check that
  /// targets stay clear of the panels and keep their size at any text size).
  void TraceLayout(UiContext& ctx, const std::array<int, 4>& hud,
                   const std::array<int, 4>& prompt) {
    const std::array<int, 4> pic = {int(ctx.view_min.x), int(ctx.view_min.y), int(ctx.view_max.x),
                                    int(ctx.view_max.y)};
    if (!ctx.trace.is_open() || (pic == traced_[0] && hud == traced_[1] && prompt == traced_[2]))
      return;
    traced_ = {pic, hud, prompt};
    const nlohmann::json j = {{"t_s", ctx.elapsed_s},
                              {"play_layout", "exercise"},
                              {"picture", pic},
                              {"hud", hud},
                              {"prompt", prompt}};
    ctx.trace << j.dump() << std::endl;
  }

  /// Shows the screen the session's phase asks for (once per change of phase).
  void Follow(UiContext& ctx) {
    const SessionPhase p = ctx.session->phase();
    if (p == shown_) return;
    shown_ = p;
    switch (p) {
      case SessionPhase::kPaused:
        ctx.Push(MakePauseScene(ctx.session->View().pause_reason, stall_pause_));
        stall_pause_ = false;
        break;
      case SessionPhase::kResting:
        if (ctx.session->View().rest.between_blocks)
          ctx.Replace(MakeRestScene());
        else
          ctx.Push(MakeRestScene());
        break;
      case SessionPhase::kFallAlarm:
        ctx.Replace(MakeFallScene());
        break;
      case SessionPhase::kSummary:
        ctx.Replace(MakeSummaryScene());
        break;
      default:
        break;
    }
  }

  void DrawInstructions(UiContext& ctx, const core::SessionView& s) {
    BeginPanel("instructions", ImVec2(0.1f, 0.03f), ImVec2(0.8f, 0.94f), ctx);
    Title(s.exercise_name.c_str());
    BeginBody(ctx.FooterHeight(1));  // Start stays on screen below at every text size
    for (const auto& line : s.instructions) BigText("- " + line);
    if (!s.plan_notes.empty())
      ImGui::TextWrapped("Note from your physiotherapist: %s", s.plan_notes.c_str());
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float fig = ImGui::GetContentRegionAvail().y;
    if (fig > 40) {
      DrawStickFigure(ImVec2(p.x + ImGui::GetContentRegionAvail().x / 2, p.y + fig / 2), fig * 0.9f,
                      ctx.session->DemoBody(ctx.elapsed_s));
      ImGui::Dummy(ImVec2(10, fig));
    }
    EndBody();
    if (ctx.Button("Start", "start", -1)) ctx.session->StartCountdown(ctx.now_ms);
    EndPanel();
  }

  /// No new frame for 1.5 s while playing (a frozen or unplugged camera, a file that ended):
  /// pause and say why; the pause lifts itself when frames come back.
  void PauseIfTheSourceStopped(UiContext& ctx) {
    if (ctx.session->phase() != SessionPhase::kPlaying || last_pose_at_ms_ < 0 ||
        shown_ != SessionPhase::kPlaying) {
      last_pose_at_ms_ = ctx.now_ms;  // the wait starts when play (re)starts
      return;
    }
    if (ctx.now_ms - last_pose_at_ms_ < kSourceStallMs) return;
    const bool ended = ctx.feed && ctx.feed->Status().state == vision::FeedState::kEnded;
    ctx.Trace("event", "source_stopped");
    stall_pause_ = !ended;
    ctx.session->Pause(ended ? "The video or recording has ended, so the game paused."
                             : "The camera stopped sending pictures, so the game paused. Check "
                               "that it is plugged in; the game carries on when pictures come "
                               "back.",
                       ctx.now_ms);
  }
  static constexpr double kSourceStallMs = 1500;

  SessionPhase shown_ = SessionPhase::kPreparing;
  double last_pose_at_ms_ = -1;     ///< steady clock of the last pose frame (the stall check)
  bool stall_pause_ = false;        ///< the pause being shown lifts itself when frames return
  std::optional<ExerciseArt> art_;  ///< the theme and the rewards (exercise_art.cpp)
  std::string art_id_;
  std::array<std::array<int, 4>, 3> traced_{};
};

class RestScene : public Scene {
 public:
  const char* Name() const override { return "rest"; }
  void Update(UiContext& ctx) override {
    if (!ctx.session) return;
    Init(ctx);
    ctx.session->Tick(ctx.now_ms);
    if (ctx.session->phase() != SessionPhase::kResting) Done(ctx);
  }
  void Draw(UiContext& ctx) override {
    if (!ctx.session) return;
    Init(ctx);
    const core::RestView r = ctx.session->View().rest;
    BeginPanel("rest", ImVec2(0.15f, 0.03f), ImVec2(0.7f, 0.94f), ctx);
    Title("Time for a rest");
    BeginBody(ctx.FooterHeight(1));  // the way on stays on screen below
    BigText(r.why);
    BigText("Sit down, drink some water and let your body cool down.");
    const int left = int(std::ceil(std::max(0.0, r.left_ms) / 1000));
    // A big clock, readable from across the room.
    const std::string clock =
        std::to_string(left / 60) + ":" + (left % 60 < 10 ? "0" : "") + std::to_string(left % 60);
    ImGui::SetWindowFontScale(3.0f);
    ImGui::TextUnformatted(clock.c_str());
    ImGui::SetWindowFontScale(1.0f);
    if (r.enforced && !r.can_skip)
      ImGui::TextWrapped("Please rest at least until half of the time has passed.");
    EndBody();
    if (r.can_skip && ctx.Button("I am ready to continue", "continue", -1)) {
      ctx.session->EndRest(ctx.now_ms);
      if (ctx.session->phase() != SessionPhase::kResting) Done(ctx);
    }
    EndPanel();
  }

 private:
  /// Whether the next block follows this rest (the session forgets once the rest is over).
  void Init(UiContext& ctx) {
    if (between_set_) return;
    between_ = ctx.session->View().rest.between_blocks;
    between_set_ = true;
  }
  void Done(UiContext& ctx) {
    if (done_) return;
    done_ = true;
    if (between_)
      ctx.Replace(MakeExerciseScene());
    else
      ctx.Pop();
  }
  bool between_ = false, between_set_ = false;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<Scene> MakeExerciseScene() { return std::make_unique<ExerciseScene>(); }
std::unique_ptr<Scene> MakeRestScene() { return std::make_unique<RestScene>(); }

}  // namespace poise::ui
