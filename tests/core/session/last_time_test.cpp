// The summary's "compared with last time": better results say by how much in the exercise's own
// words, equal ones say so, worse ones are never compared, a first time is a good start.
#include "game/core/session/last_time.h"

#include <gtest/gtest.h>

namespace poise::core {
namespace {

MeasuredTry Try(const std::string& exercise, double value, int64_t session = 1) {
  return {exercise, value, 20000, session};
}

TEST(LastTimeTest, LongerHold_SaysHowMuchLonger) {
  const auto lines =
      CompareWithLastTime({Try("single_leg_stance", 9), Try("single_leg_stance", 14)},
                          {Try("single_leg_stance", 12, 0), Try("single_leg_stance", 11, 0)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].change, LastTimeLine::Change::kBetter);
  EXPECT_DOUBLE_EQ(lines[0].today, 14);
  EXPECT_DOUBLE_EQ(*lines[0].last, 12);
  EXPECT_EQ(lines[0].words, "You held on one leg for 14 s, 2 s longer than last time.");
}

TEST(LastTimeTest, LowerIsBetter_QuickerAndCloser) {
  const auto lines = CompareWithLastTime(
      {Try("sit_to_stand", 13.2), Try("nose_to_target", 3.0), Try("bubble_reach", 1.4)},
      {Try("sit_to_stand", 15.0, 0), Try("nose_to_target", 5.2, 0), Try("bubble_reach", 1.9, 0)});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].words, "You stood up five times in 13 s, 1.8 s quicker than last time.");
  EXPECT_EQ(lines[1].words, "You touched the dot within 3 cm, 2 cm closer than last time.");
  EXPECT_EQ(lines[2].words, "You reached a bubble in 1.4 s, 0.5 s quicker than last time.");
}

TEST(LastTimeTest, WorseResult_IsNeverComparedOrShamed) {
  const auto lines =
      CompareWithLastTime({Try("functional_reach", 20)}, {Try("functional_reach", 26, 0)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].change, LastTimeLine::Change::kNotBetter);
  EXPECT_EQ(lines[0].words, "You reached 20 cm to the side. Every session keeps you going.");
  for (const char* shaming : {"less", "worse", "shorter", "than last time", "only", "slower"})
    EXPECT_EQ(lines[0].words.find(shaming), std::string::npos) << shaming;
}

TEST(LastTimeTest, SameAsShown_IsJustLikeLastTime) {
  // 14.2 and 13.9 both show as 14 s: the player would read "0 s longer".
  const auto lines =
      CompareWithLastTime({Try("steady_stance", 14.2)}, {Try("steady_stance", 13.9, 0)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].change, LastTimeLine::Change::kSame);
  EXPECT_EQ(lines[0].words, "You kept the glass of water steady for 14 s, just like last time.");
}

TEST(LastTimeTest, FirstTimeOrNoValue_AGoodStartOrNothing) {
  const auto lines = CompareWithLastTime(
      {Try("weight_shift", 8), Try("pursuit_trace", 0), Try("no_such_exercise", 3)},
      {Try("single_leg_stance", 10, 0)});
  ASSERT_EQ(lines.size(), 1u) << "a zero value and an exercise without a headline are left out";
  EXPECT_EQ(lines[0].change, LastTimeLine::Change::kFirstTime);
  EXPECT_FALSE(lines[0].last);
  EXPECT_EQ(lines[0].words, "You leaned 8 cm and held it: a good start.");
}

TEST(LastTimeTest, OrderFollowsTodaysSession) {
  const auto lines = CompareWithLastTime(
      {Try("stepping_targets", 1.2), Try("bubble_reach", 1.1), Try("stepping_targets", 1.0)}, {});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].exercise, "stepping_targets");
  EXPECT_DOUBLE_EQ(lines[0].today, 1.0);
  EXPECT_EQ(lines[1].exercise, "bubble_reach");
}

}  // namespace
}  // namespace poise::core
