// Physiotherapist area (behind the PIN): every patient on this machine and their sessions, with
// the way to each patient's review and to the plan and patient editors.

#include "game/core/review/plain_words.h"
#include "game/store/pin_vault.h"
#include "game/store/sqlite_review_source.h"
#include "game/ui/clinic_mode.h"
#include "game/ui/scene.h"
#include "game/ui/scene_review.h"

namespace poise::ui {
namespace {

class PhysioScene : public Scene {
 public:
  const char* Name() const override { return "physio"; }
  bool ShowsCamera() const override { return false; }
  void Draw(UiContext& ctx) override {
    BeginPanel("physio", ImVec2(0.05f, 0.03f), ImVec2(0.9f, 0.94f), ctx);
    Title("Physiotherapist area: sessions");
    BeginBody(ctx.FooterHeight(2));  // the list scrolls; the buttons below stay on screen
    if (!ctx.store) {
      ImGui::TextWrapped("%s", ctx.store_error.c_str());
    } else {
      try {
        DrawPatients(ctx);
        DrawPinEvents();
      } catch (const std::exception& e) {
        ImGui::TextWrapped("%s", e.what());
      }
    }
    EndBody();
    if (ctx.Button("Open clinic database", "physio_clinic", -1))
      ctx.Push(MakeClinicConnectScene("", "", ""));
    // The editors sit behind this area's PIN: this is the only way to them.
    const float third =
        (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    if (ctx.Button("Plans", "physio_plans", third)) ctx.Push(MakePlanEditorScene());
    ImGui::SameLine();
    if (ctx.Button("Patients", "physio_profiles", third)) ctx.Push(MakeProfileEditorScene());
    ImGui::SameLine();
    if (ctx.Button("Back", "back", third)) ctx.Pop();
    EndPanel();
  }

 private:
  struct PatientRows {
    core::Profile profile;
    std::vector<store::SessionSummary> sessions;
  };

  /// The list is read from the database at most every 2 s, not on every frame (a year of daily
  /// sessions per patient would otherwise be re-read 60 times a second).
  const std::vector<PatientRows>& Patients(UiContext& ctx) {
    if (loaded_ms_ < 0 || ctx.now_ms - loaded_ms_ > 2000) {
      patients_.clear();
      for (const auto& p : ctx.store->Profiles())
        patients_.push_back({p, ctx.store->Sessions(p.id)});
      pin_events_ = store::PinEvents(*ctx.store, 8);
      loaded_ms_ = ctx.now_ms;
    }
    return patients_;
  }

  void DrawPatients(UiContext& ctx) {
    const auto& rows = Patients(ctx);
    if (rows.empty()) {
      ImGui::TextWrapped("No patients yet: a profile is created when someone first plays.");
      return;
    }
    int listed = 0;
    for (const auto& [p, sessions] : rows) {
      listed += int(sessions.size());
      const std::string about = std::to_string(int(p.height_cm)) + " cm, " + p.mobility + ", " +
                                p.dominant_side + " hand";
      // A header does not wrap: at large text it names the patient and the count only, the
      // details follow on a wrapped line.
      const bool large = ctx.ui_scale > 1.3;
      const std::string head =
          (large ? p.name + ", sessions: " : p.name + "  (" + about + "), sessions: ") +
          std::to_string(sessions.size()) + "###patient" + std::to_string(p.id);
      if (!ImGui::CollapsingHeader(head.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
      if (large) ImGui::TextWrapped("%s.", about.c_str());
      const std::string review_id = "review:" + std::to_string(p.id);
      ImGui::PushID(review_id.c_str());
      if (ctx.Button(("Review " + p.name + ": trends, sessions, notes, export").c_str(),
                     review_id.c_str(), -1))
        ctx.Push(MakeReviewScene(std::make_shared<store::SqliteReviewSource>(*ctx.store), p));
      ImGui::PopID();
      const std::string link_id = "clinic:" + std::to_string(p.id);
      ImGui::PushID(link_id.c_str());
      if (ctx.Button(("Clinic link for " + p.name).c_str(), link_id.c_str(), -1))
        ctx.Push(MakeClinicLinkScene(p.id));
      ImGui::PopID();
      if (sessions.empty()) {
        ImGui::TextWrapped("No sessions yet.");
        continue;
      }
      auto report = [](int v) { return v < 0 ? std::string("-") : std::to_string(v); };
      auto ended_text = [](const auto& s) {
        std::string ended = core::StopReasonText(s.ended_utc.empty() ? "" : s.stop_reason);
        if (const std::string sy = core::SymptomsText(s.symptoms_json); sy != "none")
          ended += "; " + sy;
        return ended;
      };
      if (ctx.ui_scale > 1.3) {
        // Large text: no room for six columns (words broke inside narrow cells, "com plet ed"),
        // so one block of lines per session, newest first, as the review shows them.
        for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
          const auto& s = *it;
          ImGui::Separator();
          BigText(core::LocalDateTime(s.started_utc, s.utc_offset_min));
          ImGui::TextWrapped(
              "Tries / hits %d / %d; tiredness before / after %s / %s; %d %s%s.", s.trials,
              s.successes, report(s.fatigue_before).c_str(), report(s.fatigue_after).c_str(),
              s.pauses, s.pauses == 1 ? "pause" : "pauses", s.fall_alarms ? ", FALL ALARM" : "");
          ImGui::TextWrapped("Ended: %s.", ended_text(s).c_str());
        }
        continue;
      }
      const ImGuiTableFlags flags =
          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
      if (!ImGui::BeginTable(("sessions" + std::to_string(p.id)).c_str(), 6, flags)) continue;
      for (const char* h : {"Started (local time)", "Tries", "Hits", "Tiredness before / after",
                            "Pauses, alarms", "Ended"})
        ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
        const auto& s = *it;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(core::LocalDateTime(s.started_utc, s.utc_offset_min).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", s.trials);
        ImGui::TableNextColumn();
        ImGui::Text("%d", s.successes);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(
            (report(s.fatigue_before) + " / " + report(s.fatigue_after)).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d pauses%s", s.pauses, s.fall_alarms ? ", FALL ALARM" : "");
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", ended_text(s).c_str());
      }
      ImGui::EndTable();
    }
    if (!traced_) {
      traced_ = true;
      ctx.Trace("event", "physio area: " + std::to_string(rows.size()) + " patients, " +
                             std::to_string(listed) + " sessions");
    }
  }
  /// What happened to the PIN (set, reset, lock-outs), newest first: someone guessing it, or a
  /// reset the physiotherapist did not do, shows here.
  void DrawPinEvents() {
    if (!ImGui::CollapsingHeader("PIN events (newest first)", ImGuiTreeNodeFlags_DefaultOpen))
      return;
    if (pin_events_.empty()) {
      ImGui::TextWrapped("None yet.");
      return;
    }
    for (const auto& e : pin_events_)
      ImGui::TextWrapped("%s  %s", core::LocalDateTime(e.t_utc, e.utc_offset_min).c_str(),
                         e.detail.c_str());
  }

  bool traced_ = false;
  std::vector<PatientRows> patients_;
  std::vector<store::PinEvent> pin_events_;
  double loaded_ms_ = -1;
};

}  // namespace

std::unique_ptr<Scene> MakePhysioScene() { return std::make_unique<PhysioScene>(); }

}  // namespace poise::ui
