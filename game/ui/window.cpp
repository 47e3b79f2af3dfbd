#include "game/ui/window.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <cstdlib>

namespace poise::ui {

Window::Window(const char* title, int width, int height, bool headless) {
  if (headless) {
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    setenv("SDL_AUDIODRIVER", "dummy", 0);
  } else if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
    error_ = "there is no display to open a window on; use --headless to run without one.";
    return;
  }
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    error_ = std::string("the window system cannot be started (") + SDL_GetError() + ").";
    return;
  }
  sdl_ = true;
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  window_ = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                             SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE |
                                 // A real screen: as big as it gets, to be read from 2-3 m away.
                                 (headless ? 0 : SDL_WINDOW_MAXIMIZED));
  gl_ = window_ ? SDL_GL_CreateContext(window_) : nullptr;
  if (!gl_) {
    error_ = std::string("OpenGL 3.3 is not available (") + SDL_GetError() + ").";
    return;
  }
  SDL_GL_MakeCurrent(window_, gl_);
  SDL_GL_SetSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
  ImGui_ImplOpenGL3_Init("#version 150");
  imgui_ = true;
}

Window::~Window() {
  if (imgui_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
  }
  if (gl_) SDL_GL_DeleteContext(gl_);
  if (window_) SDL_DestroyWindow(window_);
  if (sdl_) SDL_Quit();
}

void Window::DrawableSize(int* w, int* h) const { SDL_GL_GetDrawableSize(window_, w, h); }

void Window::Swap() { SDL_GL_SwapWindow(window_); }

}  // namespace poise::ui
