#include "game/core/metrics/reference_values.h"

#include <gtest/gtest.h>

namespace poise::core {
namespace {

TEST(ReferenceValuesTest, PublishedCutOffs_ForTheirExerciseAndMetric) {
  auto one = [](const std::string& ex, const std::string& m) {
    const auto lines = ReferenceLines(ex, m);
    return lines.empty() ? -999.0 : lines.front().value;
  };
  EXPECT_NEAR(one("single_leg_stance", "hold_time"), 5.0, 1e-9);
  EXPECT_NEAR(one("functional_reach", "reach_distance"), 15.0, 1e-9);
  EXPECT_NEAR(one("sit_to_stand", "total_time"), 16.0, 1e-9);
  const auto fss = ReferenceLines("stepping_targets", "step_time");
  ASSERT_EQ(fss.size(), 2u);
  EXPECT_NEAR(fss[0].value, 11.0, 1e-9);
  EXPECT_NEAR(fss[1].value, 12.5, 1e-9);
  const auto sparc = ReferenceLines("bubble_reach", "sparc");
  ASSERT_EQ(sparc.size(), 2u);
  EXPECT_NEAR(sparc[0].value, -1.4, 1e-9);
  EXPECT_NEAR(sparc[1].value, -1.6, 1e-9);
}

TEST(ReferenceValuesTest, EveryLine_HasUnitLabelAndSource) {
  for (const auto& [ex, m] :
       std::vector<std::pair<std::string, std::string>>{{"single_leg_stance", "hold_time"},
                                                        {"functional_reach", "reach_distance"},
                                                        {"sit_to_stand", "total_time"},
                                                        {"stepping_targets", "step_time"},
                                                        {"bubble_reach", "sparc"}})
    for (const auto& l : ReferenceLines(ex, m)) {
      EXPECT_FALSE(l.unit.empty()) << ex << "." << m;
      EXPECT_FALSE(l.label.empty()) << ex << "." << m;
      EXPECT_FALSE(l.source.empty()) << ex << "." << m;
    }
}

TEST(ReferenceValuesTest, NoPublishedValue_NoLine) {
  EXPECT_TRUE(ReferenceLines("bubble_reach", "reaction_time").empty());
  EXPECT_TRUE(ReferenceLines("functional_reach", "hold_time").empty()) << "keyed by exercise too";
  EXPECT_TRUE(ReferenceLines("unknown", "sparc").empty());
}

}  // namespace
}  // namespace poise::core
