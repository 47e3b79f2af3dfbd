#include "game/store/sqlite_review_source.h"

#include "game/store/sqlite_stmt.h"

namespace poise::store {

int64_t SqliteReviewSource::SessionId(const std::string& session_uuid) {
  Stmt s(store_.handle(), "SELECT id FROM sessions WHERE uuid=?");
  s.Bind(1, session_uuid);
  return s.Step() ? s.Int(0) : -1;
}

int64_t SqliteReviewSource::ProfileId(const PatientRef& p) {
  if (p.id > 0) return p.id;
  Stmt s(store_.handle(), "SELECT id FROM profiles WHERE uuid=?");
  s.Bind(1, p.uuid);
  return s.Step() ? s.Int(0) : -1;
}

std::vector<PatientRef> SqliteReviewSource::Patients() { return store_.Profiles(); }

std::vector<SessionSummary> SqliteReviewSource::Sessions(const PatientRef& patient) {
  return store_.Sessions(ProfileId(patient));
}

std::vector<StoredTrial> SqliteReviewSource::Trials(const std::string& session_uuid) {
  return store_.Trials(SessionId(session_uuid));
}

std::vector<StoredEvent> SqliteReviewSource::Events(const std::string& session_uuid) {
  return store::Events(store_, SessionId(session_uuid));
}

std::vector<StoredLevelChange> SqliteReviewSource::LevelChanges(const std::string& session_uuid) {
  return store::LevelChanges(store_, SessionId(session_uuid));
}

std::vector<StoredPoseStream> SqliteReviewSource::PoseStreams(const std::string& session_uuid) {
  return store::PoseStreams(store_, SessionId(session_uuid));
}

std::vector<ReplayFrame> SqliteReviewSource::LoadPoseStream(const std::string& stream_uuid) {
  Stmt s(store_.handle(), "SELECT id FROM pose_streams WHERE uuid=?");
  s.Bind(1, stream_uuid);
  if (!s.Step()) throw StoreError("That recording is not in the session database.");
  return store::LoadPoseStream(store_, s.Int(0));
}

SessionNote SqliteReviewSource::LatestNote(const std::string& session_uuid) {
  Stmt s(store_.handle(),
         "SELECT note, t_utc FROM session_notes WHERE session_id=? ORDER BY id DESC LIMIT 1");
  s.Bind(1, SessionId(session_uuid));
  if (!s.Step()) return {};
  return {s.Text(0), "", s.Text(1)};
}

void SqliteReviewSource::AddNote(const std::string& session_uuid, const std::string& note) {
  const int64_t id = SessionId(session_uuid);
  if (id < 0)
    throw StoreError(
        "That session is not in the session database on this computer; the note "
        "was not saved.");
  AddSessionNote(store_, id, note);
}

std::optional<PastReport> SqliteReviewSource::LastReport(const PatientRef& patient) {
  Stmt s(store_.handle(),
         "SELECT created_utc, utc_offset_min FROM reports WHERE profile_id=? "
         "ORDER BY created_utc DESC, id DESC LIMIT 1");
  s.Bind(1, ProfileId(patient));
  if (!s.Step()) return std::nullopt;
  return PastReport{s.Text(0), int(s.Int(1))};
}

void SqliteReviewSource::RecordReport(const PatientRef& patient, const PastReport& report,
                                      const std::string& first_day, const std::string& last_day) {
  Stmt s(store_.handle(),
         "INSERT INTO reports(uuid, profile_id, created_utc, utc_offset_min, first_day, last_day) "
         "VALUES(?,?,?,?,?,?)");
  s.Bind(1, NewUuid())
      .Bind(2, ProfileId(patient))
      .Bind(3, report.created_utc)
      .Bind(4, int64_t(report.utc_offset_min))
      .Bind(5, first_day)
      .Bind(6, last_day);
  s.Step();
}

std::vector<core::DailyMetric> SqliteReviewSource::DailyMetrics(const PatientRef& p,
                                                                const ExportRange& r) {
  return store::DailyMetrics(store_, ProfileId(p), r);
}

std::vector<core::SessionDay> SqliteReviewSource::SessionDays(const PatientRef& p,
                                                              const ExportRange& r) {
  return store::SessionDays(store_, ProfileId(p), r);
}

std::pair<std::string, std::string> SqliteReviewSource::SessionSpan(const PatientRef& p,
                                                                    const ExportRange& r) {
  return store::SessionSpan(store_, ProfileId(p), r);
}

std::vector<MetricSample> SqliteReviewSource::RecentMetricSamples(const PatientRef& p,
                                                                  const ExportRange& r,
                                                                  int sessions) {
  return store::RecentMetricSamples(store_, ProfileId(p), r, sessions);
}

}  // namespace poise::store
