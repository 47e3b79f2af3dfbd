#include "game/ui/audio.h"

#include <SDL.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace poise::ui {
namespace {

class AudioTest : public ::testing::Test {
 protected:
  void SetUp() override { setenv("SDL_AUDIODRIVER", "dummy", 1); }
  void TearDown() override { SDL_Quit(); }
};

TEST_F(AudioTest, CuesAreSynthesisedAndMuteSilencesThem) {
  Audio a;
  ASSERT_TRUE(a.available()) << SDL_GetError();
  a.Play(Cue::kStart);  // 440 ms of notes at the device rate
  EXPECT_GT(a.queued_samples(), 1000u);
  Audio b;
  b.set_muted(true);
  b.Play(Cue::kHit);
  b.Play(Cue::kMiss);
  EXPECT_EQ(b.queued_samples(), 0u);
}

}  // namespace
}  // namespace poise::ui
