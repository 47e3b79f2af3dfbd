#include "game/ui/trend_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "game/core/metrics/reference_values.h"

namespace poise::ui {
namespace {

std::string Fmt(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void DashedLine(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash) {
  const float len = std::hypot(b.x - a.x, b.y - a.y);
  for (float s = 0; s < len; s += 2 * dash) {
    const float e = std::min(len, s + dash);
    dl->AddLine(ImVec2(a.x + (b.x - a.x) * s / len, a.y + (b.y - a.y) * s / len),
                ImVec2(a.x + (b.x - a.x) * e / len, a.y + (b.y - a.y) * e / len), col, thickness);
  }
}

}  // namespace

void DrawTrendChart(const core::MetricTrend& t, float width, bool hc) {
  const float fs = ImGui::GetFontSize();
  const std::string unit = t.unit == "1" || t.unit.empty() ? "" : " (" + t.unit + ")";
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextWrapped("%s: %s%s", t.exercise.c_str(), t.metric.c_str(), unit.c_str());
  ImGui::PopTextWrapPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float axis_w = fs * 5.5f, height = fs * 7;
  const ImVec2 p0(o.x + axis_w, o.y + fs * 0.5f), p1(o.x + width - fs, o.y + height);
  const ImU32 fg = hc ? IM_COL32(255, 255, 255, 255) : IM_COL32(225, 230, 235, 255);
  const ImU32 line = hc ? IM_COL32(255, 255, 0, 255) : IM_COL32(110, 190, 255, 255);
  const ImU32 ref = hc ? IM_COL32(255, 128, 128, 255) : IM_COL32(255, 140, 120, 255);
  dl->AddRectFilled(p0, p1, hc ? IM_COL32(0, 0, 0, 255) : IM_COL32(20, 26, 34, 255));
  dl->AddRect(p0, p1, fg, 0, 0, 1.5f);
  const auto refs = core::ReferenceLines(t.exercise, t.metric);
  double lo = 1e300, hi = -1e300;
  for (const auto& w : t.weeks) lo = std::min(lo, w.mean), hi = std::max(hi, w.mean);
  for (const auto& r : refs) lo = std::min(lo, r.value), hi = std::max(hi, r.value);
  if (t.weeks.empty()) lo = 0, hi = 1;
  if (hi - lo < 1e-9) lo -= 1, hi += 1;
  const double pad = 0.08 * (hi - lo);
  lo -= pad, hi += pad;
  const int first = t.weeks.empty() ? 0 : t.weeks.front().week;
  const int last = t.weeks.empty() ? 7 : std::max(first + 7, t.weeks.back().week);
  auto X = [&](int week) { return p0.x + (p1.x - p0.x) * float(week - first) / (last - first); };
  auto Y = [&](double v) { return p1.y - (p1.y - p0.y) * float((v - lo) / (hi - lo)); };
  const int decimals = hi - lo < 5 ? 2 : 1;
  for (int i = 0; i <= 3; ++i) {
    const double v = lo + (hi - lo) * i / 3;
    const std::string label = Fmt(v, decimals) + (t.unit == "1" ? "" : " " + t.unit);
    dl->AddText(ImVec2(o.x, Y(v) - fs / 2), fg, label.c_str());
    dl->AddLine(ImVec2(p0.x - fs * 0.3f, Y(v)), ImVec2(p0.x, Y(v)), fg, 1.5f);
  }
  float last_label_y = -1e9f;
  for (const auto& r : refs) {
    const float y = Y(r.value);
    DashedLine(dl, ImVec2(p0.x, y), ImVec2(p1.x, y), ref, 2.5f, fs * 0.6f);
    // Right-aligned on a dark box, above the line, or below it if the previous label is close.
    const ImVec2 ts = ImGui::CalcTextSize(r.label.c_str());
    float ly = y - fs * 1.1f;
    if (std::fabs(ly - last_label_y) < fs || ly < p0.y) ly = y + fs * 0.15f;
    last_label_y = ly;
    const ImVec2 lp(p1.x - ts.x - fs * 0.4f, ly);
    dl->AddRectFilled(ImVec2(lp.x - 3, lp.y), ImVec2(lp.x + ts.x + 3, lp.y + ts.y),
                      hc ? IM_COL32(0, 0, 0, 255) : IM_COL32(20, 26, 34, 255));
    dl->AddText(lp, ref, r.label.c_str());
  }
  std::vector<ImVec2> pts;
  for (const auto& w : t.weeks) pts.push_back(ImVec2(X(w.week), Y(w.mean)));
  if (pts.size() > 1) dl->AddPolyline(pts.data(), int(pts.size()), line, 0, 3.0f);
  for (const ImVec2& p : pts) dl->AddCircleFilled(p, std::max(2.5f, fs * 0.18f), line);
  ImGui::Dummy(ImVec2(width, height + fs * 0.2f));
  if (!t.weeks.empty()) {
    const std::string a = core::DateOfDay(first), b = core::DateOfDay(t.weeks.back().week);
    ImGui::SetCursorScreenPos(ImVec2(p0.x, ImGui::GetCursorScreenPos().y));
    ImGui::Text("week of %s", a.c_str());
    const float bw = ImGui::CalcTextSize(("week of " + b).c_str()).x;
    ImGui::SameLine(0, 0);
    ImGui::SetCursorScreenPos(ImVec2(p1.x - bw, ImGui::GetCursorScreenPos().y));
    ImGui::Text("week of %s", b.c_str());
  }
}

void DrawAdherenceStrip(const std::vector<core::AdherenceWeek>& all, float width, bool hc) {
  const float fs = ImGui::GetFontSize();
  const float box = fs * 2.4f, gap = fs * 0.25f;
  const size_t per_row = size_t(std::max(1, int((width + gap) / (box + gap))));
  // The most recent weeks that fit on one row; the summary counts them all.
  const size_t first = all.size() > per_row ? all.size() - per_row : 0;
  int met = 0;
  for (const auto& w : all) met += w.done >= w.target;
  if (all.empty()) {
    ImGui::TextWrapped("Adherence: no sessions yet.");
    return;
  }
  ImGui::TextWrapped(
      "Adherence: %d of %zu weeks met the plan's target. Sessions done / target, "
      "weeks of %s to %s:",
      met, all.size(), core::DateOfDay(all[first].week).c_str(),
      core::DateOfDay(all.back().week).c_str());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 fg = hc ? IM_COL32(255, 255, 255, 255) : IM_COL32(230, 235, 240, 255);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  for (size_t j = first; j < all.size(); ++j) {
    const auto& w = all[j];
    const float x = o.x + float(j - first) * (box + gap);
    const float share = std::min(1.0f, float(w.done) / float(std::max(1, w.target)));
    const ImU32 fill = hc ? IM_COL32(0, int(120 * share), 0, 255)
                          : IM_COL32(30, int(40 + 100 * share), int(50 + 30 * share), 255);
    dl->AddRectFilled(ImVec2(x, o.y), ImVec2(x + box, o.y + box), fill);
    dl->AddRect(ImVec2(x, o.y), ImVec2(x + box, o.y + box), fg, 0, 0,
                w.done >= w.target ? 4.0f : 1.0f);
    const std::string s = std::to_string(w.done) + "/" + std::to_string(w.target);
    const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
    dl->AddText(ImVec2(x + (box - ts.x) / 2, o.y + (box - ts.y) / 2), fg, s.c_str());
  }
  ImGui::Dummy(ImVec2(width, box + gap));
}

}  // namespace poise::ui
