// Exports of one patient's sessions for the clinic: CSV (sessions.csv and trials.csv, units in
// the column headers) and an HL7 FHIR R4 Bundle (JSON): the Patient, and one Observation per
// trial metric (local code system, UCUM units, method: markerless webcam pose estimation) plus
// one per finished session for its duration (LOINC 55411-3, exercise duration).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>

#include "game/store/session_store.h"

namespace poise::store {

struct ExportRange {
  std::string from_date;  ///< "YYYY-MM-DD", inclusive; empty: from the first session
  std::string to_date;    ///< "YYYY-MM-DD", inclusive; empty: to the last session
};

/// The profile for "ID": its local number or its UUID. Throws StoreError naming it if unknown.
core::Profile FindPatient(SessionStore& store, const std::string& id);
/// Throws StoreError for a date that is not YYYY-MM-DD.
void ValidateRange(const ExportRange& range);

class ReviewSource;

// The exports read through a ReviewSource (review_source.h), so an export from the clinic
// server is the same file as one of the same data at home, apart from the FHIR Bundle's id and
// timestamp and its Observations' ids (new UUIDs each time).

/// Writes <dir>/sessions.csv and <dir>/trials.csv (0600), both or neither, atomically. Throws
/// StoreError with one sentence if they cannot be written; no partial file is left.
void ExportCsv(ReviewSource& source, const core::Profile& patient, const ExportRange& range,
               const std::string& dir);
/// The two CSV files' text (sessions.csv, trials.csv).
std::pair<std::string, std::string> CsvText(ReviewSource& source, const core::Profile& patient,
                                            const ExportRange& range);
nlohmann::json ExportFhirBundle(ReviewSource& source, const core::Profile& patient,
                                const ExportRange& range);
/// Writes the bundle to `path` (0600) atomically; throws StoreError with one sentence, leaving
/// no partial file, if it cannot.
void WriteFhirBundle(ReviewSource& source, const core::Profile& patient, const ExportRange& range,
                     const std::string& path);

inline constexpr const char* kPoiseMetricSystem = "urn:poise:metric";

}  // namespace poise::store
