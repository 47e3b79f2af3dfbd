// Free play: the player picks any exercise from the catalogue and plays one round of it, seated
// if their profile says so (exercises with no seated version are shown but cannot be chosen).
#include <algorithm>

#include "game/core/exercises/exercise.h"
#include "game/ui/scene.h"

namespace poise::ui {
namespace {

class FreePlayScene : public Scene {
 public:
  const char* Name() const override { return "free_play"; }
  bool ShowsCamera() const override { return false; }
  void Draw(UiContext& ctx) override {
    BeginPanel("free_play", ImVec2(0.2f, 0.03f), ImVec2(0.6f, 0.94f), ctx);
    // Back beside the title: the way out stays on screen at every text size.
    const float back_w = ImGui::CalcTextSize("Back").x + ImGui::GetStyle().FramePadding.x * 4;
    Title(ctx.ui_scale > 1.3 ? "Free play" : "Free play: choose an exercise");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - back_w);
    if (ctx.Button("Back", "back", back_w)) ctx.Pop();
    const bool seated = ctx.profile && ctx.profile->mobility == "seated";
    if (seated) ImGui::TextWrapped("Your profile says you exercise seated.");
    if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());
    // Balance on the left, coordination on the right; at large text one group at a time, in two
    // columns, so every exercise fits on the screen.
    const bool paged = ctx.ui_scale > 1.3;
    if (paged) {
      const float half = HalfWidth();
      if (ctx.Button("Balance", "free_balance", half)) balance_ = true;
      ImGui::SameLine();
      if (ctx.Button("Coordination", "free_coordination", -1)) balance_ = false;
    }
    ImGui::BeginChild("list", ImVec2(0, 0));
    if (ImGui::BeginTable("catalogue", 2)) {
      int k = 0;
      for (const char* category : {"balance", "coordination"}) {
        if (paged && (std::string(category) == "balance") != balance_) continue;
        if (!paged) {
          ImGui::TableNextColumn();
          BigText(std::string(category) == "balance" ? "Balance" : "Coordination");
        }
        for (const core::ExerciseInfo& e : core::Catalogue()) {
          if (e.category != category) continue;
          if (paged) {
            if (k % 2 == 0) ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(k++ % 2);
          }
          const bool has_seated =
              std::find(e.variants.begin(), e.variants.end(), "seated") != e.variants.end();
          const bool possible = !seated || has_seated;
          const std::string label = e.name + (has_seated || paged ? "" : " (standing)");
          if (!possible) ImGui::BeginDisabled();
          if (ctx.Button(label.c_str(), ("free:" + e.id).c_str(), -1) && possible)
            Start(ctx, e, seated ? "seated" : "standing");
          if (!possible) ImGui::EndDisabled();
        }
      }
      ImGui::EndTable();
    }
    ImGui::EndChild();
    EndPanel();
  }

 private:
  void Start(UiContext& ctx, const core::ExerciseInfo& e, const std::string& variant) {
    core::SessionPlan plan;
    plan.name = "Free play";
    core::PlanBlock b;
    b.exercise = e.id;
    b.variant = variant;
    b.rest_after_s = 0;
    plan.blocks.push_back(b);
    try {  // the dose and limits of today's plan for this exercise, when it has one
      for (const core::PlanBlock& pb : ctx.TodaysPlan().blocks)
        if (pb.exercise == e.id) {
          b = pb;
          b.variant = variant;
          b.rest_after_s = 0;
          plan.blocks = {b};
          break;
        }
    } catch (const std::exception&) {
      // No usable plan: free play still works with the default dose.
    }
    ctx.Trace("event", "free play: " + e.id);
    if (!ctx.profile) {
      ctx.pending_plan = plan;
      ctx.pending_plan_is_todays = false;
      ctx.Replace(MakeProfileScene(true));
      return;
    }
    error_.clear();
    StartSession(ctx, plan, error_);  // the session ends with a reset to the menu
  }
  std::string error_;
  bool balance_ = true;  ///< at large text: which group is shown
};

}  // namespace

std::unique_ptr<Scene> MakeFreePlayScene() { return std::make_unique<FreePlayScene>(); }

}  // namespace poise::ui
