// A scene: one screen of the game. Holds only its own UI state; reads and changes the shared
// state through UiContext. Scenes form a stack (a pause overlay sits on the exercise).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "game/core/demo/scripted_pose.h"
#include "game/ui/ui_context.h"

namespace poise::ui {

class Scene {
 public:
  virtual ~Scene() = default;
  virtual const char* Name() const = 0;
  /// Called once for every new pose frame while this scene is on top.
  virtual void OnPose(UiContext&) {}
  /// Fixed-step update (60 Hz) while on top.
  virtual void Update(UiContext&) {}
  /// Draws the scene's panels (the camera picture is drawn before, if ShowsCamera()).
  virtual void Draw(UiContext& ctx) = 0;
  virtual bool ShowsCamera() const { return true; }
  /// Overlays let the scene below keep drawing (dimmed) but not updating.
  virtual bool IsOverlay() const { return false; }
};

// Factories, one per scene file.
std::unique_ptr<Scene> MakeMenuScene();
std::unique_ptr<Scene> MakeSettingsScene();
std::unique_ptr<Scene> MakeFreePlayScene();  ///< pick any exercise from the catalogue
std::unique_ptr<Scene> MakeProgressScene();  ///< "My progress" (scene_progress.cpp)
std::unique_ptr<Scene> MakePhysioScene();
std::unique_ptr<Scene> MakePinScene();  ///< asks for (or sets) the PIN, then the physio area
// Reached only from the physio area (so only after the PIN):
std::unique_ptr<Scene> MakePlanEditorScene();     ///< scene_plan_editor.cpp
std::unique_ptr<Scene> MakeProfileEditorScene();  ///< scene_profile_editor.cpp
std::unique_ptr<Scene> MakeClinicLinkScene(int64_t profile_id);  ///< scene_clinic_link.cpp
std::unique_ptr<Scene> MakeProfileScene(bool then_start_session);
std::unique_ptr<Scene> MakeSafetyScene();
std::unique_ptr<Scene> MakeFramingScene();
std::unique_ptr<Scene> MakeCalibrationScene();
std::unique_ptr<Scene> MakeExerciseScene();
/// The session's rest (its View().rest): between blocks the next block follows, else back to
/// the exercise.
std::unique_ptr<Scene> MakeRestScene();
/// resume_on_frames: paused because the pictures stopped; the next pose frame resumes play.
std::unique_ptr<Scene> MakePauseScene(const std::string& reason, bool resume_on_frames = false);
std::unique_ptr<Scene> MakeFallScene();
std::unique_ptr<Scene> MakeSummaryScene();

/// Starts today's plan (or a free-play plan) for ctx.profile: opens a session in the store and
/// goes to the safety check. Returns false (with a sentence in `error`) if it cannot.
bool StartSession(UiContext& ctx, core::SessionPlan plan, std::string& error);
/// Ends the session (stop reason, self-report) in the store and returns to the menu.
void FinishSession(UiContext& ctx, std::optional<int> fatigue_after,
                   const std::vector<std::string>& symptoms);
/// Ends the session in progress, if any, without a self-report (the window closes, a signal):
/// `reason` unless it already has one (e.g. "completed" at the summary).
void EndSessionNow(UiContext& ctx, const std::string& reason);
/// Once a frame: the session's notes to the trace and the speakers; held store writes retried.
void PumpSession(UiContext& ctx);

/// Starts the clinic sync thread when the database has a linked profile (scene_clinic_link.cpp).
void StartClinicSyncIfLinked(UiContext& ctx);
/// The menu's quiet clinic line and the one-time "plan updated" notice, for the current profile.
void DrawClinicLine(UiContext& ctx);

// Drawing helpers shared by scenes (ui_widgets.cpp).
/// A fixed panel (no title, no moving); it scrolls when large text does not fit, unless
/// `extra_flags` says otherwise (e.g. ImGuiWindowFlags_NoScrollbar for a one-line bar).
void BeginPanel(const char* id, ImVec2 pos_frac, ImVec2 size_frac, UiContext& ctx,
                ImGuiWindowFlags extra_flags = 0);
/// The same panel at a place in pixels (no growing with the text size).
void BeginPanelAt(const char* id, ImVec2 pos_px, ImVec2 size_px, UiContext& ctx,
                  ImGuiWindowFlags extra_flags = 0);
void EndPanel();
void Title(const char* text);
void BigText(const std::string& text);
/// Height of a panel's footer: one row of buttons plus `message` wrapped to the panel's width
/// (an editor's scrolling part ends this far above the bottom).
float FooterHeight(const std::string& message);
/// An editor's body, ending foot_h above the panel's bottom: the list (30 % wide) beside the
/// form, or with one_column (large text) a single scrolling column, form first, then the list.
void EditorColumns(bool one_column, float foot_h, const std::function<void()>& draw_list,
                   const std::function<void()>& draw_form);
/// A panel's scrolling part, ending footer_h above its bottom (UiContext::FooterHeight): the
/// main actions drawn after EndBody() stay on screen at every text size.
void BeginBody(float footer_h);
void EndBody();
/// Half the width left on this row (two buttons side by side).
float HalfWidth();
/// A checkbox whose label wraps (long labels at large text sizes); the label toggles it too.
bool CheckLine(const char* label, bool* value);
/// A 0-10 tiredness slider that starts unset ("Not answered") and is answered once touched (a
/// click, a drag or an arrow key). True when touched this frame.
bool TirednessSlider(const char* id, std::optional<int>& value);
/// The exercise's demonstration body (core::Exercise::Demo), mirrored like the picture.
void DrawStickFigure(ImVec2 center, float height_px, core::BodySpec body);

}  // namespace poise::ui
