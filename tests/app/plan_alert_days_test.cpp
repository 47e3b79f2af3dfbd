// The plan editor's "Flag after (days)" (alert_after_days, the clinic dashboard's "no session
// for N days"): out of range it is shown next to its field and nothing is saved; in range it is
// saved with the plan version.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "game/store/pin_vault.h"
#include "game/store/plan_store.h"
#include "tests/app/headless_game.h"

namespace poise::testing_support {
namespace {

class PlanAlertDaysTest : public HeadlessGameTest {
 protected:
  PlanAlertDaysTest() : HeadlessGameTest("poise_plan_alert_") {}
  void Run(const std::string& script, const std::string& shot) {
    const std::string cmd =
        std::string(POISE_BINARY) + " --headless --mute --db " + P("poise.db") + " --trace " +
        P("trace.jsonl") + " --source camera:97 --exit-after 3.5 --script " + Script(script) +
        " --screenshot-scene plan_editor --screenshot " + shot + " >" + P("out.txt") + " 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
};

TEST_F(PlanAlertDaysTest, OutOfRange_ShownNextToItsField_InRange_Saved) {
  {
    store::SessionStore s(P("poise.db"));
    store::PinVault(s).Set("246810");
  }
  const std::string open =
      "0.3 click:physio\n0.4 set:pin=246810\n0.5 click:pin_ok\n0.8 click:physio_plans\n"
      "1.0 click:plan_new\n1.4 set:plan_name=Anna balance\n";
  Run(open + "1.4 set:alert_days=1\n1.7 click:plan_save\n", P("bad.png"));
  EXPECT_TRUE(TraceHas("alert_after_days must be between 2 and 60 days."))
      << nlohmann::json(Trace()).dump();
  std::ifstream in(P("bad.png.txt"));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(
      text.str().find("Problem: Flag after days without a session must be between 2 and 60 days."),
      std::string::npos)
      << text.str();
  EXPECT_EQ(Query("SELECT count(*) FROM plans"), "0\n");

  Run(open + "1.4 set:alert_days=14\n1.7 click:plan_save\n", P("good.png"));
  store::SessionStore s(P("poise.db"));
  const auto saved = store::PlanStore(s).Latest("Anna balance");
  ASSERT_TRUE(saved) << nlohmann::json(Trace()).dump();
  EXPECT_EQ(saved->plan.alert_after_days, 14);
}

}  // namespace
}  // namespace poise::testing_support
