// Headless runs of the real game (build/poise play --headless --autostart --exercise ID) with a
// scripted performance of a coordination exercise, checked through the summary JSON.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "game/core/exercises/exercise.h"
#include "game/core/demo/scripted_pose.h"
#include "tests/app/headless_game.h"

namespace poise {
namespace {

class CoordinationPlayTest : public testing_support::HeadlessGameTest {
 protected:
  CoordinationPlayTest() : HeadlessGameTest("poise_coord_") {}

  /// The player: stands still while the game opens (1.6 s), does the calibration moves, then
  /// the exercise's own demonstration (both hands: whichever the game names does the movement).
  std::string Poses(const std::string& id, const std::string& variant, double seconds) {
    auto exercise = core::CreateExercise(id);
    core::ExerciseConfig config;
    config.variant = variant;
    exercise->Start(config, 0);
    const double lead_s = 1.6, calibration_s = 12.5;
    return HeadlessGameTest::Poses(
        [&](double t) -> std::optional<core::BodySpec> {
          core::BodySpec body;
          body.seated = variant == "seated";
          if (t >= lead_s && t < lead_s + calibration_s)
            body = core::CalibrationDemo(t - lead_s, variant == "seated");
          else if (t >= lead_s + calibration_s)
            body = exercise->Demo(t - lead_s - calibration_s);
          return body;
        },
        seconds);
  }

  nlohmann::json Play(const std::string& args) {
    const std::string cmd = std::string(POISE_BINARY) +
                            " play --headless --mute --autostart --db " + P("poise.db") +
                            " --summary-json " + P("summary.json") + " --trace " +
                            P("trace.jsonl") + " " + args + " 2>" + P("stderr.txt");
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(P("summary.json"));
    if (!in) return {};
    return nlohmann::json::parse(in);
  }

  static const nlohmann::json* Find(const nlohmann::json& list, const std::string& name) {
    for (const auto& m : list)
      if (m["name"] == name) return &m;
    return nullptr;
  }
};

TEST_F(CoordinationPlayTest, NoseToTarget_SeatedDemoPlayer_FourTouchesAndMetricsInSummary) {
  const std::string src = Poses("nose_to_target", "seated", 45);
  const nlohmann::json s =
      Play("--exercise nose_to_target --variant seated --trials 1 --exit-after 45 --source " + src);
  ASSERT_TRUE(s.contains("trials")) << s.dump();
  ASSERT_EQ(s["trials"].size(), 1u) << s.dump(2);
  const nlohmann::json& t = s["trials"][0];
  EXPECT_EQ(t["exercise"], "nose_to_target");
  EXPECT_EQ(t["variant"], "seated");
  EXPECT_EQ(t["outcome"], "success") << t.dump(2);
  // Parameters with units.
  const nlohmann::json* radius = Find(t["parameters"], "target_radius");
  ASSERT_NE(radius, nullptr);
  EXPECT_EQ((*radius)["unit"], "1");
  EXPECT_GT((*radius)["value"].get<double>(), 0.03);
  ASSERT_NE(Find(t["parameters"], "time_limit"), nullptr);
  EXPECT_EQ((*Find(t["parameters"], "time_limit"))["unit"], "s");
  // Metrics: four touches; the demo moves each leg in 0.9 s, zone to zone a little less.
  const nlohmann::json* touches = Find(t["metrics"], "touches");
  ASSERT_NE(touches, nullptr);
  EXPECT_EQ((*touches)["value"].get<double>(), 4);
  const nlohmann::json* to_target = Find(t["metrics"], "to_target_time");
  ASSERT_NE(to_target, nullptr);
  EXPECT_EQ((*to_target)["unit"], "s");
  EXPECT_GT((*to_target)["value"].get<double>(), 0.1);
  EXPECT_LT((*to_target)["value"].get<double>(), 0.9);
  const nlohmann::json* sd = Find(t["metrics"], "endpoint_sd");
  ASSERT_NE(sd, nullptr);
  EXPECT_EQ((*sd)["unit"], "cm");
  EXPECT_LT((*sd)["value"].get<double>(), 2.0) << "the demo stops on the same spot every time";
  ASSERT_NE(Find(t["metrics"], "intention_tremor_power"), nullptr)
      << "30 fps allows it; the trial's note: " << t["note"];
  EXPECT_EQ(Find(t["metrics"], "intention_tremor_frequency"), nullptr) << "a smooth demo";
}

}  // namespace
}  // namespace poise
