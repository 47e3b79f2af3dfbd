// The physiotherapist's review of one patient: an overview (weekly adherence against the plan's
// target and a trend chart per metric with reference lines), the sessions with their detail
// (blocks and trials, difficulty path, events, self-reports, the physiotherapist's note), and
// export to CSV, PDF and FHIR for a date range into a folder (default ~/poise-exports). Everything
// on screen is in plain words (exercise, metric, stop reason and symptom names from core) and in
// the patient's local time; the ids and UTC stay in the store and the CSV/FHIR files. Loads its
// data once when opened (and after a note is saved); all drawing reads that copy.
#include "game/ui/scene_review.h"

#include <imgui.h>
// imgui_stdlib.h needs imgui.h first.
#include <imgui_stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "game/core/review/plain_words.h"
#include "game/store/exporters.h"
#include "game/store/pdf_report.h"
#include "game/store/pose_stream.h"
#include "game/store/private_files.h"
#include "game/ui/replay_view.h"
#include "game/ui/trend_chart.h"

namespace poise::ui {
namespace {

std::string DefaultExportDir() {
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/poise-exports";
}

/// "Anna balance, version 3" (a session played from a file or free play: its plan's name).
std::string PlanText(const store::SessionSummary& s) {
  if (s.plan_name.empty()) return "-";
  return s.plan_name + (s.plan_version > 0 ? ", version " + std::to_string(s.plan_version) : "");
}

class ReviewScene : public Scene {
 public:
  ReviewScene(std::shared_ptr<store::ReviewSource> source, store::PatientRef patient)
      : source_(std::move(source)), patient_(std::move(patient)) {}
  const char* Name() const override { return "review"; }
  bool ShowsCamera() const override { return false; }
  void Draw(UiContext& ctx) override {
    BeginPanel("review", ImVec2(0.03f, 0.03f), ImVec2(0.94f, 0.94f), ctx);
    try {
      if (!loaded_) Load(ctx);
      // One compact line above the tabs, so the content keeps the room at 200 % text.
      // At the clinic the server is named in full, except at large text (the overview names it).
      BigText("Review: " + patient_.name +
              (patient_.id > 0      ? " (patient id " + std::to_string(patient_.id) + ")"
               : ctx.ui_scale > 1.3 ? std::string(" (clinic)")
                                    : ", " + source_->Where()));
    } catch (const std::exception& e) {
      ImGui::TextWrapped("%s", e.what());
    }
    DrawTabs(ctx);
    ImGui::Separator();
    try {
      if (tab_ == Tab::kOverview) DrawOverview(ctx);
      if (tab_ == Tab::kSessions) DrawSessions(ctx);
      if (tab_ == Tab::kDetail) DrawDetail(ctx);
      if (tab_ == Tab::kExport) DrawExport(ctx);
    } catch (const std::exception& e) {
      ImGui::TextWrapped("%s", e.what());
    }
    EndPanel();
  }

 private:
  enum class Tab { kOverview, kSessions, kDetail, kExport };

  void Load(UiContext& ctx) {
    loaded_ = true;
    review_ = source_->LoadPatientReview(patient_, {});
    ctx.Trace("event", "review of " + review_.patient.name + ": " +
                           std::to_string(review_.sessions.size()) + " sessions, " +
                           std::to_string(review_.trends.size()) + " trends, " +
                           std::to_string(review_.adherence.size()) + " weeks");
  }

  /// The three tabs and Back on one row (Back leaves a session's detail for the list first); the
  /// open tab is marked "> " in words, not by colour alone.
  void DrawTabs(UiContext& ctx) {
    const float w = ImGui::GetContentRegionAvail().x / 4 - ImGui::GetStyle().ItemSpacing.x;
    if (ctx.Button(tab_ == Tab::kOverview ? "> Overview" : "Overview", "tab_overview", w))
      tab_ = Tab::kOverview;
    ImGui::SameLine();
    if (ctx.Button(tab_ == Tab::kSessions || tab_ == Tab::kDetail ? "> Sessions" : "Sessions",
                   "tab_sessions", w))
      tab_ = Tab::kSessions;
    ImGui::SameLine();
    if (ctx.Button(tab_ == Tab::kExport ? "> Export" : "Export", "tab_export", w))
      tab_ = Tab::kExport;
    ImGui::SameLine();
    if (ctx.Button("Back", "back", -1)) {
      if (tab_ == Tab::kDetail)
        tab_ = Tab::kSessions;
      else
        ctx.Pop();
    }
  }

  void DrawOverview(UiContext& ctx) {
    ImGui::BeginChild("overview", ImVec2(0, 0));
    const float w = ImGui::GetContentRegionAvail().x;
    const std::string days =
        review_.first_day.empty() ? "- (none yet)" : review_.first_day + " to " + review_.last_day;
    if (patient_.id > 0)
      ImGui::TextWrapped(
          "Sessions from %s. For the command line: poise export --patient %lld "
          "(UUID %s).",
          days.c_str(), static_cast<long long>(patient_.id), patient_.uuid.c_str());
    else
      ImGui::TextWrapped("Sessions from %s, read from the %s (patient UUID %s).", days.c_str(),
                         source_->Where().c_str(), patient_.uuid.c_str());
    DrawAdherenceStrip(review_.adherence, w, ctx.high_contrast);
    ImGui::Separator();
    ImGui::TextWrapped(
        "Trends: weekly means. Point at a chart to read a week's value; dashed lines are "
        "published reference values.");
    // Two charts side by side when they stay wide enough to read.
    const float fs = ImGui::GetFontSize();
    const int columns = w > fs * 36 ? 2 : 1;
    const float cw = (w - ImGui::GetStyle().ItemSpacing.x * float(columns - 1)) / float(columns);
    for (size_t i = 0; i < review_.trends.size(); ++i) {
      if (columns == 2 && i % 2 == 1) ImGui::SameLine();
      ImGui::BeginGroup();
      DrawTrendChart(ChartOfTrend(review_.trends[i]), cw, ctx.high_contrast);
      // The smallest real change (and poor-quality trials left out), so noise is not chased.
      if (const std::string note = core::DetectableChangeNote(review_.trends[i]); !note.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + cw);
        ImGui::TextWrapped("%s", note.c_str());
        ImGui::PopTextWrapPos();
      }
      ImGui::Spacing();
      ImGui::EndGroup();
    }
    if (review_.trends.empty()) ImGui::TextWrapped("No measured trials yet.");
    ImGui::EndChild();
  }

  /// Newest first: a table at 100 %; with large text (no room for six columns) one block of
  /// lines per session, so nothing is squeezed into a narrow column or needs sideways scrolling.
  void DrawSessions(UiContext& ctx) {
    ImGui::BeginChild("sessions", ImVec2(0, 0));
    const auto& ss = review_.sessions;
    auto rep = [](int v) { return v < 0 ? std::string("-") : std::to_string(v); };
    auto open = [&](size_t i, float width) {
      std::string id = "session:";  // in steps: GCC 12 warns (-Wrestrict) on "..." + to_string
      id += std::to_string(i);
      ImGui::PushID(int(i));
      if (ctx.Button("Open", id.c_str(), width)) OpenSession(ctx, i);
      ImGui::PopID();
    };
    if (ctx.ui_scale > 1.3) {
      for (size_t i = ss.size(); i-- > 0;) {
        const auto& s = ss[i];
        ImGui::Separator();
        BigText(core::LocalDateTime(s.started_utc, s.utc_offset_min) + ", " + PlanText(s));
        ImGui::TextWrapped("Tries / hits %d / %d; tiredness before / after %s / %s; %s.", s.trials,
                           s.successes, rep(s.fatigue_before).c_str(), rep(s.fatigue_after).c_str(),
                           core::StopReasonText(s.ended_utc.empty() ? "" : s.stop_reason).c_str());
        open(i, -1);
      }
      ImGui::EndChild();
      return;
    }
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("sessions", 6, flags)) {
      for (const char* h : {"Started (local time)", "Plan", "Tries / hits",
                            "Tiredness before / after", "Ended", ""})
        ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (size_t i = ss.size(); i-- > 0;) {
        const auto& s = ss[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", core::LocalDateTime(s.started_utc, s.utc_offset_min).c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", PlanText(s).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d / %d", s.trials, s.successes);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted((rep(s.fatigue_before) + " / " + rep(s.fatigue_after)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s",
                           core::StopReasonText(s.ended_utc.empty() ? "" : s.stop_reason).c_str());
        ImGui::TableNextColumn();
        open(i, 0);
      }
      ImGui::EndTable();
    }
    ImGui::EndChild();
  }

  void OpenSession(UiContext& ctx, size_t i) {
    selected_ = i;
    const std::string& id = review_.sessions[i].uuid;
    trials_ = source_->Trials(id);
    events_ = source_->Events(id);
    levels_ = source_->LevelChanges(id);
    const store::SessionNote note = source_->LatestNote(id);
    note_ = note.text;
    note_author_ = note.author;
    note_status_.clear();
    can_write_ = source_->CanWrite();
    read_only_reason_ = can_write_ ? "" : source_->ReadOnlyReason();
    streams_ = source_->PoseStreams(id);
    if (!can_write_) ctx.Trace("event", "notes read-only: " + read_only_reason_);
    replay_.clear();
    tab_ = Tab::kDetail;
    ctx.Trace("event", "session detail: " + std::to_string(trials_.size()) + " trials, " +
                           std::to_string(events_.size()) + " events, " +
                           std::to_string(levels_.size()) + " level changes");
  }

  void DrawDetail(UiContext& ctx);
  void DrawReplay(UiContext& ctx);
  void DrawExport(UiContext& ctx);

  std::shared_ptr<store::ReviewSource> source_;
  store::PatientRef patient_;
  bool loaded_ = false, can_write_ = true;
  std::string note_author_, read_only_reason_;
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
  store::ExportRange range_;
};

/// "Reaction time 0.46 s, Hit rate 100 %" from a trial's stored metrics.
std::string MetricsText(const std::string& json) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  std::string out;
  if (!j.is_array()) return out;
  for (const auto& m : j) {
    if (!m.is_object() || !m.contains("value") || !m["value"].is_number()) continue;
    const std::string name = m.value("name", ""), unit = m.value("unit", "");
    if (core::KindOfMetric(name, unit) == core::MetricKind::kCategory) continue;
    out += (out.empty() ? "" : ", ") + core::MetricName(name) + " " +
           core::MetricValueText(name, unit, m["value"].get<double>());
  }
  return out;
}

void ReviewScene::DrawDetail(UiContext& ctx) {
  const auto& s = review_.sessions[selected_];
  ImGui::BeginChild("detail", ImVec2(0, 0));
  auto rep = [](int v) { return v < 0 ? std::string("not given") : std::to_string(v) + " of 10"; };
  BigText("Session of " + core::LocalDateTime(s.started_utc, s.utc_offset_min) + " (local time)");
  ImGui::TextWrapped("Plan: %s.", PlanText(s).c_str());
  ImGui::TextWrapped("Tiredness before: %s; after: %s. Ended: %s. Symptoms: %s.",
                     rep(s.fatigue_before).c_str(), rep(s.fatigue_after).c_str(),
                     core::StopReasonText(s.ended_utc.empty() ? "" : s.stop_reason).c_str(),
                     core::SymptomsText(s.symptoms_json).c_str());
  DrawReplay(ctx);
  ImGui::Text("Physiotherapist's note%s:",
              note_author_.empty() ? "" : (" (by " + note_author_ + ")").c_str());
  if (!can_write_) {
    // A role that may only read: the note as text, and why it cannot be changed here.
    ImGui::TextWrapped("%s", note_.empty() ? "(none)" : note_.c_str());
    ImGui::TextWrapped("%s", read_only_reason_.c_str());
  }
  if (auto v = ctx.script.TakeValue("note")) note_ = *v;
  if (can_write_)
    ImGui::InputTextMultiline("##note", &note_, ImVec2(-1, ImGui::GetFontSize() * 3.5f));
  if (can_write_ && ctx.Button("Save note", "save_note")) {
    try {
      source_->AddNote(s.uuid, note_);
      note_author_ = source_->LatestNote(s.uuid).author;
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
    ImGui::BulletText("%s  %s: %s", core::LocalTimeOfDay(e.t_utc, s.utc_offset_min).c_str(),
                      core::EventKindText(e.kind).c_str(), e.detail.c_str());
  ImGui::Text("Difficulty changes (%zu):", levels_.size());
  for (const auto& l : levels_)
    ImGui::BulletText("%s, try %d: %.2f -> %.2f (%s)", core::ExerciseName(l.exercise).c_str(),
                      l.trial_index + 1, l.level_from, l.level_to, l.reason.c_str());
  ImGui::Text("Trials (%zu):", trials_.size());
  if (ctx.ui_scale > 1.3) {
    // Large text: one block of lines per try (five columns would break words in two).
    for (const auto& t : trials_) {
      ImGui::Separator();
      ImGui::TextWrapped("Block %d, %s (%s), try %d: level %.2f, %s.", t.block + 1,
                         core::ExerciseName(t.exercise).c_str(), t.variant.c_str(),
                         t.trial_index + 1, t.level, t.outcome.c_str());
      if (const std::string set = core::ParametersText(t.exercise, t.parameters_json); !set.empty())
        ImGui::TextWrapped("Set to: %s.", set.c_str());
      if (const std::string m = MetricsText(t.metrics_json); !m.empty())
        ImGui::TextWrapped("Measured: %s.", m.c_str());
    }
    ImGui::EndChild();
    return;
  }
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("trials", 5, flags)) {
    for (const char* h : {"Block", "Exercise, try: set to", "Level", "Outcome", "Measured"})
      ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const auto& t : trials_) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", t.block + 1);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s (%s), %d", core::ExerciseName(t.exercise).c_str(), t.variant.c_str(),
                         t.trial_index + 1);
      // What the game set for this try (target, time limit, side), beside its outcome.
      if (const std::string set = core::ParametersText(t.exercise, t.parameters_json); !set.empty())
        ImGui::TextWrapped("%s", set.c_str());
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
    const std::string label =
        "Block " + std::to_string(st.block + 1) + ": " + core::ExerciseName(st.exercise);
    ImGui::PushID(id.c_str());
    if (ctx.Button(label.c_str(), id.c_str())) {
      try {
        replay_ = source_->LoadPoseStream(st.uuid);
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
  namespace fs = std::filesystem;
  // One line at 200 % text (the name and id are in the header), so the buttons stay in view.
  ImGui::TextWrapped("Export %s's sessions into this folder:", patient_.name.c_str());
  if (auto v = ctx.script.TakeValue("export_dir")) export_dir_ = *v;
  if (auto v = ctx.script.TakeValue("export_from")) range_.from_date = *v;
  if (auto v = ctx.script.TakeValue("export_to")) range_.to_date = *v;
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##dir", &export_dir_);
  ImGui::TextWrapped("Local dates, YYYY-MM-DD (empty: open-ended):");
  const float date_w = ImGui::GetFontSize() * 7;
  ImGui::TextUnformatted("From");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(date_w);
  ImGui::InputTextWithHint("##from", review_.first_day.c_str(), &range_.from_date);
  ImGui::SameLine();
  ImGui::TextUnformatted("to");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(date_w);
  ImGui::InputTextWithHint("##to", review_.last_day.c_str(), &range_.to_date);
  const float w = ImGui::GetContentRegionAvail().x / 3 - ImGui::GetStyle().ItemSpacing.x;
  // Every format asked for this frame (a slow export can leave two clicks due at once).
  std::vector<int> formats;
  if (ctx.Button("CSV files", "export_csv", w)) formats.push_back(0);
  ImGui::SameLine();
  if (ctx.Button("PDF report", "export_pdf", w)) formats.push_back(1);
  ImGui::SameLine();
  if (ctx.Button("FHIR bundle", "export_fhir", w)) formats.push_back(2);
  if (patient_.id > 0)
    ImGui::TextWrapped(
        "The same from a terminal: poise export --patient %lld%s%s --format csv|pdf|"
        "fhir --out PATH",
        static_cast<long long>(patient_.id),
        range_.from_date.empty() ? "" : (" --from " + range_.from_date).c_str(),
        range_.to_date.empty() ? "" : (" --to " + range_.to_date).c_str());
  for (const int format : formats) {
    try {
      store::ValidateRange(range_);
      store::CreatePrivateDirectories(export_dir_);
      // The file names carry the range, so exports of different ranges do not overwrite each other.
      // At the clinic (no local number) the UUID's first part names the patient's files.
      std::string stem =
          export_dir_ + "/poise-" +
          (patient_.id > 0 ? std::to_string(patient_.id) : patient_.uuid.substr(0, 8));
      if (!range_.from_date.empty() || !range_.to_date.empty()) {
        stem += '_';
        stem += range_.from_date.empty() ? std::string("start") : range_.from_date;
        stem += '_';
        stem += range_.to_date.empty() ? std::string("end") : range_.to_date;
      }
      if (format == 0) {
        store::CreatePrivateDirectories(stem + "-csv");
        store::ExportCsv(*source_, patient_, range_, stem + "-csv");
        export_status_ = "Saved " + stem + "-csv/sessions.csv and trials.csv.";
      } else if (format == 1) {
        const store::PatientReview r = source_->LoadPatientReview(patient_, range_);
        const int pages = store::WritePdfReport(*source_, r, stem + ".pdf");
        export_status_ = "Saved " + stem + ".pdf (" + std::to_string(pages) + " pages, " +
                         std::to_string(r.sessions.size()) + " sessions).";
      } else {
        store::WriteFhirBundle(*source_, patient_, range_, stem + "-fhir.json");
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

std::unique_ptr<Scene> MakeReviewScene(std::shared_ptr<store::ReviewSource> source,
                                       store::PatientRef patient) {
  return std::make_unique<ReviewScene>(std::move(source), std::move(patient));
}

}  // namespace poise::ui
