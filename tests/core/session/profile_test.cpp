// Profile validation: every problem at once, tied to its field; the one-sentence form stays.
#include "game/core/session/profile.h"

#include <gtest/gtest.h>

namespace poise::core {
namespace {

TEST(ProfileTest, ValidProfile_HasNoErrors) {
  Profile p;
  p.name = "Anna";
  EXPECT_TRUE(ProfileFieldErrors(p).empty());
  EXPECT_EQ(ValidateProfile(p), "");
}

TEST(ProfileTest, SeveralInvalidFields_AreAllReported) {
  Profile p;
  p.name = "";
  p.height_cm = 90;
  p.mobility = "walking";
  const FieldErrors e = ProfileFieldErrors(p);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].field, "name");
  EXPECT_EQ(e[1].field, "height_cm");
  EXPECT_EQ(e[1].Plain(), "Height must be between 100 and 230 cm.");
  EXPECT_EQ(e[2].field, "mobility");
  EXPECT_EQ(ValidateProfile(p), "Name must be 1 to 60 characters.");
}

}  // namespace
}  // namespace poise::core
