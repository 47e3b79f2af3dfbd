// Word wrap for a multi-line text field (Dear ImGui 1.86's InputTextMultiline cannot wrap): the
// text shown while editing carries soft breaks ("\r\n", which ImGui draws as a plain line break
// since it skips '\r') where a line would overflow; the stored text never has them. Pure
// functions, plus the ImGui field that uses them.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>

namespace poise::ui {

/// Width of a piece of text (ImGui::CalcTextSize in the field; a character count in tests).
using TextWidth = std::function<float(const std::string&)>;

/// `text` (without soft breaks) with a soft break after the last space that keeps each line
/// within `width`; hard breaks ('\n') stay. A word longer than the line is left whole.
std::string SoftWrap(const std::string& text, float width, const TextWidth& measure);
/// The text without its soft breaks (a lone '\r' left by an edit goes too).
std::string RemoveSoftBreaks(const std::string& shown);
/// Bytes of `shown` before `pos` that are not part of a soft break (the position in the text).
int TextPosition(const std::string& shown, int pos);
/// The position in `shown` of text position `text_pos` (after any soft break at that point).
int ShownPosition(const std::string& shown, int text_pos);

/// A multi-line text field whose lines wrap at its width. Returns true when the text changed.
bool InputTextWrapped(const char* id, std::string* text, ImVec2 size);

}  // namespace poise::ui
