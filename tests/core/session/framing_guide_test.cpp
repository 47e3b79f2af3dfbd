#include "game/core/session/framing_guide.h"

#include <gtest/gtest.h>

#include "game/core/demo/scripted_pose.h"

namespace poise::core {
namespace {

FramingAdvice Advice(const BodySpec& s, bool seated = false, double brightness = 120,
                     int people = 1) {
  FramingInput in;
  in.pose = MakePose(s);
  in.seated = seated;
  in.mean_brightness = brightness;
  in.people_detected = people;
  return AdviseFraming(in).advice;
}

TEST(FramingGuideTest, WholeBodyCentred_IsGood) { EXPECT_EQ(Advice({}), FramingAdvice::kGood); }

TEST(FramingGuideTest, FeetOutOfPicture_StepBack) {
  BodySpec s;
  s.hip_y = 0.75;
  s.height = 0.9;
  EXPECT_EQ(Advice(s), FramingAdvice::kStepBack);
  // Seated work needs only the upper body: the same picture is fine.
  EXPECT_EQ(Advice(s, /*seated=*/true), FramingAdvice::kGood);
}

TEST(FramingGuideTest, TinyPerson_ComeCloser) {
  BodySpec s;
  s.height = 0.3;
  s.hip_y = 0.6;
  EXPECT_EQ(Advice(s), FramingAdvice::kComeCloser);
}

TEST(FramingGuideTest, OffCentre_MoveTowardsTheMiddleInThePlayersOwnTerms) {
  BodySpec s;
  s.hip_x = 0.2;  // image left = the player's right: they should move to their left
  EXPECT_EQ(Advice(s), FramingAdvice::kMoveLeft);
  s.hip_x = 0.8;
  EXPECT_EQ(Advice(s), FramingAdvice::kMoveRight);
}

TEST(FramingGuideTest, DarkRoomNobodyAndTwoPeople) {
  EXPECT_EQ(Advice({}, false, 20), FramingAdvice::kTooDark);
  EXPECT_EQ(Advice({}, false, 120, 2), FramingAdvice::kOnePerson);
  FramingInput none;
  const FramingResult r = AdviseFraming(none);
  EXPECT_EQ(r.advice, FramingAdvice::kNobody);
  EXPECT_FALSE(r.text.empty());
}

}  // namespace
}  // namespace poise::core
