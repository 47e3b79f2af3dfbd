#include "game/store/pose_stream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace poise::store {
namespace {
namespace fs = std::filesystem;

std::vector<ReplayFrame> Wave(int n) {
  std::vector<ReplayFrame> frames(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    frames[size_t(i)].t_ms = 1000 + i * 33.3;
    for (int l = 0; l < kNumLandmarks; ++l)
      frames[size_t(i)].landmarks[size_t(l)] = {float(0.5 + 0.4 * std::sin(0.1 * i + l)),
                                                float(0.5 + 0.6 * std::cos(0.07 * i + l)),
                                                float((l * 7 + i) % 11) / 10.0f};
  }
  return frames;
}

TEST(PoseStreamTest, RoundTrip_WithinQuantisationAndCompressed) {
  const auto frames = Wave(300);
  const std::string blob = EncodePoseStream(frames);
  EXPECT_LT(blob.size(), frames.size() * (4 + 33 * 5)) << "zlib made it smaller";
  const auto back = DecodePoseStream(blob);
  ASSERT_EQ(back.size(), frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_NEAR(back[i].t_ms, frames[i].t_ms - frames[0].t_ms, 0.5) << "frame " << i;
    for (int l = 0; l < kNumLandmarks; ++l) {
      const auto &a = frames[i].landmarks[size_t(l)], &b = back[i].landmarks[size_t(l)];
      EXPECT_NEAR(b.x, a.x, kPoseQuantum / 2 + 1e-6) << "frame " << i << " landmark " << l;
      EXPECT_NEAR(b.y, a.y, kPoseQuantum / 2 + 1e-6) << "frame " << i << " landmark " << l;
      EXPECT_NEAR(b.visibility, a.visibility, 0.5 / 255 + 1e-6);
    }
  }
}

TEST(PoseStreamTest, OutOfRangeValues_AreClampedNotWrapped) {
  std::vector<ReplayFrame> f(1);
  f[0].landmarks[0] = {9.0f, -9.0f, 2.0f};
  const auto back = DecodePoseStream(EncodePoseStream(f));
  EXPECT_NEAR(back[0].landmarks[0].x, 3.2767, 1e-4);
  EXPECT_NEAR(back[0].landmarks[0].y, -3.2767, 1e-4);
  EXPECT_NEAR(back[0].landmarks[0].visibility, 1.0, 1e-6);
}

TEST(PoseStreamTest, DamagedData_IsOneSentence) {
  std::string blob = EncodePoseStream(Wave(10));
  blob.resize(blob.size() / 2);
  try {
    DecodePoseStream(blob);
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()),
              "The recorded landmark stream is damaged and cannot be replayed.");
  }
  EXPECT_THROW(DecodePoseStream("ab"), StoreError);
}

TEST(PoseStreamTest, SavedPerBlock_AndLoadedBack) {
  const fs::path dir = fs::temp_directory_path() / ("poise_stream_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    SessionStore s((dir / "poise.db").string());
    core::Profile p;
    p.name = "Anna";
    const int64_t session = s.BeginSession(s.AddProfile(p), "plan", 1, 3);
    SavePoseStream(s, session, 1, "single_leg_stance", Wave(50));
    SavePoseStream(s, session, 0, "bubble_reach", Wave(20));
    const auto streams = PoseStreams(s, session);
    ASSERT_EQ(streams.size(), 2u);
    EXPECT_EQ(streams[0].block, 0);
    EXPECT_EQ(streams[0].exercise, "bubble_reach");
    EXPECT_EQ(streams[1].frames, 50);
    const auto frames = LoadPoseStream(s, streams[1].id);
    ASSERT_EQ(frames.size(), 50u);
    EXPECT_NEAR(frames[49].landmarks[5].x, Wave(50)[49].landmarks[5].x, kPoseQuantum);
    EXPECT_THROW(LoadPoseStream(s, 999), StoreError);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace poise::store
