#include "game/ui/trend_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

#include "game/core/review/chart_scale.h"
#include "game/core/review/plain_words.h"

namespace poise::ui {
namespace {

void DashedLine(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash) {
  const float len = std::hypot(b.x - a.x, b.y - a.y);
  for (float s = 0; s < len; s += 2 * dash) {
    const float e = std::min(len, s + dash);
    dl->AddLine(ImVec2(a.x + (b.x - a.x) * s / len, a.y + (b.y - a.y) * s / len),
                ImVec2(a.x + (b.x - a.x) * e / len, a.y + (b.y - a.y) * e / len), col, thickness);
  }
}

}  // namespace

ChartData ChartOfTrend(const core::MetricTrend& t) {
  ChartData c{t.exercise, t.metric, t.unit, {}, core::ReferenceLines(t.exercise, t.metric)};
  for (const auto& w : t.weeks) c.points.push_back({w.week, w.mean, w.n});
  return c;
}

void DrawTrendChart(const ChartData& c, float width, bool hc) {
  const float fs = ImGui::GetFontSize();
  std::vector<double> values;
  for (const auto& p : c.points) values.push_back(p.value);
  const core::ValueAxis axis = core::AxisForMetric(c.metric, c.unit, values, c.refs);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextWrapped("%s: %s", core::ExerciseName(c.exercise).c_str(),
                     core::MetricName(c.metric).c_str());
  if (!c.points.empty()) {
    const ChartPoint& l = c.points.back();
    ImGui::TextWrapped("Latest: %s (week of %s, %d tries)",
                       core::MetricValueText(c.metric, c.unit, l.value).c_str(),
                       core::DateOfDay(l.week).c_str(), l.n);
  }
  ImGui::PopTextWrapPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  // Left: tick labels; right: the reference lines' value tags, outside the plot.
  float axis_w = 0, tag_w = 0;
  for (const double v : axis.ticks)
    axis_w = std::max(axis_w, ImGui::CalcTextSize(axis.Label(v).c_str()).x);
  std::vector<std::string> tags;
  for (const auto& r : c.refs) {
    tags.push_back(axis.Label(r.value * axis.scale));
    tag_w = std::max(tag_w, ImGui::CalcTextSize(tags.back().c_str()).x);
  }
  axis_w += fs * 0.6f;
  tag_w = tags.empty() ? fs * 0.5f : tag_w + fs * 0.6f;
  const float height = fs * 7.5f;
  const ImVec2 p0(o.x + axis_w, o.y + fs * 0.5f), p1(o.x + width - tag_w, o.y + height);
  const ImU32 fg = hc ? IM_COL32(255, 255, 255, 255) : IM_COL32(225, 230, 235, 255);
  const ImU32 grid = hc ? IM_COL32(110, 110, 110, 255) : IM_COL32(60, 70, 82, 255);
  const ImU32 line = hc ? IM_COL32(255, 255, 0, 255) : IM_COL32(110, 190, 255, 255);
  const ImU32 ref = hc ? IM_COL32(255, 128, 128, 255) : IM_COL32(255, 140, 120, 255);
  const ImU32 bg = hc ? IM_COL32(0, 0, 0, 255) : IM_COL32(20, 26, 34, 255);
  dl->AddRectFilled(p0, p1, bg);
  const int first = c.points.empty() ? 0 : c.points.front().week;
  const int last = c.points.empty() ? 7 : std::max(first + 7, c.points.back().week);
  auto X = [&](int week) { return p0.x + (p1.x - p0.x) * float(week - first) / (last - first); };
  auto Y = [&](double shown) {
    return p1.y - (p1.y - p0.y) * float((shown - axis.lo) / (axis.hi - axis.lo));
  };
  for (const double v : axis.ticks) {
    const std::string label = axis.Label(v);
    const float tw = ImGui::CalcTextSize(label.c_str()).x;
    dl->AddLine(ImVec2(p0.x, Y(v)), ImVec2(p1.x, Y(v)), grid, 1.0f);
    dl->AddText(ImVec2(p0.x - fs * 0.4f - tw, Y(v) - fs / 2), fg, label.c_str());
  }
  dl->AddRect(p0, p1, fg, 0, 0, 1.5f);
  // Reference lines, their tags stacked in the right margin so they never overlap.
  std::vector<float> tag_y;
  for (const auto& r : c.refs) tag_y.push_back(Y(r.value * axis.scale) - fs / 2);
  tag_y = core::StackLabels(tag_y, fs, o.y, p1.y + fs * 0.5f);
  for (size_t i = 0; i < c.refs.size(); ++i) {
    const float y = Y(c.refs[i].value * axis.scale);
    DashedLine(dl, ImVec2(p0.x, y), ImVec2(p1.x, y), ref, 2.5f, fs * 0.6f);
    dl->AddText(ImVec2(p1.x + fs * 0.3f, tag_y[i]), ref, tags[i].c_str());
  }
  std::vector<ImVec2> pts;
  for (const auto& p : c.points) pts.push_back(ImVec2(X(p.week), Y(p.value * axis.scale)));
  if (pts.size() > 1) dl->AddPolyline(pts.data(), int(pts.size()), line, 0, 3.0f);
  const float dot = std::max(2.5f, fs * 0.2f);
  bool any_poor = false;
  for (size_t i = 0; i < pts.size(); ++i) {
    if (c.points[i].poor_quality) {
      any_poor = true;
      dl->AddCircleFilled(pts[i], dot * 1.3f, bg);
      dl->AddCircle(pts[i], dot * 1.3f, line, 0, 2.0f);
    } else {
      dl->AddCircleFilled(pts[i], dot, line);
    }
  }
  // Readout: the week nearest the mouse.
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (!pts.empty() && ImGui::IsWindowHovered() && m.x >= p0.x && m.x <= p1.x && m.y >= p0.y &&
      m.y <= p1.y) {
    size_t best = 0;
    for (size_t i = 1; i < pts.size(); ++i)
      if (std::fabs(pts[i].x - m.x) < std::fabs(pts[best].x - m.x)) best = i;
    const ChartPoint& p = c.points[best];
    dl->AddLine(ImVec2(pts[best].x, p0.y), ImVec2(pts[best].x, p1.y), fg, 1.0f);
    dl->AddCircle(pts[best], dot * 2, fg, 0, 2.0f);
    ImGui::SetTooltip("Week of %s: %s (%d tries)%s", core::DateOfDay(p.week).c_str(),
                      core::MetricValueText(c.metric, c.unit, p.value).c_str(), p.n,
                      p.poor_quality ? ", poor measurement quality" : "");
  }
  // Dates under the plot: as many as fit without touching.
  const float date_w = ImGui::CalcTextSize("2026-11-23").x, axis_len = p1.x - p0.x;
  if (!c.points.empty())
    for (const int d : core::FitDateTicks(first, last, axis_len, date_w, fs)) {
      dl->AddLine(ImVec2(X(d), p1.y), ImVec2(X(d), p1.y + fs * 0.2f), fg, 1.5f);
      dl->AddText(
          ImVec2(p0.x + core::DateLabelX(d, first, last, axis_len, date_w), p1.y + fs * 0.2f), fg,
          core::DateOfDay(d).c_str());
    }
  ImGui::Dummy(ImVec2(width, height + fs * 1.4f));
  // Legend: what each mark means, in words beside a sample of it.
  auto legend = [&](const std::function<void(ImVec2)>& sample, const std::string& text) {
    const ImVec2 q = ImGui::GetCursorScreenPos();
    sample(ImVec2(q.x, q.y + fs * 0.5f));
    ImGui::SetCursorScreenPos(ImVec2(q.x + fs * 2.2f, q.y));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - fs * 2.2f);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopTextWrapPos();
  };
  legend(
      [&](ImVec2 q) {
        dl->AddLine(q, ImVec2(q.x + fs * 1.8f, q.y), line, 3.0f);
        dl->AddCircleFilled(ImVec2(q.x + fs * 0.9f, q.y), dot, line);
      },
      "weekly mean (a dot per week with tries)");
  if (any_poor)
    legend([&](ImVec2 q) { dl->AddCircle(ImVec2(q.x + fs * 0.9f, q.y), dot * 1.3f, line, 0, 2); },
           "hollow: a week of poor measurement quality");
  for (const auto& r : c.refs)
    legend([&](ImVec2 q) { DashedLine(dl, q, ImVec2(q.x + fs * 1.8f, q.y), ref, 2.5f, fs * 0.4f); },
           "published reference: " + r.label);
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
