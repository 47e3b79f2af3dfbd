#include "game/ui/ui_context.h"

#include <SDL.h>
#include <imgui_internal.h>

#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "game/core/exercises/exercise.h"
#include "game/store/plan_store.h"
#include "vision/asset_dir.h"
#include "vision/open_feed.h"

namespace poise::ui {

core::SessionPlan UiContext::TodaysPlan() const {
  if (!options.exercise.empty()) {
    const core::ExerciseInfo* info = core::FindExercise(options.exercise);
    if (!info)
      throw std::runtime_error("There is no exercise called '" + options.exercise +
                               "'; 'poise exercises' lists them.");
    core::SessionPlan plan;
    plan.name = info->name;
    core::PlanBlock b;
    b.exercise = info->id;
    b.variant = options.variant;
    b.trials = options.exercise_trials;
    b.rest_after_s = 0;
    plan.blocks.push_back(b);
    return plan;
  }
  if (!options.plan_path.empty()) return core::LoadSessionPlan(options.plan_path);
  // The plan the physiotherapist assigned to this patient: its latest saved version.
  if (profile && store) {
    store::PlanStore plans(*store);
    if (auto name = plans.Assigned(profile->id)) {
      if (auto p = plans.Latest(*name)) return p->plan;
      throw std::runtime_error("The plan '" + *name +
                               "' assigned to this patient is not saved on this computer.");
    }
  }
  return core::LoadSessionPlan(AssetDir() + "/plans/today.json");
}

void ScriptPlayer::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("The script " + path + " cannot be opened.");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    double t;
    std::string action;
    if (!(ss >> t >> action) || action.find(':') == std::string::npos)
      throw std::runtime_error("The script " + path + " line " + std::to_string(n) +
                               " should read 'SECONDS kind:argument'.");
    const auto colon = action.find(':');
    // set:FIELD=VALUE and click:ID take the rest of the line, so values and ids (a patient's or a
    // plan's name) may contain spaces.
    if (action.substr(0, colon) == "set" || action.substr(0, colon) == "click") {
      std::string rest;
      std::getline(ss, rest);
      while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back())))
        rest.pop_back();
      action += rest;
    }
    queue_.push_back({t, action.substr(0, colon), action.substr(colon + 1)});
  }
}

void ScriptPlayer::Advance(double elapsed_s) {
  clicked_this_frame_ = false;
  while (!queue_.empty() && queue_.front().t_s <= elapsed_s) {
    due_.push_back(queue_.front());
    queue_.pop_front();
  }
}

bool ScriptPlayer::TakeClick(const std::string& id) {
  // One click a frame, like a person: a click that opens a screen acts before the next one is
  // looked for, so overdue clicks still visit each screen in turn.
  if (clicked_this_frame_) return false;
  for (auto it = due_.begin(); it != due_.end(); ++it)
    if (it->kind == "click" && it->arg == id) {
      due_.erase(it);
      clicked_this_frame_ = true;
      return true;
    }
  return false;
}

bool ScriptPlayer::TakeKey(const std::string& key) {
  for (auto it = due_.begin(); it != due_.end(); ++it)
    if (it->kind == "key" && it->arg == key) {
      due_.erase(it);
      return true;
    }
  return false;
}

std::optional<std::string> ScriptPlayer::TakePress() {
  for (auto it = due_.begin(); it != due_.end(); ++it)
    if (it->kind == "press") {
      std::string k = it->arg;
      due_.erase(it);
      return k;
    }
  return std::nullopt;
}

std::optional<std::string> ScriptPlayer::TakeValue(const std::string& field) {
  for (auto it = due_.begin(); it != due_.end(); ++it) {
    const auto eq = it->arg.find('=');
    if (it->kind == "set" && eq != std::string::npos && it->arg.substr(0, eq) == field) {
      std::string v = it->arg.substr(eq + 1);
      due_.erase(it);
      return v;
    }
  }
  return std::nullopt;
}

bool UiContext::OpenSource(const std::string& src) {
  source = src;
  try {
    vision::FeedOptions o;
    o.estimator.model = vision::ParseLandmarkModel(options.model);
    o.estimator.engine = vision::ParseInferenceEngine(options.engine);
    o.estimator.num_threads = options.threads;
    feed = vision::OpenPoseFeed(src, o);
    feed_error.clear();
    return true;
  } catch (const std::exception& e) {
    feed.reset();
    feed_error = e.what();
    return false;
  }
}

bool UiContext::Button(const char* label, const char* id, float width) {
  ImGui::PushID(id);
  const float h = ButtonHeight();
  // High contrast: black text on the yellow buttons (white on yellow cannot be read).
  if (high_contrast) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 255));
  // A label wider than the button wraps onto more lines (never clipped): the button grows.
  const float pad = ImGui::GetStyle().FramePadding.x;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float w = width > 0 ? width : width < 0 ? avail : 0;
  const ImVec2 one_line = ImGui::CalcTextSize(label, nullptr, true);
  bool clicked = false;
  if (w > 0 && one_line.x > w - 2 * pad) {
    const char* end = ImGui::FindRenderedTextEnd(label);
    const ImVec2 text = ImGui::CalcTextSize(label, end, false, w - 2 * pad);
    const float bh = std::max(h, text.y + 2 * ImGui::GetStyle().FramePadding.y);
    clicked = ImGui::Button("##wrapped", ImVec2(w, bh));
    const ImVec2 a = ImGui::GetItemRectMin();
    ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                                        ImVec2(a.x + (w - text.x) / 2, a.y + (bh - text.y) / 2),
                                        ImGui::GetColorU32(ImGuiCol_Text), label, end, w - 2 * pad);
  } else {
    clicked = ImGui::Button(label, ImVec2(width, h));
  }
  if (high_contrast) ImGui::PopStyleColor();
  DrawFocusRing();
  TraceButton(id);
  ImGui::PopID();
  return clicked || script.TakeClick(id);
}

float UiContext::ButtonHeight() const {
  // Large text needs less padding around it: more choices fit on one screen.
  return ImGui::GetFontSize() * (ui_scale > 1.3 ? 1.5f : 1.8f);
}

float UiContext::ButtonHeight(const char* label, float width) const {
  const float pad = ImGui::GetStyle().FramePadding.x;
  const float w = width > 0 ? width : ImGui::GetContentRegionAvail().x;
  const ImVec2 text =
      ImGui::CalcTextSize(label, ImGui::FindRenderedTextEnd(label), false, w - 2 * pad);
  return std::max(ButtonHeight(), text.y + 2 * ImGui::GetStyle().FramePadding.y);
}

float UiContext::FooterHeight(int rows) const {
  return rows * (ButtonHeight() + ImGui::GetStyle().ItemSpacing.y);
}

void UiContext::DrawFocusRing() const { DrawFocusRingOnLastItem(); }

void UiContext::TraceButton(const char* id) {
  if (!trace.is_open() || scenes.empty()) return;
  // Each button's place on screen and in its panel, once per scene and whenever it moves (the
  // layout tests check that every button is inside the window).
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
  const std::string key = std::string(scenes.top_name()) + "/" + id;
  const std::array<int, 4> r = {int(a.x), int(a.y), int(b.x), int(b.y)};
  auto [it, fresh] = button_rects.emplace(key, r);
  if (!fresh && it->second == r) return;
  it->second = r;
  const ImVec2 d = ImGui::GetIO().DisplaySize;
  nlohmann::json j = {{"t_s", elapsed_s},
                      {"button", id},
                      {"screen", scenes.top_name()},
                      {"rect", {a.x, a.y, b.x, b.y}},
                      {"panel", {wp.x, wp.y, wp.x + ws.x, wp.y + ws.y}},
                      {"display", {d.x, d.y}}};
  // A row of a list that scrolls inside its screen (a child region) is reached by scrolling;
  // the screen's own panel (its main actions) must fit.
  // (Its scroll range is last frame's: a list that just grew overflows before it has one.)
  const ImGuiWindow* w = ImGui::GetCurrentWindow();
  if ((w->Flags & ImGuiWindowFlags_ChildWindow) && !(w->Flags & ImGuiWindowFlags_NoScrollbar) &&
      (ImGui::GetScrollMaxY() > 0 || b.y > w->InnerRect.Max.y))
    j["scrolling_list"] = true;
  trace << j.dump() << std::endl;
}

bool UiContext::PausePressed() {
  const bool key = pause_key_down;
  pause_key_down = false;
  return key || script.TakeKey("space") || script.TakeKey("p") || script.TakeKey("escape");
}

void UiContext::Trace(const std::string& kind, const std::string& detail) {
  if (!trace.is_open()) return;
  nlohmann::json j = {{"t_s", elapsed_s}, {kind, detail}};
  trace << j.dump() << std::endl;
}

ImVec2 UiContext::ToScreen(double x, double y) const {
  // Mirrored: image x = 0 is at the right edge of the picture.
  return ImVec2(float(view_max.x - x * (view_max.x - view_min.x)),
                float(view_min.y + y * (view_max.y - view_min.y)));
}

}  // namespace poise::ui
