#include "game/store/pdf_report.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "game/core/metrics/reference_values.h"
#include "game/store/private_files.h"

namespace poise::store {
namespace {

constexpr double kPageW = 595.28, kPageH = 841.89;  // A4 in points
constexpr double kMargin = 48;

/// The unit as shown after a number: none for the dimensionless "1".
std::string UnitSuffix(const std::string& unit) {
  return unit.empty() || unit == "1" ? std::string() : " " + unit;
}

std::string Fmt(double v, int decimals = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// A cursor over pages: text lines, new pages when full, a footer with the page number.
class Pages {
 public:
  Pages(std::string path, std::string footer)
      : path_(std::move(path)), footer_(std::move(footer)) {
    // Drawn into memory, then written atomically by Finish (a full disk leaves no broken file).
    surface_ = cairo_pdf_surface_create_for_stream(Append, &bytes_, kPageW, kPageH);
    cr_ = cairo_create(surface_);
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    y_ = kMargin;
  }
  ~Pages() {
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  cairo_t* cr() { return cr_; }
  double& y() { return y_; }
  /// Starts a new page unless `height` more points fit on this one.
  void Need(double height) {
    if (y_ + height > kPageH - kMargin - 20) NewPage();
  }
  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    ++pages_;
    y_ = kMargin;
  }
  void Text(double x, double y, const std::string& s, double size, bool bold = false) {
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, s.c_str());
  }
  void Line(const std::string& s, double size = 10, bool bold = false) {
    Need(size * 1.5);
    y_ += size * 1.4;
    Text(kMargin, y_, s, size, bold);
  }
  void Heading(const std::string& s) {
    Need(60);
    y_ += 14;
    Line(s, 15, true);
    y_ += 4;
  }
  /// Finishes the document; returns the page count.
  int Finish() {
    Footer();
    cairo_show_page(cr_);
    cairo_surface_finish(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) return -1;
    WriteFileAtomically(path_, bytes_);
    return pages_;
  }

 private:
  void Footer() {
    Text(kMargin, kPageH - kMargin / 2, footer_ + "   page " + std::to_string(pages_), 8);
  }
  static cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  }
  std::string path_, bytes_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  std::string footer_;
  double y_ = 0;
  int pages_ = 1;
};

void DrawAdherence(Pages& p, const PatientReview& r) {
  p.Heading("Adherence: sessions per week against the plan's target");
  if (r.adherence.empty()) {
    p.Line("No sessions in this range.");
    return;
  }
  cairo_t* cr = p.cr();
  const double box = 30, gap = 4;
  const int per_row = int((kPageW - 2 * kMargin + gap) / (box + gap));
  for (size_t i = 0; i < r.adherence.size(); i += size_t(per_row)) {
    p.Need(box + 24);
    const double top = p.y() + 6;
    for (size_t j = i; j < std::min(r.adherence.size(), i + size_t(per_row)); ++j) {
      const auto& w = r.adherence[j];
      const double x = kMargin + double(j - i) * (box + gap);
      const double share = std::min(1.0, double(w.done) / std::max(1, w.target));
      cairo_set_source_rgb(cr, 1 - 0.75 * share, 1 - 0.55 * share, 1 - 0.75 * share);
      cairo_rectangle(cr, x, top, box, box);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_set_line_width(cr, w.done >= w.target ? 2.0 : 0.6);
      cairo_stroke(cr);
      p.Text(x + 3, top + 13, std::to_string(w.done) + "/" + std::to_string(w.target), 8.5,
             w.done >= w.target);
      if ((j - i) % 4 == 0) p.Text(x, top + box + 9, core::DateOfDay(w.week).substr(5), 6.5);
    }
    p.y() = top + box + 14;
  }
  int met = 0, done = 0;
  for (const auto& w : r.adherence) {
    met += w.done >= w.target;
    done += w.done;
  }
  p.Line(
      "Each box is a week (Monday's date below): sessions done / target; a bold frame marks a "
      "week that met it.",
      8);
  p.Line(std::to_string(met) + " of " + std::to_string(r.adherence.size()) +
             " weeks met the target; " + std::to_string(done) + " sessions in all.",
         10);
}

void DrawTrend(Pages& p, const core::MetricTrend& t) {
  const double h = 170, plot_x = kMargin + 52, plot_w = kPageW - kMargin - plot_x - 10,
               plot_h = 110;
  p.Need(h);
  cairo_t* cr = p.cr();
  const double top = p.y() + 8;
  const std::string unit_name = UnitSuffix(t.unit).empty() ? "no unit" : t.unit;
  p.Text(kMargin, top + 10, t.exercise + ": " + t.metric + " (" + unit_name + "), weekly mean", 11,
         true);
  const double py = top + 22;
  const auto lines = core::ReferenceLines(t.exercise, t.metric);
  double lo = 1e300, hi = -1e300;
  for (const auto& w : t.weeks) lo = std::min(lo, w.mean), hi = std::max(hi, w.mean);
  for (const auto& l : lines) lo = std::min(lo, l.value), hi = std::max(hi, l.value);
  if (hi - lo < 1e-9) lo -= 1, hi += 1;
  const double pad = 0.08 * (hi - lo);
  lo -= pad, hi += pad;
  const int first = t.weeks.front().week, last = std::max(first + 7, t.weeks.back().week);
  auto X = [&](int week) { return plot_x + plot_w * double(week - first) / (last - first); };
  auto Y = [&](double v) { return py + plot_h * (1 - (v - lo) / (hi - lo)); };
  // Axes, ticks and labels (units on the value axis).
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, plot_x, py, plot_w, plot_h);
  cairo_stroke(cr);
  for (int i = 0; i <= 4; ++i) {
    const double v = lo + (hi - lo) * i / 4;
    p.Text(kMargin, Y(v) + 3, Fmt(v, std::fabs(hi - lo) < 5 ? 2 : 1) + UnitSuffix(t.unit), 7.5);
  }
  for (int i = 0; i <= 4; ++i) {
    const int week = first + (last - first) * i / 4;
    p.Text(X(week) - 14, py + plot_h + 11, core::DateOfDay(core::WeekStart(week)), 7.5);
  }
  // Reference lines: dashed, labelled at the right end.
  const double dash[] = {5, 3};
  for (const auto& l : lines) {
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.7, 0.1, 0.1);
    cairo_move_to(cr, plot_x, Y(l.value));
    cairo_line_to(cr, plot_x + plot_w, Y(l.value));
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    cairo_set_font_size(cr, 7.5);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, l.label.c_str(), &ext);
    const double lx = plot_x + plot_w - ext.x_advance - 4, ly = Y(l.value) - 3;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, lx - 2, ly - 8, ext.x_advance + 4, 10);
    cairo_fill(cr);
    p.Text(lx, ly, l.label, 7.5);
  }
  // The weekly means: a line with a dot per week.
  cairo_set_source_rgb(cr, 0.05, 0.2, 0.6);
  cairo_set_line_width(cr, 1.6);
  for (size_t i = 0; i < t.weeks.size(); ++i) {
    const double x = X(t.weeks[i].week), y = Y(t.weeks[i].mean);
    if (i == 0)
      cairo_move_to(cr, x, y);
    else
      cairo_line_to(cr, x, y);
  }
  cairo_stroke(cr);
  for (const auto& w : t.weeks) {
    cairo_arc(cr, X(w.week), Y(w.mean), 1.8, 0, 2 * M_PI);
    cairo_fill(cr);
  }
  p.y() = top + h - 10;
}

void DrawExerciseTable(Pages& p, const PatientReview& r) {
  p.Heading("Per exercise and metric (weekly means)");
  const double col[] = {kMargin, kMargin + 230, kMargin + 285, kMargin + 360, kMargin + 435};
  auto row = [&](const std::vector<std::string>& cells, bool bold) {
    p.Need(14);
    p.y() += 13;
    for (size_t i = 0; i < cells.size(); ++i) p.Text(col[i], p.y(), cells[i], 9, bold);
  };
  row({"exercise / metric (unit)", "trials", "first week", "last week", "change"}, true);
  for (const auto& t : r.trends) {
    int n = 0;
    for (const auto& w : t.weeks) n += w.n;
    const double a = t.weeks.front().mean, b = t.weeks.back().mean;
    const std::string u = UnitSuffix(t.unit);
    row({t.exercise + " / " + t.metric + (u.empty() ? "" : " (" + t.unit + ")"), std::to_string(n),
         Fmt(a, 2) + u, Fmt(b, 2) + u, std::string(b >= a ? "+" : "") + Fmt(b - a, 2) + u},
        false);
  }
}

void DrawSessions(Pages& p, SessionStore& store, const PatientReview& r) {
  p.Heading("Sessions: self-reports, stop reasons and events");
  p.Line("Tiredness is the patient's own rating, 0 (none) to 10 (exhausted), before / after.", 8);
  int shown = 0;
  for (const auto& s : r.sessions) {
    auto rep = [](int v) { return v < 0 ? std::string("-") : std::to_string(v); };
    std::string symptoms;
    const auto j = nlohmann::json::parse(s.symptoms_json, nullptr, false);
    if (j.is_array())
      for (const auto& x : j)
        if (x.is_string()) symptoms += "; " + x.get<std::string>();
    const auto events = Events(store, s.id);
    const bool notable = !symptoms.empty() || !events.empty() || s.stop_reason != "completed";
    std::string when = s.started_utc.substr(0, 16);
    if (when.size() > 10) when[10] = ' ';
    p.Line(when + " UTC  tries " + std::to_string(s.trials) + ", hits " +
               std::to_string(s.successes) + ", tiredness " + rep(s.fatigue_before) + " / " +
               rep(s.fatigue_after) +
               ", ended: " + (s.ended_utc.empty() ? "not finished" : s.stop_reason) + symptoms,
           8.5, notable);
    for (const auto& e : events)
      p.Line("      " + e.t_utc.substr(11, 5) + "  " + e.kind + ": " + e.detail, 8);
    const std::string note = LatestSessionNote(store, s.id);
    if (!note.empty()) p.Line("      physiotherapist's note: " + note, 8);
    ++shown;
  }
  if (shown == 0) p.Line("No sessions in this range.");
}

}  // namespace

int WritePdfReport(SessionStore& store, const PatientReview& r, const std::string& path) {
  const std::string range =
      r.first_day.empty() ? std::string("no sessions") : r.first_day + " to " + r.last_day;
  Pages p(path, "Poise report for " + r.patient.name + ", " + range +
                    ". A training aid: measured values, not a diagnosis.");
  p.Line("Poise: home training report", 20, true);
  p.y() += 6;
  p.Line("Patient: " + r.patient.name + "   (id " + r.patient.uuid + ")", 11);
  p.Line("Sessions from " + range + "; printed " + UtcNowIso().substr(0, 10) + " (UTC)", 11);
  int tries = 0, hits = 0;
  for (const auto& s : r.sessions) tries += s.trials, hits += s.successes;
  p.Line(std::to_string(r.sessions.size()) + " sessions, " + std::to_string(tries) + " tries, " +
             std::to_string(hits) + " hits" +
             (tries ? " (" + Fmt(100.0 * hits / tries, 0) + " %)" : std::string()) + ".",
         11);
  p.Line("Measured at home with a webcam (markerless pose estimation).", 11);
  DrawAdherence(p, r);
  p.Heading("Trends across weeks");
  p.Line("Dashed red lines: published reference values (see the last page for sources).", 8);
  for (const auto& t : r.trends) DrawTrend(p, t);
  DrawExerciseTable(p, r);
  DrawSessions(p, store, r);
  p.Heading("Sources of the reference lines");
  for (const auto& t : r.trends)
    for (const auto& l : core::ReferenceLines(t.exercise, t.metric))
      p.Line(t.exercise + " " + t.metric + ": " + l.label + " (" + l.source + ")", 8);
  const int pages = p.Finish();
  if (pages < 0) throw StoreError("The report " + path + " cannot be written.");
  return pages;
}

}  // namespace poise::store
