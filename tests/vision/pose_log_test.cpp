#include "vision/pose_log.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace poise::vision {
namespace {

PoseFrame Sample() {
  PoseFrame f;
  f.frame_index = 7;
  f.capture_ms = 233.333;
  f.image_width = 640;
  f.image_height = 480;
  Pose p;
  p.score = 0.97f;
  for (int i = 0; i < kNumLandmarks; ++i) {
    p.landmarks[i] = {0.01f * i, 0.5f - 0.01f * i, -0.1f, 0.9f, 0.9f};
    p.world[i] = {0.02f * i, -0.3f, 0.1f};
  }
  f.pose = p;
  return f;
}

TEST(PoseLogTest, LineHasTheContractFields) {
  const auto j = nlohmann::json::parse(PoseFrameToJsonLine(Sample()));
  EXPECT_EQ(j["frame"], 7);
  EXPECT_NEAR(j["t_ms"].get<double>(), 233.333, 1e-9);
  ASSERT_EQ(j["poses"].size(), 1u);
  EXPECT_EQ(j["poses"][0]["landmarks"].size(), 33u);
  EXPECT_EQ(j["poses"][0]["landmarks"][5].size(), 4u);
  EXPECT_EQ(j["poses"][0]["world"][5].size(), 3u);
  EXPECT_NEAR(j["poses"][0]["landmarks"][5][0].get<double>(), 0.05, 1e-6);
}

TEST(PoseLogTest, NobodyFound_WritesEmptyPoses) {
  PoseFrame f;
  const auto j = nlohmann::json::parse(PoseFrameToJsonLine(f));
  EXPECT_TRUE(j["poses"].is_array());
  EXPECT_TRUE(j["poses"].empty());
  EXPECT_FALSE(PoseFrameFromJsonLine(PoseFrameToJsonLine(f), 1).pose.has_value());
}

TEST(PoseLogTest, RoundTrip_KeepsLandmarksToFiveDecimals) {
  const PoseFrame in = Sample();
  const PoseFrame out = PoseFrameFromJsonLine(PoseFrameToJsonLine(in), 1);
  ASSERT_TRUE(out.pose);
  EXPECT_EQ(out.frame_index, 7);
  EXPECT_EQ(out.image_width, 640);
  for (int i = 0; i < kNumLandmarks; ++i) {
    EXPECT_NEAR(out.pose->landmarks[i].x, in.pose->landmarks[i].x, 1e-5);
    EXPECT_NEAR(out.pose->landmarks[i].y, in.pose->landmarks[i].y, 1e-5);
    EXPECT_NEAR(out.pose->landmarks[i].visibility, 0.9f, 1e-4);
    EXPECT_NEAR(out.pose->landmarks[i].presence, 0.9f, 1e-4);  // presence = visibility
    EXPECT_NEAR(out.pose->world[i].x, in.pose->world[i].x, 1e-5);
  }
}

TEST(PoseLogTest, MalformedLines_NameTheLine) {
  std::istringstream in(
      PoseFrameToJsonLine(Sample()) +
      "\n\n{\"frame\": 1, \"t_ms\": 2, \"poses\": [{\"landmarks\": [[0, 0]]}]}\n");
  try {
    ReadPoseLog(in);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("33"), std::string::npos) << e.what();
  }
  EXPECT_THROW(PoseFrameFromJsonLine("not json", 4), std::runtime_error);
  // A number too large for a double (a fuzzer finding: it used to escape as a JSON exception).
  EXPECT_THROW(PoseFrameFromJsonLine("{\"frame\": 444e44444, \"t_ms\": 0, \"poses\": []}", 4),
               std::runtime_error);
  EXPECT_THROW(PoseFrameFromJsonLine("{\"frame\": 1e46, \"t_ms\": 0, \"poses\": []}", 4),
               std::runtime_error);
  EXPECT_THROW(
      PoseFrameFromJsonLine("{\"frame\": 1, \"t_ms\": 0, \"width\": 1e46, \"poses\": []}", 4),
      std::runtime_error);
  EXPECT_THROW(PoseFrameFromJsonLine("{\"t_ms\": 1, \"poses\": []}", 4), std::runtime_error);
}

PoseFrame At(int64_t index, double t_ms) {
  PoseFrame f = Sample();
  f.frame_index = index;
  f.capture_ms = t_ms;
  return f;
}

TEST(PoseLogTest, TimesThatRepeatOrGoBack_AreRefusedNamingTheLine) {
  for (const double third : {40.0, 10.0}) {
    std::istringstream in(PoseFrameToJsonLine(At(0, 0)) + "\n" + PoseFrameToJsonLine(At(1, 40)) +
                          "\n" + PoseFrameToJsonLine(At(2, third)) + "\n");
    try {
      ReadPoseLog(in);
      FAIL() << "t_ms " << third << " after 40 was accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("t_ms"), std::string::npos) << e.what();
    }
  }
  std::istringstream ok(PoseFrameToJsonLine(At(0, 0)) + "\n" + PoseFrameToJsonLine(At(1, 0.5)) +
                        "\n");
  EXPECT_EQ(ReadPoseLog(ok).size(), 2u);
}

}  // namespace
}  // namespace poise::vision
