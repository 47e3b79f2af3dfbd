// The plan's "no session for N days" (alert_after_days): validated like the other fields, kept
// through the file format, and left out of files that keep the default (older readers).
#include <gtest/gtest.h>

#include "game/core/session/session_plan.h"

namespace poise::core {
namespace {

SessionPlan Plan() {
  SessionPlan p;
  p.name = "Anna balance";
  p.blocks = {PlanBlock{}};
  return p;
}

TEST(PlanAlertDaysTest, OutOfRange_RefusedNamingTheFieldAndRange) {
  SessionPlan p = Plan();
  EXPECT_EQ(ValidatePlan(p), "");
  EXPECT_EQ(p.alert_after_days, 7);
  for (int bad : {0, 1, 61}) {
    p.alert_after_days = bad;
    const std::string e = ValidatePlan(p);
    EXPECT_NE(e.find("alert_after_days"), std::string::npos) << e;
    EXPECT_NE(e.find("between 2 and 60"), std::string::npos) << e;
  }
}

TEST(PlanAlertDaysTest, RoundTripsThroughTheFile_DefaultLeftOut) {
  SessionPlan p = Plan();
  EXPECT_EQ(PlanToJson(p).find("alert_after_days"), std::string::npos);
  p.alert_after_days = 14;
  const std::string text = PlanToJson(p);
  EXPECT_NE(text.find("\"alert_after_days\": 14"), std::string::npos) << text;
  EXPECT_EQ(ParseSessionPlan(text).alert_after_days, 14);
  EXPECT_EQ(ParseSessionPlan(PlanToJson(Plan())).alert_after_days, 7);
}

}  // namespace
}  // namespace poise::core
