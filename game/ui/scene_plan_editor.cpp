// The plan editor (physiotherapist area, behind the PIN): open a saved plan or copy a starting
// point, edit a DRAFT (exercises and their order, variant, sets x repetitions or duration,
// difficulty range, rests, target success, sessions per week, session cap, notes), and save it
// through core::CheckPlan as a new version. Nothing is stored until the draft is valid; every
// problem is shown at once, next to its field. At 100 % text the plan list, the block list and
// the selected block's form sit side by side; each difficulty level is also shown in the
// exercise's own terms (hold goal, target size...). Plans also go to and come from files (USB
// stick, mail) through store::PlanStore.
//
// In clinic mode (MakeClinicPlanEditorScene) the same editor works on one patient's plan at the
// clinic: the list shows where the plan came from, Save stores a new version at the clinic
// assigned to the patient (in the background), and this computer's plans are not touched. A
// read-only login sees the plan but cannot change it.
#include <cctype>
#include <chrono>
#include <filesystem>

#include "game/core/review/plain_words.h"
#include "game/store/plan_store.h"
#include "game/ui/clinic_mode.h"
#include "game/ui/editor_scene.h"
#include "game/ui/soft_wrap.h"
#include "vision/asset_dir.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

namespace poise::ui {
namespace {
namespace fs = std::filesystem;

constexpr const char* kClinicReadOnly =
    "Read-only: your login may read this plan but not change it.";

class PlanEditorScene : public EditorScene {
 public:
  PlanEditorScene() = default;
  explicit PlanEditorScene(ClinicPlanEdit edit) : clinic_(std::move(edit)) {
    OpenDraft(clinic_->plan, clinic_->read_only ? std::string(kClinicReadOnly) : clinic_->origin);
  }
  const char* Name() const override { return clinic_ ? "clinic_plan_editor" : "plan_editor"; }

 private:
  const char* Heading() const override { return clinic_ ? "Plan at the clinic" : "Plans"; }
  std::string SaveLabel() const override {
    if (clinic_) return large_ ? "Save at the clinic" : "Check and save at the clinic";
    return large_ ? "Save" : "Check and save as a new version";
  }
  const char* SaveId() const override { return "plan_save"; }

  void Open(UiContext& ctx) override {
    if (clinic_) return;  // this computer's plans are not shown in clinic mode
    try {
      saved_ = store::PlanStore(*ctx.store).Latest();
    } catch (const std::exception& e) {
      message_ = e.what();
    }
  }

  /// Clinic mode: the patient, where the plan came from, and going back to it.
  void DrawClinicList(UiContext& ctx) {
    Title((clinic_->patient_name + "'s plan at the clinic").c_str());
    ImGui::TextWrapped("%s", clinic_->origin.c_str());
    if (clinic_->read_only) return;  // the message under the form says why it is locked
    ImGui::TextWrapped(
        "Save stores a new version at the clinic for %s; their computer takes it at its next "
        "sync. The plans on this computer are not changed.",
        clinic_->patient_name.c_str());
    ImGui::BeginDisabled(saving_);
    if (ctx.Button("Start again from the clinic's plan", "clinic_plan_reset", -1))
      OpenDraft(clinic_->plan, "Back to " + clinic_->origin);
    ImGui::EndDisabled();
  }

  /// Clinic mode: the outcome of a save running in the background.
  void PollClinicSave(UiContext& ctx) {
    if (!saving_ || pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    saving_ = false;
    const ClinicPlanEdit::Saved r = pending_.get();
    if (!r.error.empty()) {
      // Nothing was written (one transaction); the draft stays on screen to save again.
      message_ = r.lost ? "Not saved: the connection to the clinic server was lost, nothing was "
                          "written there and your changes are kept here; save again."
                        : "Not saved at the clinic: " + r.error + " Your changes are kept here.";
      ctx.Trace("event", "clinic plan not saved: " + message_ + " (" + r.error + ")");
      return;
    }
    draft_->version = r.version;
    clinic_->plan = *draft_;
    const std::string v = std::to_string(r.version);
    clinic_->origin = "Version " + v + " of '" + draft_->name + "', assigned at the clinic.";
    message_ = "Saved '" + draft_->name + "' at the clinic as version " + v + " for " +
               clinic_->patient_name + "; their computer takes it at its next sync.";
    ctx.Trace("event",
              "clinic plan saved: " + draft_->name + " v" + v + " for " + clinic_->patient_name);
  }

  void DrawList(UiContext& ctx) override {
    if (clinic_) return DrawClinicList(ctx);
    Title("Plans");
    if (saved_.empty()) ImGui::TextWrapped("No saved plans yet.");
    for (const auto& p : saved_) {
      const std::string label = p.plan.name + "  (v" + std::to_string(p.plan.version) + ")";
      if (ctx.Button(label.c_str(), ("plan_open:" + p.plan.name).c_str(), -1)) {
        OpenDraft(p.plan, "Opened '" + p.plan.name + "' version " + std::to_string(p.plan.version) +
                              ": save to make a new version.");
      }
    }
    if (ctx.Button("New plan", "plan_new", -1)) {
      core::SessionPlan p;
      p.name = "New plan";
      p.blocks.push_back(core::PlanBlock{});
      OpenDraft(p, "A new plan: give it a name, choose exercises, then save.");
    }
    ImGui::Separator();
    ImGui::TextWrapped("Starting points (copied into a new plan):");
    for (const auto& [file, plan] : Defaults()) {
      if (!plan) {
        ImGui::TextWrapped("%s: needs exercises this version does not have.", file.c_str());
        continue;
      }
      const std::string label = "Copy: " + plan->name;
      if (ctx.Button(label.c_str(), ("plan_copy:" + file).c_str(), -1)) {
        core::SessionPlan copy = *plan;
        copy.name += " (copy)";
        OpenDraft(copy, "Copied '" + plan->name + "': adapt it, rename it, then save.");
      }
    }
    ImGui::Separator();
    ImGui::TextWrapped("Plan file (USB stick or mail):");
    if (auto v = ctx.script.TakeValue("plan_file")) file_ = *v;
    if (file_.empty()) file_ = store::DefaultExportFolder() + "/plan.json";
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##plan_file", &file_);
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ctx.Button("Import", "plan_import", half)) Import(ctx);
    ImGui::SameLine();
    if (ctx.Button("Export", "plan_export", half)) Export(ctx);
  }

  void DrawForm(UiContext& ctx) override {
    if (clinic_) PollClinicSave(ctx);
    if (!draft_) {
      Title("Open a plan, start a new one, or copy a starting point.");
      return;
    }
    const bool locked = clinic_ && (clinic_->read_only || saving_);
    ImGui::BeginDisabled(locked);
    DrawDraft(ctx);
    ImGui::EndDisabled();
  }

  void DrawDraft(UiContext& ctx) {
    core::SessionPlan& d = *draft_;
    Title(("Editing: " + d.name +
           (d.version > 0 && !d.uuid.empty() ? "  (from version " + std::to_string(d.version) + ")"
                                             : ""))
              .c_str());
    const float label_w = ImGui::GetFontSize() * 9;
    auto label = [&](const char* text) {
      ImGui::TextUnformatted(text);
      if (!large_) ImGui::SameLine(label_w);
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    };
    label("Plan name");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##name", &d.name);
    ShowErrors("name");
    ImGui::TextUnformatted("Notes the patient sees:");
    InputTextWrapped("##notes", &d.notes, ImVec2(-1, ImGui::GetTextLineHeight() * 3.6f));
    ShowErrors("notes");
    // The numbers three to a row at 100 % (less scrolling); one per row with large text.
    const bool row = !large_ && ImGui::BeginTable("plan_numbers", 3);
    auto number = [&](const char* text) {
      if (row) ImGui::TableNextColumn();
      if (row) ImGui::AlignTextToFramePadding();  // the three labels on one line
      ImGui::TextUnformatted(text);               // above its field, so no label runs into the next
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
    };
    number("Session cap (min)");
    ImGui::InputDouble("##cap", &d.session_cap_min, 0, 0, "%.0f");
    number("Sessions a week");
    ImGui::InputInt("##per_week", &d.sessions_per_week, 0);
    number("Target success");
    ImGui::InputDouble("##target", &d.target_success, 0, 0, "%.2f");
    number("Flag after (days)");  // the clinic dashboard: no session for this many days
    ImGui::InputInt("##alert_days", &d.alert_after_days, 0);
    if (row) ImGui::EndTable();
    ShowErrors("session_cap_min");
    ShowErrors("sessions_per_week");
    ShowErrors("target_success");
    ShowErrors("alert_after_days");
    ShowErrors("version");
    ImGui::Separator();
    ShowErrors("blocks");
    if (selected_ >= d.blocks.size()) selected_ = d.blocks.empty() ? 0 : d.blocks.size() - 1;
    if (large_) {
      DrawBlockList(ctx);
      if (!d.blocks.empty()) DrawBlock(ctx, selected_);
      return;
    }
    // The block list beside the selected block's form.
    if (ImGui::BeginTable("blocks", 2, ImGuiTableFlags_BordersInnerV)) {
      ImGui::TableSetupColumn("list", ImGuiTableColumnFlags_WidthStretch, 0.4f);
      ImGui::TableSetupColumn("form", ImGuiTableColumnFlags_WidthStretch, 0.6f);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      DrawBlockList(ctx);
      ImGui::TableNextColumn();
      if (!d.blocks.empty()) DrawBlock(ctx, selected_);
      ImGui::EndTable();
    }
  }

  /// Script values for any block ("b1.sets=3"), whether or not its form is shown.
  void TakeScriptValues(UiContext& ctx) override {
    if (!draft_) return;
    if (clinic_ && (clinic_->read_only || saving_)) return;  // the form is locked, as for a hand
    core::SessionPlan& d = *draft_;
    if (auto v = ctx.script.TakeValue("plan_name")) d.name = *v;
    if (auto v = ctx.script.TakeValue("notes")) d.notes = *v;
    if (auto v = ctx.script.TakeValue("cap")) d.session_cap_min = std::atof(v->c_str());
    if (auto v = ctx.script.TakeValue("target")) d.target_success = std::atof(v->c_str());
    if (auto v = ctx.script.TakeValue("per_week")) d.sessions_per_week = std::atoi(v->c_str());
    if (auto v = ctx.script.TakeValue("alert_days")) d.alert_after_days = std::atoi(v->c_str());
    for (size_t i = 0; i < d.blocks.size(); ++i) {
      core::PlanBlock& b = d.blocks[i];
      std::string k = "b";  // built in steps: GCC 12 warns (-Wrestrict) on "b" + to_string(i)
      k += std::to_string(i);
      k += '.';
      auto take = [&](const char* name) { return ctx.script.TakeValue(k + name); };
      if (auto v = take("exercise")) b.exercise = *v;
      if (auto v = take("variant")) b.variant = *v;
      if (auto v = take("sets")) b.sets = std::atoi(v->c_str());
      if (auto v = take("reps")) b.trials = std::atoi(v->c_str()), b.duration_s = 0;
      if (auto v = take("duration")) b.duration_s = std::atof(v->c_str());
      if (auto v = take("rest_sets")) b.rest_between_sets_s = std::atof(v->c_str());
      if (auto v = take("level_min")) b.level_min = std::atof(v->c_str());
      if (auto v = take("level_start")) b.level_start = std::atof(v->c_str());
      if (auto v = take("level_max")) b.level_max = std::atof(v->c_str());
      if (auto v = take("rest_after")) b.rest_after_s = std::atof(v->c_str());
    }
  }

  /// Each block: its button ("2. Bubble reach") with its dose under it ("Seated, 2 x 8"); a block
  /// with problems says how many.
  void DrawBlockList(UiContext& ctx) {
    core::SessionPlan& d = *draft_;
    ImGui::TextUnformatted("Exercises, in order:");
    for (size_t i = 0; i < d.blocks.size(); ++i) {
      const core::PlanBlock& b = d.blocks[i];
      // The selected block is marked in text ("> "), not by colour alone; its dose and any
      // problems are written under its button.
      std::string name = i == selected_ ? "> " : "";
      name += std::to_string(i + 1) + ". " + core::ExerciseName(b.exercise);
      ImGui::PushID(int(i));
      if (ctx.Button(name.c_str(), ("block:" + std::to_string(i)).c_str(), -1)) selected_ = i;
      std::string dose =
          core::VariantName(b.variant) + ", " + std::to_string(b.sets) + " x " +
          (b.duration_s > 0 ? std::to_string(int(b.duration_s)) + " s" : std::to_string(b.trials));
      if (const int n = ErrorsOfBlock(int(i)); n > 0) {
        dose += ": ";
        dose += n == 1 ? std::string("1 problem") : std::to_string(n) + " problems";
      }
      ImGui::TextWrapped("%s", dose.c_str());
      ImGui::PopID();
    }
    if (ctx.Button("Add an exercise", "plan_add_block", -1) && d.blocks.size() < 30) {
      d.blocks.push_back(d.blocks.empty() ? core::PlanBlock{} : d.blocks[selected_]);
      selected_ = d.blocks.size() - 1;
    }
  }

  void DrawBlock(UiContext& ctx, size_t i) {
    core::SessionPlan& d = *draft_;
    core::PlanBlock& b = d.blocks[i];
    const int bi = int(i);
    const std::string k = "b" + std::to_string(i) + ".";
    ImGui::PushID(bi);
    const core::ExerciseInfo* info = core::FindExercise(b.exercise);
    ImGui::TextUnformatted(("Exercise " + std::to_string(i + 1) + ":").c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##exercise", info ? info->name.c_str() : b.exercise.c_str())) {
      for (const core::ExerciseInfo& e : core::Catalogue())
        if (ImGui::Selectable(e.name.c_str(), e.id == b.exercise)) b.exercise = e.id;
      ImGui::EndCombo();
    }
    ShowErrors("exercise", bi);
    if (info)
      for (size_t v = 0; v < info->variants.size(); ++v) {
        if (v > 0) ImGui::SameLine();
        const std::string& name = info->variants[v];
        if (ImGui::RadioButton(core::VariantName(name).c_str(), b.variant == name))
          b.variant = name;
      }
    ShowErrors("variant", bi);
    // Label, then its field at a fixed indent (label above the field with large text).
    const float num_w = ImGui::GetFontSize() * 4.5f,
                indent = ImGui::CalcTextSize("Rest between sets (s)").x + ImGui::GetFontSize();
    auto field = [&](const char* text) {
      ImGui::TextUnformatted(text);
      if (!large_) ImGui::SameLine(indent);
      ImGui::SetNextItemWidth(num_w);
    };
    field("Sets");
    ImGui::InputInt("##sets", &b.sets, 0);
    ShowErrors("sets", bi);
    bool timed = b.duration_s > 0;
    if (!large_) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
    if (ImGui::RadioButton("Repetitions", !timed)) b.duration_s = 0;
    ImGui::SameLine();
    if (ImGui::RadioButton("Duration", timed) && !timed) b.duration_s = 30;
    if (b.duration_s > 0) {
      field("Seconds per set");
      ImGui::InputDouble("##duration", &b.duration_s, 0, 0, "%.0f");
      ShowErrors("duration_s", bi);
    } else {
      field("Repetitions");
      ImGui::InputInt("##reps", &b.trials, 0);
      ShowErrors("repetitions", bi);
    }
    field("Rest between sets (s)");
    ImGui::InputDouble("##rest_sets", &b.rest_between_sets_s, 0, 0, "%.0f");
    ShowErrors("rest_between_sets_s", bi);
    // Each level (0-1) with what it means for this exercise beside it.
    auto level = [&](const char* text, const char* id, double* v, const char* key) {
      field(text);
      ImGui::InputDouble(id, v, 0, 0, "%.2f");
      if (info && !info->parameters.empty()) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", core::DifficultyText(*info, *v).c_str());
        ImGui::PopStyleColor();
      }
      ShowErrors(key, bi);
    };
    ImGui::TextUnformatted("Difficulty (0 easiest to 1 hardest):");
    level("Minimum", "##level_min", &b.level_min, "level_min");
    level("Start", "##level_start", &b.level_start, "level_start");
    level("Maximum", "##level_max", &b.level_max, "level_max");
    field("Rest after (s)");
    ImGui::InputDouble("##rest_after", &b.rest_after_s, 0, 0, "%.0f");
    ShowErrors("rest_after_s", bi);
    const float w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    if (ctx.Button(large_ ? "Up" : "Move up", (k + "up").c_str(), w) && i > 0) {
      std::swap(d.blocks[i], d.blocks[i - 1]);
      selected_ = i - 1;
    }
    ImGui::SameLine();
    if (ctx.Button(large_ ? "Down" : "Move down", (k + "down").c_str(), w) &&
        i + 1 < d.blocks.size()) {
      std::swap(d.blocks[i], d.blocks[i + 1]);
      selected_ = i + 1;
    }
    ImGui::SameLine();
    const bool remove = ctx.Button("Remove", (k + "remove").c_str(), w);
    ImGui::PopID();
    if (remove) {
      d.blocks.erase(d.blocks.begin() + long(i));
      ClearErrors();  // the block numbers moved
    }
  }

  void OpenDraft(const core::SessionPlan& p, const std::string& message) {
    // Suggest <export folder>/<plan name>.json, unless the user typed another folder (a USB stick).
    if (file_.empty() || fs::path(file_).parent_path() == store::DefaultExportFolder()) {
      std::string stem;
      for (const char c : p.name) stem += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      file_ = store::DefaultExportFolder() + "/" + stem + ".json";
    }
    draft_ = p;
    selected_ = 0;
    ClearErrors();
    message_ = message;
  }

  void Save(UiContext& ctx) override {
    if (!draft_) return;
    if (clinic_ && clinic_->read_only) {
      message_ = kClinicReadOnly;
      ctx.Trace("event", "clinic plan not saved: read-only login");
      return;
    }
    if (saving_) return;
    auto checked = core::CheckPlan(*draft_);
    if (!checked.ok()) {
      // Show the form of the first block with a problem (the others say so in the list).
      for (const core::FieldError& e : checked.error())
        if (e.block >= 0) {
          selected_ = size_t(e.block);
          break;
        }
      return Reject(ctx, checked.error(), "plan");
    }
    ClearErrors();
    if (clinic_) {
      pending_ = clinic_->save(checked.value());
      saving_ = true;
      message_ = "Saving at the clinic...";
      return;
    }
    try {
      const store::StoredPlan s = store::PlanStore(*ctx.store).Save(checked.value());
      draft_ = s.plan;
      message_ = "Saved '" + s.plan.name + "' as version " + std::to_string(s.plan.version) + ".";
      ctx.Trace("event", "plan saved: " + s.plan.name + " v" + std::to_string(s.plan.version));
      Open(ctx);
    } catch (const std::exception& e) {
      message_ = e.what();
    }
  }

  void Import(UiContext& ctx) {
    store::PlanStore plans(*ctx.store);
    try {
      const store::StoredPlan s = plans.Import(file_);
      OpenDraft(s.plan, "Imported '" + s.plan.name + "' as version " +
                            std::to_string(s.plan.version) + ".");
      ctx.Trace("event", "plan imported: " + s.plan.name + " v" + std::to_string(s.plan.version));
      Open(ctx);
    } catch (const std::exception& e) {
      message_ = e.what();
      ctx.Trace("event", std::string("plan not imported: ") + e.what());
    }
  }

  void Export(UiContext& ctx) {
    store::PlanStore plans(*ctx.store);
    if (!draft_) {
      message_ = "Open a saved plan first, then export it.";
      return;
    }
    try {
      const store::StoredPlan s = plans.Export(draft_->name, file_);
      message_ = "Exported '" + s.plan.name + "' version " + std::to_string(s.plan.version) +
                 " to " + file_ + ".";
      ctx.Trace("event", "plan exported: " + file_);
    } catch (const std::exception& e) {
      message_ = e.what();
    }
  }

  /// The starting points in <assets>/plans/defaults, read once (nullopt: not usable here).
  const std::vector<std::pair<std::string, std::optional<core::SessionPlan>>>& Defaults() {
    if (defaults_read_) return defaults_;
    defaults_read_ = true;
    const fs::path dir = fs::path(AssetDir()) / "plans" / "defaults";
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
      std::optional<core::SessionPlan> plan;
      try {
        plan = core::LoadSessionPlan(p.string());
      } catch (const std::exception&) {
        // A starting point whose exercises this build lacks is not offered.
      }
      defaults_.emplace_back(p.stem().string(), plan);
    }
    return defaults_;
  }

  std::optional<core::SessionPlan> draft_;
  size_t selected_ = 0;  ///< the block whose form is shown
  std::vector<store::StoredPlan> saved_;
  std::string file_;
  std::vector<std::pair<std::string, std::optional<core::SessionPlan>>> defaults_;
  bool defaults_read_ = false;
  std::optional<ClinicPlanEdit> clinic_;  ///< set in clinic mode
  std::future<ClinicPlanEdit::Saved> pending_;
  bool saving_ = false;
};

}  // namespace

std::unique_ptr<Scene> MakePlanEditorScene() { return std::make_unique<PlanEditorScene>(); }

std::unique_ptr<Scene> MakeClinicPlanEditorScene(ClinicPlanEdit edit) {
  return std::make_unique<PlanEditorScene>(std::move(edit));
}

}  // namespace poise::ui
