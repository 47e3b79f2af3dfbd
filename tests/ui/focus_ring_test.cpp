// The keyboard focus is as visible on a check box and on the tiredness slider as on a button:
// the same thick ring in the theme's focus colour (NavHighlight), drawn around the item on top
// of everything (ImGui's own highlight is a 2 px line inside the window). A real ImGui context,
// frames without a renderer; the draw lists are inspected.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <functional>
#include <optional>

#include "game/ui/scene.h"

namespace poise::ui {
namespace {

struct RingBox {
  int vertices = 0;
  ImVec2 min{1e9f, 1e9f}, max{-1e9f, -1e9f};
};

class FocusRingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini left behind
    io.DisplaySize = ImVec2(1280, 720);
    io.DeltaTime = 1.0f / 60;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;  // keyboard navigation needs a map
    io.Fonts->AddFontDefault();
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    ImGui::GetStyle().Colors[ImGuiCol_NavHighlight] = ImVec4(1, 200 / 255.0f, 0, 1);
  }
  void TearDown() override { ImGui::DestroyContext(); }

  /// Draws `item` in a window for a few frames with the keyboard (navigation) focus put on the
  /// widget `id` as the arrow keys would; returns what the foreground list holds in the focus
  /// colour.
  RingBox Focused(const std::function<void()>& item, const std::function<ImGuiID()>& id) {
    RingBox box;
    for (int frame = 0; frame < 4; ++frame) {
      ImGui::NewFrame();
      ImGui::SetNextWindowPos(ImVec2(100, 100));
      ImGui::SetNextWindowSize(ImVec2(600, 400));
      ImGui::Begin("w");
      item();
      if (frame == 0) {
        ImGui::SetFocusID(id(), ImGui::GetCurrentWindow());
        GImGui->NavDisableHighlight = false;  // as after an arrow key
      }
      ImGui::End();
      ImGui::Render();
      if (frame < 3) continue;
      const ImU32 ring = ImGui::GetColorU32(ImGuiCol_NavHighlight);
      const ImDrawList* fg = ImGui::GetForegroundDrawList();
      for (const ImDrawVert& v : fg->VtxBuffer) {
        if (v.col != ring) continue;
        ++box.vertices;
        box.min = ImVec2(std::min(box.min.x, v.pos.x), std::min(box.min.y, v.pos.y));
        box.max = ImVec2(std::max(box.max.x, v.pos.x), std::max(box.max.y, v.pos.y));
      }
    }
    return box;
  }
};

TEST_F(FocusRingTest, FocusedCheckBox_HasTheThickRingAroundIt) {
  bool value = false;
  const RingBox r = Focused([&] { CheckLine("Pain", &value); },
                            [] {
                              ImGui::PushID("Pain");
                              const ImGuiID id = ImGui::GetID("##box");
                              ImGui::PopID();
                              return id;
                            });
  ASSERT_GT(r.vertices, 0) << "no focus ring drawn around the check box";
  // Around the box (frame height square), at least 4 px outside it on every side.
  const float box = ImGui::GetFrameHeight();
  EXPECT_GE(r.max.x - r.min.x, box + 8);
  EXPECT_GE(r.max.y - r.min.y, box + 8);
  EXPECT_FALSE(value) << "focusing the box does not tick it";
}

TEST_F(FocusRingTest, FocusedTirednessSlider_HasTheThickRingAroundIt) {
  std::optional<int> fatigue;
  const RingBox r =
      Focused([&] { TirednessSlider("##f", fatigue); }, [] { return ImGui::GetID("##f"); });
  ASSERT_GT(r.vertices, 0) << "no focus ring drawn around the slider";
  EXPECT_GE(r.max.y - r.min.y, ImGui::GetFrameHeight() + 8);
  EXPECT_GE(r.max.x - r.min.x, 500) << "around the whole slider";
  EXPECT_FALSE(fatigue) << "focusing the slider does not answer it";
}

TEST_F(FocusRingTest, UnfocusedCheckBox_HasNoRing) {
  bool value = false;
  RingBox r;
  for (int frame = 0; frame < 3; ++frame) {
    ImGui::NewFrame();
    ImGui::Begin("w");
    CheckLine("Pain", &value);
    ImGui::End();
    ImGui::Render();
  }
  for (const ImDrawVert& v : ImGui::GetForegroundDrawList()->VtxBuffer)
    r.vertices += v.col == ImGui::GetColorU32(ImGuiCol_NavHighlight);
  EXPECT_EQ(r.vertices, 0);
}

}  // namespace
}  // namespace poise::ui
