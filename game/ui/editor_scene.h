// The frame shared by the plan editor and the patient editor (physiotherapist area): a list
// beside a form (one scrolling column at large text), a message line, "save" and "Back". The
// database is read when the scene opens (Open) and again only after the editor changed it, never
// every frame. Validation problems arrive as core::FieldErrors and each is shown beside its
// field; after a failed save the first one is scrolled into view.
#pragma once

#include <string>

#include "game/core/field_error.h"
#include "game/ui/scene.h"

namespace poise::ui {

class EditorScene : public Scene {
 public:
  bool ShowsCamera() const final { return false; }
  void Draw(UiContext& ctx) final;

 protected:
  /// The list's heading ("Plans", "Patients"), also shown when there is no database.
  virtual const char* Heading() const = 0;
  virtual std::string SaveLabel() const = 0;
  virtual const char* SaveId() const = 0;
  /// Reads what the list shows from the database (when the scene opens, and after a save).
  virtual void Open(UiContext& ctx) = 0;
  virtual void DrawList(UiContext& ctx) = 0;
  virtual void DrawForm(UiContext& ctx) = 0;
  virtual void Save(UiContext& ctx) = 0;
  /// Takes the script's "set:FIELD=VALUE" actions for the form. Called after the list and the
  /// form are drawn and before "save", so actions due in the same slow frame act in the script's
  /// order (open or add, then set, then save).
  virtual void TakeScriptValues(UiContext& ctx) = 0;

  /// Draws every error of `field` (of plan block `block`, -1 for the form's own fields).
  void ShowErrors(const std::string& field, int block = -1);
  /// Sets the problems to show and the message under the form ("Not saved: ...").
  void Reject(UiContext& ctx, core::FieldErrors errors, const std::string& what);
  void ClearErrors() { errors_.clear(); }
  /// The number of errors of one plan block.
  int ErrorsOfBlock(int block) const;

  core::FieldErrors errors_;
  std::string message_;
  bool large_ = false;  ///< large text: one column, labels above their fields

 private:
  bool opened_ = false, scroll_to_error_ = false;
};

}  // namespace poise::ui
