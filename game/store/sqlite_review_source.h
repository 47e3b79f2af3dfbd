// The review source over the session database on this computer (see review_source.h). Notes
// written here have no author (the physiotherapist area is protected by the PIN, not by a login).
#pragma once

#include "game/store/review_source.h"
#include "game/store/session_store.h"

namespace poise::store {

class SqliteReviewSource : public ReviewSource {
 public:
  /// The store must outlive the source.
  explicit SqliteReviewSource(SessionStore& store) : store_(store) {}

  std::string Where() const override { return "this computer"; }
  bool CanWrite() override { return true; }
  std::string ReadOnlyReason() override { return ""; }
  std::vector<PatientRef> Patients() override;
  std::vector<SessionSummary> Sessions(const PatientRef& patient) override;
  std::vector<StoredTrial> Trials(const std::string& session_uuid) override;
  std::vector<StoredEvent> Events(const std::string& session_uuid) override;
  std::vector<StoredLevelChange> LevelChanges(const std::string& session_uuid) override;
  std::vector<StoredPoseStream> PoseStreams(const std::string& session_uuid) override;
  std::vector<ReplayFrame> LoadPoseStream(const std::string& stream_uuid) override;
  SessionNote LatestNote(const std::string& session_uuid) override;
  void AddNote(const std::string& session_uuid, const std::string& note) override;
  std::optional<PastReport> LastReport(const PatientRef& patient) override;
  void RecordReport(const PatientRef& patient, const PastReport& report,
                    const std::string& first_day, const std::string& last_day) override;
  std::vector<core::DailyMetric> DailyMetrics(const PatientRef& p, const ExportRange& r) override;
  std::vector<core::SessionDay> SessionDays(const PatientRef& p, const ExportRange& r) override;
  std::pair<std::string, std::string> SessionSpan(const PatientRef& p,
                                                  const ExportRange& r) override;
  std::vector<MetricSample> RecentMetricSamples(const PatientRef& p, const ExportRange& r,
                                                int sessions) override;

  SessionStore& store() { return store_; }

 private:
  /// The local row of a session UUID; -1 when it is not here (then it has no rows, as at the
  /// clinic for a session the role may not see).
  int64_t SessionId(const std::string& session_uuid);
  /// The profile's local number (from the UUID when the ref has none).
  int64_t ProfileId(const PatientRef& p);
  SessionStore& store_;
};

}  // namespace poise::store
