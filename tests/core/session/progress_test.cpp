// The patient's own progress: week count, a streak that forgives one rest day, personal bests in
// plain words, and the reminder decision (plan day, week not done, not yet trained today).
#include "game/core/session/progress.h"

#include <gtest/gtest.h>

#include "game/core/metrics/trends.h"

namespace poise::core {
namespace {

const int kMon = DayNumber("2026-11-23");  // a Monday

TEST(ProgressTest, Weekday_MondayIsZero) {
  EXPECT_EQ(Weekday(kMon), 0);
  EXPECT_EQ(Weekday(kMon + 6), 6);
  EXPECT_EQ(Weekday(DayNumber("1970-01-01")), 3);  // a Thursday
}

TEST(ProgressTest, Streak_OneRestDayInBetweenKeepsIt) {
  // Mon, Wed, Thu, Sat trained: every gap is at most one rest day.
  EXPECT_EQ(TrainingStreak({kMon, kMon + 2, kMon + 3, kMon + 5}, kMon + 5), 4);
  // Today not trained yet, yesterday was a rest day: still going.
  EXPECT_EQ(TrainingStreak({kMon, kMon + 2, kMon + 3, kMon + 5}, kMon + 7), 4);
}

TEST(ProgressTest, Streak_TwoMissedDaysEndIt) {
  // Mon, then Thu and Fri: the two days between end the first streak.
  EXPECT_EQ(TrainingStreak({kMon, kMon + 3, kMon + 4}, kMon + 4), 2);
  // Three days without a session: no streak.
  EXPECT_EQ(TrainingStreak({kMon, kMon + 1}, kMon + 4), 0);
  EXPECT_EQ(TrainingStreak({}, kMon), 0);
}

TEST(ProgressTest, Streak_TwoSessionsOnOneDayCountOnce) {
  EXPECT_EQ(TrainingStreak({kMon, kMon, kMon + 1}, kMon + 1), 2);
}

TEST(ProgressTest, SessionsThisWeek_CountsMondayToSunday) {
  const std::vector<int> days = {kMon - 1, kMon, kMon + 6, kMon + 7};
  EXPECT_EQ(SessionsThisWeek(days, kMon + 3), 2);
  EXPECT_EQ(SessionsThisWeek(days, kMon + 7), 1);
}

TEST(ProgressTest, PersonalBests_HigherOrLowerIsBetterByExercise) {
  const std::vector<MeasuredTry> tries = {{"single_leg_stance", 9.0, kMon, 1},
                                          {"single_leg_stance", 14.2, kMon + 2, 2},
                                          {"single_leg_stance", 11.0, kMon + 4, 3},
                                          {"sit_to_stand", 15.0, kMon, 1},
                                          {"sit_to_stand", 12.4, kMon + 4, 3},
                                          {"sit_to_stand", 13.0, kMon + 4, 3},
                                          {"unknown_game", 99, kMon, 1}};
  const auto bests = PersonalBests(tries, /*latest_session_id=*/3);
  ASSERT_EQ(bests.size(), 2u);
  EXPECT_EQ(bests[0].exercise, "single_leg_stance");
  EXPECT_DOUBLE_EQ(bests[0].value, 14.2);
  EXPECT_FALSE(bests[0].latest_session);
  EXPECT_EQ(bests[0].words, "You held on one leg for 14 s, your best, on 25 November.");
  EXPECT_EQ(bests[1].exercise, "sit_to_stand");
  EXPECT_DOUBLE_EQ(bests[1].value, 12.4);
  EXPECT_TRUE(bests[1].latest_session);
  EXPECT_EQ(bests[1].words, "You stood up five times in 12 s, your best yet.");
}

TEST(ProgressTest, PersonalBests_ATryThatNeverStartedIsNoBest) {
  const auto bests = PersonalBests({{"single_leg_stance", 0.0, kMon, 1}}, 1);
  EXPECT_TRUE(bests.empty());
}

TEST(ProgressTest, BestInWords_ShortTimesKeepATenth) {
  EXPECT_EQ(BestInWords("bubble_reach", 0.84, true, kMon),
            "You reached a bubble in 0.8 s, your best yet.");
}

TEST(ProgressTest, PlanWeekdays_SpreadOverTheWeek) {
  EXPECT_EQ(PlanWeekdays(3), (std::vector<int>{0, 2, 4}));
  EXPECT_EQ(PlanWeekdays(1), (std::vector<int>{2}));
  EXPECT_EQ(PlanWeekdays(14).size(), 7u);
}

TEST(ProgressTest, Reminder_OnAPlanDayWhenTheWeekIsNotDone) {
  ReminderInput in;
  in.today = kMon + 2;  // Wednesday
  in.plan_weekdays = PlanWeekdays(3);
  in.sessions_per_week = 3;
  in.session_days = {kMon};
  const ReminderDecision d = DecideReminder(in);
  EXPECT_TRUE(d.notify);
  EXPECT_NE(d.text.find("1 of 3"), std::string::npos) << d.text;
}

TEST(ProgressTest, Reminder_NothingOnARestDay) {
  ReminderInput in;
  in.today = kMon + 1;  // Tuesday, not a day of a 3-a-week plan
  in.plan_weekdays = PlanWeekdays(3);
  EXPECT_FALSE(DecideReminder(in).notify);
  EXPECT_EQ(DecideReminder(in).why, "not a plan day");
}

TEST(ProgressTest, Reminder_NothingWhenTheWeekIsDone) {
  ReminderInput in;
  in.today = kMon + 4;  // Friday, a plan day
  in.plan_weekdays = PlanWeekdays(3);
  in.sessions_per_week = 3;
  in.session_days = {kMon, kMon + 1, kMon + 3};
  EXPECT_FALSE(DecideReminder(in).notify);
  EXPECT_EQ(DecideReminder(in).why, "the week's sessions are done");
  // Last week's sessions do not count for this week.
  in.session_days = {kMon - 7, kMon - 5, kMon - 3};
  EXPECT_TRUE(DecideReminder(in).notify);
}

TEST(ProgressTest, Reminder_NothingWhenAlreadyTrainedToday) {
  ReminderInput in;
  in.today = kMon;
  in.plan_weekdays = PlanWeekdays(3);
  in.session_days = {kMon};
  EXPECT_FALSE(DecideReminder(in).notify);
}

}  // namespace
}  // namespace poise::core
