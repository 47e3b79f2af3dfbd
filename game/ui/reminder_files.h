// The daily reminder as a systemd user timer: poise-remind-<profile id>.timer fires at the time
// the player chose and runs `poise remind --db DB --profile ID`, which notifies only on plan days
// while the week's sessions are not done (the decision: core::DecideReminder). Installed and
// removed from Settings. Files live in $XDG_CONFIG_HOME/systemd/user (default ~/.config/...).
#pragma once

#include <cstdint>
#include <string>

namespace poise::ui {

struct ReminderUnit {
  std::string timer_path, service_path, wants_link;
};
/// Where the profile's reminder files go.
ReminderUnit ReminderPaths(int64_t profile_id);
/// The unit files' text (pure, for tests): the service runs `binary remind --db db --profile id`.
std::string ReminderServiceText(const std::string& binary, const std::string& db, int64_t id);
std::string ReminderTimerText(const std::string& hhmm);

/// Writes the timer and service, enables the timer (a link in timers.target.wants) and asks a
/// running systemd user manager to load it (silently skipped when there is none: it starts at the
/// next login). Returns "" or one sentence.
std::string InstallReminder(int64_t profile_id, const std::string& hhmm, const std::string& db);
/// Removes the profile's reminder files (none there is fine). Returns "" or one sentence.
std::string RemoveReminder(int64_t profile_id);
/// This program's own path (for the service's command line).
std::string SelfPath();

}  // namespace poise::ui
