#include "game/ui/soft_wrap.h"

#include <imgui_stdlib.h>

namespace poise::ui {

std::string SoftWrap(const std::string& text, float width, const TextWidth& measure) {
  std::string out;
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    const std::string line = text.substr(line_start, line_end - line_start);
    // Greedy: add words (each with its following spaces) while the row fits.
    std::string row;
    size_t i = 0;
    while (i < line.size()) {
      size_t j = line.find(' ', i);
      j = j == std::string::npos ? line.size() : line.find_first_not_of(' ', j);
      if (j == std::string::npos) j = line.size();
      const std::string word = line.substr(i, j - i);
      std::string trimmed = row + word;
      while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
      if (!row.empty() && measure(trimmed) > width) {
        out += row + "\r\n";
        row.clear();
      }
      row += word;
      i = j;
    }
    out += row;
    if (line_end == text.size()) break;
    out += '\n';
    line_start = line_end + 1;
  }
  return out;
}

std::string RemoveSoftBreaks(const std::string& shown) {
  std::string out;
  for (size_t i = 0; i < shown.size(); ++i) {
    if (shown[i] != '\r') {
      out += shown[i];
      continue;
    }
    if (i + 1 < shown.size() && shown[i + 1] == '\n') ++i;  // a whole soft break
  }
  return out;
}

int TextPosition(const std::string& shown, int pos) {
  int n = 0;
  for (int i = 0; i < pos && i < int(shown.size()); ++i) {
    if (shown[size_t(i)] == '\r') {
      if (i + 1 < int(shown.size()) && shown[size_t(i) + 1] == '\n') ++i;
      continue;
    }
    ++n;
  }
  return n;
}

int ShownPosition(const std::string& shown, int text_pos) {
  int n = 0, i = 0;
  const int size = int(shown.size());
  while (i < size) {
    if (shown[size_t(i)] == '\r') {
      i += i + 1 < size && shown[size_t(i) + 1] == '\n' ? 2 : 1;
      continue;
    }
    if (n == text_pos) return i;
    ++n, ++i;
  }
  return size;
}

namespace {

struct WrapState {
  float width;
};

int Rewrap(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag != ImGuiInputTextFlags_CallbackEdit) return 0;
  const auto* state = static_cast<const WrapState*>(data->UserData);
  const std::string shown(data->Buf, size_t(data->BufTextLen));
  const int cursor = TextPosition(shown, data->CursorPos);
  const std::string rewrapped =
      SoftWrap(RemoveSoftBreaks(shown), state->width,
               [](const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; });
  if (rewrapped == shown) return 0;
  data->DeleteChars(0, data->BufTextLen);
  data->InsertChars(0, rewrapped.c_str());
  data->CursorPos = data->SelectionStart = data->SelectionEnd = ShownPosition(rewrapped, cursor);
  return 0;
}

}  // namespace

bool InputTextWrapped(const char* id, std::string* text, ImVec2 size) {
  const float field_w = size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x + size.x;
  // Room for the frame's padding and the scroll bar.
  WrapState state{field_w - 2 * ImGui::GetStyle().FramePadding.x - ImGui::GetStyle().ScrollbarSize};
  std::string shown = SoftWrap(
      *text, state.width, [](const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; });
  const bool changed =
      ImGui::InputTextMultiline(id, &shown, size, ImGuiInputTextFlags_CallbackEdit, Rewrap, &state);
  if (changed) *text = RemoveSoftBreaks(shown);
  return changed;
}

}  // namespace poise::ui
