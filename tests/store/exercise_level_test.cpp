// The difficulty each patient reached per exercise survives in the database, so the next session
// starts where the last one ended (minus the controller's warm-up margin).
#include <gtest/gtest.h>

#include <filesystem>

#include "game/core/adaptation/level_controller.h"
#include "game/store/session_store.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

std::string TempDb(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("poise_levels_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path p = dir / name;
  fs::remove(p);
  return p.string();
}

core::Profile Person(const std::string& name) {
  core::Profile p;
  p.name = name;
  return p;
}

TEST(ExerciseLevelTest, SavedLevel_IsReadBackAfterReopen_PerPatientAndExercise) {
  const std::string path = TempDb("levels.db");
  int64_t anna = 0, ben = 0;
  {
    SessionStore s(path);
    anna = s.AddProfile(Person("Anna"));
    ben = s.AddProfile(Person("Ben"));
    EXPECT_FALSE(s.LoadLevel(anna, "bubble_reach"));
    s.SaveLevel(anna, "bubble_reach", {0.42, 0.05, 3, 17});
    s.SaveLevel(anna, "bubble_reach", {0.47, 0.04, 4, 18});  // the newest wins
    s.SaveLevel(ben, "bubble_reach", {0.2, 0.1, 1, 5});
  }
  SessionStore s(path);
  const auto a = s.LoadLevel(anna, "bubble_reach");
  ASSERT_TRUE(a);
  EXPECT_NEAR(a->level, 0.47, 1e-12);
  EXPECT_NEAR(a->step, 0.04, 1e-12);
  EXPECT_EQ(a->reversals, 4);
  EXPECT_EQ(a->trials, 18);
  EXPECT_NEAR(s.LoadLevel(ben, "bubble_reach")->level, 0.2, 1e-12);
  EXPECT_FALSE(s.LoadLevel(anna, "pursuit_trace"));
  // The controller starts the next session from it, minus the warm-up margin.
  core::LevelController next({0.0, 0.3, 1.0, 0.75}, a);
  EXPECT_NEAR(next.level(), 0.47 - core::LevelControllerOptions{}.warm_up_margin, 1e-12);
}

}  // namespace
}  // namespace poise::store
