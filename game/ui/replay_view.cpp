#include "game/ui/replay_view.h"

#include <algorithm>
#include <cmath>

namespace poise::ui {

const store::ReplayFrame* ReplayFrameAt(const std::vector<store::ReplayFrame>& frames, double t_s) {
  if (frames.empty()) return nullptr;
  const double length_ms = frames.back().t_ms + 1000;  // a second's pause before it loops
  const double t_ms = std::fmod(std::max(0.0, t_s) * 1000, length_ms);
  const auto it =
      std::upper_bound(frames.begin(), frames.end(), t_ms,
                       [](double t, const store::ReplayFrame& f) { return t < f.t_ms; });
  return it == frames.begin() ? &frames.front() : &*(it - 1);
}

void DrawReplayFigure(const store::ReplayFrame& f, ImVec2 size, bool hc) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  dl->AddRectFilled(o, ImVec2(o.x + size.x, o.y + size.y),
                    hc ? IM_COL32(0, 0, 0, 255) : IM_COL32(20, 26, 34, 255));
  dl->AddRect(o, ImVec2(o.x + size.x, o.y + size.y), IM_COL32(255, 255, 255, 255), 0, 0, 2);
  // The camera picture's 4:3 frame fitted into the box, mirrored.
  const float h = std::min(size.y, size.x * 0.75f), w = h / 0.75f;
  const ImVec2 c(o.x + (size.x - w) / 2, o.y + (size.y - h) / 2);
  auto pt = [&](int i) {
    const auto& l = f.landmarks[size_t(i)];
    return ImVec2(c.x + (1 - l.x) * w, c.y + l.y * h);
  };
  const ImU32 col = hc ? IM_COL32(255, 255, 0, 255) : IM_COL32(255, 255, 255, 255);
  const float thick = std::max(2.0f, h / 90);
  for (const auto& e : kSkeletonEdges) {
    const float vis =
        std::min(f.landmarks[size_t(e[0])].visibility, f.landmarks[size_t(e[1])].visibility);
    dl->AddLine(pt(e[0]), pt(e[1]), col, vis >= 0.5f ? thick : thick / 3);
  }
  dl->AddCircle(pt(kNose), h * 0.04f, col, 20, thick);
  ImGui::Dummy(size);
}

}  // namespace poise::ui
