// A frozen or ended pose source mid-exercise: the real game (headless) pauses within 2 s of the
// last frame and says why, and play goes on by itself when frames come back.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/app/headless_game.h"

namespace poise {
namespace {

using testing_support::CalibrationMoves;

class SourceStallTest : public testing_support::HeadlessGameTest {
 protected:
  SourceStallTest() : HeadlessGameTest("poise_stall_") {}

  /// Frames at 30 fps from 0 to end_s, leaving out [gap_from_s, gap_to_s) (no frame at all: a
  /// frozen camera). Returns the source argument.
  std::string PosesWithGap(double end_s, double gap_from_s, double gap_to_s) {
    std::ofstream out(P("poses.jsonl"));
    for (int i = 0; i < int(end_s * 30); ++i) {
      const double t = i / 30.0;
      if (t >= gap_from_s && t < gap_to_s) continue;
      PoseFrame f = core::MakeFrame(CalibrationMoves(t), t * 1000, i);
      f.image_width = 640;
      f.image_height = 480;
      out << vision::PoseFrameToJsonLine(f) << "\n";
    }
    return "poses:" + P("poses.jsonl");
  }
  void Run(const std::string& args) {
    const std::string cmd = std::string(POISE_BINARY) + " --headless --mute --db " + P("poise.db") +
                            " --trace " + P("trace.jsonl") + " " + args + " >/dev/null 2>" +
                            P("stderr.txt");
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  /// The time of the first trace entry whose dump contains text; -1 if none.
  double TimeOf(const std::string& text) const {
    for (const auto& j : Trace())
      if (j.dump().find(text) != std::string::npos) return j["t_s"];
    return -1;
  }
};

TEST_F(SourceStallTest, PoseFileEndsMidExercise_PausesWithin2sSayingWhy) {
  // The file holds 40 s; play starts after framing and calibration (about 20 s).
  Run("--autostart --exercise bubble_reach --trials 60 --source " + PosesWithGap(40, 1e9, 1e9) +
      " --exit-after 47");
  const double started = TimeOf("exercise started");
  ASSERT_GT(started, 0) << "the exercise never started";
  ASSERT_LT(started, 38) << "too slow a machine to reach play before the file ends";
  const double paused = TimeOf("pause: The video or recording has ended");
  ASSERT_GT(paused, 0) << "no pause after the file ended";
  // The replay's clock starts with the game, so its last frame shows at about 40 s.
  EXPECT_GE(paused, 40.0);
  EXPECT_LE(paused, 42.0) << "more than 2 s after the last frame";
  EXPECT_EQ(Scenes().back(), "pause");
  EXPECT_EQ(Query("SELECT count(*) FROM events WHERE kind='pause' AND detail LIKE '%ended%'"),
            "1\n");
}

TEST_F(SourceStallTest, FramesStopThenComeBack_PausesThenPlayGoesOn) {
  // No frame from 34 s to 40 s (a frozen camera), then frames again until 55 s.
  Run("--autostart --exercise bubble_reach --trials 60 --source " + PosesWithGap(55, 34, 40) +
      " --exit-after 50");
  const double started = TimeOf("exercise started");
  ASSERT_GT(started, 0) << "the exercise never started";
  ASSERT_LT(started, 32) << "too slow a machine to reach play before the frames stop";
  const double paused = TimeOf("pause: The camera stopped sending pictures");
  ASSERT_GT(paused, 0) << "no pause while no frame came";
  EXPECT_GE(paused, 34.0);
  EXPECT_LE(paused, 36.0) << "more than 2 s after the last frame";
  const double resumed = TimeOf("resumed: pictures are back");
  ASSERT_GT(resumed, 0) << "play did not go on when frames came back";
  EXPECT_GE(resumed, 39.9);
  EXPECT_LE(resumed, 41.0);
  const auto scenes = Scenes();
  ASSERT_GE(scenes.size(), 2u);
  EXPECT_EQ(scenes.back(), "exercise") << nlohmann::json(scenes).dump();
}

}  // namespace
}  // namespace poise
