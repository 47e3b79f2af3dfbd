// The review data interface (store::ReviewSource) answers the same on both stores: ONE set of
// cases runs on store::SqliteReviewSource over the home database and on clinic::PgReviewSource
// over a real PostgreSQL 15 (started by the suite) that received the same home history through
// the real sync engine and is read as a physiotherapist role. Then what only the clinic has
// (roles: a physiotherapist not assigned to the patient, a role that may only read), and the CSV
// and FHIR exports of both sources compared byte for byte.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "game/clinic/pg_review_source.h"
#include "game/store/exporters.h"
#include "game/store/pdf_report.h"
#include "game/store/sqlite_review_source.h"
#include "tests/clinic/clinic_test_util.h"

namespace poise::testing {
namespace {

constexpr const char* kPlanUuid = "5b0a8f7e-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
constexpr const char* kPlanJson = R"({"name":"Balance","sessions_per_week":5,"version":1})";

/// One shared cluster for the suites of this file; a fresh database per test.
class ReviewSourceBase : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!cluster_) cluster_ = std::make_unique<PgCluster>();
  }
  static void TearDownTestSuite() { cluster_.reset(); }

  void SetUp() override {
    char tmpl[] = "/tmp/poise-review-src-XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    home_ = tmpl;
    store_ = std::make_unique<store::SessionStore>(home_ + "/poise.db");
    anna_ = store_->AddProfile({0, "", "Anna", 168, "right", "standing", false, ""});
    ben_ = store_->AddProfile({0, "", "Ben", 180, "left", "standing", false, ""});
    Script();
  }
  void TearDown() override {
    sources_.clear();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(home_, ec);
  }

  void Exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(store_->handle(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(store_->handle());
  }

  /// A finished session at a given UTC start and offset with bubble-reach trials of the given
  /// reaction times (negative: an invalid trial; `poor`: that trial index has poor tracking).
  int64_t Session(int64_t profile, const std::string& start_utc, int offset_min,
                  const std::vector<double>& reaction_s, const std::string& plan_uuid = "",
                  int poor = -1, const std::string& stop = "completed") {
    const int64_t id = store_->BeginSession(profile, plan_uuid.empty() ? "" : "Balance",
                                            plan_uuid.empty() ? 0 : 1, 3, plan_uuid);
    Exec("UPDATE sessions SET started_utc='" + start_utc +
         "', utc_offset_min=" + std::to_string(offset_min) + " WHERE id=" + std::to_string(id));
    const std::string hour = start_utc.substr(0, 14);  // "2026-11-02T10:"
    for (size_t i = 0; i < reaction_s.size(); ++i) {
      core::TrialResult t;
      t.exercise_id = "bubble_reach";
      t.variant = "standing";
      t.trial_index = int(i);
      t.level = 0.3;
      if (reaction_s[i] < 0) {
        t.outcome = core::TrialOutcome::kInvalid;
        t.note = "stepped";
      } else {
        t.outcome = i == 1 ? core::TrialOutcome::kFailure : core::TrialOutcome::kSuccess;
        t.metrics = {{"reaction_time", reaction_s[i], "s"}};
      }
      t.parameters = {{"target_cm", 12.5, "cm"}};
      t.quality.effective_fps = 30;
      if (int(i) == poor) t.quality.seen_fraction = 0.75;
      store_->RecordTrial(id, 0, t, hour + "0" + std::to_string(i + 1) + ":00.000Z");
    }
    store_->EndSession(id, stop, 5, {"too warm", "dizzy"}, hour + "20:00.000Z");
    return id;
  }

  /// The scripted history: Anna's week with a plan of 5 sessions a week, sessions on either side
  /// of local midnight, a poor-quality trial, an empty and an only-invalid session, a session the
  /// next week without a plan; Ben's one session.
  void Script() {
    Exec(std::string("INSERT INTO plans(uuid, name, version, plan_json, created_utc, "
                     "utc_offset_min) VALUES('") +
         kPlanUuid + "', 'Balance', 1, '" + kPlanJson + "', '2026-11-01T08:00:00.000Z', 60)");
    s1_ = Session(anna_, "2026-11-02T10:00:00.000Z", 60, {0.5, 0.7, 0.9}, kPlanUuid, 2);
    store_->RecordEvent(s1_, "pause", "tired", "2026-11-02T10:01:30.000Z");
    store_->RecordEvent(s1_, "fall_alarm", "sudden drop of the hips", "2026-11-02T10:02:45.000Z");
    store_->RecordLevelChange(s1_, "bubble_reach", 1, 0.3, 0.35, "success rate above target",
                              "2026-11-02T10:02:30.000Z");
    frames_.resize(30);
    for (size_t f = 0; f < frames_.size(); ++f) {
      frames_[f].t_ms = double(f) * 1000.0 / 30;
      for (int k = 0; k < kNumLandmarks; ++k)
        frames_[f].landmarks[size_t(k)] = {float(0.4 + 0.01 * k + 0.02 * std::sin(f * 0.1 + k)),
                                           float(0.2 + 0.02 * k), 0.9f};
    }
    store::SavePoseStream(*store_, s1_, 0, "bubble_reach", frames_);
    store::AddSessionNote(*store_, s1_, "Good balance.");
    Session(anna_, "2026-11-03T23:30:00.000Z", 120, {0.4});   // local 2026-11-04 01:30
    Session(anna_, "2026-11-05T01:00:00.000Z", -300, {0.6});  // local 2026-11-04 20:00
    Session(anna_, "2026-11-06T09:00:00.000Z", 60, {}, "", -1, "interrupted");
    Session(anna_, "2026-11-07T09:00:00.000Z", 60, {-1});
    Session(anna_, "2026-11-10T09:00:00.000Z", 60, {0.8});
    Session(ben_, "2026-11-02T11:00:00.000Z", 60, {0.3});
  }

  std::string HomeUuid(int64_t session) {
    for (const auto& s : store_->Sessions(anna_))
      if (s.id == session) return s.uuid;
    return "";
  }

  store::ReviewSource& Sqlite() {
    sources_.push_back(std::make_unique<store::SqliteReviewSource>(*store_));
    return *sources_.back();
  }

  /// The clinic: a new database, Anna and Ben linked and synced by the real sync engine, Kim the
  /// physiotherapist of Anna, Lee of Ben. Returns the admin connection's database name.
  const std::string& Clinic() {
    if (!db_.empty()) return db_;
    db_ = "review" + std::to_string(++databases_);
    cluster_->CreateDatabase(db_);
    auto admin = cluster_->Admin(db_);
    clinic::InitClinicServer(admin);
    // The plan was made at the clinic (the only way a plan reaches the server).
    admin.Exec(
        "INSERT INTO plan_versions(uuid, name, version, plan_json) VALUES($1, 'Balance', 1, $2)",
        {{kPlanUuid}, {kPlanJson}});
    for (const auto& [profile, name] : {std::pair{anna_, "Anna"}, std::pair{ben_, "Ben"}}) {
      const clinic::NewDevice d = clinic::AddDevice(admin, name);
      const store::ClinicLink link = clinic::LinkProfile(
          *store_, profile, {cluster_->Address(db_), d.link_code, cluster_->ca_pem()});
      clinic::SyncProfile(*store_, link);
    }
    clinic::AddPhysio(admin, "physio_kim", "kim-secret-1", "Anna");
    clinic::AddPhysio(admin, "physio_lee", "lee-secret-1", "Ben");
    return db_;
  }

  clinic::PgConnection Login(const std::string& role, const std::string& password) {
    return clinic::PgConnection({{"host", "localhost"},
                                 {"port", std::to_string(cluster_->port())},
                                 {"dbname", Clinic()},
                                 {"user", role},
                                 {"password", password},
                                 {"sslmode", "verify-full"},
                                 {"sslrootcert", cluster_->ca_pem()}},
                                "the clinic server");
  }

  clinic::PgReviewSource& Pg(const std::string& role = "physio_kim",
                             const std::string& password = "kim-secret-1") {
    auto conn = Login(role, password);
    sources_.push_back(
        std::make_unique<clinic::PgReviewSource>(std::move(conn), cluster_->Address(Clinic())));
    return static_cast<clinic::PgReviewSource&>(*sources_.back());
  }

  /// Anna as the source lists her.
  static store::PatientRef Anna(store::ReviewSource& src) {
    for (const auto& p : src.Patients())
      if (p.name == "Anna") return p;
    ADD_FAILURE() << "Anna is not listed by " << src.Where();
    return {};
  }

  static inline std::unique_ptr<PgCluster> cluster_;
  static inline int databases_ = 0;
  std::string home_, db_;
  std::unique_ptr<store::SessionStore> store_;
  std::vector<std::unique_ptr<store::ReviewSource>> sources_;
  int64_t anna_ = 0, ben_ = 0, s1_ = 0;
  std::vector<store::ReplayFrame> frames_;
};

// ---------------------------------------------------------------------------------------------
// The same cases on both sources.

class ReviewSourceTest : public ReviewSourceBase,
                         public ::testing::WithParamInterface<std::string> {
 protected:
  store::ReviewSource& Source() { return GetParam() == "sqlite" ? Sqlite() : Pg(); }
  /// Who a note written through the source is by: nobody named at home, the role at the clinic.
  std::string Author() const { return GetParam() == "sqlite" ? "" : "physio_kim"; }
  int64_t NoteRows() {
    if (GetParam() == "sqlite") {
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(store_->handle(), "SELECT count(*) FROM session_notes", -1, &st, nullptr);
      sqlite3_step(st);
      const int64_t n = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
      return n;
    }
    auto admin = cluster_->Admin(Clinic());
    return ServerCount(admin, "notes");
  }
};

TEST_P(ReviewSourceTest, SessionsList_WithPlanTextCountsAndSelfReports) {
  store::ReviewSource& src = Source();
  const auto sessions = src.Sessions(Anna(src));
  ASSERT_EQ(sessions.size(), 6u);
  const auto home = store_->Sessions(anna_);
  for (size_t i = 0; i < sessions.size(); ++i) {
    EXPECT_EQ(sessions[i].uuid, home[i].uuid) << i;
    EXPECT_EQ(sessions[i].started_utc, home[i].started_utc) << i;
    EXPECT_EQ(sessions[i].ended_utc, home[i].ended_utc) << i;
  }
  const store::SessionSummary& s1 = sessions[0];
  EXPECT_EQ(s1.plan_name, "Balance");
  EXPECT_EQ(s1.plan_version, 1);
  EXPECT_EQ(s1.trials, 3);
  EXPECT_EQ(s1.successes, 2);
  EXPECT_EQ(s1.pauses, 1);
  EXPECT_EQ(s1.fall_alarms, 1);
  EXPECT_EQ(s1.fatigue_before, 3);
  EXPECT_EQ(s1.fatigue_after, 5);
  EXPECT_EQ(s1.symptoms_json, R"(["too warm","dizzy"])");
  EXPECT_EQ(s1.utc_offset_min, 60);
  EXPECT_EQ(s1.started_utc, "2026-11-02T10:00:00.000Z");
  EXPECT_EQ(sessions[1].plan_name, "");
  EXPECT_EQ(sessions[3].stop_reason, "interrupted");
  EXPECT_EQ(sessions[3].trials, 0);
  EXPECT_EQ(sessions[2].utc_offset_min, -300);
}

TEST_P(ReviewSourceTest, Trends_WeeklyMeansWithoutPoorQualityTrials) {
  store::ReviewSource& src = Source();
  const store::PatientReview r = src.LoadPatientReview(Anna(src), {});
  ASSERT_EQ(r.trends.size(), 1u);
  const core::MetricTrend& t = r.trends[0];
  EXPECT_EQ(t.exercise, "bubble_reach");
  EXPECT_EQ(t.metric, "reaction_time");
  EXPECT_EQ(t.unit, "s");
  ASSERT_EQ(t.weeks.size(), 2u);
  EXPECT_EQ(core::DateOfDay(t.weeks[0].week), "2026-11-02");
  EXPECT_EQ(t.weeks[0].n, 4) << "0.9 s had poor tracking and stays out";
  EXPECT_NEAR(t.weeks[0].mean, (0.5 + 0.7 + 0.4 + 0.6) / 4, 1e-12);
  EXPECT_EQ(t.weeks[1].n, 1);
  EXPECT_NEAR(t.weeks[1].mean, 0.8, 1e-12);
  EXPECT_EQ(t.poor_quality_trials, 1);
  EXPECT_EQ(r.sessions.size(), 6u);
}

TEST_P(ReviewSourceTest, Adherence_OnlySessionsWithACompletedTrialAgainstThePlansTarget) {
  store::ReviewSource& src = Source();
  const store::PatientReview r = src.LoadPatientReview(Anna(src), {});
  EXPECT_EQ(r.first_day, "2026-11-02");
  EXPECT_EQ(r.last_day, "2026-11-10");
  ASSERT_EQ(r.adherence.size(), 2u);
  EXPECT_EQ(core::DateOfDay(r.adherence[0].week), "2026-11-02");
  EXPECT_EQ(r.adherence[0].done, 3) << "the empty and the only-invalid session do not count";
  EXPECT_EQ(r.adherence[0].target, 5) << "the plan's sessions_per_week";
  EXPECT_EQ(r.adherence[1].done, 1);
  EXPECT_EQ(r.adherence[1].target, 3) << "no plan: 3";
}

TEST_P(ReviewSourceTest, LocalDays_FromTheOffsetAcrossMidnight) {
  store::ReviewSource& src = Source();
  const store::PatientRef anna = Anna(src);
  // 2026-11-03 23:30 UTC at +2 h and 2026-11-05 01:00 UTC at -5 h are both on the 4th.
  const auto days = src.DailyMetrics(anna, {});
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[0].day, "2026-11-02");
  EXPECT_EQ(days[1].day, "2026-11-04");
  EXPECT_EQ(days[1].n, 2);
  EXPECT_NEAR(days[1].mean, 0.5, 1e-12);
  EXPECT_EQ(days[2].day, "2026-11-10");
  const store::ExportRange fourth{"2026-11-04", "2026-11-04"};
  EXPECT_EQ(src.DailyMetrics(anna, fourth).size(), 1u);
  EXPECT_EQ(src.SessionDays(anna, fourth).size(), 2u);
  EXPECT_EQ(src.SessionSpan(anna, fourth),
            std::make_pair(std::string("2026-11-04"), std::string("2026-11-04")));
  EXPECT_TRUE(src.DailyMetrics(anna, {"2026-11-03", "2026-11-03"}).empty());
}

TEST_P(ReviewSourceTest, SessionDetail_TrialsEventsAndLevelChanges) {
  store::ReviewSource& src = Source();
  const std::string s1 = HomeUuid(s1_);
  const auto trials = src.Trials(s1);
  const auto home = store_->Trials(s1_);
  ASSERT_EQ(trials.size(), 3u);
  for (size_t i = 0; i < trials.size(); ++i) {
    EXPECT_EQ(trials[i].uuid, home[i].uuid);
    EXPECT_EQ(trials[i].outcome, home[i].outcome);
    EXPECT_EQ(trials[i].metrics_json, home[i].metrics_json);
    EXPECT_EQ(trials[i].parameters_json, home[i].parameters_json);
    EXPECT_EQ(trials[i].quality_json, home[i].quality_json) << "pushed with the trial";
    EXPECT_EQ(trials[i].recorded_utc, home[i].recorded_utc);
    EXPECT_EQ(trials[i].trial_index, int(i));
    EXPECT_DOUBLE_EQ(trials[i].level, 0.3);
  }
  EXPECT_NE(trials[2].quality_json.find("\"poor\":true"), std::string::npos);
  const auto events = src.Events(s1);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, "pause");
  EXPECT_EQ(events[0].t_utc, "2026-11-02T10:01:30.000Z");
  EXPECT_EQ(events[1].kind, "fall_alarm");
  EXPECT_EQ(events[1].detail, "sudden drop of the hips");
  const auto levels = src.LevelChanges(s1);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_EQ(levels[0].exercise, "bubble_reach");
  EXPECT_EQ(levels[0].trial_index, 1);
  EXPECT_DOUBLE_EQ(levels[0].level_from, 0.3);
  EXPECT_DOUBLE_EQ(levels[0].level_to, 0.35);
  EXPECT_EQ(levels[0].reason, "success rate above target");
  EXPECT_TRUE(src.Trials("00000000-0000-4000-8000-000000000000").empty()) << "not there";
}

TEST_P(ReviewSourceTest, PoseStream_ListedAndReplayed) {
  store::ReviewSource& src = Source();
  const auto streams = src.PoseStreams(HomeUuid(s1_));
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].block, 0);
  EXPECT_EQ(streams[0].exercise, "bubble_reach");
  EXPECT_EQ(streams[0].frames, 30);
  const auto back = src.LoadPoseStream(streams[0].uuid);
  ASSERT_EQ(back.size(), frames_.size());
  for (size_t f = 0; f < back.size(); ++f) {
    EXPECT_NEAR(back[f].t_ms, frames_[f].t_ms, 0.5) << f;
    for (size_t k = 0; k < back[f].landmarks.size(); ++k) {
      EXPECT_NEAR(back[f].landmarks[k].x, frames_[f].landmarks[k].x,
                  store::kPoseQuantum / 2 + 1e-6);
      EXPECT_NEAR(back[f].landmarks[k].y, frames_[f].landmarks[k].y,
                  store::kPoseQuantum / 2 + 1e-6);
    }
  }
  EXPECT_THROW(src.LoadPoseStream("00000000-0000-4000-8000-000000000000"), std::exception);
}

TEST_P(ReviewSourceTest, Notes_ANewRowPerEditNewestShownWithItsAuthor) {
  store::ReviewSource& src = Source();
  const std::string s1 = HomeUuid(s1_);
  EXPECT_EQ(src.LatestNote(s1).text, "Good balance.");
  EXPECT_EQ(src.LatestNote(s1).author, "") << "written at home";
  EXPECT_TRUE(src.CanWrite());
  EXPECT_EQ(src.ReadOnlyReason(), "");
  const int64_t before = NoteRows();
  src.AddNote(s1, "Steadier than last week.");
  src.AddNote(s1, "Steadier than last week; try tandem stance.");
  EXPECT_EQ(NoteRows(), before + 2) << "every edit is a new row";
  const store::SessionNote n = src.LatestNote(s1);
  EXPECT_EQ(n.text, "Steadier than last week; try tandem stance.");
  EXPECT_EQ(n.author, Author());
  try {
    src.AddNote(s1, std::string(5000, 'x'));
    FAIL() << "a 5000-character note was accepted";
  } catch (const std::exception& e) {
    EXPECT_EQ(std::string(e.what()), "A note can have at most 4000 characters.");
  }
  EXPECT_EQ(NoteRows(), before + 2);
}

TEST_P(ReviewSourceTest, PdfReport_RemembersItSoTheNextSaysWhatChanged) {
  store::ReviewSource& src = Source();
  const store::PatientRef anna = Anna(src);
  EXPECT_FALSE(src.LastReport(anna));
  const store::PatientReview r = src.LoadPatientReview(anna, {});
  EXPECT_GE(store::WritePdfReport(src, r, home_ + "/a.pdf"), 2);
  const auto last = src.LastReport(anna);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->created_utc.size(), std::string("2026-11-02T10:00:00.000Z").size());
}

TEST_P(ReviewSourceTest, Where_OnePhrase) {
  store::ReviewSource& src = Source();
  EXPECT_EQ(src.Where(),
            GetParam() == "sqlite"
                ? std::string("this computer")
                : "clinic server localhost:" + std::to_string(cluster_->port()) + "/" + Clinic());
  EXPECT_EQ(src.FindPatient(Anna(src).uuid).name, "Anna");
  EXPECT_THROW(src.FindPatient("nobody"), store::StoreError);
}

INSTANTIATE_TEST_SUITE_P(BothStores, ReviewSourceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

// ---------------------------------------------------------------------------------------------
// What only the clinic has, and the two sources side by side.

class ClinicReviewTest : public ReviewSourceBase {};

TEST_F(ClinicReviewTest, APhysiotherapistNotAssignedToThePatientSeesNothing) {
  clinic::PgReviewSource& lee = Pg("physio_lee", "lee-secret-1");
  const auto patients = lee.Patients();
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0].name, "Ben");
  store::PatientRef anna = Anna(Pg());
  EXPECT_TRUE(lee.Sessions(anna).empty());
  EXPECT_TRUE(lee.DailyMetrics(anna, {}).empty());
  EXPECT_TRUE(lee.LoadPatientReview(anna, {}).sessions.empty());
  const std::string s1 = HomeUuid(s1_);
  EXPECT_TRUE(lee.Trials(s1).empty());
  EXPECT_TRUE(lee.Events(s1).empty());
  EXPECT_TRUE(lee.PoseStreams(s1).empty());
  EXPECT_EQ(lee.LatestNote(s1).text, "");
  auto admin = cluster_->Admin(Clinic());
  const int64_t notes = ServerCount(admin, "notes");
  EXPECT_THROW(lee.AddNote(s1, "Not my patient."), std::exception);
  EXPECT_EQ(ServerCount(admin, "notes"), notes);
}

TEST_F(ClinicReviewTest, AReadOnlyRoleCannotAddANote_OneSentenceNothingWritten) {
  {
    auto admin = cluster_->Admin(Clinic());
    AddReadOnlyPhysio(admin, "viewer_kim", "viewer-secret-1", "Anna");
  }
  clinic::PgReviewSource& viewer = Pg("viewer_kim", "viewer-secret-1");
  const store::PatientRef anna = Anna(viewer);
  EXPECT_EQ(viewer.Sessions(anna).size(), 6u) << "reads as Kim does";
  EXPECT_FALSE(viewer.CanWrite());
  const std::string why = viewer.ReadOnlyReason();
  EXPECT_EQ(why, "The role viewer_kim may only read on the clinic server " +
                     cluster_->Address(Clinic()) + ": notes cannot be written with it.");
  auto admin = cluster_->Admin(Clinic());
  const int64_t notes = ServerCount(admin, "notes"), reports = ServerCount(admin, "reports");
  try {
    viewer.AddNote(HomeUuid(s1_), "Looks fine.");
    FAIL() << "a read-only role wrote a note";
  } catch (const std::exception& e) {
    EXPECT_EQ(std::string(e.what()), why);
  }
  // A PDF can still be made; it is not remembered on the server.
  store::WritePdfReport(viewer, viewer.LoadPatientReview(anna, {}), home_ + "/v.pdf");
  EXPECT_EQ(ServerCount(admin, "notes"), notes);
  EXPECT_EQ(ServerCount(admin, "reports"), reports);
}

TEST_F(ClinicReviewTest, UpgradeToSchema2_DaySumsBackfilledAndQualitySentFromThen) {
  const std::string db = "upgrade" + std::to_string(++databases_);
  cluster_->CreateDatabase(db);
  auto admin = cluster_->Admin(db);
  clinic::InitClinicServer(admin, /*up_to=*/1);
  const clinic::NewDevice d = clinic::AddDevice(admin, "Anna");
  const store::ClinicLink link =
      clinic::LinkProfile(*store_, anna_, {cluster_->Address(db), d.link_code, cluster_->ca_pem()});
  clinic::SyncProfile(*store_, link);  // a schema 1 server: trials without their quality
  EXPECT_EQ(ServerCount(admin, "trials"), 7);

  EXPECT_EQ(clinic::InitClinicServer(admin), 1);
  auto sums = [&] {
    const clinic::PgResult r = admin.Exec(
        "SELECT sum(n)::text, sum(sum)::text, sum(sum_sq)::text FROM metric_days WHERE "
        "patient_uuid = $1",
        {{link.patient_uuid}});
    return std::tuple{std::stoi(r.Text(0, 0)), std::stod(r.Text(0, 1)), std::stod(r.Text(0, 2))};
  };
  EXPECT_EQ(admin.Exec("SELECT count(*) FROM trials WHERE quality = '{}'").Text(0, 0), "7")
      << "rows sent before: quality unknown";
  // Backfilled from the trials already there: the invalid one left out; the poor-quality one
  // (0.9 s) counts, since the clinic never learnt its quality.
  auto [n, sum, sum_sq] = sums();
  EXPECT_EQ(n, 6);
  EXPECT_NEAR(sum, 0.5 + 0.7 + 0.9 + 0.4 + 0.6 + 0.8, 1e-9);
  EXPECT_NEAR(sum_sq, 0.25 + 0.49 + 0.81 + 0.16 + 0.36 + 0.64, 1e-9);

  // From now on the sync sends each trial's quality and the trigger leaves poor ones out.
  Session(anna_, "2026-11-12T09:00:00.000Z", 60, {0.5, 0.6, 2.0}, "", /*poor=*/2);
  clinic::SyncProfile(*store_, store::ClinicOutbox(*store_).Link(anna_).value());
  std::tie(n, sum, sum_sq) = sums();
  EXPECT_EQ(n, 8);
  EXPECT_NEAR(sum, 3.9 + 0.5 + 0.6, 1e-9);
  EXPECT_EQ(admin.Exec("SELECT count(*) FROM trials WHERE (quality->>'poor')::boolean").Text(0, 0),
            "1");
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

/// The bundle without what is new on every export: its id and timestamp, the Observations' ids.
nlohmann::json Stable(nlohmann::json b) {
  b.erase("id");
  b.erase("timestamp");
  for (auto& e : b["entry"])
    if (e["resource"]["resourceType"] == "Observation") {
      e.erase("fullUrl");
      e["resource"].erase("id");
    }
  return b;
}

TEST_F(ClinicReviewTest, CsvAndFhirExports_ByteIdenticalFromBothSources) {
  store::ReviewSource& home = Sqlite();
  clinic::PgReviewSource& clinic = Pg();
  const store::PatientRef at_home = Anna(home), at_clinic = Anna(clinic);
  // The one documented difference: the patient's UUID is the clinic's patient UUID there.
  ASSERT_NE(at_home.uuid, at_clinic.uuid);
  for (const store::ExportRange& range :
       {store::ExportRange{}, store::ExportRange{"2026-11-03", "2026-11-05"}}) {
    const auto [hs, ht] = store::CsvText(home, at_home, range);
    const auto [cs, ct] = store::CsvText(clinic, at_clinic, range);
    EXPECT_EQ(Replace(cs, at_clinic.uuid, at_home.uuid), hs);
    EXPECT_EQ(ct, ht);
    EXPECT_EQ(ht.find("0.9,") != std::string::npos, range.from_date.empty())
        << "the poor-quality trial is exported (marked), in range";
    EXPECT_EQ(ht.find(",poor: ") != std::string::npos, range.from_date.empty());
    const std::string hf = Stable(store::ExportFhirBundle(home, at_home, range)).dump(2);
    const std::string cf = Stable(store::ExportFhirBundle(clinic, at_clinic, range)).dump(2);
    EXPECT_EQ(Replace(cf, at_clinic.uuid, at_home.uuid), hf);
    EXPECT_GT(hf.size(), 2000u);
  }
}

}  // namespace
}  // namespace poise::testing
