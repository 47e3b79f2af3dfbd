// ReviewSource: everything the physiotherapist's review (game/ui/scene_review.cpp) and the three
// exporters (CSV, FHIR, PDF) read or write for one patient, whichever store holds the data:
// SqliteReviewSource (sqlite_review_source.h) over the session database on this computer, and
// clinic::PgReviewSource (game/clinic/pg_review_source.h) over the clinic's PostgreSQL, logged in
// as a physiotherapist role whose row-level security limits it to that physiotherapist's
// patients. Sessions, streams and notes are named by their UUIDs (the same in both stores), never
// by a SQLite row id. Both give the same answers for the same history (tests/clinic/
// review_source_test.cpp runs one set of cases on both):
// - days are the patient's local calendar days (UTC time + the offset stored with the session);
// - trends are weekly means of per-day sums (metric_days at home and at the clinic), without
//   invalid or poor-quality trials;
// - adherence counts a session only when it has at least one completed (not invalid) trial,
//   against the weekly target of the plan it followed (sessions_per_week; 3 when unknown);
// - a note edit is a new row; the newest is shown.
// Every method may throw (StoreError at home, clinic::ClinicError at the clinic): what() is one
// sentence for the screen.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "game/store/pose_stream.h"
#include "game/store/review_queries.h"

namespace poise::store {

/// A patient as a review source lists it: uuid and name; id is the local profile number at
/// home and 0 at the clinic (other fields of core::Profile are not filled).
using PatientRef = core::Profile;

/// The newest version of a session's note.
struct SessionNote {
  std::string text;    ///< "" when there is none
  std::string author;  ///< the clinic role that wrote it; "" when written at home
  std::string t_utc;
};

/// A PDF report written earlier for the patient (the PDF's "changes since the last report").
struct PastReport {
  std::string created_utc;
  int utc_offset_min = 0;
};

class ReviewSource {
 public:
  virtual ~ReviewSource() = default;

  /// One phrase for headers and errors: "this computer", "clinic server HOST:PORT/DB".
  virtual std::string Where() const = 0;
  /// False for a role without write rights: the review then shows no note editor and says so.
  virtual bool CanWrite() = 0;
  /// One sentence why notes cannot be written here ("" when they can).
  virtual std::string ReadOnlyReason() = 0;

  /// The patients this source may show, by name.
  virtual std::vector<PatientRef> Patients() = 0;
  /// The patient for "ID" (local number or UUID). Throws StoreError naming it if unknown here.
  PatientRef FindPatient(const std::string& id);

  /// Sessions, weekly trends and adherence for one patient and date range (local days).
  PatientReview LoadPatientReview(const PatientRef& patient, const ExportRange& range);

  /// All the patient's sessions, oldest first.
  virtual std::vector<SessionSummary> Sessions(const PatientRef& patient) = 0;
  virtual std::vector<StoredTrial> Trials(const std::string& session_uuid) = 0;
  virtual std::vector<StoredEvent> Events(const std::string& session_uuid) = 0;
  virtual std::vector<StoredLevelChange> LevelChanges(const std::string& session_uuid) = 0;
  /// The landmark streams of a session (without their data), by block.
  virtual std::vector<StoredPoseStream> PoseStreams(const std::string& session_uuid) = 0;
  /// Throws (one sentence) for an unknown stream or one of a newer codec.
  virtual std::vector<ReplayFrame> LoadPoseStream(const std::string& stream_uuid) = 0;

  virtual SessionNote LatestNote(const std::string& session_uuid) = 0;
  /// A new row for this version of the note (at most 4000 characters). Throws one sentence,
  /// writing nothing, when the note is too long or this source may not write.
  virtual void AddNote(const std::string& session_uuid, const std::string& note) = 0;

  virtual std::optional<PastReport> LastReport(const PatientRef& patient) = 0;
  /// Remembers a written report (so the next one can say what changed since).
  virtual void RecordReport(const PatientRef& patient, const PastReport& report,
                            const std::string& first_day, const std::string& last_day) = 0;

  // The review's aggregates, in the store's own query language (see LoadPatientReview).
  virtual std::vector<core::DailyMetric> DailyMetrics(const PatientRef& p,
                                                      const ExportRange& r) = 0;
  virtual std::vector<core::SessionDay> SessionDays(const PatientRef& p, const ExportRange& r) = 0;
  /// The first and last local day with a session in range ("" when none).
  virtual std::pair<std::string, std::string> SessionSpan(const PatientRef& p,
                                                          const ExportRange& r) = 0;
  /// Numeric metric values of the completed trials of the newest `sessions` sessions in range,
  /// ordered by exercise, metric, session start.
  virtual std::vector<MetricSample> RecentMetricSamples(const PatientRef& p, const ExportRange& r,
                                                        int sessions) = 0;
};

/// The one sentence an AddNote refused for the length of the note says (both sources).
inline constexpr size_t kMaxNoteChars = 4000;

/// Median and 95th percentile of `runs` timed LoadPatientReview calls (trends + adherence +
/// session list) of one patient, in milliseconds; for `poise bench-review` (and bench-clinic).
struct ReviewTiming {
  double median_ms = 0, p95_ms = 0;
  size_t sessions = 0, trends = 0, weeks = 0;
};
ReviewTiming TimePatientReview(ReviewSource& source, const PatientRef& patient, int runs = 20);

}  // namespace poise::store
