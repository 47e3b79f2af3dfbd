#include "game/store/pdf_report.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "game/core/metrics/detectable_change.h"
#include "game/core/metrics/reference_values.h"
#include "game/core/metrics/trends.h"
#include "game/core/review/chart_scale.h"
#include "game/core/review/plain_words.h"
#include "game/core/review/report_summary.h"
#include "game/store/private_files.h"
#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace {

constexpr double kPageW = 595.28, kPageH = 841.89;  // A4 in points
constexpr double kMargin = 48;

/// "+2.0 s" for a rise (a fall keeps its own minus sign).
std::string Signed(std::string text, double change) {
  if (change >= 0) text.insert(text.begin(), '+');
  return text;
}

std::string Fmt(double v, int decimals = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// A cursor over pages: text lines, new pages when full, a footer with the page number.
class Pages {
 public:
  Pages(std::string path, std::string footer) : path_(std::move(path)), footer_(std::move(footer)) {
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
  double Width(const std::string& s, double size, bool bold = false) {
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr_, s.c_str(), &ext);
    return ext.x_advance;
  }
  /// Text wrapped at words to the page's width; the first line indented by `lead` points, later
  /// lines by `indent`.
  void Paragraph(const std::string& s, double size = 10, bool bold = false, double indent = 0,
                 double lead = 0) {
    const double width = kPageW - 2 * kMargin;
    std::string line, word;
    bool first = true;
    auto flush = [&] {
      Need(size * 1.5);
      y_ += size * 1.4;
      Text(kMargin + (first ? lead : indent), y_, line, size, bold);
      line.clear();
      first = false;
    };
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i < s.size() && s[i] != ' ') {
        word += s[i];
        continue;
      }
      const std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && Width(candidate, size, bold) > width - (first ? lead : indent)) {
        flush();
        line = word;
      } else {
        line = candidate;
      }
      word.clear();
    }
    if (!line.empty() || first) flush();
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
  const auto lines = core::ReferenceLines(t.exercise, t.metric);
  std::vector<double> values;
  for (const auto& w : t.weeks) values.push_back(w.mean);
  const core::ValueAxis axis = core::AxisForMetric(t.metric, t.unit, values, lines);
  // Tick labels on the left, reference tags in the right margin (never on the data).
  double axis_w = 0, tag_w = 0;
  for (const double v : axis.ticks) axis_w = std::max(axis_w, p.Width(axis.Label(v), 7.5));
  for (const auto& l : lines)
    tag_w = std::max(tag_w, p.Width(axis.Label(l.value * axis.scale), 7.5));
  const double plot_x = kMargin + axis_w + 6,
               plot_w = kPageW - kMargin - plot_x - (lines.empty() ? 4 : tag_w + 8), plot_h = 100;
  const double legend_h = 11.0 * double(1 + lines.size());
  p.Need(plot_h + 50 + legend_h);
  cairo_t* cr = p.cr();
  const double top = p.y() + 8;
  p.Text(kMargin, top + 10,
         core::ExerciseName(t.exercise) + ": " + core::MetricName(t.metric) +
             (axis.unit.empty() ? "" : " (" + axis.unit + ")") + ", weekly mean",
         11, true);
  const double py = top + 20;
  const int first = t.weeks.front().week, last = std::max(first + 7, t.weeks.back().week);
  auto X = [&](int week) { return plot_x + plot_w * double(week - first) / (last - first); };
  auto Y = [&](double shown) {
    return py + plot_h * (1 - (shown - axis.lo) / (axis.hi - axis.lo));
  };
  cairo_set_line_width(cr, 0.4);
  cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
  for (const double v : axis.ticks) {
    cairo_move_to(cr, plot_x, Y(v));
    cairo_line_to(cr, plot_x + plot_w, Y(v));
  }
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, plot_x, py, plot_w, plot_h);
  cairo_stroke(cr);
  for (const double v : axis.ticks) {
    const std::string label = axis.Label(v);
    p.Text(plot_x - 4 - p.Width(label, 7.5), Y(v) + 3, label, 7.5);
  }
  // As many dates as fit without touching, the last one always.
  const double date_w = p.Width("2026-11-23", 7.5);
  for (const int d : core::FitDateTicks(first, last, float(plot_w), float(date_w), 10))
    p.Text(plot_x + core::DateLabelX(d, first, last, float(plot_w), float(date_w)),
           py + plot_h + 11, core::DateOfDay(d), 7.5);
  const double dash[] = {5, 3};
  std::vector<float> tag_y;
  for (const auto& l : lines) tag_y.push_back(float(Y(l.value * axis.scale) - 4));
  tag_y = core::StackLabels(tag_y, 9, float(py - 4), float(py + plot_h + 6));
  for (size_t i = 0; i < lines.size(); ++i) {
    const double y = Y(lines[i].value * axis.scale);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.7, 0.1, 0.1);
    cairo_move_to(cr, plot_x, y);
    cairo_line_to(cr, plot_x + plot_w, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    p.Text(plot_x + plot_w + 4, tag_y[i] + 7, axis.Label(lines[i].value * axis.scale), 7.5);
  }
  // The weekly means: a line with a dot per week.
  cairo_set_source_rgb(cr, 0.05, 0.2, 0.6);
  cairo_set_line_width(cr, 1.6);
  for (size_t i = 0; i < t.weeks.size(); ++i) {
    const double x = X(t.weeks[i].week), y = Y(t.weeks[i].mean * axis.scale);
    if (i == 0)
      cairo_move_to(cr, x, y);
    else
      cairo_line_to(cr, x, y);
  }
  cairo_stroke(cr);
  for (const auto& w : t.weeks) {
    cairo_arc(cr, X(w.week), Y(w.mean * axis.scale), 1.8, 0, 2 * M_PI);
    cairo_fill(cr);
  }
  // Legend: a sample of each mark with its meaning.
  double ly = py + plot_h + 24;
  auto legend = [&](bool dashed, const std::string& text) {
    if (dashed) {
      cairo_set_dash(cr, dash, 2, 0);
      cairo_set_source_rgb(cr, 0.7, 0.1, 0.1);
    } else {
      cairo_set_source_rgb(cr, 0.05, 0.2, 0.6);
    }
    cairo_set_line_width(cr, 1.4);
    cairo_move_to(cr, plot_x, ly - 3);
    cairo_line_to(cr, plot_x + 18, ly - 3);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    p.Text(plot_x + 24, ly, text, 7.5);
    ly += 11;
  };
  legend(false, "weekly mean (a dot per week with tries)");
  for (const auto& l : lines) legend(true, "published reference: " + l.label);
  p.y() = ly;
  // As under the review's chart: the smallest real change, whether last week's change exceeds
  // it, and how many poorly tracked trials were left out of the means.
  if (const std::string note = core::DetectableChangeNote(t); !note.empty())
    p.Paragraph(note, 8, t.poor_quality_trials > 0);
}

void DrawExerciseTable(Pages& p, const PatientReview& r) {
  p.Heading("Per exercise and measure (weekly means)");
  const double col[] = {kMargin,       kMargin + 212, kMargin + 276,
                        kMargin + 334, kMargin + 392, kMargin + 466};
  auto row = [&](const std::vector<std::string>& cells, bool bold) {
    p.Need(14);
    p.y() += 13;
    for (size_t i = 0; i < cells.size(); ++i) p.Text(col[i], p.y(), cells[i], 8.5, bold);
  };
  row({"exercise: measure", "tries", "first week", "last week", "change", "real change"}, true);
  bool any_poor = false;
  for (const auto& t : r.trends) {
    if (core::KindOfMetric(t.metric, t.unit) == core::MetricKind::kCategory) continue;
    int n = 0;
    for (const auto& w : t.weeks) n += w.n;
    const double a = t.weeks.front().mean, b = t.weeks.back().mean;
    std::string change = Signed(core::MetricValueText(t.metric, t.unit, b - a), b - a);
    if (t.mdc95 > 0 && t.weeks.size() >= 2 &&
        !core::ExceedsNoise(b - a, t.sem, t.weeks.front().n, t.weeks.back().n))
      change += " (noise)";
    std::string tries = std::to_string(n);
    if (t.poor_quality_trials > 0) tries += " +" + std::to_string(t.poor_quality_trials) + " poor";
    any_poor = any_poor || t.poor_quality_trials > 0;
    row({core::ExerciseName(t.exercise) + ": " + core::MetricName(t.metric), tries,
         core::MetricValueText(t.metric, t.unit, a), core::MetricValueText(t.metric, t.unit, b),
         change, t.mdc95 > 0 ? core::MetricValueText(t.metric, t.unit, t.mdc95) : "-"},
        false);
  }
  p.y() += 4;
  p.Paragraph(
      "Real change: the smallest change that is more than measurement noise (MDC95, from the "
      "patient's own variation between tries in a session, last 30 sessions); \"(noise)\": the "
      "change from the first to the last week is within it." +
          std::string(any_poor ? " \"+N poor\": tries tracked poorly (seen too little, too few "
                                 "frames a second or too much jitter), left out of the means."
                               : ""),
      8);
}

/// "   (patient id 3)" at home; at the clinic (no local number) nothing: the UUID follows.
std::string PatientId(const core::Profile& p) {
  return p.id > 0 ? "   (patient id " + std::to_string(p.id) + ")" : std::string();
}

std::string PlanOf(const SessionSummary& s) {
  if (s.plan_name.empty()) return "";
  return ", plan " + s.plan_name +
         (s.plan_version > 0 ? " v" + std::to_string(s.plan_version) : std::string());
}

void DrawSessions(Pages& p, ReviewSource& source, const PatientReview& r) {
  p.Heading("Sessions: self-reports, stop reasons and events");
  p.Line(
      "Local times. Tiredness is the patient's own rating, 0 (none) to 10 (exhausted), "
      "before / after.",
      8);
  int shown = 0;
  for (const auto& s : r.sessions) {
    auto rep = [](int v) { return v < 0 ? std::string("-") : std::to_string(v); };
    const std::string symptoms = core::SymptomsText(s.symptoms_json);
    const auto events = source.Events(s.uuid);
    const bool notable = symptoms != "none" || !events.empty() || s.stop_reason != "completed";
    p.Paragraph(core::LocalDateTime(s.started_utc, s.utc_offset_min) + "  tries " +
                    std::to_string(s.trials) + ", hits " + std::to_string(s.successes) +
                    ", tiredness " + rep(s.fatigue_before) + " / " + rep(s.fatigue_after) + ", " +
                    core::StopReasonText(s.ended_utc.empty() ? "" : s.stop_reason) +
                    (symptoms == "none" ? "" : "; symptoms: " + symptoms) + PlanOf(s),
                8.5, notable, 20);
    for (const auto& e : events)
      p.Paragraph(core::LocalTimeOfDay(e.t_utc, s.utc_offset_min) + "  " +
                      core::EventKindText(e.kind) + ": " + e.detail,
                  8, false, 40, 20);
    const SessionNote note = source.LatestNote(s.uuid);
    if (!note.text.empty())
      p.Paragraph("physiotherapist's note" + (note.author.empty() ? "" : " (" + note.author + ")") +
                      ": " + note.text,
                  8, false, 40, 20);
    ++shown;
  }
  if (shown == 0) p.Line("No sessions in this range.");
}

/// Page 1: who, when, adherence, what needs attention, what changed; then a new page.
void DrawSummary(Pages& p, const PatientReview& r, const std::optional<PastReport>& previous,
                 const std::string& printed) {
  const std::string range =
      r.first_day.empty() ? std::string("no sessions") : r.first_day + " to " + r.last_day;
  p.Line("Poise: home training report", 20, true);
  p.y() += 4;
  p.Line("Patient: " + r.patient.name + PatientId(r.patient), 11, true);
  p.Line("UUID " + r.patient.uuid, 8);
  p.Line("Sessions from " + range + " (local days); printed " + printed + " (local time).", 10);
  p.Line(
      "Measured at home with a webcam (markerless pose estimation): a training aid, not a "
      "diagnosis.",
      8);

  p.Heading("Summary: adherence");
  int met = 0, done = 0, tries = 0, hits = 0;
  for (const auto& w : r.adherence) met += w.done >= w.target, done += w.done;
  for (const auto& s : r.sessions) tries += s.trials, hits += s.successes;
  p.Paragraph(std::to_string(met) + " of " + std::to_string(r.adherence.size()) +
              " weeks met the plan's weekly target; " + std::to_string(r.sessions.size()) +
              " sessions, " + std::to_string(tries) + " tries, " + std::to_string(hits) + " hits" +
              (tries ? " (" + Fmt(100.0 * hits / tries, 0) + " %)" : std::string()) + ".");
  if (!r.adherence.empty()) {
    std::string recent = "Last weeks (sessions done / target): ";
    const size_t from = r.adherence.size() > 4 ? r.adherence.size() - 4 : 0;
    for (size_t i = from; i < r.adherence.size(); ++i) {
      recent += i > from ? ", week of " : "week of ";
      recent += core::DateOfDay(r.adherence[i].week);
      recent += ' ';
      recent += std::to_string(r.adherence[i].done);
      recent += '/';
      recent += std::to_string(r.adherence[i].target);
    }
    p.Paragraph(recent + ".", 9);
  }

  p.Heading("Summary: flags");
  std::vector<std::string> flags;
  // One line per session that needs attention, naming everything notable about it.
  for (const auto& s : r.sessions) {
    std::vector<std::string> items;
    if (s.fall_alarms > 0)
      items.push_back(s.fall_alarms == 1 ? std::string("fall alarm")
                                         : std::to_string(s.fall_alarms) + " fall alarms");
    if (!s.ended_utc.empty() && s.stop_reason != "completed")
      items.push_back(core::StopReasonText(s.stop_reason));
    if (const std::string symptoms = core::SymptomsText(s.symptoms_json); symptoms != "none")
      items.push_back("symptoms: " + symptoms);
    if (s.fatigue_after >= 7)
      items.push_back("tiredness after " + std::to_string(s.fatigue_after) + " of 10");
    if (items.empty()) continue;
    std::string line = core::LocalDateTime(s.started_utc, s.utc_offset_min);
    for (size_t i = 0; i < items.size(); ++i) {
      line += i == 0 ? ": " : "; ";
      line += items[i];
    }
    flags.push_back(line);
  }
  if (flags.empty()) p.Paragraph("None: no fall alarm, no symptoms, no session stopped early.", 10);
  const size_t kMaxFlags = 9;
  for (size_t i = 0; i < flags.size() && i < kMaxFlags; ++i)
    p.Paragraph(std::string("- ").append(flags[i]), 9.5, true, 10);
  if (flags.size() > kMaxFlags)
    p.Paragraph("... and " + std::to_string(flags.size() - kMaxFlags) +
                    " more: see the sessions in the details.",
                9);

  // Since the last report; without one, the last four weeks against the weeks before.
  int split = -1;
  if (previous) {
    const std::string day =
        core::LocalDateTime(previous->created_utc, previous->utc_offset_min).substr(0, 10);
    split = core::DayNumber(day);
    p.Heading("Summary: changes since the last report (" + day + ")");
  } else {
    p.Heading("Summary: changes");
    p.Paragraph(
        "There is no earlier report for this patient: the last 4 weeks against the weeks "
        "before.",
        9);
    if (!r.last_day.empty()) split = core::WeekStart(core::DayNumber(r.last_day)) - 21;
  }
  const auto changes = core::ChangesSince(r.trends, split);
  if (changes.empty()) p.Paragraph("No measure has tries on both sides yet.", 10);
  const double col[] = {kMargin, kMargin + 250, kMargin + 330, kMargin + 410};
  auto row = [&](const std::vector<std::string>& cells, bool bold) {
    p.y() += 12;
    for (size_t i = 0; i < cells.size(); ++i) p.Text(col[i], p.y(), cells[i], 8.5, bold);
  };
  if (!changes.empty()) row({"exercise: measure", "before", "since", "change"}, true);
  // What fits on the rest of the page; the details list every measure.
  const size_t room = size_t(std::max(0.0, (kPageH - kMargin - 40 - p.y()) / 12.0));
  for (size_t i = 0; i < changes.size() && i < room; ++i) {
    const auto& c = changes[i];
    const double d = c.since - c.before;
    row({core::ExerciseName(c.exercise) + ": " + core::MetricName(c.metric),
         core::MetricValueText(c.metric, c.unit, c.before),
         core::MetricValueText(c.metric, c.unit, c.since),
         Signed(core::MetricValueText(c.metric, c.unit, d), d)},
        false);
  }
  if (changes.size() > room) p.Line("More measures in the details.", 8);
  p.NewPage();
}

}  // namespace

int WritePdfReport(ReviewSource& source, const PatientReview& r, const std::string& path) {
  const std::string range =
      r.first_day.empty() ? std::string("no sessions") : r.first_day + " to " + r.last_day;
  const std::string now = UtcNowIso();
  const int offset = LocalUtcOffsetMinutes();
  const std::optional<PastReport> previous = source.LastReport(r.patient);
  const std::string id =
      r.patient.id > 0 ? " (patient id " + std::to_string(r.patient.id) + ")" : std::string();
  Pages p(path, "Poise report for " + r.patient.name + id + ", " + range +
                    ". A training aid: measured values, not a diagnosis.");
  DrawSummary(p, r, previous, core::LocalDateTime(now, offset));
  p.Line("Details", 16, true);
  DrawAdherence(p, r);
  p.Heading("Trends across weeks");
  p.Line("Dashed red lines: published reference values (see the last page for sources).", 8);
  for (const auto& t : r.trends)
    if (core::KindOfMetric(t.metric, t.unit) != core::MetricKind::kCategory) DrawTrend(p, t);
  DrawExerciseTable(p, r);
  DrawSessions(p, source, r);
  p.Heading("Sources of the reference lines");
  for (const auto& t : r.trends)
    for (const auto& l : core::ReferenceLines(t.exercise, t.metric))
      p.Paragraph(core::ExerciseName(t.exercise) + ", " + core::MetricName(t.metric) + ": " +
                      l.label + " (" + l.source + ")",
                  8, false, 12);
  const int pages = p.Finish();
  if (pages < 0) throw StoreError("The report " + path + " cannot be written.");
  // Remembered, so the next report can say what changed since this one.
  source.RecordReport(r.patient, {now, offset}, r.first_day, r.last_day);
  return pages;
}

}  // namespace poise::store
