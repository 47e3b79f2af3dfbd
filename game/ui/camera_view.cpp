#include "game/ui/camera_view.h"

#include <SDL_opengl.h>

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <string>

#include "game/ui/scene.h"

namespace poise::ui {

CameraView::~CameraView() {
  if (texture_) glDeleteTextures(1, &texture_);
}

void CameraView::Draw(UiContext& ctx) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const ImVec2 win = ImGui::GetIO().DisplaySize;
  const auto& f = ctx.frame;
  int w = 640, h = 480;
  if (f && f->pose.image_width > 0) {
    w = f->pose.image_width;
    h = f->pose.image_height;
  }
  // Fit the picture between the top bar and the instruction bar, keeping its aspect ratio, so
  // panels never hide the player's head or feet. The exercise (and its pause) lays out its own
  // way: the picture keeps its size at any text size.
  const Scene* base = ctx.scenes.empty() ? nullptr : &ctx.scenes.top();
  if (base && base->IsOverlay() && ctx.scenes.below_top()) base = ctx.scenes.below_top();
  if (base && std::string(base->Name()) == "exercise") {
    const PlayLayout l = LayOutPlay(win, ctx.ui_scale, ctx.meter_showing, float(w), float(h));
    ctx.view_min = l.picture_min;
    ctx.view_max = l.picture_max;
  } else {
    const float top = win.y * ctx.TopBar(), avail = win.y * (1 - ctx.TopBar() - ctx.BottomBar());
    const float s = std::min(win.x / w, avail / h);
    ctx.view_min = ImVec2((win.x - w * s) / 2, top + (avail - h * s) / 2);
    ctx.view_max = ImVec2(ctx.view_min.x + w * s, ctx.view_min.y + h * s);
  }
  dl->AddRectFilled(ImVec2(0, 0), win,
                    ctx.high_contrast ? IM_COL32(0, 0, 0, 255) : IM_COL32(24, 32, 40, 255));
  if (f && !f->image_bgr.empty()) {
    if (f->pose.frame_index != uploaded_index_) {
      if (!texture_) glGenTextures(1, &texture_);
      glBindTexture(GL_TEXTURE_2D, texture_);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
      const cv::Mat& img = f->image_bgr;
      const cv::Mat cont = img.isContinuous() ? img : img.clone();
      if (cont.cols != tex_w_ || cont.rows != tex_h_) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB, cont.cols, cont.rows, 0, GL_BGR, GL_UNSIGNED_BYTE,
                     cont.data);
        tex_w_ = cont.cols;
        tex_h_ = cont.rows;
      } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, cont.cols, cont.rows, GL_BGR, GL_UNSIGNED_BYTE,
                        cont.data);
      }
      if (f->pose.frame_index % 10 == 0 || brightness_ < 0) {
        const cv::Scalar m = cv::mean(cont);
        brightness_ = 0.114 * m[0] + 0.587 * m[1] + 0.299 * m[2];
      }
      uploaded_index_ = f->pose.frame_index;
    }
    // Mirrored: u runs from 1 to 0 across the screen.
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture_)), ctx.view_min,
                 ctx.view_max, ImVec2(1, 0), ImVec2(0, 1),
                 ctx.high_contrast ? IM_COL32(255, 255, 255, 150) : IM_COL32_WHITE);
  } else {
    dl->AddRectFilled(ctx.view_min, ctx.view_max,
                      ctx.high_contrast ? IM_COL32(0, 0, 0, 255) : IM_COL32(40, 52, 64, 255));
    brightness_ = -1;
  }
  if (f && f->pose.pose) DrawSkeleton(ctx, *f->pose.pose);
}

PlayLayout LayOutPlay(ImVec2 d, double ui_scale, bool meter, float image_w, float image_h) {
  PlayLayout l;
  const float aspect = image_w / std::max(1.0f, image_h);
  if (ui_scale > 1.05 && d.x >= d.y * 1.5f) {
    // Large text in a wide window: a top bar of fixed height (one compact line), the picture on
    // the left down to the window's bottom, the prompt in the column to its right.
    const float pad = 8, hud = d.y * 0.15f;
    float ph = d.y - hud - pad, pw = ph * aspect;
    if (pw > d.x * 0.66f) {
      pw = d.x * 0.66f;
      ph = pw / aspect;
    }
    l.beside = true;
    l.hud_min = ImVec2(0, 0);
    l.hud_max = ImVec2(d.x, hud);
    l.picture_min = ImVec2(pad, hud + (d.y - hud - ph) / 2);
    l.picture_max = ImVec2(pad + pw, l.picture_min.y + ph);
    l.prompt_min = ImVec2(l.picture_max.x + pad, hud);
    l.prompt_max = d;
    return l;
  }
  // The bars above and below the picture: at 100 % text or less they follow the text size; at
  // larger text they keep their 100 % heights (the text scrolls, the picture does not shrink).
  const double s = std::min(ui_scale, 1.0);
  const float top = std::min(0.22f, 0.07f + 0.065f * float(s));
  const float bottom = std::min(0.34f, 0.08f + (meter ? 0.13f : 0.08f) * float(s));
  const float y0 = d.y * top, avail = d.y * (1 - top - bottom);
  const float k = std::min(d.x / image_w, avail / image_h);
  l.hud_min = ImVec2(0, 0);
  l.hud_max = ImVec2(d.x, y0);
  l.picture_min = ImVec2((d.x - image_w * k) / 2, y0 + (avail - image_h * k) / 2);
  l.picture_max = ImVec2(l.picture_min.x + image_w * k, l.picture_min.y + image_h * k);
  l.prompt_min = ImVec2(0, d.y * (1 - bottom));
  l.prompt_max = d;
  return l;
}

TargetCircle TargetOnScreen(const UiContext& ctx, const core::Shape& s) {
  const float view_h = ctx.view_max.y - ctx.view_min.y, view_w = ctx.view_max.x - ctx.view_min.x;
  float r = float(s.radius) * view_h;
  if (s.role == core::Shape::Role::kTarget) r = std::max(r, ImGui::GetIO().DisplaySize.y * 0.07f);
  ImVec2 c = ctx.ToScreen(s.x, s.y);
  // Inside the picture with room for the halo and the progress ring (12 px), so no bar or text
  // covers any of it (a stepping target at the feet would sit half under the bottom bar). A
  // large guide (where to stand) wider than the picture stays where it is.
  const float m = r + 12;
  if (2 * m < view_w) c.x = std::clamp(c.x, ctx.view_min.x + m, ctx.view_max.x - m);
  if (2 * m < view_h) c.y = std::clamp(c.y, ctx.view_min.y + m, ctx.view_max.y - m);
  return {c, r};
}

void DrawSkeleton(UiContext& ctx, const Pose& pose) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const float thick = std::max(3.0f, (ctx.view_max.y - ctx.view_min.y) / 160);
  for (const auto& e : kSkeletonEdges) {
    const float v = std::min(pose.landmarks[e[0]].visibility, pose.landmarks[e[1]].visibility);
    if (v < 0.2f) continue;
    const int a = int(255 * std::clamp(v, 0.0f, 1.0f));
    const ImVec2 p = ctx.ToScreen(pose.landmarks[e[0]].x, pose.landmarks[e[0]].y);
    const ImVec2 q = ctx.ToScreen(pose.landmarks[e[1]].x, pose.landmarks[e[1]].y);
    dl->AddLine(p, q, IM_COL32(0, 0, 0, a), thick + 3);
    dl->AddLine(p, q, IM_COL32(255, 255, 255, a), thick);
  }
  for (int i = 0; i < kNumLandmarks; ++i) {
    const float v = pose.landmarks[i].visibility;
    if (v < 0.2f) continue;
    const int a = int(255 * std::clamp(v, 0.0f, 1.0f));
    const ImVec2 p = ctx.ToScreen(pose.landmarks[i].x, pose.landmarks[i].y);
    dl->AddCircleFilled(p, thick + 2, IM_COL32(0, 0, 0, a));
    dl->AddCircleFilled(p, thick, IM_COL32(255, 210, 60, a));
  }
}

void DrawShapes(UiContext& ctx, const core::ExerciseView& view) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const float hpx = ctx.view_max.y - ctx.view_min.y;
  ImFont* font = ImGui::GetFont();
  for (const auto& s : view.shapes) {
    if (s.role == core::Shape::Role::kHand) {
      const ImVec2 c = ctx.ToScreen(s.x, s.y);
      const float r = float(s.radius * hpx);
      dl->AddCircle(c, std::max(10.0f, r), IM_COL32(255, 255, 255, 255), 24, 4);
      continue;
    }
    // Where the theme drew it (exercise_art.cpp), at the exercise's own radius.
    const ImVec2 c = TargetOnScreen(ctx, s).centre;
    const float r = float(s.radius * hpx);
    if (s.role == core::Shape::Role::kTarget) {
      dl->AddCircleFilled(
          c, r, ctx.high_contrast ? IM_COL32(255, 255, 0, 200) : IM_COL32(80, 180, 255, 150), 48);
      dl->AddCircle(c, r, IM_COL32(255, 255, 255, 255), 48, 5);
    } else {  // a guide: an outline (where to stand, a home position, a path)
      dl->AddCircle(c, r, IM_COL32(0, 0, 0, 200), 48, 7);
      dl->AddCircle(c, r, IM_COL32(255, 255, 255, 255), 48, 3);
    }
    if (s.progress > 0) {
      constexpr float kPi = 3.14159265f;
      dl->PathArcTo(c, r + 8, -kPi / 2, -kPi / 2 + float(s.progress) * 2 * kPi, 40);
      dl->PathStroke(IM_COL32(60, 230, 90, 255), 0, 8);
    }
  }
  // The labels last, over every ring (the hand's ring passes over a pursuit target's letter).
  for (const auto& s : view.shapes) {
    if (s.role == core::Shape::Role::kHand || s.label.empty()) continue;
    const ImVec2 c = TargetOnScreen(ctx, s).centre;
    const float r = float(s.radius * hpx);
    // Never smaller than the chosen text size: a label is read from 2-3 m away.
    const float fs = std::max(std::max(24.0f, ImGui::GetFontSize()),
                              r * (s.role == core::Shape::Role::kTarget ? 1.1f : 0.6f));
    const ImVec2 ts = font->CalcTextSizeA(fs, 1e9f, 0, s.label.c_str());
    const ImVec2 at(c.x - ts.x / 2, c.y - ts.y / 2);
    // On a target (the pursuit's striped bee, a yellow disc in high contrast) the letter gets a
    // dark disc behind it and a thick dark outline all round: white on black, whatever is under.
    if (s.role == core::Shape::Role::kTarget)
      dl->AddCircleFilled(c, std::max(ts.x, ts.y) * 0.62f, IM_COL32(0, 0, 0, 200), 32);
    const float o = std::max(2.0f, fs * 0.07f);
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy)
        if (dx || dy)
          dl->AddText(font, fs, ImVec2(at.x + dx * o, at.y + dy * o), IM_COL32(0, 0, 0, 255),
                      s.label.c_str());
    dl->AddText(font, fs, at, IM_COL32(255, 255, 255, 255), s.label.c_str());
  }
}

}  // namespace poise::ui
