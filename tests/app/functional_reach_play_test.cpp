// A balance exercise played through the real game (build/poise play --headless --autostart
// --exercise ...) with a scripted performance; the summary JSON must report what the script did.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "game/core/demo/scripted_pose.h"
#include "tests/app/headless_game.h"
#include "vision/pose_log.h"

namespace poise {
namespace {

constexpr double kReachCm = 25;

/// The scripted body's scale as the game calibrates it (profile height 170 cm, nose-to-ankle
/// 0.88 of the height).
double CmPerPx() {
  const Pose p = core::MakePose({});
  return 170 * 0.88 / ((p.landmarks[kLeftAnkle].y - p.landmarks[kNose].y) * 480);
}

/// After the calibration moves: every 4 s both arms rise sideways to shoulder height (0-0.5 s),
/// hold still (to 1.3 s), reach out by kReachCm (1.3-2.0 s), hold 0.4 s, come back (2.4-3.0 s)
/// and lower. Both arms, so whichever side the game asks for is played in the next cycle.
core::BodySpec Body(double t) {
  if (t < core::kCalibrationDemoSeconds) return core::CalibrationDemo(t, false);
  const double c = std::fmod(t - core::kCalibrationDemoSeconds, 4.0);
  const double up = std::clamp(c / 0.5, 0.0, 1.0) * (1 - std::clamp((c - 3.0) / 0.4, 0.0, 1.0));
  const double out =
      std::clamp((c - 1.3) / 0.7, 0.0, 1.0) * (1 - std::clamp((c - 2.4) / 0.6, 0.0, 1.0));
  const double shoulder_dx = 0.11 * 0.75 * 0.75, shoulder_y = 0.58 - 0.30 * 0.75;
  const double hang_dx = 0.12 * 0.75 * 0.75, hang_y = 0.58 + 0.02 * 0.75;
  const double dx =
      hang_dx + (shoulder_dx + 0.17 - hang_dx) * up + out * kReachCm / CmPerPx() / 640;
  core::BodySpec s;
  s.left_wrist_x = 0.5 + dx;
  s.right_wrist_x = 0.5 - dx;
  s.left_wrist_y = s.right_wrist_y = hang_y + (shoulder_y - hang_y) * up;
  return s;
}

class BalancePlayTest : public testing_support::HeadlessGameTest {
 protected:
  BalancePlayTest() : HeadlessGameTest("poise_balance_") {}
};

TEST_F(BalancePlayTest, FunctionalReach_SummaryReportsTheScriptedReachOnBothSides) {
  {
    std::ofstream out(P("poses.jsonl"));
    for (int i = 0; i < 60 * 30; ++i)
      out << vision::PoseFrameToJsonLine(core::MakeFrame(Body(i / 30.0), i * 1000.0 / 30, i))
          << "\n";
  }
  const std::string cmd = std::string(POISE_BINARY) +
                          " play --headless --mute --autostart --exercise functional_reach "
                          "--trials 2 --exit-after 55 --source poses:" +
                          P("poses.jsonl") + " --db " + P("p.db") + " --summary-json " +
                          P("summary.json") + " 2>" + P("stderr.txt");
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(P("summary.json"));
  ASSERT_TRUE(in) << "no summary written";
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["exercise"], "functional_reach");
  ASSERT_EQ(j["trials"].size(), 2u) << j.dump(2);
  for (int k = 0; k < 2; ++k) {
    const nlohmann::json& t = j["trials"][k];
    EXPECT_EQ(t["exercise"], "functional_reach");
    EXPECT_EQ(t["outcome"], "success") << t.dump(2);
    std::map<std::string, nlohmann::json> metrics, parameters;
    for (const auto& m : t["metrics"]) metrics[m["name"]] = m;
    for (const auto& p : t["parameters"]) parameters[p["name"]] = p;
    ASSERT_TRUE(metrics.count("reach_distance")) << t.dump(2);
    EXPECT_EQ(metrics["reach_distance"]["unit"], "cm");
    EXPECT_NEAR(metrics["reach_distance"]["value"].get<double>(), kReachCm, 1.5);
    EXPECT_EQ(metrics["direction"]["value"].get<double>(), k);  // left first, then right
    EXPECT_EQ(metrics["stepped"]["value"].get<double>(), 0);
    EXPECT_TRUE(metrics.count("time_to_target"));
    ASSERT_TRUE(parameters.count("target_distance_cm")) << t.dump(2);
    EXPECT_LT(parameters["target_distance_cm"]["value"].get<double>(), kReachCm);
    EXPECT_EQ(parameters["time_limit"]["unit"], "s");
  }
}

}  // namespace
}  // namespace poise
