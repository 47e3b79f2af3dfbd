// The window, its OpenGL context and Dear ImGui with its SDL2 + OpenGL3 backends, created and
// destroyed together (RAII). They live in ui, not app: SDL and ImGui are included only in ui
// (docs/architecture.md). Headless: SDL's offscreen driver (a real OpenGL context, no display).
#pragma once

#include <string>

struct SDL_Window;

namespace poise::ui {

class Window {
 public:
  /// Opens everything; on failure error() is one sentence and nothing is left open.
  Window(const char* title, int width, int height, bool headless);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  SDL_Window* sdl() const { return window_; }
  /// The drawable size in pixels.
  void DrawableSize(int* w, int* h) const;
  void Swap();

 private:
  SDL_Window* window_ = nullptr;
  void* gl_ = nullptr;  ///< SDL_GLContext
  bool sdl_ = false, imgui_ = false;
  std::string error_;
};

}  // namespace poise::ui
