#include "game/ui/exercise_art.h"

#include <algorithm>
#include <cmath>

namespace poise::ui {
namespace {
constexpr float kPi = 3.14159265f;

void Flower(ImDrawList* dl, ImVec2 base, float h, float sway, bool open, bool hc, int kind) {
  const ImVec2 top(base.x + sway * h * 0.08f, base.y - h);
  const ImU32 stem = hc ? IM_COL32(0, 255, 0, 255) : IM_COL32(70, 160, 80, 255);
  dl->AddBezierCubic(base, ImVec2(base.x, base.y - h * 0.4f), ImVec2(top.x, top.y + h * 0.4f), top,
                     stem, std::max(3.0f, h * 0.05f));
  // Two leaves.
  const float lw = h * 0.18f;
  dl->AddTriangleFilled(ImVec2(base.x, base.y - h * 0.35f), ImVec2(base.x - lw, base.y - h * 0.5f),
                        ImVec2(base.x - lw * 0.2f, base.y - h * 0.2f), stem);
  dl->AddTriangleFilled(ImVec2(base.x, base.y - h * 0.5f), ImVec2(base.x + lw, base.y - h * 0.62f),
                        ImVec2(base.x + lw * 0.2f, base.y - h * 0.35f), stem);
  const float r = h * 0.2f;
  if (!open) {  // a closed bud: still to come this week
    dl->AddCircleFilled(top, r * 0.45f, stem, 20);
    dl->AddCircle(top, r * 0.45f, hc ? IM_COL32(255, 255, 255, 255) : IM_COL32(200, 230, 200, 255),
                  20, 2);
    return;
  }
  static const ImU32 kPetals[] = {IM_COL32(250, 200, 60, 255), IM_COL32(240, 120, 160, 255),
                                  IM_COL32(150, 170, 255, 255), IM_COL32(255, 160, 90, 255)};
  const ImU32 petal = hc ? IM_COL32(255, 255, 0, 255) : kPetals[kind % 4];
  for (int i = 0; i < 6; ++i) {
    const float a = i * kPi / 3;
    dl->AddCircleFilled(ImVec2(top.x + std::cos(a) * r * 0.7f, top.y + std::sin(a) * r * 0.7f),
                        r * 0.5f, petal, 20);
  }
  dl->AddCircleFilled(top, r * 0.42f, hc ? IM_COL32(0, 0, 0, 255) : IM_COL32(120, 70, 30, 255), 20);
  if (hc) dl->AddCircle(top, r * 0.42f, IM_COL32(255, 255, 255, 255), 20, 2);
}
}  // namespace

void DrawGarden(ImDrawList* dl, ImVec2 min, ImVec2 max, int done, int goal, double t_s, bool hc) {
  const int n = std::max({done, goal, 1});
  const float w = max.x - min.x, h = max.y - min.y;
  // Soil.
  const float ground = max.y - h * 0.12f;
  dl->AddRectFilled(ImVec2(min.x, ground), max,
                    hc ? IM_COL32(90, 60, 0, 255) : IM_COL32(110, 80, 50, 255), 8);
  const float step = w / float(n);
  const float fh = std::min(h * 0.8f, step * 2.2f);
  for (int i = 0; i < n; ++i) {
    // A slow sway (period ~6 s), each flower a little out of step: calm, never flashing.
    const float sway = float(std::sin(t_s * 2 * kPi / 6.0 + i * 1.3));
    Flower(dl, ImVec2(min.x + step * (i + 0.5f), ground), fh, sway, i < done, hc, i);
  }
}

}  // namespace poise::ui

// ---- Exercise themes and rewards ----------------------------------------------------------

#include <nlohmann/json.hpp>

#include "game/ui/camera_view.h"
#include "game/ui/ui_context.h"

namespace poise::ui {
namespace {

/// Large text with a dark outline: legible on any picture.
void OutlinedText(ImDrawList* dl, float size, ImVec2 centre, ImU32 colour, const std::string& t) {
  ImFont* font = ImGui::GetFont();
  const ImVec2 ts = font->CalcTextSizeA(size, 1e9f, 0, t.c_str());
  const ImVec2 at(centre.x - ts.x / 2, centre.y - ts.y / 2);
  const float o = std::max(2.0f, size * 0.06f);
  for (int dx = -1; dx <= 1; ++dx)
    for (int dy = -1; dy <= 1; ++dy)
      if (dx || dy)
        dl->AddText(font, size, ImVec2(at.x + dx * o, at.y + dy * o),
                    IM_COL32(0, 0, 0, (colour >> IM_COL32_A_SHIFT) & 0xff), t.c_str());
  dl->AddText(font, size, at, colour, t.c_str());
}

ImU32 WithAlpha(ImU32 c, float a) {
  const int base = int((c >> IM_COL32_A_SHIFT) & 0xff);
  return (c & ~IM_COL32_A_MASK) | (ImU32(std::clamp(a, 0.0f, 1.0f) * base) << IM_COL32_A_SHIFT);
}

// Encouraging words: a hit is praised, a try that did not reach is never blamed.
const char* kHitWords[] = {"Lovely!", "Well done!", "Great reach!", "That's it!", "Beautiful!"};
const char* kMissWords[] = {"Good try!", "Nice effort, here is the next one.", "Keep going!",
                            "Take your time."};

}  // namespace

const char* LevelInWords(double level) {
  return level < 0.25 ? "gentle" : level < 0.5 ? "steady" : level < 0.75 ? "brisk" : "strong";
}

void ExerciseArt::Draw(UiContext& ctx, const core::ExerciseView& v, double t_s) {
  if (last_score_ < 0) {
    last_score_ = v.score;
    last_trial_ = v.trial;
  }
  if (v.score > last_score_ || v.trial > last_trial_) {
    const bool hit = v.score > last_score_;
    reward_hit_ = hit;
    reward_t_s_ = t_s;
    words_ = hit ? kHitWords[hits_++ % 5] : kMissWords[misses_++ % 4];
    ctx.Trace("event", std::string(hit ? "reward: " : "encourage: ") + words_);
    // The reward rises where the target was.
    reward_at_ =
        ImVec2((ctx.view_min.x + ctx.view_max.x) / 2, (ctx.view_min.y + ctx.view_max.y) / 2);
    for (const core::Shape& s : v.shapes)
      if (s.role == core::Shape::Role::kTarget) reward_at_ = TargetOnScreen(ctx, s).centre;
  }
  last_score_ = v.score;
  last_trial_ = v.trial;
  DrawTargets(ctx, v, t_s);
  if (id_ == "steady_stance") DrawGlass(ctx, v);
  DrawReward(ctx, t_s);
}

void ExerciseArt::DrawTargets(UiContext& ctx, const core::ExerciseView& v, double t_s) {
  // Targets keep a large size on screen whatever the text size: at least 7 % of the window's
  // height in radius, inside the picture (camera_view.cpp), under the exercise's own ring.
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  int index = 0;
  for (const core::Shape& s : v.shapes) {
    if (s.role != core::Shape::Role::kTarget) continue;
    const TargetCircle tc = TargetOnScreen(ctx, s);
    const ImVec2 c = tc.centre;
    const float r = tc.radius;
    TraceTarget(ctx, v, index++, c, r);
    // A slow "breathing" halo (4 s period): alive but calm.
    const float breathe = 0.5f + 0.5f * float(std::sin(t_s * 2 * kPi / 4.0));
    const bool hc = ctx.high_contrast;
    if (id_ == "bubble_reach") {  // a soap bubble
      dl->AddCircleFilled(c, r, hc ? IM_COL32(255, 255, 0, 170) : IM_COL32(140, 210, 255, 90), 48);
      dl->AddCircle(c, r, IM_COL32(255, 255, 255, 255), 48, std::max(4.0f, r * 0.08f));
      dl->AddCircleFilled(ImVec2(c.x - r * 0.35f, c.y - r * 0.35f), r * 0.18f,
                          IM_COL32(255, 255, 255, 220), 20);
    } else if (id_ == "pursuit_trace") {  // a bee to follow
      dl->AddCircleFilled(c, r * 0.7f,
                          hc ? IM_COL32(255, 255, 0, 255) : IM_COL32(250, 200, 40, 230), 40);
      for (int i = -1; i <= 1; ++i)
        dl->AddLine(ImVec2(c.x + i * r * 0.3f, c.y - r * 0.5f),
                    ImVec2(c.x + i * r * 0.3f, c.y + r * 0.5f), IM_COL32(20, 20, 20, 255),
                    std::max(3.0f, r * 0.12f));
      dl->AddCircle(c, r, IM_COL32(255, 255, 255, 255), 48, 4);
    } else {  // a target ring of the theme's colour
      dl->AddCircleFilled(c, r, hc ? IM_COL32(255, 255, 0, 160) : IM_COL32(80, 180, 255, 110), 48);
      dl->AddCircle(c, r, IM_COL32(255, 255, 255, 255), 48, std::max(4.0f, r * 0.08f));
      dl->AddCircle(c, r * 0.55f, IM_COL32(255, 255, 255, 200), 40, 3);
    }
    dl->AddCircle(c, r + 6 + 6 * breathe,
                  WithAlpha(IM_COL32(255, 255, 255, 255), 0.25f + 0.35f * breathe), 48, 3);
  }
}

void ExerciseArt::TraceTarget(UiContext& ctx, const core::ExerciseView& v, int index, ImVec2 c,
                              float r) {
  // --trace: each target's circle once per try (where it first shows), with the picture's
  // rectangle, so tests can check its size and that it is clear of the bars.
  if (!ctx.trace.is_open() || (v.trial == traced_trial_ && index < traced_targets_)) return;
  if (v.trial != traced_trial_) traced_targets_ = 0;
  traced_trial_ = v.trial;
  traced_targets_ = index + 1;
  const nlohmann::json j = {
      {"t_s", ctx.elapsed_s},
      {"target", id_},
      {"try", v.trial},  // not "trial": a trace line with "trial" is a stored trial
      {"circle", {c.x, c.y, r}},
      {"picture", {ctx.view_min.x, ctx.view_min.y, ctx.view_max.x, ctx.view_max.y}},
      {"display", {ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y}}};
  ctx.trace << j.dump() << std::endl;
}

void ExerciseArt::DrawGlass(UiContext& ctx, const core::ExerciseView& v) {
  // The glass of water, in the picture's top-left corner, filled to what is left.
  if (v.meter < 0) return;
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const float h = ImGui::GetIO().DisplaySize.y * 0.22f, w = h * 0.6f;
  const ImVec2 a(ctx.view_min.x + 20, ctx.view_min.y + 20), b(a.x + w, a.y + h);
  const float level = float(std::clamp(v.meter, 0.0, 1.0));
  dl->AddRectFilled(ImVec2(a.x + 4, b.y - (h - 8) * level - 4), ImVec2(b.x - 4, b.y - 4),
                    ctx.high_contrast ? IM_COL32(0, 200, 255, 255) : IM_COL32(90, 170, 255, 200),
                    6);
  dl->AddRect(a, b, IM_COL32(255, 255, 255, 255), 8, ImDrawFlags_RoundCornersBottom, 5);
}

void ExerciseArt::DrawReward(UiContext& ctx, double t_s) {
  if (reward_t_s_ < 0) return;
  const float age = float(t_s - reward_t_s_);
  constexpr float kShow = 2.5f;  // seconds: slow, no flashing
  if (age > kShow) {
    words_.clear();
    return;
  }
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const float fade = age < 0.4f ? age / 0.4f : age > kShow - 0.8f ? (kShow - age) / 0.8f : 1.0f;
  const float dh = ImGui::GetIO().DisplaySize.y;
  if (reward_hit_) {
    // A soft ring widening from the target and a few petals drifting up.
    const ImU32 gold = ctx.high_contrast ? IM_COL32(255, 255, 0, 255) : IM_COL32(255, 215, 90, 255);
    dl->AddCircle(reward_at_, dh * (0.05f + 0.06f * age), WithAlpha(gold, fade * 0.8f), 64, 6);
    for (int i = 0; i < 6; ++i) {
      const float ang = i * kPi / 3 + age * 0.4f;
      const ImVec2 p(reward_at_.x + std::cos(ang) * dh * (0.04f + 0.05f * age),
                     reward_at_.y + std::sin(ang) * dh * (0.04f + 0.05f * age) - dh * 0.04f * age);
      dl->AddCircleFilled(p, dh * 0.012f, WithAlpha(gold, fade), 16);
    }
  }
  const ImVec2 centre((ctx.view_min.x + ctx.view_max.x) / 2, ctx.view_min.y + dh * 0.09f);
  OutlinedText(dl, dh * 0.075f, centre, WithAlpha(IM_COL32(255, 255, 255, 255), fade), words_);
}

}  // namespace poise::ui
