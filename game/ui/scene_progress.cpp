// "My progress": the player's week against the plan's goal (a garden that grows one flower per
// session), a streak that forgives a rest day, personal bests in plain words and a chart of the
// recent weeks. Reads store::LoadPatientProgress; the words come from core/session/progress.h.
#include <algorithm>
#include <cmath>
#include <ctime>

#include "game/core/metrics/trends.h"
#include "game/core/session/progress.h"
#include "game/store/progress_queries.h"
#include "game/ui/exercise_art.h"
#include "game/ui/scene.h"

namespace poise::ui {
namespace {

int LocalToday() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return core::DayNumber(buf);
}

class ProgressScene : public Scene {
 public:
  const char* Name() const override { return "progress"; }
  bool ShowsCamera() const override { return false; }
  void Draw(UiContext& ctx) override {
    if (!loaded_) Load(ctx);
    BeginPanel("progress", ImVec2(0.1f, 0.03f), ImVec2(0.8f, 0.94f), ctx);
    const float back_w = ImGui::CalcTextSize("Back").x + ImGui::GetStyle().FramePadding.x * 4;
    Title("My progress");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - back_w);
    if (ctx.Button("Back", "back", back_w)) ctx.Pop();
    if (!error_.empty()) {
      ImGui::TextWrapped("%s", error_.c_str());
      EndPanel();
      return;
    }
    DrawWeek(ctx);
    BigText(Streak());
    if (bests_.empty()) {
      ImGui::TextWrapped("Your best results will show here after your first session.");
    } else {
      BigText("Your best so far:");
      for (const auto& b : bests_) ImGui::TextWrapped("%s", b.words.c_str());
    }
    ImGui::Spacing();
    DrawWeeksChart(ctx);
    EndPanel();
  }

 private:
  void Load(UiContext& ctx) {
    loaded_ = true;
    today_ = LocalToday();
    if (!ctx.profile || !ctx.store) {
      error_ = ctx.store ? "Please choose your profile first." : ctx.store_error;
      return;
    }
    try {
      goal_ = ctx.TodaysPlan().sessions_per_week;
    } catch (const std::exception&) {
      goal_ = 3;  // the plan cannot be read: the menu says why when playing
    }
    try {
      progress_ = store::LoadPatientProgress(*ctx.store, ctx.profile->id);
    } catch (const std::exception& e) {
      error_ = e.what();
      return;
    }
    bests_ = core::PersonalBests(progress_.tries, progress_.latest_session_id);
    ctx.Trace("event", "progress: week " +
                           std::to_string(core::SessionsThisWeek(progress_.session_days, today_)) +
                           " of " + std::to_string(goal_) + ", streak " +
                           std::to_string(core::TrainingStreak(progress_.session_days, today_)) +
                           ", bests " + std::to_string(bests_.size()));
  }

  std::string Streak() const {
    const int n = core::TrainingStreak(progress_.session_days, today_);
    if (n == 0) return "Every session counts: today is a good day to start a new streak.";
    if (n == 1) return "You trained 1 day in this streak. A rest day in between keeps it going.";
    return "You trained " + std::to_string(n) +
           " days in this streak. A rest day in between keeps it going.";
  }

  void DrawWeek(UiContext& ctx) {
    const int done = core::SessionsThisWeek(progress_.session_days, today_);
    BigText(done >= goal_ ? "This week: " + std::to_string(done) + " of " + std::to_string(goal_) +
                                " sessions. Your garden is in full bloom!"
                          : "This week: " + std::to_string(done) + " of " + std::to_string(goal_) +
                                " sessions. Each session grows a flower.");
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = std::clamp(ImGui::GetIO().DisplaySize.y * 0.2f, 90.0f, 200.0f);
    DrawGarden(ImGui::GetWindowDrawList(), p, ImVec2(p.x + std::min(w, h * 4), p.y + h), done,
               goal_, ctx.elapsed_s, ctx.high_contrast);
    ImGui::Dummy(ImVec2(w, h));
  }

  /// Sessions per week for the last 8 weeks: a bar each, its goal as an outline.
  void DrawWeeksChart(UiContext& ctx) {
    constexpr int kWeeks = 8;
    ImGui::TextWrapped("Sessions in the last %d weeks (the outline is the goal):", kWeeks);
    const int this_monday = core::WeekStart(today_);
    int counts[kWeeks] = {};
    for (int d : progress_.session_days) {
      const int k = (this_monday - core::WeekStart(d)) / 7;
      if (k >= 0 && k < kWeeks) ++counts[kWeeks - 1 - k];
    }
    const int top = std::max(goal_, *std::max_element(counts, counts + kWeeks));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float label_h = ImGui::GetFontSize() * 1.2f;
    const float h = std::clamp(ImGui::GetIO().DisplaySize.y * 0.22f, 100.0f, 260.0f);
    const float slot = w / kWeeks, bar_w = slot * 0.6f, bar_h = h - label_h * 2;
    const ImU32 fill = ctx.high_contrast ? IM_COL32(255, 255, 0, 255) : IM_COL32(90, 180, 120, 255);
    const ImU32 line = IM_COL32(255, 255, 255, 255);
    for (int i = 0; i < kWeeks; ++i) {
      const float x = p.x + slot * i + (slot - bar_w) / 2, base = p.y + label_h + bar_h;
      const float goal_y = base - bar_h * goal_ / top, done_y = base - bar_h * counts[i] / top;
      if (counts[i] > 0) dl->AddRectFilled(ImVec2(x, done_y), ImVec2(x + bar_w, base), fill, 4);
      dl->AddRect(ImVec2(x, goal_y), ImVec2(x + bar_w, base), line, 4, 0, 3);
      const std::string n = std::to_string(counts[i]);
      const ImVec2 ns = ImGui::CalcTextSize(n.c_str());
      dl->AddText(ImVec2(x + (bar_w - ns.x) / 2, std::min(goal_y, done_y) - ns.y), line, n.c_str());
      const std::string when =
          i == kWeeks - 1 ? "now"
                          : core::DayInWords(this_monday - 7 * (kWeeks - 1 - i)).substr(0, 6);
      const ImVec2 ws = ImGui::CalcTextSize(when.c_str());
      if (ws.x < slot || i % 2 == 1)  // at large text every other label
        dl->AddText(ImVec2(x + (bar_w - ws.x) / 2, base + 4), line, when.c_str());
    }
    ImGui::Dummy(ImVec2(w, h));
  }

  bool loaded_ = false;
  int today_ = 0, goal_ = 3;
  store::PatientProgress progress_;
  std::vector<core::PersonalBest> bests_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Scene> MakeProgressScene() { return std::make_unique<ProgressScene>(); }

}  // namespace poise::ui
