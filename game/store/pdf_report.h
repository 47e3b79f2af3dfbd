// The printable report for a clinic (PDF, A4, drawn with cairo): one patient and date range.
// Page 1: patient, range, totals and the weekly adherence strip (sessions done / plan target,
// written as numbers, not colour alone). Then one trend chart per metric (weekly means, axes with
// units, published reference lines dashed and labelled), a per-exercise table, and the sessions'
// self-reports, stop reasons and events.
#pragma once

#include <string>

#include "game/store/review_queries.h"

namespace poise::store {

/// Writes the report to `path`; returns the number of pages. Throws StoreError (one sentence)
/// when the file cannot be written.
int WritePdfReport(SessionStore& store, const PatientReview& review, const std::string& path);

}  // namespace poise::store
