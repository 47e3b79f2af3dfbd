// What every scene can reach: the pose feed, the store, the player, the session in progress,
// settings, audio, and the means to act (buttons that scripts can press too) and to move between
// scenes. Owned by the App; scenes hold only their own UI state.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <array>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "game/core/exercises/trial.h"
#include "game/core/session/calibration.h"
#include "game/core/session/profile.h"
#include "game/core/session/session.h"
#include "game/core/session/session_plan.h"
#include "game/store/session_recorder.h"
#include "game/clinic/sync_service.h"
#include "game/store/session_store.h"
#include "game/ui/audio.h"
#include "game/ui/scene_stack.h"
#include "vision/pose_feed.h"

namespace poise::ui {

class Scene;
struct UiContext;

struct AppOptions {
  std::string source = "camera:0";
  std::string model = "lite";
  /// Given on the command line (camera, model, text size or contrast): a profile's saved
  /// settings do not replace them.
  bool source_given = false, model_given = false, look_given = false;
  std::string db_path;    ///< empty: SessionStore::DefaultPath()
  std::string plan_path;  ///< empty: <assets>/plans/today.json
  std::string exercise;   ///< play only this exercise (a one-block plan) instead of the plan
  std::string variant = "standing";
  int exercise_trials = 10;
  std::string summary_json;  ///< on exit, every trial played (parameters, outcome, metrics)
  bool headless = false;
  double exit_after_s = 0;
  std::string screenshot;
  std::string screenshot_scene;  ///< save the screenshot 1.5 s after this scene first shows
  bool autostart = false;
  bool stats = false;
  std::string script_path;  ///< timed actions for tests and demos
  std::string trace_path;   ///< JSON lines: scene changes and events
  double ui_scale = 1.0;
  bool high_contrast = false;
  bool mute = false;
  bool record_poses = true;  ///< store each block's landmark stream (also the setting record_poses)
  int width = 1280, height = 720;

  std::string engine = "xnnpack";  ///< pose inference: xnnpack or opencv
  int threads = 0;                 ///< inference threads; 0 chooses from the machine
  /// When set, its scene is opened over the menu at start (tests, or a caller that has its own
  /// data source, e.g. a review fed from the clinic server).
  std::function<std::unique_ptr<Scene>(UiContext&)> first_scene;
  /// Clinic mode (--clinic): open the clinic database screen at start (scene_clinic_connect.cpp).
  std::string clinic_url, clinic_password_file, clinic_ca;
};

/// Timed actions read from a script file: "SECONDS ACTION" per line, where ACTION is
/// click:ID (press the button with that id), key:space|p|escape, press:KEY (a real key through
/// SDL and ImGui: up, down, left, right, tab, return, space, escape), or set:FIELD=VALUE (ids and
/// values run to the end of the line, so they may contain spaces).
class ScriptPlayer {
 public:
  void Load(const std::string& path);  ///< throws std::runtime_error naming the line
  void Advance(double elapsed_s);      ///< once a frame: moves due actions into the pending lists
  bool TakeClick(const std::string& id);
  bool TakeKey(const std::string& key);
  std::optional<std::string> TakeValue(const std::string& field);
  /// The next due press:KEY (a real key event for the keyboard path: down, then up next frame).
  std::optional<std::string> TakePress();

 private:
  struct Action {
    double t_s;
    std::string kind, arg;
  };
  std::deque<Action> queue_;
  std::vector<Action> due_;
  bool clicked_this_frame_ = false;
};

/// The thick keyboard-focus ring around the last item (button, check box, slider) when it has
/// the keyboard focus, in the style's NavHighlight colour (ui_widgets.cpp).
void DrawFocusRingOnLastItem();

struct UiContext {
  AppOptions options;
  std::unique_ptr<vision::PoseFeed> feed;
  std::string feed_error;  ///< one sentence when the camera/source could not be opened
  std::string source;      ///< what the feed is reading now
  std::unique_ptr<store::SessionStore> store;
  std::string store_error;  ///< one sentence when the database cannot be used
  std::optional<core::Profile> profile;
  std::optional<core::Calibration> calibration;
  /// The session in progress and where it is recorded (the session is destroyed first).
  std::unique_ptr<store::SessionRecorder> recorder;
  std::unique_ptr<core::Session> session;
  std::optional<core::SessionPlan> pending_plan;  ///< to start once a profile is chosen
  bool pending_plan_is_todays = false;            ///< then today's plan is decided for that profile
  std::unique_ptr<Audio> audio;
  ScriptPlayer script;
  std::ofstream trace;
  std::vector<std::string> scenes_visited;
  std::vector<core::TrialResult> played;  ///< trials of the sessions ended in this run
  /// The clinic sync thread: only when a profile is linked (else no socket is ever opened).
  std::unique_ptr<clinic::ClinicSyncService> clinic;
  std::string clinic_notice;           ///< "Your physiotherapist updated your plan." (menu)
  int64_t clinic_notice_checked = -1;  ///< the profile whose notice was looked up

  double now_ms = 0;                                  ///< steady clock
  double elapsed_s = 0;                               ///< since start
  std::shared_ptr<const vision::TrackedFrame> frame;  ///< newest pose frame
  bool new_pose = false;  ///< `frame` arrived since the previous loop iteration
  double ui_scale = 1.0;
  bool high_contrast = false;
  std::string reminder_time;  ///< the chosen player's reminder ("HH:MM"), empty when none
  bool quit = false;
  ImVec2 view_min{0, 0}, view_max{0, 0};  ///< where the camera picture is on screen

  // Scene changes take effect after the current frame (SceneStack::Apply).
  void Push(std::unique_ptr<Scene>&& s) { scenes.Push(std::move(s)); }
  void Replace(std::unique_ptr<Scene>&& s) { scenes.Replace(std::move(s)); }  ///< the top scene
  void ResetTo(std::unique_ptr<Scene>&& s) { scenes.ResetTo(std::move(s)); }  ///< the whole stack
  void Pop() { scenes.Pop(); }

  /// Switches the pose feed to `source` (camera:N, a video, poses:FILE...). On failure keeps no
  /// feed, sets feed_error to one sentence and returns false.
  bool OpenSource(const std::string& source);
  /// Today's plan: --exercise as a one-block plan, else --plan FILE, else the plan assigned to
  /// the chosen profile (its latest saved version), else the default plan
  /// (<assets>/plans/today.json).
  /// Throws std::runtime_error with one sentence when the plan cannot be used.
  core::SessionPlan TodaysPlan() const;
  /// A big button; true when clicked, or when the script clicks `id`. A label wider than the
  /// button wraps (the button grows), so a choice is never clipped.
  bool Button(const char* label, const char* id, float width = 0);
  /// A big button's height (one line of its label).
  float ButtonHeight() const;
  /// The height of Button(label) at `width` (0 or less: the rest of the row), wrapped.
  float ButtonHeight(const char* label, float width) const;
  /// Room for `rows` rows of big buttons at the bottom of a panel (the main actions stay on
  /// screen while the part above them scrolls).
  float FooterHeight(int rows) const;
  /// A thick, high-contrast ring around the last item when it has the keyboard focus.
  void DrawFocusRing() const;
  /// --trace: the last button's rectangle, its panel's and the display's (once per scene and
  /// button, and when it moves).
  void TraceButton(const char* id);
  std::map<std::string, std::array<int, 4>> button_rects;
  /// Pause keys this frame (Space, P, Escape), from the keyboard or the script.
  bool PausePressed();
  void Trace(const std::string& kind, const std::string& detail);
  /// Image-normalised (unmirrored) point -> screen, mirrored like the picture.
  ImVec2 ToScreen(double x, double y) const;
  /// Heights of the top and bottom bars as fractions of the screen; they grow with the text size
  /// and the camera picture fits between them.
  float TopBar() const { return std::min(0.22f, 0.07f + 0.065f * float(ui_scale)); }
  float BottomBar() const {
    return std::min(0.34f, 0.08f + (meter_showing ? 0.13f : 0.08f) * float(ui_scale));
  }
  /// The exercise shows a labelled meter under its prompt: the bottom bar grows to hold it.
  bool meter_showing = false;

  SceneStack scenes;
  bool pause_key_down = false;
};

}  // namespace poise::ui
