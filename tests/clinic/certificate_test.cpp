// A clinic server whose certificate names another host (signed by the clinic's own CA, so only
// the host name check can catch it) is refused with kCertificate and one sentence: for a linked
// device's sync, for linking a device, and for a physiotherapist's login. Nothing is sent.
#include <gtest/gtest.h>

#include "game/clinic/dashboard.h"
#include "tests/clinic/clinic_test_util.h"

namespace poise::testing {
namespace {

using clinic::ClinicError;
using clinic::ClinicErrorKind;

class CertificateTest : public ClinicFixture {};

/// One sentence: a single full stop, at the end, and the address named.
void ExpectOneSentence(const std::string& s, const std::string& address) {
  EXPECT_EQ(s.find(". "), std::string::npos) << s;
  EXPECT_EQ(s.back(), '.') << s;
  EXPECT_NE(s.find(address), std::string::npos) << s;
}

TEST_F(CertificateTest, DeviceSyncAndLink_ServerNamingAnotherHost_RefusedNothingSent) {
  const store::ClinicLink link = Link(anna_, "Anna");
  PlaySession(*store_, anna_, 1, 3, 30);
  cluster_.ReissueServerCert("DNS:db.elsewhere.example");
  try {
    clinic::SyncProfile(*store_, link);
    FAIL() << "a server certificate for another host must be refused";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kCertificate) << e.what();
    ExpectOneSentence(e.what(), cluster_.Address("clinic"));
  }
  // Linking another device is refused the same way.
  {
    cluster_.ReissueServerCert("DNS:localhost");
    const clinic::NewDevice d = NewDevice("Bob");
    cluster_.ReissueServerCert("DNS:db.elsewhere.example");
    const int64_t bob = store_->AddProfile({0, "", "Bob", 180, "left", "standing", false, ""});
    try {
      clinic::LinkProfile(*store_, bob,
                          {cluster_.Address("clinic"), d.link_code, cluster_.ca_pem()});
      FAIL() << "linking to a server certificate for another host must be refused";
    } catch (const ClinicError& e) {
      EXPECT_EQ(e.kind(), ClinicErrorKind::kCertificate) << e.what();
    }
  }
  cluster_.ReissueServerCert("DNS:localhost");
  auto admin = Admin();
  EXPECT_EQ(ServerCount(admin, "sessions"), 0) << "nothing was sent to the wrong-named server";
  // With its right name back, the same link works: the refusal was the certificate's.
  EXPECT_GT(clinic::SyncProfile(*store_, link).rows_sent, 0u);
  EXPECT_EQ(ServerCount(admin, "sessions"), 1);
}

TEST_F(CertificateTest, PhysiotherapistLogin_ServerNamingAnotherHost_RefusedOneSentence) {
  NewDevice("Anna");
  {
    auto admin = Admin();
    clinic::AddPhysio(admin, "kim", "kim-secret", "Anna");
  }
  clinic::PhysioLogin l = clinic::ParsePhysioUrl("kim@" + cluster_.Address("clinic"));
  l.password = "kim-secret";
  l.ca_path = cluster_.ca_pem();
  clinic::ConnectAsPhysio(l);  // the right name: connects
  cluster_.ReissueServerCert("DNS:db.elsewhere.example");
  try {
    clinic::ConnectAsPhysio(l);
    FAIL() << "a server certificate for another host must be refused";
  } catch (const ClinicError& e) {
    EXPECT_EQ(e.kind(), ClinicErrorKind::kCertificate) << e.what();
    ExpectOneSentence(e.what(), cluster_.Address("clinic"));
    EXPECT_EQ(std::string(e.what()).find("profile"), std::string::npos)
        << "a physiotherapist's login has no linked profile: " << e.what();
  }
}

}  // namespace
}  // namespace poise::testing
