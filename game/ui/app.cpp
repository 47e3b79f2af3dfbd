#include "game/ui/app.h"

#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <thread>

#include "game/core/exercises/trial_json.h"
#include "game/ui/camera_view.h"
#include "game/ui/clinic_mode.h"
#include "game/ui/player_prefs.h"
#include "game/ui/scene.h"
#include "game/ui/window.h"
#include "vision/asset_dir.h"
#include "vision/frame_reader.h"
#include "vision/open_feed.h"

namespace poise::ui {
namespace {

/// SIGTERM / SIGINT: the loop ends at its next frame and the session's end is recorded.
volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void OnStopSignal(int sig) { g_stop_signal = sig; }

void CatchStopSignals() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
}

/// At start: records an earlier run could not store, then sessions a kill left open.
void RepairStore(UiContext& ctx) {
  if (!ctx.store) return;
  try {
    const store::RecoveryImport r = store::ImportRecovery(*ctx.store);
    if (r.stored > 0)
      ctx.Trace("event",
                "recovered " + std::to_string(r.stored) + " records of an earlier session");
    if (!r.error.empty()) ctx.Trace("event", "store error: " + r.error);
    if (const int n = ctx.store->CloseInterruptedSessions(); n > 0)
      ctx.Trace("event", "closed " + std::to_string(n) + " interrupted sessions");
  } catch (const std::exception& e) {
    ctx.Trace("event", std::string("store error: ") + e.what());
  }
}

void ApplyStyle(bool high_contrast, float scale) {
  ImGuiStyle style;
  if (high_contrast) {
    ImGui::StyleColorsClassic(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_Button] = ImVec4(1, 1, 0, 1);
    style.Colors[ImGuiCol_ButtonHovered] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_ButtonActive] = ImVec4(0.8f, 0.8f, 0.8f, 1);
    style.Colors[ImGuiCol_Border] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_FrameBg] = ImVec4(0.2f, 0.2f, 0.2f, 1);
    style.Colors[ImGuiCol_CheckMark] = ImVec4(1, 1, 0, 1);
    style.WindowBorderSize = 3;
    style.FrameBorderSize = 2;
    style.Colors[ImGuiCol_NavHighlight] = ImVec4(0, 1, 1, 1);  // the focus ring: cyan
  } else {
    ImGui::StyleColorsDark(&style);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.08f, 0.10f, 0.14f, 1);
    style.Colors[ImGuiCol_Button] = ImVec4(0.13f, 0.40f, 0.75f, 1);
    style.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.20f, 0.50f, 0.90f, 1);
    style.FrameBorderSize = 1;
    style.Colors[ImGuiCol_NavHighlight] = ImVec4(1, 200 / 255.0f, 0, 1);  // the focus ring: amber
  }
  style.WindowRounding = 12;
  style.FrameRounding = 10;
  style.WindowPadding = ImVec2(24, 20);
  style.FramePadding = ImVec2(16, 10);
  style.ItemSpacing = ImVec2(14, 14);
  style.ScaleAllSizes(std::min(scale, 1.3f));  // padding grows less than text: room for content
  ImGui::GetStyle() = style;
  // Button text: dark on yellow in high contrast.
  if (high_contrast) ImGui::GetStyle().Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
}

void LoadFonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const std::string path = AssetDir() + "/fonts/DejaVuSans.ttf";
  if (!io.Fonts->AddFontFromFileTTF(path.c_str(), 26.0f * scale)) io.Fonts->AddFontDefault();
}

/// CPU time (user + system, every thread) this process has used, in milliseconds.
double ProcessCpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

class Stats {
 public:
  void Frame(double now_ms) {
    if (frames_++ == 0) {
      first_ms_ = now_ms;
      first_cpu_ms_ = ProcessCpuMs();
    }
    last_ms_ = now_ms;
    last_cpu_ms_ = ProcessCpuMs();
  }
  void Pose(double latency_ms) {
    ++poses_;
    latency_.push_back(latency_ms);
  }
  /// Rates over the time the loop ran (from its first frame), not counting start-up.
  nlohmann::json Json(const UiContext& ctx) const {
    std::vector<double> l = latency_;
    std::sort(l.begin(), l.end());
    const double seconds = (last_ms_ - first_ms_) / 1000;
    return {{"render_fps", frames_ > 1 ? (frames_ - 1) / std::max(seconds, 1e-3) : 0.0},
            {"pose_fps", poses_ / std::max(seconds, 1e-3)},
            {"latency_ms_median", l.empty() ? 0.0 : l[l.size() / 2]},
            // CPU time of every thread (drawing, capture, inference) per second of play.
            {"cpu_ms_per_s", (last_cpu_ms_ - first_cpu_ms_) / std::max(seconds, 1e-3)},
            {"frames", frames_},
            {"poses", poses_},
            {"scenes", ctx.scenes_visited},
            {"final_scene", ctx.scenes.empty() ? "" : ctx.scenes.top().Name()},
            {"trials", ctx.session ? ctx.session->results().size() : 0},
            // The engine actually in use: "opencv" after a fallback from XNNPACK.
            {"engine", ctx.feed ? ctx.feed->Engine() : ""}};
  }

 private:
  long frames_ = 0, poses_ = 0;
  double first_ms_ = 0, last_ms_ = 0, first_cpu_ms_ = 0, last_cpu_ms_ = 0;
  std::vector<double> latency_;
};

bool SaveScreenshot(const std::string& path, int w, int h) {
  cv::Mat rgba(h, w, CV_8UC4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
  cv::Mat bgr;
  cv::cvtColor(rgba, bgr, cv::COLOR_RGBA2BGR);
  cv::flip(bgr, bgr, 0);
  return cv::imwrite(path, bgr);
}

bool WriteSummaryJson(const std::string& path, const UiContext& ctx) {
  nlohmann::json trials = nlohmann::json::array();
  for (const core::TrialResult& t : ctx.played) trials.push_back(core::TrialToJson(t));
  if (ctx.session)
    for (const core::TrialResult& t : ctx.session->results())
      trials.push_back(core::TrialToJson(t));
  const nlohmann::json j = {{"exercise", ctx.options.exercise},
                            {"variant", ctx.options.variant},
                            {"source", ctx.options.source},
                            {"trials", trials}};
  std::ofstream out(path);
  out << j.dump(2) << "\n";
  return bool(out);
}

void Autostart(UiContext& ctx) {
  if (!ctx.store) return;
  // A busy or full database says so in one sentence; it never stops the game.
  try {
    auto profiles = ctx.store->Profiles();
    if (profiles.empty()) {
      core::Profile p;
      p.name = "Player";
      p.id = ctx.store->AddProfile(p);
      profiles = ctx.store->Profiles();
    }
    ctx.profile = profiles.front();
    ApplyProfileSettings(ctx);
    std::string err;
    if (!StartSession(ctx, ctx.TodaysPlan(), err)) std::fprintf(stderr, "poise: %s\n", err.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "poise: %s\n", e.what());
  }
}

/// Script press:KEY: a key down now and its key up on the next frame (ImGui 1.86 reads key
/// state, so both in one frame would be missed), through SDL like a real keyboard.
void PushScriptKeys(UiContext& ctx, SDL_Scancode& key_up) {
  auto push = [](Uint32 type, SDL_Scancode sc) {
    SDL_Event e{};
    e.type = type;
    e.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.key.keysym.scancode = sc;
    e.key.keysym.sym = SDL_GetKeyFromScancode(sc);
    SDL_PushEvent(&e);
  };
  if (key_up != SDL_SCANCODE_UNKNOWN) {
    push(SDL_KEYUP, key_up);
    key_up = SDL_SCANCODE_UNKNOWN;
    return;
  }
  if (auto k = ctx.script.TakePress()) {
    const SDL_Scancode sc = SDL_GetScancodeFromName(k->c_str());
    if (sc == SDL_SCANCODE_UNKNOWN) return ctx.Trace("event", "script: no key called " + *k);
    push(SDL_KEYDOWN, sc);
    key_up = sc;
  }
}

/// ImGui 1.86 presses the focused button with Space only; Enter (and keypad Enter) too, as
/// people expect, unless a text field is being typed in.
void EnterPressesTheFocusedButton() {
  ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput && (io.KeysDown[SDL_SCANCODE_RETURN] || io.KeysDown[SDL_SCANCODE_KP_ENTER]))
    io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
}

}  // namespace

int RunApp(const AppOptions& options) {
  Window window("Poise", options.width, options.height, options.headless);
  if (!window.ok()) {
    std::fprintf(stderr, "poise: %s\n", window.error().c_str());
    return 1;
  }

  int rc = 0;
  {
    UiContext ctx;
    ctx.options = options;
    ctx.ui_scale = std::clamp(options.ui_scale, 0.75, 2.0);
    ctx.high_contrast = options.high_contrast;
    float font_scale = float(ctx.ui_scale);
    bool style_contrast = ctx.high_contrast;
    LoadFonts(font_scale);
    ApplyStyle(style_contrast, font_scale);
    ctx.audio = std::make_unique<Audio>();
    ctx.audio->set_muted(options.mute);
    try {
      ctx.store = std::make_unique<store::SessionStore>(
          options.db_path.empty() ? store::SessionStore::DefaultPath() : options.db_path);
      // Once: the next start finds nothing left to tighten.
      if (!ctx.store->permission_note().empty())
        std::fprintf(stderr, "poise: %s\n", ctx.store->permission_note().c_str());
    } catch (const std::exception& e) {
      ctx.store_error = e.what();
    }
    StartClinicSyncIfLinked(ctx);
    if (!options.script_path.empty()) {
      try {
        ctx.script.Load(options.script_path);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "poise: %s\n", e.what());
        rc = 2;
      }
    }
    if (!options.trace_path.empty()) ctx.trace.open(options.trace_path);
    RepairStore(ctx);
    g_stop_signal = 0;
    CatchStopSignals();
    ctx.OpenSource(options.source);
    ctx.scenes.Push(MakeMenuScene());
    ctx.scenes.Apply();
    ctx.scenes_visited.push_back("menu");
    ctx.Trace("scene", "menu");
    if (options.first_scene) ctx.scenes.Push(options.first_scene(ctx));
    if (!options.clinic_url.empty())  // clinic mode: the menu stays below it
      ctx.Push(MakeClinicConnectScene(options.clinic_url, options.clinic_password_file,
                                      options.clinic_ca));
    if (!ctx.feed_error.empty()) ctx.Trace("event", "no camera: " + ctx.feed_error);

    CameraView camera;
    Stats stats;
    const double start = vision::SteadyNowMs();
    double last = start, accumulator = 0;
    int64_t last_pose_index = -1;
    const vision::PoseFeed* last_feed = nullptr;
    bool autostarted = false, running = rc == 0, shot_taken = false;
    double scene_since_ms = 0;
    std::set<std::string> shots;
    // With screenshots, the text the panels' widgets draw is kept too (PNG + ".txt"), so tests
    // can check a screen's words: each panel logs its text (ImGui's log to the "clipboard",
    // BeginPanel), and ImGui hands it over here when the panel ends.
    std::string panel_text;
    if (!options.screenshot.empty()) {
      ImGuiIO& io = ImGui::GetIO();
      io.ClipboardUserData = &panel_text;
      io.SetClipboardTextFn = [](void* text, const char* s) {
        static_cast<std::string*>(text)->append(s);
      };
    }
    std::string scene_now = "menu";
    const double step_ms = 1000.0 / 60;
    double next_frame_ms = vision::SteadyNowMs();
    SDL_Scancode script_key_up = SDL_SCANCODE_UNKNOWN;
    while (running) {
      PushScriptKeys(ctx, script_key_up);
      SDL_Event ev;
      while (SDL_PollEvent(&ev)) {
        ImGui_ImplSDL2_ProcessEvent(&ev);
        if (ev.type == SDL_QUIT) ctx.quit = true;
        if (ev.type == SDL_KEYDOWN && !ev.key.repeat && !ImGui::GetIO().WantTextInput) {
          const auto k = ev.key.keysym.scancode;
          if (k == SDL_SCANCODE_SPACE || k == SDL_SCANCODE_P || k == SDL_SCANCODE_ESCAPE)
            ctx.pause_key_down = true;
        }
      }
      ctx.now_ms = vision::SteadyNowMs();
      ctx.elapsed_s = (ctx.now_ms - start) / 1000;
      ctx.script.Advance(ctx.elapsed_s);
      if (options.autostart && !autostarted) {
        autostarted = true;
        Autostart(ctx);
      }
      // The newest pose: never waits for inference.
      ctx.new_pose = false;
      if (ctx.feed) {
        if (ctx.feed.get() != last_feed) {
          last_feed = ctx.feed.get();
          last_pose_index = -1;
        }
        auto f = ctx.feed->Latest();
        if (f && f->pose.frame_index != last_pose_index) {
          last_pose_index = f->pose.frame_index;
          ctx.frame = f;
          ctx.new_pose = true;
          stats.Pose(ctx.now_ms - f->pose.capture_ms);
        }
        const vision::FeedStatus st = ctx.feed->Status();
        if (st.state == vision::FeedState::kFailed && ctx.feed_error != st.message) {
          ctx.feed_error = st.message;  // e.g. the camera was unplugged
          ctx.Trace("event", "camera failed: " + st.message);
          if (ctx.session && std::string(ctx.scenes.top().Name()) == "exercise") {
            ctx.session->Pause(st.message, ctx.now_ms);
            ctx.scenes.top().Update(ctx);  // shows the pause
          }
        }
      }
      if (float(ctx.ui_scale) != font_scale || ctx.high_contrast != style_contrast) {
        font_scale = float(ctx.ui_scale);
        style_contrast = ctx.high_contrast;
        LoadFonts(font_scale);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        ApplyStyle(style_contrast, font_scale);
      }
      Scene* top = &ctx.scenes.top();
      if (ctx.new_pose) top->OnPose(ctx);
      accumulator = std::min(accumulator + (ctx.now_ms - last), 5 * step_ms);
      last = ctx.now_ms;
      while (accumulator >= step_ms) {
        ctx.scenes.top().Update(ctx);
        accumulator -= step_ms;
      }

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplSDL2_NewFrame();
      EnterPressesTheFocusedButton();
      ImGui::NewFrame();
      panel_text.clear();
      top = &ctx.scenes.top();
      Scene* below = top->IsOverlay() ? ctx.scenes.below_top() : nullptr;
      Scene* base = below ? below : top;
      if (base->ShowsCamera())
        camera.Draw(ctx);
      else
        ImGui::GetBackgroundDrawList()->AddRectFilled(
            ImVec2(0, 0), ImGui::GetIO().DisplaySize,
            ctx.high_contrast ? IM_COL32(0, 0, 0, 255) : IM_COL32(24, 32, 40, 255));
      // Under an overlay (pause) the picture stays visible but dimmed; the scene's own panels
      // are not drawn, so nothing competes with the overlay's choices.
      if (below)
        ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), ImGui::GetIO().DisplaySize,
                                                      IM_COL32(0, 0, 0, 140));
      top->Draw(ctx);
      PumpSession(ctx);
      const std::string before = top->Name();
      ctx.scenes.Apply();
      // A key is for the screen it was pressed on: one no scene took (Space during calibration)
      // must not pause the next screen the moment it shows.
      if (&ctx.scenes.top() != top) ctx.pause_key_down = false;
      if (ctx.scenes.top().Name() != before) {
        ctx.scenes_visited.push_back(ctx.scenes.top().Name());
        ctx.Trace("scene", ctx.scenes.top().Name());
      }
      if (scene_now != ctx.scenes.top().Name()) {
        scene_now = ctx.scenes.top().Name();
        ctx.meter_showing = false;  // the new scene sets it again if it shows a meter
        scene_since_ms = ctx.now_ms;
      }
      const std::string frame_text = panel_text;
      ImGui::Render();
      int w, h;
      window.DrawableSize(&w, &h);
      glViewport(0, 0, w, h);
      glClearColor(0, 0, 0, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      // Off-screen (an EGL pbuffer) the swap below does nothing, so nothing ever made llvmpipe
      // execute the frames: their commands piled up (~30 MB/s) and the exit waited minutes
      // for them. Finish each frame here instead.
      if (options.headless) glFinish();
      stats.Frame(vision::SteadyNowMs());
      // --screenshot-scene NAME: once, 1.5 s after NAME shows; "all": every scene once, as
      // SCREENSHOT with "-NAME" before the extension.
      const bool all = options.screenshot_scene == "all";
      if (!options.screenshot.empty() &&
          (all || (!shot_taken && scene_now == options.screenshot_scene)) &&
          ctx.now_ms - scene_since_ms > 1500 && !shots.count(scene_now)) {
        std::string path = options.screenshot;
        if (all)
          path.insert(path.rfind('.') == std::string::npos ? path.size() : path.rfind('.'),
                      "-" + scene_now);
        shot_taken = SaveScreenshot(path, w, h);
        std::ofstream(path + ".txt") << frame_text;
        shots.insert(scene_now);
        ctx.Trace("event", "screenshot of " + scene_now);
      }
      const bool timeout = options.exit_after_s > 0 && ctx.elapsed_s >= options.exit_after_s;
      // One exercise started from the command line ends the run when it is done (after any
      // screenshot of the summary that was asked for).
      const bool exercise_done = options.autostart && !options.exercise.empty() &&
                                 scene_now == "summary" &&
                                 (options.screenshot_scene.empty() || shots.count("summary") ||
                                  options.screenshot_scene != "summary");
      if (g_stop_signal) ctx.quit = true;
      if (ctx.quit || timeout || exercise_done) {
        running = false;
        if (!options.screenshot.empty() && options.screenshot_scene.empty()) {
          if (!SaveScreenshot(options.screenshot, w, h))
            std::fprintf(stderr, "poise: the screenshot %s could not be written.\n",
                         options.screenshot.c_str());
          std::ofstream(options.screenshot + ".txt") << frame_text;
        }
      }
      window.Swap();
      // Draw at most 60 times a second: the rest of the CPU is for pose inference.
      // Frames on a fixed 60 Hz schedule (not "sleep what is left of this frame"): a late frame
      // is made up by a shorter wait, so the rate holds 60 when drawing takes most of a frame.
      next_frame_ms += step_ms;
      const double now = vision::SteadyNowMs();
      if (next_frame_ms < now - step_ms) next_frame_ms = now;  // far behind: do not race
      if (next_frame_ms > now)
        std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(next_frame_ms - now));
    }
    if (options.stats) std::printf("%s\n", stats.Json(ctx).dump().c_str());
    if (!options.summary_json.empty() && !WriteSummaryJson(options.summary_json, ctx)) {
      std::fprintf(stderr, "poise: the summary %s could not be written.\n",
                   options.summary_json.c_str());
      rc = 1;
    }
    // Every way out records the session's end: at the summary it keeps its own reason.
    const std::string store_error = ctx.store_error;
    EndSessionNow(ctx, g_stop_signal ? "terminated" : "closed");
    if (ctx.store_error != store_error)  // part of the session could not be stored
      std::fprintf(stderr, "poise: %s\n", ctx.store_error.c_str());
    ctx.scenes.Clear();
  }
  return rc;
}

}  // namespace poise::ui
