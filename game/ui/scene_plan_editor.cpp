// The plan editor (physiotherapist area, behind the PIN): open a saved plan or copy a starting
// point, edit a DRAFT (exercises and their order, variant, sets x repetitions or duration,
// difficulty range, rests, target success, sessions per week, session cap, notes), and save it
// through core::ValidatePlan as a new version. Nothing is stored until the draft is valid; the
// error is one sentence shown next to its field. Plans also go to and come from files (USB stick,
// mail) through store::PlanStore.
#include <cctype>
#include <filesystem>

#include "game/store/plan_store.h"
#include "game/ui/scene.h"
#include "vision/asset_dir.h"
// After imgui.h (pulled in by scene.h).
#include <imgui_stdlib.h>

namespace poise::ui {
namespace {
namespace fs = std::filesystem;

/// Words for the fields of core::ValidatePlan's sentences ("blocks[1].sets must ..." ->
/// "Exercise 2, sets must ...").
std::string Friendly(const std::string& error) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"name", "Plan name"},
      {"notes", "Notes"},
      {"session_cap_min", "Session length cap"},
      {"target_success", "Target success rate"},
      {"sessions_per_week", "Sessions per week"},
      {"blocks", "The exercise list"},
      {"exercise", "exercise"},
      {"variant", "variant"},
      {"sets", "sets"},
      {"repetitions", "repetitions"},
      {"duration_s", "duration"},
      {"rest_between_sets_s", "rest between sets"},
      {"level_min", "difficulty minimum"},
      {"level_start", "difficulty start"},
      {"level_max", "difficulty maximum"},
      {"rest_after_s", "rest after"},
      {"version", "Version"}};
  const std::string field = error.substr(0, error.find(' '));
  std::string head = field, key = field;
  if (field.rfind("blocks[", 0) == 0 && field.find("].") != std::string::npos) {
    const int i = std::atoi(field.c_str() + 7);
    key = field.substr(field.find("].") + 2);
    head = "Exercise " + std::to_string(i + 1) + ", " + key;
    for (const auto& [k, w] : kWords)
      if (key == k) head = "Exercise " + std::to_string(i + 1) + ", " + w;
  } else {
    for (const auto& [k, w] : kWords)
      if (key == k) head = w;
  }
  return head + error.substr(field.size());
}

class PlanEditorScene : public Scene {
 public:
  const char* Name() const override { return "plan_editor"; }
  bool ShowsCamera() const override { return false; }

  void Draw(UiContext& ctx) override {
    BeginPanel("plan_editor", ImVec2(0.01f, 0.01f), ImVec2(0.98f, 0.98f), ctx);
    if (!ctx.store) {
      Title("Plans");
      ImGui::TextWrapped("%s", ctx.store_error.c_str());
      if (ctx.Button("Back", "back", -1)) ctx.Pop();
      EndPanel();
      return;
    }
    store::PlanStore plans(*ctx.store);
    // Large text: one scrolling column (labels above their fields); else the list beside the draft.
    large_ = ctx.ui_scale > 1.3;
    // Below the scrolling part: the message (wrapped) and the buttons.
    const float foot_h = FooterHeight(message_);
    EditorColumns(
        large_, foot_h, [&] { DrawPlanList(ctx, plans); }, [&] { DrawDraft(ctx); });
    if (!message_.empty()) ImGui::TextWrapped("%s", message_.c_str());
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ctx.Button(large_ ? "Save" : "Check and save as a new version", "plan_save", half))
      Save(ctx, plans);
    ImGui::SameLine();
    if (ctx.Button("Back", "back", half)) ctx.Pop();
    EndPanel();
  }

 private:
  void DrawPlanList(UiContext& ctx, store::PlanStore& plans) {
    Title("Plans");
    std::vector<store::StoredPlan> saved;
    try {
      saved = plans.Latest();
    } catch (const std::exception& e) {
      ImGui::TextWrapped("%s", e.what());
    }
    if (saved.empty()) ImGui::TextWrapped("No saved plans yet.");
    for (const auto& p : saved) {
      const std::string label = p.plan.name + "  (v" + std::to_string(p.plan.version) + ")";
      if (ctx.Button(label.c_str(), ("plan_open:" + p.plan.name).c_str(), -1)) {
        Open(p.plan, "Opened '" + p.plan.name + "' version " + std::to_string(p.plan.version) +
                         ": save to make a new version.");
      }
    }
    if (ctx.Button("New plan", "plan_new", -1)) {
      core::SessionPlan p;
      p.name = "New plan";
      p.blocks.push_back(core::PlanBlock{});
      Open(p, "A new plan: give it a name, choose exercises, then save.");
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
        Open(copy, "Copied '" + plan->name + "': adapt it, rename it, then save.");
      }
    }
    ImGui::Separator();
    ImGui::TextWrapped("Plan file (USB stick or mail):");
    if (auto v = ctx.script.TakeValue("plan_file")) file_ = *v;
    if (file_.empty()) file_ = store::DefaultExportFolder() + "/plan.json";
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##plan_file", &file_);
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ctx.Button("Import", "plan_import", half)) Import(ctx, plans);
    ImGui::SameLine();
    if (ctx.Button("Export", "plan_export", half)) Export(ctx, plans);
  }

  void DrawDraft(UiContext& ctx) {
    if (!draft_) {
      Title("Open a plan, start a new one, or copy a starting point.");
      return;
    }
    core::SessionPlan& d = *draft_;
    Title(("Editing: " + d.name +
           (d.version > 0 && !d.uuid.empty() ? "  (from version " + std::to_string(d.version) + ")"
                                             : ""))
              .c_str());
    if (auto v = ctx.script.TakeValue("plan_name")) d.name = *v;
    if (auto v = ctx.script.TakeValue("notes")) d.notes = *v;
    if (auto v = ctx.script.TakeValue("cap")) d.session_cap_min = std::atof(v->c_str());
    if (auto v = ctx.script.TakeValue("target")) d.target_success = std::atof(v->c_str());
    if (auto v = ctx.script.TakeValue("per_week")) d.sessions_per_week = std::atoi(v->c_str());
    const float label_w = ImGui::GetFontSize() * 9;
    auto label = [&](const char* text) {
      ImGui::TextUnformatted(text);
      if (!large_) ImGui::SameLine(label_w);
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    };
    label("Plan name");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##name", &d.name);
    FieldError("name");
    ImGui::TextUnformatted("Notes the patient sees:");
    ImGui::InputTextMultiline("##notes", &d.notes, ImVec2(-1, ImGui::GetTextLineHeight() * 2.6f));
    FieldError("notes");
    label("Session cap (min)");
    ImGui::InputDouble("##cap", &d.session_cap_min, 5, 10, "%.0f");
    FieldError("session_cap_min");
    label("Sessions a week");
    ImGui::InputInt("##per_week", &d.sessions_per_week);
    FieldError("sessions_per_week");
    label("Target success");
    ImGui::InputDouble("##target", &d.target_success, 0.05, 0.1, "%.2f");
    ImGui::SameLine();
    ImGui::TextUnformatted("(0.50 to 0.95)");
    FieldError("target_success");
    FieldError("blocks");
    for (size_t i = 0; i < d.blocks.size(); ++i) DrawBlock(ctx, i);
    if (ctx.Button("Add an exercise", "plan_add_block", -1) && d.blocks.size() < 30)
      d.blocks.push_back(d.blocks.empty() ? core::PlanBlock{} : d.blocks.back());
  }

  void DrawBlock(UiContext& ctx, size_t i) {
    core::SessionPlan& d = *draft_;
    core::PlanBlock& b = d.blocks[i];
    const std::string k = "b" + std::to_string(i) + ".";
    const std::string f = "blocks[" + std::to_string(i) + "].";
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
    ImGui::PushID(int(i));
    ImGui::Separator();
    const core::ExerciseInfo* info = core::FindExercise(b.exercise);
    const std::string head = std::to_string(i + 1) + ". " + (info ? info->name : b.exercise);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
    if (ImGui::BeginCombo("##exercise", head.c_str())) {
      for (const core::ExerciseInfo& e : core::Catalogue())
        if (ImGui::Selectable(e.name.c_str(), e.id == b.exercise)) b.exercise = e.id;
      ImGui::EndCombo();
    }
    if (info)
      for (const std::string& v : info->variants) {
        ImGui::SameLine();
        if (ImGui::RadioButton(v.c_str(), b.variant == v)) b.variant = v;
      }
    FieldError(f + "exercise");
    FieldError(f + "variant");
    // Two columns of label + number; one column (label above) with large text.
    const float col = ImGui::GetContentRegionAvail().x / 2;
    const float num_w = ImGui::GetFontSize() * 4.5f;
    auto field = [&](const char* text, bool right) {
      if (right && !large_) ImGui::SameLine(col);
      ImGui::TextUnformatted(text);
      if (!large_)
        ImGui::SameLine(right ? col + ImGui::GetFontSize() * 9.6f : ImGui::GetFontSize() * 9);
      ImGui::SetNextItemWidth(num_w);
    };
    field("Sets", false);
    ImGui::InputInt("##sets", &b.sets, 0);
    if (large_) FieldError(f + "sets");  // under its field; else beside, after the dose choice
    bool timed = b.duration_s > 0;
    if (!large_) ImGui::SameLine(col);
    if (ImGui::RadioButton("Repetitions", !timed)) b.duration_s = 0;
    ImGui::SameLine();
    if (ImGui::RadioButton("Duration", timed) && !timed) b.duration_s = 30;
    if (!large_) FieldError(f + "sets");
    if (b.duration_s > 0) {
      field("Seconds per set", false);
      ImGui::InputDouble("##duration", &b.duration_s, 0, 0, "%.0f");
      FieldError(f + "duration_s");
    } else {
      field("Repetitions", false);
      ImGui::InputInt("##reps", &b.trials, 0);
      FieldError(f + "repetitions");
    }
    field("Rest between sets (s)", true);
    ImGui::InputDouble("##rest_sets", &b.rest_between_sets_s, 0, 0, "%.0f");
    FieldError(f + "rest_between_sets_s");
    field("Difficulty min", false);
    ImGui::InputDouble("##level_min", &b.level_min, 0, 0, "%.2f");
    field("Difficulty max", true);
    ImGui::InputDouble("##level_max", &b.level_max, 0, 0, "%.2f");
    FieldError(f + "level_min");
    FieldError(f + "level_max");
    field("Difficulty start", false);
    ImGui::InputDouble("##level_start", &b.level_start, 0, 0, "%.2f");
    field("Rest after (s)", true);
    ImGui::InputDouble("##rest_after", &b.rest_after_s, 0, 0, "%.0f");
    FieldError(f + "level_start");
    FieldError(f + "rest_after_s");
    const float w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    if (ctx.Button("Move up", (k + "up").c_str(), w) && i > 0)
      std::swap(d.blocks[i], d.blocks[i - 1]);
    ImGui::SameLine();
    if (ctx.Button("Move down", (k + "down").c_str(), w) && i + 1 < d.blocks.size())
      std::swap(d.blocks[i], d.blocks[i + 1]);
    ImGui::SameLine();
    const bool remove = ctx.Button("Remove", (k + "remove").c_str(), w);
    ImGui::PopID();
    if (remove) d.blocks.erase(d.blocks.begin() + long(i));
  }

  /// The error sentence, next to the field it names (and not by colour alone).
  void FieldError(const std::string& field) {
    if (error_.empty() || error_.substr(0, error_.find(' ')) != field) return;
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 200, 80, 255));
    ImGui::TextWrapped("Problem: %s", Friendly(error_).c_str());
    ImGui::PopStyleColor();
    if (scroll_to_error_) {  // once, after a failed save: show the field with its problem
      ImGui::SetScrollHereY(0.75f);
      scroll_to_error_ = false;
    }
  }

  void Open(const core::SessionPlan& p, const std::string& message) {
    // Suggest <export folder>/<plan name>.json, unless the user typed another folder (a USB stick).
    if (file_.empty() || fs::path(file_).parent_path() == store::DefaultExportFolder()) {
      std::string stem;
      for (const char c : p.name) stem += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      file_ = store::DefaultExportFolder() + "/" + stem + ".json";
    }
    draft_ = p;
    error_.clear();
    message_ = message;
  }

  void Save(UiContext& ctx, store::PlanStore& plans) {
    if (!draft_) return;
    error_ = core::ValidatePlan(*draft_);
    if (!error_.empty()) {
      scroll_to_error_ = true;
      message_ = "Not saved. " + Friendly(error_);
      ctx.Trace("event", "plan not saved: " + error_);
      return;
    }
    try {
      const store::StoredPlan s = plans.Save(*draft_);
      draft_ = s.plan;
      message_ = "Saved '" + s.plan.name + "' as version " + std::to_string(s.plan.version) + ".";
      ctx.Trace("event", "plan saved: " + s.plan.name + " v" + std::to_string(s.plan.version));
    } catch (const std::exception& e) {
      message_ = e.what();
    }
  }

  void Import(UiContext& ctx, store::PlanStore& plans) {
    try {
      const store::StoredPlan s = plans.Import(file_);
      Open(s.plan,
           "Imported '" + s.plan.name + "' as version " + std::to_string(s.plan.version) + ".");
      ctx.Trace("event", "plan imported: " + s.plan.name + " v" + std::to_string(s.plan.version));
    } catch (const std::exception& e) {
      message_ = e.what();
      ctx.Trace("event", std::string("plan not imported: ") + e.what());
    }
  }

  void Export(UiContext& ctx, store::PlanStore& plans) {
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
  std::string error_, message_, file_;
  std::vector<std::pair<std::string, std::optional<core::SessionPlan>>> defaults_;
  bool defaults_read_ = false;
  bool large_ = false, scroll_to_error_ = false;
};

}  // namespace

std::unique_ptr<Scene> MakePlanEditorScene() { return std::make_unique<PlanEditorScene>(); }

}  // namespace poise::ui
