#include "game/ui/review_bench.h"

#include <imgui.h>

#include "game/ui/trend_chart.h"

namespace poise::ui {

OffscreenReviewDrawer::OffscreenReviewDrawer() : context_(ImGui::CreateContext()) {
  ImGui::SetCurrentContext(context_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini in the working folder
  io.DisplaySize = ImVec2(1280, 720);
  io.DeltaTime = 1.0f / 60;
  unsigned char* pixels;
  int fw, fh;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &fw, &fh);
}

OffscreenReviewDrawer::~OffscreenReviewDrawer() { ImGui::DestroyContext(context_); }

int OffscreenReviewDrawer::Draw(const store::PatientReview& r) {
  ImGui::SetCurrentContext(context_);
  ImGuiIO& io = ImGui::GetIO();
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("review", nullptr, ImGuiWindowFlags_NoSavedSettings);
  const float w = ImGui::GetContentRegionAvail().x;
  DrawAdherenceStrip(r.adherence, w, false);
  for (const auto& t : r.trends) DrawTrendChart(ChartOfTrend(t), w, false);
  ImGui::End();
  ImGui::Render();
  return ImGui::GetDrawData()->TotalVtxCount;
}

}  // namespace poise::ui
