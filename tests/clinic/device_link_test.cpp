// Linking and unlinking against a real PostgreSQL 15 (tests/clinic/pg_cluster.h), and what the
// server lets a device or a physiotherapist do: wrong code, wrong certificate, revoked device,
// malformed input, the credential file's mode, and row-level security refusals.
#include "game/clinic/device_link.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/clinic/clinic_test_util.h"

namespace poise::testing {
namespace {

namespace fs = std::filesystem;
using clinic::ClinicError;
using clinic::ClinicErrorKind;

std::string ProfileUuid(store::SessionStore& s, int64_t id) {
  for (const auto& p : s.Profiles())
    if (p.id == id) return p.uuid;
  return "";
}

unsigned Mode(const fs::path& p) {
  struct stat st {};
  stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

class DeviceLinkTest : public ClinicFixture {
 protected:
  /// Linking must fail with `kind`, and leave nothing: no link, no credential, nothing sent.
  void ExpectRefusedLink(const clinic::LinkRequest& req, ClinicErrorKind kind,
                         const std::string& words) {
    PlaySession(*store_, anna_);
    try {
      clinic::LinkProfile(*store_, anna_, req, 5);
      FAIL() << "linking should fail";
    } catch (const ClinicError& e) {
      EXPECT_EQ(int(e.kind()), int(kind)) << e.what();
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one sentence";
    }
    EXPECT_FALSE(store::ClinicOutbox(*store_).Link(anna_));
    EXPECT_FALSE(
        fs::exists(fs::path(clinic::CredentialRoot(db_path_)) / ProfileUuid(*store_, anna_)));
    auto admin = Admin();
    EXPECT_EQ(ServerCount(admin, "sessions"), 0);
    EXPECT_EQ(admin.Exec("SELECT count(*) FROM devices WHERE linked_utc IS NOT NULL").Text(0, 0),
              "0");
  }
};

TEST_F(DeviceLinkTest, Link_PinsTheCaKeepsACredentialOnlyTheUserReads_TheCodeWorksOnce) {
  const clinic::NewDevice d = NewDevice("Anna");
  const store::ClinicLink link = clinic::LinkProfile(
      *store_, anna_, {cluster_.Address("clinic"), d.link_code, cluster_.ca_pem()});
  EXPECT_EQ(link.role, d.role);
  EXPECT_EQ(link.patient_uuid, d.patient_uuid);
  const fs::path dir = link.credential_dir;
  EXPECT_EQ(Mode(dir), 0700u);
  EXPECT_EQ(Mode(dir / "device.json"), 0600u);
  EXPECT_EQ(Mode(dir / "clinic-ca.pem"), 0600u);
  const clinic::DeviceCredential cred = clinic::LoadCredential(link.credential_dir);
  EXPECT_EQ(cred.role, d.role);
  EXPECT_NE(cred.password, clinic::ParseLinkCode(d.link_code).secret) << "the code was spent";
  EXPECT_EQ(clinic::DeviceConnectionParams(cred)[5].second, "verify-full");
  {
    auto admin = Admin();
    EXPECT_EQ(admin.Exec("SELECT count(*) FROM devices WHERE linked_utc IS NOT NULL").Text(0, 0),
              "1");
  }
  // The same code on another profile (or another computer) is refused.
  const int64_t other = store_->AddProfile({0, "", "Other", 170, "left", "seated", true, ""});
  try {
    clinic::LinkProfile(*store_, other,
                        {cluster_.Address("clinic"), d.link_code, cluster_.ca_pem()}, 5);
    FAIL() << "a link code works once";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kAuth) << e.what();
  }
  EXPECT_FALSE(store::ClinicOutbox(*store_).Link(other));
  EXPECT_TRUE(fs::exists(dir / "device.json")) << "the first link is untouched";
}

TEST_F(DeviceLinkTest, WrongCode_OneSentenceNothingSent) {
  const clinic::NewDevice d = NewDevice("Anna");
  std::string wrong = d.link_code;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  ExpectRefusedLink({cluster_.Address("clinic"), wrong, cluster_.ca_pem()}, ClinicErrorKind::kAuth,
                    "link code");
}

TEST_F(DeviceLinkTest, CertificateFromAnotherCa_OneSentenceNothingSent) {
  const clinic::NewDevice d = NewDevice("Anna");
  ExpectRefusedLink({cluster_.Address("clinic"), d.link_code, cluster_.MakeOtherCa()},
                    ClinicErrorKind::kCertificate, "certificate");
}

TEST_F(DeviceLinkTest, RevokedBeforeLinking_OneSentenceNothingSent) {
  const clinic::NewDevice d = NewDevice("Anna");
  {
    auto admin = Admin();
    EXPECT_EQ(clinic::RevokeDevice(admin, d.role), 1);
  }
  ExpectRefusedLink({cluster_.Address("clinic"), d.link_code, cluster_.ca_pem()},
                    ClinicErrorKind::kRevoked, "revoked");
}

TEST_F(DeviceLinkTest, RevokedAfterLinking_SyncRefusedNothingSentHomeDataKept) {
  PlaySession(*store_, anna_);
  const store::ClinicLink link = Link(anna_, "Anna");
  {
    auto admin = Admin();
    EXPECT_EQ(clinic::RevokeDevice(admin, "Anna"), 1);
  }
  try {
    clinic::SyncProfile(*store_, link);
    FAIL() << "a revoked device cannot send";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kRevoked) << e.what();
    EXPECT_FALSE(e.Transient());
  }
  auto admin = Admin();
  EXPECT_EQ(ServerCount(admin, "sessions"), 0);
  EXPECT_EQ(store::ClinicOutbox(*store_).SessionsWaiting(anna_), 1);
  EXPECT_EQ(store_->Sessions(anna_).size(), 1u);
}

TEST_F(DeviceLinkTest, MalformedInput_OneSentenceEachNothingStored) {
  for (const char* bad : {"", "localhost:99999/clinic", "clinic server", "host:port/x",
                          "localhost:5432/bad db", "https://x/y?z", "-h:1"}) {
    try {
      clinic::ParseServerAddress(bad);
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const ClinicError& e) {
      EXPECT_EQ(e.kind(), ClinicErrorKind::kBadInput);
      EXPECT_NE(std::string(e.what()).find("is not valid"), std::string::npos) << e.what();
    }
  }
  const auto a = clinic::ParseServerAddress(" postgresql://clinic.example.org:6543/rehab ");
  EXPECT_EQ(a.Display(), "clinic.example.org:6543/rehab");
  EXPECT_EQ(clinic::ParseServerAddress("clinic.example.org").Display(),
            "clinic.example.org:5432/poise");
  EXPECT_THROW(clinic::ParseLinkCode("1234"), ClinicError);
  EXPECT_EQ(clinic::ParseLinkCode(" 0A1B2C3D4E5F-abcd-efgh-jkmn-pqrs ").role,
            "poise_dev_0a1b2c3d4e5f");
  const clinic::NewDevice d = NewDevice("Anna");
  ExpectRefusedLink({"localhost:0/clinic", d.link_code, cluster_.ca_pem()},
                    ClinicErrorKind::kBadInput, "not valid");
  ExpectRefusedLink({cluster_.Address("clinic"), d.link_code, db_path_}, ClinicErrorKind::kBadInput,
                    "not a certificate");
  ExpectRefusedLink({cluster_.Address("clinic"), d.link_code, home_ + "/missing.pem"},
                    ClinicErrorKind::kBadInput, "cannot be read");
}

TEST_F(DeviceLinkTest, Unlink_ForgetsTheCredentialReleasesTheDeviceKeepsTheData) {
  PlaySession(*store_, anna_);
  const store::ClinicLink link = Link(anna_, "Anna");
  clinic::SyncProfile(*store_, link);
  clinic::UnlinkProfile(*store_, anna_);
  EXPECT_FALSE(fs::exists(link.credential_dir));
  EXPECT_FALSE(store::ClinicOutbox(*store_).Link(anna_));
  EXPECT_EQ(store_->Sessions(anna_).size(), 1u);
  auto admin = Admin();
  EXPECT_EQ(admin.Exec("SELECT count(*) FROM devices WHERE revoked_utc IS NOT NULL").Text(0, 0),
            "1");
  EXPECT_EQ(ServerCount(admin, "sessions"), 1) << "what was sent stays at the clinic";
}

// Row-level security, tested: Anna's device against Bob's rows.
class RowLevelSecurityTest : public ClinicFixture {
 protected:
  void SetUp() override {
    ClinicFixture::SetUp();
    bob_ = store_->AddProfile({0, "", "Bob", 180, "left", "standing", false, ""});
    bob_session_ = PlaySession(*store_, bob_, 1, 3, 10);
    PlaySession(*store_, anna_, 1, 3, 10);
    anna_link_ = Link(anna_, "Anna");
    bob_link_ = Link(bob_, "Bob");
    clinic::SyncProfile(*store_, anna_link_);
    clinic::SyncProfile(*store_, bob_link_);
    auto admin = Admin();
    for (const std::string& t : store::OutboxTables()) before_[t] = ServerCount(admin, t);
    bob_session_uuid_ = admin
                            .Exec("SELECT uuid::text FROM sessions WHERE patient_uuid = $1",
                                  {{bob_link_.patient_uuid}})
                            .Text(0, 0);
  }
  clinic::PgConnection AnnaDevice() {
    return clinic::PgConnection(
        clinic::DeviceConnectionParams(clinic::LoadCredential(anna_link_.credential_dir)),
        "the clinic server");
  }
  void ExpectRefused(clinic::PgConnection& c, const std::string& sql,
                     const std::vector<clinic::PgParam>& params, const std::string& words) {
    try {
      c.Exec(sql, params);
      ADD_FAILURE() << "the server allowed: " << sql;
    } catch (const ClinicError& e) {
      EXPECT_EQ(e.kind(), ClinicErrorKind::kRefused) << e.what();
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  }
  void ExpectNothingWritten() {
    auto admin = Admin();
    for (const std::string& t : store::OutboxTables())
      EXPECT_EQ(ServerCount(admin, t), before_[t]) << t;
    EXPECT_EQ(admin.Exec("SELECT count(*) FROM trials WHERE note = 'forged'").Text(0, 0), "0");
  }
  int64_t bob_ = 0, bob_session_ = 0;
  store::ClinicLink anna_link_, bob_link_;
  std::string bob_session_uuid_;
  std::map<std::string, int64_t> before_;
};

constexpr const char* kForgedTrial =
    "INSERT INTO trials(uuid, session_uuid, patient_uuid, block, exercise, variant, trial_index, "
    "level, outcome, note, parameters, metrics, start_ms, end_ms, recorded_utc) VALUES("
    "gen_random_uuid(), $1, $2, 0, 'steady_stance', 'standing', 0, 0.5, 'success', 'forged', "
    "'[]', '[]', 0, 1, now())";

TEST_F(RowLevelSecurityTest, DeviceCannotInsertAnotherPatientsTrial) {
  auto anna = AnnaDevice();
  ExpectRefused(anna, kForgedTrial, {{bob_session_uuid_}, {bob_link_.patient_uuid}},
                "row-level security");
  // Its own patient's uuid on Bob's session: the session belongs to another patient.
  ExpectRefused(anna, kForgedTrial, {{bob_session_uuid_}, {anna_link_.patient_uuid}},
                "foreign key");
  ExpectRefused(anna,
                "INSERT INTO sessions(uuid, patient_uuid, plan_name, plan_version, started_utc, "
                "utc_offset_min) VALUES(gen_random_uuid(), $1, 'x', 1, now(), 0)",
                {{bob_link_.patient_uuid}}, "row-level security");
  ExpectNothingWritten();
}

TEST_F(RowLevelSecurityTest, DeviceCannotReadAnyPatientsRows) {
  auto anna = AnnaDevice();
  for (const char* t : {"sessions", "trials", "events", "level_changes", "pose_streams", "notes",
                        "patients", "devices", "physio_patients"})
    ExpectRefused(anna, std::string("SELECT * FROM ") + t, {}, "permission denied");
  ExpectNothingWritten();
}

TEST_F(RowLevelSecurityTest, DeviceCannotUpdateOrDeleteAnything) {
  auto anna = AnnaDevice();
  for (const char* sql :
       {"UPDATE trials SET note = 'forged'", "DELETE FROM trials",
        "UPDATE sessions SET stop_reason = 'forged'", "DELETE FROM sessions", "DELETE FROM events",
        "UPDATE devices SET revoked_utc = NULL", "DELETE FROM plan_versions",
        "UPDATE assignments SET plan_uuid = NULL", "TRUNCATE trials"})
    ExpectRefused(anna, sql, {}, "permission denied");
  ExpectNothingWritten();
}

TEST_F(RowLevelSecurityTest, DeviceSeesOnlyItsOwnPatientsAssignedPlans) {
  auto admin = Admin();
  auto plan = [&](const std::string& name) {
    return admin
        .Exec(
            "INSERT INTO plan_versions(name, version, plan_json) VALUES($1, 1, '{}') "
            "RETURNING uuid::text",
            {{name}})
        .Text(0, 0);
  };
  const std::string anna_plan = plan("Anna plan"), bob_plan = plan("Bob plan");
  plan("Unassigned plan");
  admin.Exec("INSERT INTO assignments(patient_uuid, plan_uuid) VALUES($1, $2), ($3, $4)",
             {{anna_link_.patient_uuid}, {anna_plan}, {bob_link_.patient_uuid}, {bob_plan}});
  auto anna = AnnaDevice();
  const clinic::PgResult plans = anna.Exec("SELECT uuid::text FROM plan_versions");
  ASSERT_EQ(plans.Rows(), 1);
  EXPECT_EQ(plans.Text(0, 0), anna_plan);
  const clinic::PgResult assigned = anna.Exec("SELECT patient_uuid::text FROM assignments");
  ASSERT_EQ(assigned.Rows(), 1);
  EXPECT_EQ(assigned.Text(0, 0), anna_link_.patient_uuid);
}

TEST_F(RowLevelSecurityTest, PhysiotherapistReadsAndPlansOnlyForTheirPatients) {
  {
    auto admin = Admin();
    clinic::AddPhysio(admin, "physio_kim", "kim-secret-1", "Anna");
  }
  clinic::PgConnection kim({{"host", "localhost"},
                            {"port", std::to_string(cluster_.port())},
                            {"dbname", "clinic"},
                            {"user", "physio_kim"},
                            {"password", "kim-secret-1"},
                            {"sslmode", "verify-full"},
                            {"sslrootcert", cluster_.ca_pem()}},
                           "the clinic server");
  EXPECT_EQ(kim.Exec("SELECT DISTINCT patient_uuid::text FROM sessions").Text(0, 0),
            anna_link_.patient_uuid);
  EXPECT_EQ(kim.Exec("SELECT count(*) FROM patients").Text(0, 0), "1");
  EXPECT_EQ(
      kim.Exec("SELECT count(*) FROM trials WHERE patient_uuid = $1", {{bob_link_.patient_uuid}})
          .Text(0, 0),
      "0");
  const std::string p =
      kim.Exec(
             "INSERT INTO plan_versions(name, version, plan_json) VALUES('Kim', 1, '{}') "
             "RETURNING uuid::text")
          .Text(0, 0);
  kim.Exec("INSERT INTO assignments(patient_uuid, plan_uuid) VALUES($1, $2)",
           {{anna_link_.patient_uuid}, {p}});
  kim.Exec("INSERT INTO notes(patient_uuid, note) VALUES($1, 'Call Anna')",
           {{anna_link_.patient_uuid}});
  ExpectRefused(kim, "INSERT INTO assignments(patient_uuid, plan_uuid) VALUES($1, $2)",
                {{bob_link_.patient_uuid}, {p}}, "row-level security");
  ExpectRefused(kim, "INSERT INTO notes(patient_uuid, note) VALUES($1, 'x')",
                {{bob_link_.patient_uuid}}, "row-level security");
  ExpectRefused(kim, "UPDATE trials SET note = 'forged'", {}, "permission denied");
  ExpectRefused(kim, kForgedTrial, {{bob_session_uuid_}, {bob_link_.patient_uuid}},
                "permission denied");
}

TEST_F(RowLevelSecurityTest, TrialsAreAppendOnlyEvenForTheOwner) {
  auto admin = Admin();
  ExpectRefused(admin, "UPDATE trials SET note = 'forged'", {}, "append-only");
  ExpectRefused(admin, "DELETE FROM trials", {}, "append-only");
  ExpectNothingWritten();
}

}  // namespace
}  // namespace poise::testing
