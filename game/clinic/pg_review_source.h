// The review source over the clinic's PostgreSQL (see game/store/review_source.h), logged in as
// a physiotherapist role (member of poise_physio): row-level security limits every query to the
// patients assigned to that role, so a patient of another physiotherapist is simply not there.
// Needs clinic schema 2 (trials.quality, metric_days, reports). Notes and reports are written
// as the role (author = the role); a role without the INSERT right on notes reads only, and the
// review says so. Errors are clinic::ClinicError (one sentence naming the server).
// What the server has is what the home devices sent: finished sessions only; trials sent before
// schema 2 have no quality ('{}'), so a poor one among them counts in the trends; the patient's
// UUID is the clinic's (exports differ from home exports only there). Notes written at the
// clinic stay at the clinic (the home device does not pull them).
#pragma once

#include <optional>
#include <string>

#include "game/clinic/pg.h"
#include "game/store/review_source.h"

namespace poise::clinic {

class PgReviewSource : public store::ReviewSource {
 public:
  /// `conn`: logged in as the physiotherapist's role; `server`: "host:port/db" for Where().
  /// Throws ClinicError when the server's clinic schema is older than 2 or newer than known.
  PgReviewSource(PgConnection conn, std::string server);

  std::string Where() const override { return "clinic server " + server_; }
  bool CanWrite() override;
  std::string ReadOnlyReason() override;
  std::vector<store::PatientRef> Patients() override;
  std::vector<store::SessionSummary> Sessions(const store::PatientRef& patient) override;
  std::vector<store::StoredTrial> Trials(const std::string& session_uuid) override;
  std::vector<store::StoredEvent> Events(const std::string& session_uuid) override;
  std::vector<store::StoredLevelChange> LevelChanges(const std::string& session_uuid) override;
  std::vector<store::StoredPoseStream> PoseStreams(const std::string& session_uuid) override;
  std::vector<store::ReplayFrame> LoadPoseStream(const std::string& stream_uuid) override;
  store::SessionNote LatestNote(const std::string& session_uuid) override;
  void AddNote(const std::string& session_uuid, const std::string& note) override;
  std::optional<store::PastReport> LastReport(const store::PatientRef& patient) override;
  /// Skipped (nothing written) for a role that may only read.
  void RecordReport(const store::PatientRef& patient, const store::PastReport& report,
                    const std::string& first_day, const std::string& last_day) override;
  std::vector<core::DailyMetric> DailyMetrics(const store::PatientRef& p,
                                              const store::ExportRange& r) override;
  std::vector<core::SessionDay> SessionDays(const store::PatientRef& p,
                                            const store::ExportRange& r) override;
  std::pair<std::string, std::string> SessionSpan(const store::PatientRef& p,
                                                  const store::ExportRange& r) override;
  std::vector<store::MetricSample> RecentMetricSamples(const store::PatientRef& p,
                                                       const store::ExportRange& r,
                                                       int sessions) override;

  const std::string& role() const { return role_; }

 private:
  PgConnection conn_;
  std::string server_, role_;
  std::optional<bool> can_write_;
};

}  // namespace poise::clinic
