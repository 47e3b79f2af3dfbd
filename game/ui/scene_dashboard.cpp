// Clinic mode's dashboard: every patient the physiotherapist follows, from the clinic's server.
// Sortable (name, last session, flags, adherence) and filterable (flagged only, name search);
// a table at normal text sizes, one block per patient at large ones (no sideways scrolling).
// Trends and flags are words (colour only repeats them). Loading runs on its own thread; a lost
// connection shows one sentence, keeps the last rows on screen and retries every 5 s. "Open"
// shows the patient's sessions, the review, and the patient's plan at the clinic in the plan
// editor (saved there as a new version); with write rights, one of this computer's plans may be
// assigned as a new clinic version.
#include <algorithm>
#include <cctype>
#include <future>

#include "game/clinic/pg_review_source.h"
#include "game/core/review/plain_words.h"
#include "game/store/plan_store.h"
#include "game/ui/clinic_mode.h"
#include "game/ui/scene_review.h"
#include "vision/asset_dir.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

namespace poise::ui {
namespace {

constexpr double kRefreshMs = 60000, kRetryMs = 5000;
/// A patient with no plan at the clinic starts from this file of <assets>/plans/defaults.
constexpr const char* kStartingPlan = "seated_starter";
constexpr const char* kTrendsNote =
    "Trends: the last 7 days against the 4 weeks before, better or worse only beyond the "
    "patient's own measurement noise.";

struct Loaded {
  std::optional<clinic::ClinicDashboard> dashboard;
  std::string error;
  bool lost = false;
};

std::string Lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string LastText(const core::DashboardRow& r) {
  if (!r.activity.last_session_day) return "never";
  const int d = r.days_since_last;
  return core::ShortDate(*r.activity.last_session_day) +
         (d == 0   ? " (today)"
          : d == 1 ? " (yesterday)"
                   : " (" + std::to_string(d) + " days ago)");
}

std::string WeekText(const core::DashboardRow& r) {
  return std::to_string(r.activity.sessions_this_week) + " of " +
         std::to_string(r.activity.sessions_per_week);
}

ImVec4 TrendColour(core::TrendDirection d, bool high_contrast) {
  const ImVec4 text = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  if (high_contrast) return text;
  if (d == core::TrendDirection::kWorse) return ImVec4(1.0f, 0.55f, 0.45f, 1);
  if (d == core::TrendDirection::kBetter) return ImVec4(0.55f, 0.9f, 0.55f, 1);
  return text;
}

class DashboardScene : public Scene {
 public:
  explicit DashboardScene(std::shared_ptr<ClinicSession> s) : session_(std::move(s)) {}
  const char* Name() const override { return "dashboard"; }
  bool ShowsCamera() const override { return false; }

  void Draw(UiContext& ctx) override {
    Poll(ctx);
    if (!busy_ && ctx.now_ms >= next_load_ms_) Load();
    BeginPanel("dashboard", ImVec2(0.02f, 0.02f), ImVec2(0.96f, 0.96f), ctx);
    // Normal text: header and controls stay, the table scrolls under its own header. Large
    // text: everything scrolls together, one block per patient.
    const bool table = ctx.ui_scale <= 1.3;
    if (table) {
      DrawHeader(ctx);
      DrawControls(ctx);
    }
    BeginBody(ctx.FooterHeight(1));
    if (!table) {
      DrawHeader(ctx);
      DrawControls(ctx);
    }
    if (dashboard_) {
      const std::vector<const core::DashboardRow*> rows = Visible();
      if (dashboard_->rows.empty())
        ImGui::TextWrapped(
            "No patients are assigned to your login yet; the clinic's IT assigns them "
            "(poise clinic add-physio).");
      else if (rows.empty())
        ImGui::TextWrapped("No patient matches.");
      else if (ctx.ui_scale > 1.3)
        DrawBlocks(ctx, rows);
      else
        DrawTable(ctx, rows);
    } else if (error_.empty()) {
      ImGui::TextWrapped("Reading the clinic's patients...");
    }
    EndBody();
    const float half = HalfWidth();
    if (ctx.Button("Refresh", "dashboard_refresh", half) && !busy_) next_load_ms_ = 0;
    ImGui::SameLine();
    if (ctx.Button("Close clinic database", "back", half)) ctx.Pop();
    EndPanel();
  }

 private:
  enum class Sort { kName, kLast, kFlags, kAdherence };

  void Load() {
    busy_ = true;
    auto session = session_;
    pending_ = std::async(std::launch::async, [session]() {
      Loaded out;
      try {
        const ClinicSession::Failure f = session->Use([&](clinic::PgConnection& c) {
          out.dashboard = clinic::LoadDashboard(c, LocalToday());
          session->may_write = out.dashboard->may_write;
        });
        out.error = f.error;
        out.lost = f.lost;
      } catch (const std::exception& e) {
        out.error = e.what();
      }
      return out;
    });
  }

  void Poll(UiContext& ctx) {
    if (!busy_ || pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    busy_ = false;
    Loaded l = pending_.get();
    if (l.dashboard) {
      dashboard_ = std::move(l.dashboard);
      error_.clear();
      next_load_ms_ = ctx.now_ms + kRefreshMs;
      size_t flagged = 0;
      for (const auto& r : dashboard_->rows) flagged += r.flags.empty() ? 0 : 1;
      ctx.Trace("event", "dashboard: " + std::to_string(dashboard_->rows.size()) + " patients, " +
                             std::to_string(flagged) + " flagged");
      return;
    }
    error_ = l.lost ? "The connection to the clinic server was lost; trying again every 5 "
                      "seconds (" +
                          l.error + ")"
                    : l.error;
    next_load_ms_ = ctx.now_ms + kRetryMs;
    ctx.Trace("event", "dashboard: " + error_);
  }

  void DrawHeader(UiContext& ctx) {
    Title(("Clinic dashboard: " + session_->login.role).c_str());
    if (dashboard_) {
      size_t flagged = 0;
      for (const auto& r : dashboard_->rows) flagged += r.flags.empty() ? 0 : 1;
      if (ctx.ui_scale <= 1.3)
        ImGui::TextWrapped("%s: %zu patients, %zu need attention. %s",
                           session_->login.server.Display().c_str(), dashboard_->rows.size(),
                           flagged, kTrendsNote);
      else
        ImGui::TextWrapped("%zu patients, %zu need attention.", dashboard_->rows.size(), flagged);
      if (!dashboard_->may_write)
        ImGui::TextWrapped("Read-only: your login may read but not change plans or notes.");
    }
    if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());
  }

  void DrawControls(UiContext& ctx) {
    if (auto v = ctx.script.TakeValue("dashboard_search")) search_ = *v;
    if (auto v = ctx.script.TakeValue("dashboard_flagged_only")) flagged_only_ = *v == "1";
    // One row at normal text sizes; at large ones the sort buttons share a row, the rest below.
    const bool one_row = ctx.ui_scale <= 1.3;
    const struct {
      Sort s;
      const char *label, *id;
    } kSorts[] = {{Sort::kName, "Name", "sort_name"},
                  {Sort::kLast, "Last session", "sort_last"},
                  {Sort::kFlags, "Flags", "sort_flags"},
                  {Sort::kAdherence, "Adherence", "sort_adherence"}};
    if (one_row) {
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted("Sort by:");
      for (const auto& k : kSorts) {
        ImGui::SameLine();
        const std::string label = std::string(sort_ == k.s ? "> " : "") + k.label;
        if (ctx.Button(label.c_str(), k.id, 0)) sort_ = k.s;
      }
      ImGui::SameLine();
      ImGui::Checkbox("Needs attention", &flagged_only_);
      ImGui::SameLine();
    } else {
      // Large text: one button shows the order and moves to the next; scripts may still click
      // sort_name, sort_last... directly.
      size_t at = 0;
      while (kSorts[at].s != sort_) ++at;
      for (const auto& k : kSorts)
        if (ctx.script.TakeClick(k.id)) sort_ = k.s;
      if (ctx.Button((std::string("Sorted by ") + Lower(kSorts[at].label) + " (change)").c_str(),
                     "sort_next", HalfWidth()))
        sort_ = kSorts[(at + 1) % std::size(kSorts)].s;
      ImGui::SameLine();
      CheckLine("Needs attention", &flagged_only_);
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Find:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##search", &search_);
  }

  std::vector<const core::DashboardRow*> Visible() const {
    std::vector<const core::DashboardRow*> out;
    const std::string needle = Lower(search_);
    for (const auto& r : dashboard_->rows) {
      if (flagged_only_ && r.flags.empty()) continue;
      if (!needle.empty() && Lower(r.activity.name).find(needle) == std::string::npos) continue;
      out.push_back(&r);
    }
    auto adherence = [](const core::DashboardRow* r) {
      return double(r->activity.sessions_this_week) / std::max(1, r->activity.sessions_per_week);
    };
    auto since = [](const core::DashboardRow* r) {
      return r->days_since_last < 0 ? 1 << 20 : r->days_since_last;
    };
    std::stable_sort(out.begin(), out.end(), [&](const auto* a, const auto* b) {
      switch (sort_) {
        case Sort::kLast:  // longest without a session first
          return since(a) > since(b);
        case Sort::kFlags:  // most flags first
          return a->flags.size() > b->flags.size();
        case Sort::kAdherence:  // furthest behind the week's target first
          return adherence(a) < adherence(b);
        case Sort::kName:
          break;
      }
      return Lower(a->activity.name) < Lower(b->activity.name);
    });
    return out;
  }

  void TrendCell(UiContext& ctx, const core::TrendArrow& t) {
    ImGui::PushStyleColor(ImGuiCol_Text, TrendColour(t.direction, ctx.high_contrast));
    ImGui::TextUnformatted(core::TrendWord(t.direction));
    ImGui::PopStyleColor();
  }

  void FlagLines(UiContext& ctx, const core::DashboardRow& r) {
    if (r.flags.empty()) {
      ImGui::TextUnformatted("none");
      return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text,
                          TrendColour(core::TrendDirection::kWorse, ctx.high_contrast));
    for (const auto& f : r.flags) ImGui::TextWrapped("%s", f.reason.c_str());
    ImGui::PopStyleColor();
  }

  /// The patient's name as a button that opens them (scripts click "open:NAME").
  void NameButton(UiContext& ctx, const core::DashboardRow& r, bool big) {
    const std::string id = "open:" + r.activity.name;
    ImGui::PushID(r.activity.uuid.c_str());
    bool clicked = false;
    if (big) {
      clicked = ctx.Button(("Open " + r.activity.name).c_str(), id.c_str(), -1);
    } else {
      if (ctx.high_contrast) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 255));
      clicked = ImGui::Button(r.activity.name.c_str(), ImVec2(-1, 0));
      if (ctx.high_contrast) ImGui::PopStyleColor();
      ctx.DrawFocusRing();
      ctx.TraceButton(id.c_str());
      clicked = clicked || ctx.script.TakeClick(id);
    }
    ImGui::PopID();
    if (clicked) OpenClinicPatient(ctx, session_, r.activity.uuid, r.activity.name);
  }

  void DrawTable(UiContext& ctx, const std::vector<const core::DashboardRow*>& rows) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    const auto& metrics = core::DashboardMetrics();
    if (!ImGui::BeginTable("patients", int(4 + metrics.size()), flags,
                           ImVec2(0, ImGui::GetContentRegionAvail().y)))
      return;
    const float pad = 2 * ImGui::GetStyle().CellPadding.x;
    auto fixed = [&](const char* label, const char* widest) {
      ImGui::TableSetupColumn(
          label, ImGuiTableColumnFlags_WidthFixed,
          std::max(ImGui::CalcTextSize(label).x, ImGui::CalcTextSize(widest).x) + pad);
    };
    ImGui::TableSetupScrollFreeze(0, 1);  // the header stays while the rows scroll
    // Names as wide as the longest (within limits); the reasons take the rest of the row.
    float name_w = ImGui::CalcTextSize("Patient").x;
    for (const core::DashboardRow* r : rows)
      name_w = std::max(name_w, ImGui::CalcTextSize(r->activity.name.c_str()).x);
    ImGui::TableSetupColumn(
        "Patient", ImGuiTableColumnFlags_WidthFixed,
        std::min(name_w, ImGui::GetFontSize() * 10) + 2 * ImGui::GetStyle().FramePadding.x + pad);
    fixed("Last", "Wed 30 Nov");
    fixed("Week", "10 of 14");
    for (const auto& m : metrics) fixed(m.label, "steady");
    // A short header: the column is narrow at 1280 px, its cells are whole sentences.
    ImGui::TableSetupColumn("Attention", ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableHeadersRow();
    for (const core::DashboardRow* r : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      NameButton(ctx, *r, false);
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(r->activity.last_session_day
                                 ? core::ShortDate(*r->activity.last_session_day).c_str()
                                 : "never");
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(WeekText(*r).c_str());
      for (const auto& t : r->trends) {
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        TrendCell(ctx, t);
      }
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      FlagLines(ctx, *r);
    }
    ImGui::EndTable();
  }

  void DrawBlocks(UiContext& ctx, const std::vector<const core::DashboardRow*>& rows) {
    for (const core::DashboardRow* r : rows) {
      ImGui::Separator();
      ImGui::TextWrapped("%s", r->activity.name.c_str());
      ImGui::TextWrapped("Last session: %s. This week: %s sessions.", LastText(*r).c_str(),
                         WeekText(*r).c_str());
      std::string trends;
      for (const auto& t : r->trends)
        trends += (trends.empty() ? "" : ", ") + std::string(t.label) + " " +
                  core::TrendWord(t.direction);
      ImGui::TextWrapped("Trends: %s.", trends.c_str());
      if (!r->flags.empty()) {
        ImGui::TextUnformatted("Needs attention because:");
        FlagLines(ctx, *r);
      }
      NameButton(ctx, *r, true);
    }
    ImGui::Separator();
    ImGui::TextWrapped("%s", kTrendsNote);
  }

  std::shared_ptr<ClinicSession> session_;
  std::optional<clinic::ClinicDashboard> dashboard_;
  std::string error_, search_;
  Sort sort_ = Sort::kName;
  bool flagged_only_ = false, busy_ = false;
  double next_load_ms_ = 0;
  std::future<Loaded> pending_;
};

/// One patient from the clinic: the review (the same screens as at home: overview, sessions,
/// replay, notes, export, fed from the server through clinic::PgReviewSource on a connection of
/// its own), the sessions at a glance, and assigning a plan (with write rights).
class ClinicPatientScene : public Scene {
 public:
  ClinicPatientScene(std::shared_ptr<ClinicSession> s, std::string uuid, std::string name)
      : session_(std::move(s)), uuid_(std::move(uuid)), name_(std::move(name)) {}
  const char* Name() const override { return "clinic_patient"; }
  bool ShowsCamera() const override { return false; }

  void Draw(UiContext& ctx) override {
    Poll(ctx);
    if (!busy_ && !loaded_ && ctx.now_ms >= retry_ms_) LoadSessions();
    BeginPanel("clinic_patient", ImVec2(0.04f, 0.03f), ImVec2(0.92f, 0.94f), ctx);
    Title((name_ + ": sessions at the clinic").c_str());
    BeginBody(ctx.FooterHeight(1));
    ImGui::BeginDisabled(busy_);
    if (ctx.Button("Review: trends, sessions, replay, notes, export", "clinic_review", -1))
      OpenReview();
    ImGui::EndDisabled();
    DrawPlans(ctx);
    if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
    DrawSessions();
    EndBody();
    if (ctx.Button("Back to the dashboard", "back", -1) && !busy_) ctx.Pop();
    EndPanel();
  }

 private:
  void LoadSessions() {
    RunOnClinic(Task::kSessions, [uuid = uuid_](Outcome& o, clinic::PgConnection& c) {
      o.rows = clinic::PatientSessions(c, uuid);
    });
  }

  /// Connects the review's own source in the background (a slow server never freezes the screen).
  void OpenReview() {
    busy_ = true;
    const clinic::PhysioLogin login = session_->login;
    pending_ = std::async(std::launch::async, [login]() {
      Outcome o;
      try {
        o.review = std::make_shared<clinic::PgReviewSource>(
            clinic::ConnectAsPhysio(login, /*timeout_s=*/5), login.server.Display());
      } catch (const clinic::ClinicError& e) {
        o.error = e.what();
      }
      return o;
    });
    task_ = Task::kReview;
  }

  /// Reads the plan assigned to the patient at the clinic in the background, then opens the plan
  /// editor on it (clinic mode).
  void EditPlan() {
    RunOnClinic(Task::kPlan, [uuid = uuid_](Outcome& o, clinic::PgConnection& c) {
      o.plan = clinic::AssignedPlan(c, uuid);
    });
  }

  /// The plan editor on the patient's plan at the clinic (or a starting point when none).
  std::unique_ptr<Scene> ClinicPlanEditor(std::optional<core::SessionPlan> assigned) {
    ClinicPlanEdit edit;
    edit.patient_name = name_;
    edit.read_only = !session_->may_write;
    if (assigned) {
      edit.plan = std::move(*assigned);
      edit.origin = "Version " + std::to_string(edit.plan.version) + " of '" + edit.plan.name +
                    "', assigned at the clinic.";
    } else {
      const std::string file = AssetDir() + "/plans/defaults/" + kStartingPlan + ".json";
      edit.plan = core::LoadSessionPlan(file);
      edit.plan.name = name_ + " plan";
      edit.origin = "No plan is assigned at the clinic yet: this one starts from '" +
                    std::string(kStartingPlan) + "'.";
    }
    auto s = session_;
    const std::string uuid = uuid_;
    edit.save = [s, uuid](core::SessionPlan plan) {
      return std::async(std::launch::async, [s, uuid, plan]() {
        ClinicPlanEdit::Saved r;
        const ClinicSession::Failure f = s->Use([&](clinic::PgConnection& c) {
          r.version = clinic::SavePlanForPatient(c, uuid, plan);
        });
        r.error = f.error;
        r.lost = f.lost;
        return r;
      });
    };
    return MakeClinicPlanEditorScene(std::move(edit));
  }

  void Assign(const core::SessionPlan& plan) {
    RunOnClinic(Task::kAssign, [uuid = uuid_, plan](Outcome& o, clinic::PgConnection& c) {
      o.version = clinic::SavePlanForPatient(c, uuid, plan);
    });
    assigning_ = plan.name;
  }

  void Poll(UiContext& ctx) {
    if (!busy_ || pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    busy_ = false;
    Outcome o = pending_.get();
    const std::string& r = o.error;
    if (task_ == Task::kPlan) {
      if (!r.empty()) {
        message_ = "The plan could not be read: " + r;
        return;
      }
      message_.clear();
      try {
        ctx.Push(ClinicPlanEditor(std::move(o.plan)));
        ctx.Trace("event", "clinic plan editor: " + name_);
      } catch (const std::exception& e) {  // the starting point's file is missing or broken
        message_ = e.what();
      }
      return;
    }
    if (task_ == Task::kReview) {
      if (r.empty()) {
        message_.clear();
        store::PatientRef patient;  // at the clinic: its uuid and name, no local id
        patient.uuid = uuid_;
        patient.name = name_;
        ctx.Push(MakeReviewScene(std::move(o.review), patient));
      } else {
        message_ = "The review could not be opened: " + r;
      }
      return;
    }
    if (task_ == Task::kSessions) {
      if (r.empty()) {
        sessions_ = std::move(o.rows);
        loaded_ = true;
        message_.clear();
        ctx.Trace("event", "clinic patient: " + std::to_string(sessions_.size()) + " sessions");
      } else {
        message_ = r + " Trying again in 5 seconds.";
        retry_ms_ = ctx.now_ms + kRetryMs;
      }
      return;
    }
    if (r.empty()) {
      const std::string v = std::to_string(o.version);
      message_ = assigning_ + " is saved at the clinic as version " + v + " for " + name_ +
                 "; their computer takes it at its next sync.";
      ctx.Trace("event", "clinic plan assigned: " + assigning_ + " v" + v);
    } else {
      message_ = "The plan was not saved: " + r;
      ctx.Trace("event", "clinic plan refused: " + r);
    }
  }

  void DrawPlans(UiContext& ctx) {
    ImGui::BeginDisabled(busy_);
    const std::string edit = session_->may_write ? "Edit " + name_ + "'s plan at the clinic"
                                                 : "See " + name_ + "'s plan at the clinic";
    if (ctx.Button(edit.c_str(), "clinic_edit_plan", -1)) EditPlan();
    ImGui::EndDisabled();
    if (!session_->may_write) {
      ImGui::TextWrapped("Read-only: your login may read but not change plans or notes.");
      return;
    }
    if (!ctx.store) return;
    ImGui::TextWrapped(
        "Give %s a plan from this computer: it is saved at the clinic as a new version and "
        "their computer follows it from its next sync.",
        name_.c_str());
    std::vector<store::StoredPlan> plans;
    try {
      plans = store::PlanStore(*ctx.store).Latest();
    } catch (const std::exception& e) {
      ImGui::TextWrapped("%s", e.what());
    }
    ImGui::BeginDisabled(busy_);
    for (const store::StoredPlan& p : plans) {
      const std::string id = "assign:" + p.plan.name;
      ImGui::PushID(id.c_str());
      if (ctx.Button(("Assign " + p.plan.name).c_str(), id.c_str(), -1)) Assign(p.plan);
      ImGui::PopID();
    }
    ImGui::EndDisabled();
    if (ctx.Button("Edit plans on this computer", "clinic_edit_plans", -1))
      ctx.Push(MakePlanEditorScene());
  }

  void DrawSessions() {
    if (!loaded_) {
      if (message_.empty()) ImGui::TextWrapped("Reading the sessions...");
      return;
    }
    if (sessions_.empty()) {
      ImGui::TextWrapped("No sessions at the clinic yet.");
      return;
    }
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("clinic_sessions", 4, flags)) return;
    for (const char* h : {"Started (local time)", "Plan", "Tries", "Ended"})
      ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const auto& s : sessions_) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.started_local.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", s.plan.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", s.trials);
      ImGui::TableNextColumn();
      std::string ended = core::StopReasonText(s.stop_reason);
      if (const std::string sy = core::SymptomsText(s.symptoms); sy != "none") ended += "; " + sy;
      ImGui::TextWrapped("%s", ended.c_str());
    }
    ImGui::EndTable();
  }

  enum class Task { kSessions, kAssign, kReview, kPlan };
  struct Outcome {
    std::optional<core::SessionPlan> plan;
    std::string error;
    std::shared_ptr<store::ReviewSource> review;
    std::vector<clinic::ClinicSessionRow> rows;
    int version = 0;
  };

  /// Runs `fill(outcome, connection)` as `task` on the shared clinic connection in the
  /// background; Poll() takes the outcome (a ClinicError becomes its sentence).
  template <class Fill>
  void RunOnClinic(Task task, Fill fill) {
    busy_ = true;
    auto s = session_;
    pending_ = std::async(std::launch::async, [s, fill]() {
      Outcome o;
      o.error = s->Use([&](clinic::PgConnection& c) { fill(o, c); }).error;
      return o;
    });
    task_ = task;
  }

  std::shared_ptr<ClinicSession> session_;
  std::string uuid_, name_, message_, assigning_;
  std::vector<clinic::ClinicSessionRow> sessions_;
  bool busy_ = false, loaded_ = false;
  double retry_ms_ = 0;
  Task task_ = Task::kSessions;
  std::future<Outcome> pending_;
};

}  // namespace

std::unique_ptr<Scene> MakeDashboardScene(std::shared_ptr<ClinicSession> session) {
  return std::make_unique<DashboardScene>(std::move(session));
}

void OpenClinicPatient(UiContext& ctx, std::shared_ptr<ClinicSession> session,
                       const std::string& patient_uuid, const std::string& name) {
  ctx.Trace("event", "clinic open patient: " + name);
  ctx.Push(std::make_unique<ClinicPatientScene>(std::move(session), patient_uuid, name));
}

}  // namespace poise::ui
