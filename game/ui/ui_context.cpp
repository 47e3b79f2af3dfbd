#include "game/ui/ui_context.h"

#include <SDL.h>

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
  while (!queue_.empty() && queue_.front().t_s <= elapsed_s) {
    due_.push_back(queue_.front());
    queue_.pop_front();
  }
}

bool ScriptPlayer::TakeClick(const std::string& id) {
  for (auto it = due_.begin(); it != due_.end(); ++it)
    if (it->kind == "click" && it->arg == id) {
      due_.erase(it);
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
  const float h = ImGui::GetFontSize() * 1.8f;
  // High contrast: black text on the yellow buttons (white on yellow cannot be read).
  if (high_contrast) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 255));
  const bool clicked = ImGui::Button(label, ImVec2(width, h));
  if (high_contrast) ImGui::PopStyleColor();
  ImGui::PopID();
  return clicked || script.TakeClick(id);
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
