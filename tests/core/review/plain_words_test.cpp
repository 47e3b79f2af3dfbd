// Plain words for stored ids, from the real exercise catalogue.
#include "game/core/review/plain_words.h"

#include <gtest/gtest.h>

namespace poise::core {
namespace {

TEST(PlainWordsTest, ExercisesAndMetrics_HaveNamesAndUnits) {
  EXPECT_EQ(ExerciseName("bubble_reach"), "Bubble reach");
  EXPECT_EQ(ExerciseName("no_such_exercise"), "no_such_exercise");
  EXPECT_EQ(VariantName("seated"), "Seated");
  EXPECT_EQ(MetricName("reaction_time"), "Reaction time");
  EXPECT_EQ(MetricName("hit"), "Hit rate");
  EXPECT_EQ(MetricName("hip_sway_rms"), "Hip sway RMS");
  EXPECT_EQ(MetricName("sparc"), "Smoothness (SPARC)");
  EXPECT_EQ(UnitText("cm2"), "cm²");
  EXPECT_EQ(UnitText("1"), "");
  // Every metric of every exercise gets a name without underscores.
  for (const ExerciseInfo& e : Catalogue())
    for (const MetricSpec& m : e.metrics)
      EXPECT_EQ(MetricName(m.name).find('_'), std::string::npos) << e.id << " " << m.name;
}

TEST(PlainWordsTest, MetricValues_ReadAsPeopleReadThem) {
  EXPECT_EQ(KindOfMetric("hit", "1"), MetricKind::kFraction);
  EXPECT_EQ(MetricValueText("hit", "1", 0.853), "85 %");
  EXPECT_EQ(MetricValueText("time_on_target", "%", 61.7), "62 %");
  EXPECT_EQ(MetricValueText("hold_time", "s", 12.34), "12.3 s");
  EXPECT_EQ(MetricValueText("reaction_time", "s", 0.4567), "0.46 s");
  EXPECT_EQ(KindOfMetric("sparc", "1"), MetricKind::kSigned);
  EXPECT_EQ(KindOfMetric("stance_leg", "1"), MetricKind::kCategory);
  EXPECT_EQ(KindOfMetric("trunk_shift_size", "cm"), MetricKind::kAmount);
}

TEST(PlainWordsTest, StopReasonsSymptomsAndEvents_InWords) {
  EXPECT_EQ(StopReasonText("warm"), "stopped: too warm or vision blurred");
  EXPECT_EQ(StopReasonText(""), "not finished");
  EXPECT_EQ(StopReasonText("completed"), "completed");
  EXPECT_EQ(SymptomsText("[]"), "none");
  EXPECT_EQ(SymptomsText(R"(["dizzy","pain"])"), "dizziness, pain");
  EXPECT_EQ(SymptomsText("not json"), "none");
  EXPECT_EQ(EventKindText("fall_alarm"), "Fall alarm");
  EXPECT_EQ(EventKindText("tracking_lost"), "Tracking lost");
}

TEST(PlainWordsTest, Difficulty_InTheExercisesOwnTerms) {
  // Single-leg stance: hold goal 5-30 s, arms crossed from level 0.7.
  EXPECT_EQ(DifficultyText(*FindExercise("single_leg_stance"), 0.4),
            "hold goal 15.0 s, arms crossed no");
  EXPECT_EQ(DifficultyText(*FindExercise("single_leg_stance"), 0.8),
            "hold goal 25.0 s, arms crossed yes");
  // Steady stance: a stance chosen by level thirds, its hold goal, the spill threshold in cm.
  EXPECT_EQ(DifficultyText(*FindExercise("steady_stance"), 0.5),
            "semi-tandem, hold goal 20.0 s, spill threshold 4.50 cm");
  // Stepping targets: the distance in cm (its fraction twin left out), a whole number of steps.
  const std::string steps = DifficultyText(*FindExercise("stepping_targets"), 1);
  EXPECT_NE(steps.find("target distance 40.0 cm"), std::string::npos) << steps;
  EXPECT_NE(steps.find("sequence length 4"), std::string::npos) << steps;
  EXPECT_EQ(steps.find("%"), std::string::npos) << steps;
}

TEST(PlainWordsTest, UtcTime_ShownInLocalTime) {
  EXPECT_EQ(LocalDateTime("2026-11-23T09:05:00.000Z", 60), "2026-11-23 10:05");
  EXPECT_EQ(LocalDateTime("2026-11-23T23:30:00.000Z", 90), "2026-11-24 01:00");
  EXPECT_EQ(LocalDateTime("2026-01-01T00:15:00.000Z", -60), "2025-12-31 23:15");
  EXPECT_EQ(LocalTimeOfDay("2026-11-23T09:05:00.000Z", 0), "09:05");
  EXPECT_EQ(LocalDateTime("yesterday", 60), "yesterday");
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

TEST(PlainWordsTest, TrialParameters_InWordsWithTheirMeaning) {
  // Reach to the side: the distance in cm (not also as a fraction), the side from the catalogue.
  EXPECT_EQ(
      ParametersText("functional_reach", R"([{"name":"target_distance","value":0.3,"unit":"1"},)"
                                         R"({"name":"target_distance_cm","value":18,"unit":"cm"},)"
                                         R"({"name":"time_limit","value":9,"unit":"s"},)"
                                         R"({"name":"direction","value":1,"unit":"1"}])"),
      "target distance 18 cm, time limit 9 s, direction: to the right");
  // A fraction of the picture as a percentage; the hand as a side.
  EXPECT_EQ(ParametersText("bubble_reach", R"([{"name":"target_radius","value":0.07,"unit":"1"},)"
                                           R"({"name":"time_limit","value":5,"unit":"s"},)"
                                           R"({"name":"hand","value":0,"unit":"1"}])"),
            "target radius 7 %, time limit 5 s, hand: left");
  EXPECT_EQ(
      ParametersText("single_leg_stance", R"([{"name":"hold_goal","value":12.5,"unit":"s"}])"),
      "hold goal 12.5 s");
  EXPECT_EQ(ParametersText("bubble_reach", "[]"), "");
  EXPECT_EQ(ParametersText("bubble_reach", R"([{"name":"level","value":0.3,"unit":"1"}])"), "")
      << "the level has its own column";
  EXPECT_EQ(ParametersText("bubble_reach", "not json"), "");
}

}  // namespace
}  // namespace poise::core
