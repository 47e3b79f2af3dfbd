// Clinic mode (issue 17): a physiotherapist connected to the clinic's PostgreSQL server, the
// dashboard of every patient it follows, and a patient opened from it. The connection is shared
// by the clinic scenes and used by one background task at a time (a slow or lost server never
// freezes the screen).
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>

#include "game/clinic/dashboard.h"
#include "game/ui/scene.h"

namespace poise::ui {

struct ClinicSession {
  clinic::PhysioLogin login;
  std::mutex mutex;                            ///< held by whoever uses `conn`
  std::unique_ptr<clinic::PgConnection> conn;  ///< null after a lost connection: reconnect
  bool may_write = false;
  /// The connection, reconnecting when it was lost (call with `mutex` held). Throws ClinicError.
  clinic::PgConnection& Connection();

  struct Failure {
    std::string error;  ///< the ClinicError's sentence; "" when `use` succeeded
    bool lost = false;  ///< transient (connection lost, server busy): the next call reconnects
  };
  /// Runs `use(connection)` with `mutex` held, reconnecting first when the connection was lost.
  /// A ClinicError becomes its sentence; a transient one also drops the connection.
  template <class F>
  Failure Use(F&& use) {
    std::lock_guard<std::mutex> lock(mutex);
    try {
      use(Connection());
      return {};
    } catch (const clinic::ClinicError& e) {
      if (e.Transient()) conn.reset();
      return {e.what(), e.Transient()};
    }
  }
};

/// "Open clinic database": the server address, login, password (typed, or a 0600 file) and the
/// clinic's CA file; fields given on the command line (`poise --clinic URL`) are filled in.
std::unique_ptr<Scene> MakeClinicConnectScene(const std::string& url,
                                              const std::string& password_file,
                                              const std::string& ca_file);
/// The dashboard of every patient the login follows (scene_dashboard.cpp).
std::unique_ptr<Scene> MakeDashboardScene(std::shared_ptr<ClinicSession> session);
/// "Open" on a dashboard row: that patient's sessions from the server and, for a login with
/// write rights, assigning one of this computer's plans as a new version at the clinic. (At
/// merge this opens the review scene through the review data interface instead.)
void OpenClinicPatient(UiContext& ctx, std::shared_ptr<ClinicSession> session,
                       const std::string& patient_uuid, const std::string& name);

/// A patient's plan edited at the clinic: the plan editor (scene_plan_editor.cpp) on the plan
/// assigned to them at the clinic, saved there as a new version assigned to them; this computer's
/// own plans are neither shown nor changed.
struct ClinicPlanEdit {
  struct Saved {
    int version = 0;
    std::string error;  ///< one sentence when not saved (then nothing was written)
    bool lost = false;  ///< the connection was lost (the next save reconnects)
  };
  std::string patient_name;
  core::SessionPlan plan;  ///< the newest assigned at the clinic, or a starting point
  std::string origin;      ///< where `plan` came from, in one sentence
  bool read_only = false;  ///< the login may read plans but not write them
  /// Saves in the background (one transaction at the clinic).
  std::function<std::future<Saved>(core::SessionPlan)> save;
};
std::unique_ptr<Scene> MakeClinicPlanEditorScene(ClinicPlanEdit edit);

/// Today's local calendar day (the dashboard judges as of it).
int LocalToday();

}  // namespace poise::ui
