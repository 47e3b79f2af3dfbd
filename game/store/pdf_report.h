// The printable report for a clinic (PDF, A4, drawn with cairo): one patient and date range, in
// plain words and local time. Page 1 is a one-page summary: patient and id, adherence, flags
// (fall alarms, symptoms, sessions stopped early, high tiredness) and what changed since the last
// report (remembered in the store's reports table; without one, the last 4 weeks against the
// weeks before). Then the details: the weekly adherence strip (numbers, not colour alone), one
// trend chart per metric (axes that suit it, reference lines tagged outside the plot, a legend),
// a per-exercise table, and the sessions' self-reports, stop reasons, events and notes.
#pragma once

#include <string>

#include "game/store/review_source.h"

namespace poise::store {

/// Writes the report to `path` and remembers it in `source` (the next report's "since the last
/// report"); returns the number of pages. Throws StoreError (one sentence) when the file cannot
/// be written.
int WritePdfReport(ReviewSource& source, const PatientReview& review, const std::string& path);

}  // namespace poise::store
