// The physiotherapist's review of one patient: an overview (weekly adherence against the plan's
// target and a trend chart per metric with reference lines), the sessions with their detail
// (blocks and trials, difficulty path, events, self-reports, the physiotherapist's note), and
// export to CSV, PDF and FHIR into a folder (default ~/poise-exports). Loads its data once when
// opened (and after a note is saved); all drawing reads that copy.
#include <imgui.h>
// imgui_stdlib.h needs imgui.h first.
#include <imgui_stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "game/store/exporters.h"
#include "game/store/pdf_report.h"
#include "game/store/pose_stream.h"
#include "game/store/private_files.h"
#include "game/store/review_queries.h"
#include "game/ui/replay_view.h"
#include "game/ui/scene.h"
#include "game/ui/trend_chart.h"

namespace poise::ui {
namespace {

std::string DefaultExportDir() {
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/poise-exports";
}

class ReviewScene : public Scene {
 public:
  explicit ReviewScene(int64_t profile_id) : profile_id_(profile_id) {}
  const char* Name() const override { return "review"; }
  bool ShowsCamera() const override { return false; }
  void Draw(UiContext& ctx) override {
    BeginPanel("review", ImVec2(0.03f, 0.03f), ImVec2(0.94f, 0.94f), ctx);
    try {
      if (!loaded_) Load(ctx);
      const std::string span = review_.first_day.empty()
                                   ? std::string("no sessions yet")
                                   : review_.first_day + " to " + review_.last_day;
      Title(("Review: " + review_.patient.name + ", " + span).c_str());
      DrawTabs(ctx);
      ImGui::Separator();
      if (tab_ == Tab::kOverview) DrawOverview(ctx);
      if (tab_ == Tab::kSessions) DrawSessions(ctx);
      if (tab_ == Tab::kDetail) DrawDetail(ctx);
      if (tab_ == Tab::kExport) DrawExport(ctx);
    } catch (const std::exception& e) {
      ImGui::TextWrapped("%s", e.what());
    }
    ImGui::Separator();
    if (ctx.Button("Back", "back", -1)) {
      if (tab_ == Tab::kDetail)
        tab_ = Tab::kSessions;
      else
        ctx.Pop();
    }
    EndPanel();
  }

 private:
  enum class Tab { kOverview, kSessions, kDetail, kExport };

  void Load(UiContext& ctx) {
    loaded_ = true;
    for (const auto& p : ctx.store->Profiles())
      if (p.id == profile_id_) review_ = store::LoadPatientReview(*ctx.store, p, {});
    ctx.Trace("event", "review of " + review_.patient.name + ": " +
                           std::to_string(review_.sessions.size()) + " sessions, " +
                           std::to_string(review_.trends.size()) + " trends, " +
                           std::to_string(review_.adherence.size()) + " weeks");
  }

  void DrawTabs(UiContext& ctx) {
    const float w = ImGui::GetContentRegionAvail().x / 3 - ImGui::GetStyle().ItemSpacing.x;
    if (ctx.Button(tab_ == Tab::kOverview ? "[ Overview ]" : "Overview", "tab_overview", w))
      tab_ = Tab::kOverview;
    ImGui::SameLine();
    if (ctx.Button(tab_ == Tab::kSessions || tab_ == Tab::kDetail ? "[ Sessions ]" : "Sessions",
                   "tab_sessions", w))
      tab_ = Tab::kSessions;
    ImGui::SameLine();
    if (ctx.Button(tab_ == Tab::kExport ? "[ Export ]" : "Export", "tab_export", w))
      tab_ = Tab::kExport;
  }

  void DrawOverview(UiContext& ctx) {
    ImGui::BeginChild("overview", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.6f));
    const float w = ImGui::GetContentRegionAvail().x;
    DrawAdherenceStrip(review_.adherence, w, ctx.high_contrast);
    ImGui::Separator();
    ImGui::TextWrapped("Trends: weekly means; dashed lines are published reference values.");
    // Two charts side by side when they stay wide enough to read.
    const float fs = ImGui::GetFontSize();
    const int columns = w > fs * 34 ? 2 : 1;
    const float cw = (w - ImGui::GetStyle().ItemSpacing.x * float(columns - 1)) / float(columns);
    for (size_t i = 0; i < review_.trends.size(); ++i) {
      if (columns == 2 && i % 2 == 1) ImGui::SameLine();
      ImGui::BeginGroup();
      DrawTrendChart(review_.trends[i], cw, ctx.high_contrast);
      ImGui::EndGroup();
    }
    if (review_.trends.empty()) ImGui::TextWrapped("No measured trials yet.");
    ImGui::EndChild();
  }

  void DrawSessions(UiContext& ctx) {
    ImGui::BeginChild("sessions", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.6f));
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("sessions", 5, flags)) {
      for (const char* h :
           {"Started (UTC)", "Tries / hits", "Tiredness before / after", "Ended", ""})
        ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      const auto& ss = review_.sessions;
      for (size_t i = ss.size(); i-- > 0;) {
        const auto& s = ss[i];
        auto rep = [](int v) { return v < 0 ? std::string("-") : std::to_string(v); };
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.started_utc.substr(0, 16).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d / %d", s.trials, s.successes);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted((rep(s.fatigue_before) + " / " + rep(s.fatigue_after)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", s.ended_utc.empty() ? "not finished" : s.stop_reason.c_str());
        ImGui::TableNextColumn();
        const std::string id = "session:" + std::to_string(i);
        ImGui::PushID(int(i));
        if (ctx.Button("Open", id.c_str())) OpenSession(ctx, i);
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
    ImGui::EndChild();
  }

  void OpenSession(UiContext& ctx, size_t i) {
    selected_ = i;
    const int64_t id = review_.sessions[i].id;
    trials_ = ctx.store->Trials(id);
    events_ = store::Events(*ctx.store, id);
    levels_ = store::LevelChanges(*ctx.store, id);
    note_ = store::LatestSessionNote(*ctx.store, id);
    note_status_.clear();
    streams_ = store::PoseStreams(*ctx.store, id);
    replay_.clear();
    tab_ = Tab::kDetail;
    ctx.Trace("event", "session detail: " + std::to_string(trials_.size()) + " trials, " +
                           std::to_string(events_.size()) + " events, " +
                           std::to_string(levels_.size()) + " level changes");
  }

  void DrawDetail(UiContext& ctx);
  void DrawReplay(UiContext& ctx);
  void DrawExport(UiContext& ctx);

  int64_t profile_id_;
  bool loaded_ = false;
  store::PatientReview review_;
  Tab tab_ = Tab::kOverview;
  size_t selected_ = 0;
  std::vector<store::StoredTrial> trials_;
  std::vector<store::StoredEvent> events_;
  std::vector<store::StoredLevelChange> levels_;
  std::vector<store::StoredPoseStream> streams_;
  std::vector<store::ReplayFrame> replay_;  ///< the block being replayed
  std::string replay_title_;
  double replay_start_s_ = 0;
  std::string note_, note_status_, export_dir_ = DefaultExportDir(), export_status_;
};

std::string MetricsText(const std::string& json) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  std::string out;
  if (!j.is_array()) return out;
  for (const auto& m : j) {
    if (!m.contains("value") || !m["value"].is_number()) continue;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s%s %.2f %s", out.empty() ? "" : ", ",
                  m.value("name", "").c_str(), m["value"].get<double>(),
                  m.value("unit", "").c_str());
    out += buf;
  }
  return out;
}

void ReviewScene::DrawDetail(UiContext& ctx) {
  const auto& s = review_.sessions[selected_];
  ImGui::BeginChild("detail", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 1.6f));
  auto rep = [](int v) { return v < 0 ? std::string("not given") : std::to_string(v) + " of 10"; };
  std::string when = s.started_utc.substr(0, 16);
  if (when.size() > 10) when[10] = ' ';
  BigText("Session of " + when + " (UTC)");
  ImGui::TextWrapped("Tiredness before: %s; after: %s. Ended: %s. Symptoms: %s",
                     rep(s.fatigue_before).c_str(), rep(s.fatigue_after).c_str(),
                     s.ended_utc.empty() ? "not finished" : s.stop_reason.c_str(),
                     s.symptoms_json == "[]" ? "none" : s.symptoms_json.c_str());
  DrawReplay(ctx);
  ImGui::Text("Physiotherapist's note:");
  if (auto v = ctx.script.TakeValue("note")) note_ = *v;
  ImGui::InputTextMultiline("##note", &note_, ImVec2(-1, ImGui::GetFontSize() * 3.5f));
  if (ctx.Button("Save note", "save_note")) {
    try {
      store::AddSessionNote(*ctx.store, s.id, note_);
      note_status_ = "Note saved.";
      ctx.Trace("event", "note saved");
    } catch (const std::exception& e) {
      note_status_ = e.what();
    }
  }
  if (!note_status_.empty()) {
    ImGui::SameLine();
    ImGui::TextWrapped("%s", note_status_.c_str());
  }
  ImGui::Spacing();
  ImGui::Text("Events (%zu):", events_.size());
  for (const auto& e : events_)
    ImGui::BulletText("%s  %s: %s", e.t_utc.substr(11, 5).c_str(), e.kind.c_str(),
                      e.detail.c_str());
  ImGui::Text("Difficulty changes (%zu):", levels_.size());
  for (const auto& l : levels_)
    ImGui::BulletText("%s trial %d: %.2f -> %.2f (%s)", l.exercise.c_str(), l.trial_index + 1,
                      l.level_from, l.level_to, l.reason.c_str());
  ImGui::Text("Trials (%zu):", trials_.size());
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("trials", 5, flags)) {
    for (const char* h : {"Block", "Exercise, trial", "Level", "Outcome", "Metrics"})
      ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const auto& t : trials_) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", t.block + 1);
      ImGui::TableNextColumn();
      ImGui::Text("%s %s, %d", t.exercise.c_str(), t.variant.c_str(), t.trial_index + 1);
      ImGui::TableNextColumn();
      ImGui::Text("%.2f", t.level);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(t.outcome.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", MetricsText(t.metrics_json).c_str());
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

void ReviewScene::DrawReplay(UiContext& ctx) {
  if (streams_.empty()) {
    ImGui::TextWrapped("No movement was recorded in this session (recording off or older).");
    return;
  }
  ImGui::Text("Replay a block as a stick figure:");
  for (const auto& st : streams_) {
    const std::string id = "replay:" + std::to_string(st.block);
    const std::string label = "Block " + std::to_string(st.block + 1) + ": " + st.exercise;
    ImGui::PushID(id.c_str());
    if (ctx.Button(label.c_str(), id.c_str())) {
      try {
        replay_ = store::LoadPoseStream(*ctx.store, st.id);
        replay_title_ = label + " (" + std::to_string(st.frames) + " frames)";
        replay_start_s_ = ctx.elapsed_s;
        ctx.Trace("event", "replay " + label + ": " + std::to_string(replay_.size()) + " frames");
      } catch (const std::exception& e) {
        replay_.clear();
        replay_title_ = e.what();
      }
    }
    ImGui::PopID();
    ImGui::SameLine();
  }
  ImGui::NewLine();
  if (!replay_title_.empty()) ImGui::TextWrapped("%s", replay_title_.c_str());
  if (const store::ReplayFrame* f = ReplayFrameAt(replay_, ctx.elapsed_s - replay_start_s_)) {
    const float h = ImGui::GetFontSize() * 8;
    DrawReplayFigure(*f, ImVec2(h / 0.75f, h), ctx.high_contrast);
    ImGui::SameLine();
    ImGui::Text("%.1f s", f->t_ms / 1000);
  }
}

void ReviewScene::DrawExport(UiContext& ctx) {
  ImGui::TextWrapped("Export all of %s's sessions into this folder:", review_.patient.name.c_str());
  if (auto v = ctx.script.TakeValue("export_dir")) export_dir_ = *v;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##dir", &export_dir_);
  const float w = ImGui::GetContentRegionAvail().x / 3 - ImGui::GetStyle().ItemSpacing.x;
  int format = -1;
  if (ctx.Button("CSV files", "export_csv", w)) format = 0;
  ImGui::SameLine();
  if (ctx.Button("PDF report", "export_pdf", w)) format = 1;
  ImGui::SameLine();
  if (ctx.Button("FHIR bundle", "export_fhir", w)) format = 2;
  if (format >= 0) {
    try {
      store::CreatePrivateDirectories(export_dir_);
      const std::string stem = export_dir_ + "/poise-" + std::to_string(review_.patient.id);
      if (format == 0) {
        store::CreatePrivateDirectories(stem + "-csv");
        store::ExportCsv(*ctx.store, review_.patient, {}, stem + "-csv");
        export_status_ = "Saved " + stem + "-csv/sessions.csv and trials.csv.";
      } else if (format == 1) {
        const int pages = store::WritePdfReport(*ctx.store, review_, stem + ".pdf");
        export_status_ = "Saved " + stem + ".pdf (" + std::to_string(pages) + " pages).";
      } else {
        store::WriteFhirBundle(*ctx.store, review_.patient, {}, stem + "-fhir.json");
        export_status_ = "Saved " + stem + "-fhir.json.";
      }
    } catch (const std::exception& e) {
      export_status_ = e.what();
    }
    ctx.Trace("event", "export: " + export_status_);
  }
  if (!export_status_.empty()) BigText(export_status_);
}

}  // namespace

std::unique_ptr<Scene> MakeReviewScene(int64_t profile_id) {
  return std::make_unique<ReviewScene>(profile_id);
}

}  // namespace poise::ui
