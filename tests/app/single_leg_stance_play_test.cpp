// A balance exercise played by the real game loop (build/poise play --headless --exercise) with a
// scripted performance; the summary JSON must carry the trial, its parameters and metrics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>
#include <string>

#include "game/core/demo/scripted_pose.h"
#include "game/core/demo/tracking_noise.h"
#include "tests/app/headless_game.h"
#include "vision/pose_log.h"

namespace poise {
namespace {

constexpr double kLeadS = 2;      // standing still before the calibration moves
constexpr double kLiftS = 19;     // the exercise has started by then (calibration ends near 15 s)
constexpr double kSwayX = 0.005;  // shoulder sway while on one leg, image widths
constexpr double kSwayHz = 0.25;

core::BodySpec ScriptedBody(double t_s) {
  if (t_s < kLeadS) return {};
  if (t_s < kLeadS + core::kCalibrationDemoSeconds)
    return core::CalibrationDemo(t_s - kLeadS, false);
  core::BodySpec s;
  if (t_s >= kLiftS) {  // stands on the left leg, right foot 10 % of the height up, swaying
    s.lift_right_foot = 0.10;
    s.lean_x = kSwayX * std::sin(2 * std::numbers::pi * kSwayHz * t_s);
  }
  return s;
}

double Value(const nlohmann::json& list, const std::string& name) {
  for (const auto& m : list)
    if (m["name"] == name) return m["value"].get<double>();
  ADD_FAILURE() << "no " << name << " in " << list.dump();
  return -1;
}

class BalancePlayTest : public testing_support::HeadlessGameTest {
 protected:
  BalancePlayTest() : HeadlessGameTest("poise_balance_") {}
};

TEST_F(BalancePlayTest, SingleLegStance_ScriptedHoldIsStoredWithItsMetrics) {
  const std::string poses = P("poses.jsonl"), summary = P("summary.json"), trace = P("trace.jsonl");
  {
    std::ofstream out(poses);
    for (int i = 0; i < 40 * 30; ++i)
      out << vision::PoseFrameToJsonLine(
                 core::MakeFrame(ScriptedBody(i / 30.0), i * 1000 / 30.0, i))
          << "\n";
  }
  const std::string cmd = std::string("SDL_VIDEODRIVER=offscreen ") + POISE_BINARY +
                          " play --headless --mute --autostart --exercise single_leg_stance"
                          " --trials 1 --source poses:" +
                          poses + " --db " + P("p.db") + " --summary-json " + summary +
                          " --trace " + trace + " --exit-after 38 > " + P("out.txt") + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(summary);
  ASSERT_TRUE(in.good()) << "no summary: " << summary;
  const nlohmann::json s = nlohmann::json::parse(in);
  EXPECT_EQ(s["exercise"], "single_leg_stance");
  ASSERT_EQ(s["trials"].size(), 1u) << s.dump();
  const nlohmann::json& t = s["trials"][0];
  EXPECT_EQ(t["outcome"], "success") << t.dump();
  const double goal_s = Value(t["parameters"], "hold_goal");
  EXPECT_GE(goal_s, 5);
  EXPECT_LE(goal_s, 15);
  EXPECT_NEAR(Value(t["metrics"], "hold_time"), goal_s, 1e-6);
  EXPECT_EQ(Value(t["metrics"], "stance_leg"), 0);
  EXPECT_EQ(Value(t["metrics"], "touch_downs"), 0);
  // The shoulders swayed kSwayX each way at kSwayHz: mean speed 4 * amplitude * frequency, in cm
  // through the game's own calibration (read from the trace); smoothing keeps about 96 %.
  double cm_per_px = 0;
  std::ifstream tr(trace);
  for (std::string line; std::getline(tr, line);)
    if (auto p = line.find("calibrated: "); p != std::string::npos)
      cm_per_px = std::atof(line.c_str() + p + 12);
  ASSERT_GT(cm_per_px, 0) << "no calibration in the trace";
  const double expected_cm_s = 4 * kSwayX * 640 * cm_per_px * kSwayHz;
  EXPECT_NEAR(Value(t["metrics"], "sway_velocity"), expected_cm_s, 0.1 * expected_cm_s);
}

// The same player through an ordinary webcam (tracking_noise.h: jitter, feet hidden on 10 % of
// frames, dropped frames): framing and calibration still finish, the hold still counts, and the
// trial carries its quality record.
TEST_F(BalancePlayTest, SingleLegStance_FlickeringFeetThroughFramingAndCalibration) {
  const std::string poses = P("poses.jsonl"), summary = P("summary.json");
  {
    std::ofstream out(poses);
    for (const auto& f : core::RenderNoisy(ScriptedBody, 40, core::TrackingNoise::Webcam(30, 5)))
      out << vision::PoseFrameToJsonLine(f) << "\n";
  }
  const std::string cmd = std::string("SDL_VIDEODRIVER=offscreen ") + POISE_BINARY +
                          " play --headless --mute --autostart --exercise single_leg_stance"
                          " --trials 1 --source poses:" +
                          poses + " --db " + P("p.db") + " --summary-json " + summary +
                          " --exit-after 38 > " + P("out.txt") + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(summary);
  ASSERT_TRUE(in.good()) << "no summary: " << summary;
  const nlohmann::json s = nlohmann::json::parse(in);
  ASSERT_EQ(s["trials"].size(), 1u) << "framing or calibration never finished: " << s.dump();
  const nlohmann::json& t = s["trials"][0];
  EXPECT_EQ(t["outcome"], "success") << t.dump();
  EXPECT_NEAR(Value(t["metrics"], "hold_time"), Value(t["parameters"], "hold_goal"), 1e-6);
  const nlohmann::json& q = t["quality"];
  EXPECT_TRUE(q["measurable"].get<bool>()) << q.dump();
  EXPECT_NEAR(q["seen_fraction"].get<double>(), 0.9, 0.06) << q.dump();
  EXPECT_GT(q["gaps_bridged"].get<int>(), 3) << q.dump();
  EXPECT_GT(q["jitter_cm"].get<double>(), 0.3) << q.dump();
}

}  // namespace
}  // namespace poise

namespace poise {
namespace {

// `poise demo-poses --noise webcam --fps 15` writes the demonstration as a 15 fps webcam would
// deliver it (uneven intervals, dropped frames, feet flickering out of view), and the real game
// plays it through framing, calibration and a steady-stance trial that is measured, with its
// quality record saying what the camera gave.
TEST_F(BalancePlayTest, SteadyStance_DemoPosesThroughA15FpsWebcam_MeasuredWithItsQuality) {
  const std::string poses = P("noisy.jsonl"), summary = P("summary.json");
  std::string cmd = std::string(POISE_BINARY) +
                    " demo-poses --exercise steady_stance --seconds 30 --noise webcam --fps 15"
                    " --seed 4 --out " +
                    poses;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  int frames = 0, feet_hidden = 0;
  double last_ms = -1, shortest = 1e9, longest = 0;
  std::ifstream in(poses);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    const double t = j["t_ms"].get<double>();
    if (last_ms >= 0)
      shortest = std::min(shortest, t - last_ms), longest = std::max(longest, t - last_ms);
    last_ms = t;
    ++frames;
    if (j["poses"][0]["landmarks"][kLeftAnkle][3].get<double>() < 0.5) ++feet_hidden;
  }
  // 48 s (18 s of calibration moves, then 30 s) at 15 fps, 3 % dropped.
  EXPECT_NEAR(frames, 48 * 15 * 0.97, 25);
  EXPECT_LT(shortest, 1000.0 / 15) << "intervals are even";
  EXPECT_GT(longest, 1.5 * 1000 / 15) << "no frame was dropped";
  EXPECT_NEAR(double(feet_hidden) / frames, 0.10, 0.04);

  cmd = std::string("SDL_VIDEODRIVER=offscreen ") + POISE_BINARY +
        " play --headless --mute --autostart --exercise steady_stance --trials 1 --source poses:" +
        poses + " --db " + P("p.db") + " --summary-json " + summary + " --exit-after 50 > " +
        P("out.txt") + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream sin(summary);
  ASSERT_TRUE(sin.good()) << "no summary: " << summary;
  const nlohmann::json s = nlohmann::json::parse(sin);
  ASSERT_EQ(s["trials"].size(), 1u) << "framing or calibration never finished: " << s.dump();
  const nlohmann::json& q = s["trials"][0]["quality"];
  EXPECT_TRUE(q["measurable"].get<bool>()) << q.dump();
  EXPECT_GT(q["effective_fps"].get<double>(), 10) << q.dump();
  EXPECT_LT(q["effective_fps"].get<double>(), 15.5) << q.dump();
  EXPECT_GT(q["gaps_bridged"].get<int>(), 3) << q.dump();
  EXPECT_NEAR(q["jitter_cm"].get<double>(), 0.8, 0.3) << q.dump();
  EXPECT_GT(Value(s["trials"][0]["metrics"], "hip_sway_area"), 0);
}

}  // namespace
}  // namespace poise
