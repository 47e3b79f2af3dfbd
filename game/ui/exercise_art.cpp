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
