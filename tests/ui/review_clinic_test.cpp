// The review screens fed from the clinic's PostgreSQL (started by the test) instead of the home
// database: the real game loop, headless, opens ui::MakeReviewScene with a clinic::PgReviewSource
// logged in as a role that may only read. The overview and a session's detail show the clinic's
// data (the same sessions the home device pushed with the real sync), and the detail shows no
// note editor but one sentence saying why. Screenshots at 100 % and at 200 % in high contrast
// are written to $POISE_REVIEW_SHOTS when set (to look at them).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "game/clinic/pg_review_source.h"
#include "game/ui/app.h"
#include "game/ui/scene_review.h"
#include "game/ui/ui_context.h"
#include "tests/clinic/clinic_test_util.h"

namespace poise::testing {
namespace {

class ReviewFromClinicTest : public ClinicFixture {
 protected:
  std::string Run(double ui_scale, bool high_contrast, const std::string& script,
                  const std::string& shot) {
    const std::string trace = home_ + "/trace-" + shot + ".jsonl";
    std::ofstream(home_ + "/script.txt") << script;
    ui::AppOptions o;
    o.headless = true;
    o.db_path = home_ + "/app.db";
    o.source = "camera:97";
    o.exit_after_s = 4;
    o.mute = true;
    o.ui_scale = ui_scale;
    o.high_contrast = high_contrast;
    o.look_given = true;
    o.script_path = home_ + "/script.txt";
    o.trace_path = trace;
    const char* dir = std::getenv("POISE_REVIEW_SHOTS");
    o.screenshot = (dir ? std::string(dir) : home_) + "/" + shot + ".png";
    o.first_scene = [this](ui::UiContext&) { return ui::MakeReviewScene(source_, anna_ref_); };
    EXPECT_EQ(ui::RunApp(o), 0);
    std::ifstream in(trace);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::shared_ptr<clinic::PgReviewSource> source_;
  store::PatientRef anna_ref_;
};

TEST_F(ReviewFromClinicTest, SameScreensFromPostgres_AReadOnlyRoleIsToldWhyItCannotWriteNotes) {
  PlaySession(*store_, anna_, /*blocks=*/2, /*trials=*/5, /*frames=*/90);
  PlaySession(*store_, anna_, /*blocks=*/2, /*trials=*/5, /*frames=*/90);
  const store::ClinicLink link = Link(anna_, "Anna");
  clinic::SyncProfile(*store_, link);
  {
    auto admin = Admin();
    AddReadOnlyPhysio(admin, "viewer_kim", "viewer-secret-1", "Anna");
  }
  source_ = std::make_shared<clinic::PgReviewSource>(
      clinic::PgConnection({{"host", "localhost"},
                            {"port", std::to_string(cluster_.port())},
                            {"dbname", "clinic"},
                            {"user", "viewer_kim"},
                            {"password", "viewer-secret-1"},
                            {"sslmode", "verify-full"},
                            {"sslrootcert", cluster_.ca_pem()}},
                           "the clinic server"),
      cluster_.Address("clinic"));
  anna_ref_ = source_->FindPatient(link.patient_uuid);

  const std::string overview = Run(1.0, false, "", "clinic_review_overview_100");
  EXPECT_NE(overview.find("review of Anna: 2 sessions, 4 trends"), std::string::npos) << overview;
  const std::string open = "1.0 click:tab_sessions\n1.6 click:session:1\n";
  for (const auto& [scale, contrast, shot] :
       {std::tuple{1.0, false, "clinic_review_detail_100"},
        std::tuple{2.0, true, "clinic_review_detail_200_hc"}}) {
    const std::string trace = Run(scale, contrast, open, shot);
    EXPECT_NE(trace.find("session detail: 10 trials, 1 events, 2 level changes"), std::string::npos)
        << trace;
    EXPECT_NE(trace.find("notes read-only: The role viewer_kim may only read on the clinic "
                         "server " +
                         cluster_.Address("clinic") + ": notes cannot be written with it."),
              std::string::npos)
        << trace;
  }
}

}  // namespace
}  // namespace poise::testing
