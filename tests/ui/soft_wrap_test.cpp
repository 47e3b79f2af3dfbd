// Word wrap for the multi-line text fields: soft breaks in the shown text only.
#include "game/ui/soft_wrap.h"

#include <gtest/gtest.h>

namespace poise::ui {
namespace {

float Chars(const std::string& s) { return float(s.size()); }

TEST(SoftWrapTest, LongLine_BreaksAfterTheLastSpaceThatFits) {
  const std::string shown = SoftWrap("Hold the chair whenever you feel unsteady.", 15, Chars);
  EXPECT_EQ(shown, "Hold the chair \r\nwhenever you \r\nfeel unsteady.");
  EXPECT_EQ(RemoveSoftBreaks(shown), "Hold the chair whenever you feel unsteady.");
}

TEST(SoftWrapTest, HardBreaksStay_LongWordsStayWhole) {
  EXPECT_EQ(SoftWrap("one\ntwo three", 5, Chars), "one\ntwo \r\nthree");
  EXPECT_EQ(SoftWrap("supercalifragilistic word", 5, Chars), "supercalifragilistic \r\nword");
  EXPECT_EQ(SoftWrap("", 5, Chars), "");
  EXPECT_EQ(SoftWrap("a\n\nb", 5, Chars), "a\n\nb");
}

TEST(SoftWrapTest, BrokenSoftBreak_IsRemovedWhole) {
  // Backspace at the start of a row deletes the '\n' of a soft break; its '\r' goes too.
  EXPECT_EQ(RemoveSoftBreaks("Hold \rthe"), "Hold the");
  EXPECT_EQ(RemoveSoftBreaks("a\nb"), "a\nb");
}

TEST(SoftWrapTest, CursorPositions_MapAcrossSoftBreaks) {
  const std::string shown = "ab \r\ncd";  // text "ab cd"
  EXPECT_EQ(TextPosition(shown, 3), 3);   // before the soft break
  EXPECT_EQ(TextPosition(shown, 5), 3);   // after it: the same text position
  EXPECT_EQ(TextPosition(shown, 6), 4);
  EXPECT_EQ(ShownPosition(shown, 3), 5);  // the start of the next row
  EXPECT_EQ(ShownPosition(shown, 4), 6);
  EXPECT_EQ(ShownPosition(shown, 5), 7);  // the end
}

}  // namespace
}  // namespace poise::ui
