#include "game/ui/reminder_files.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "game/core/session/player_settings.h"

namespace poise::ui {
namespace fs = std::filesystem;

namespace {
std::string ConfigDir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  return xdg && *xdg ? xdg : std::string(home ? home : ".") + "/.config";
}
/// Single-quoted for systemd's command line (which splits like a shell).
std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
void AskSystemd(const std::string& args) {
  // Best effort: without a user manager (no login session) the link starts it at next login.
  const std::string cmd = "systemctl --user " + args + " >/dev/null 2>&1";
  [[maybe_unused]] const int rc = std::system(cmd.c_str());
}
}  // namespace

ReminderUnit ReminderPaths(int64_t id) {
  const std::string dir = ConfigDir() + "/systemd/user/";
  const std::string name = "poise-remind-" + std::to_string(id);
  return {dir + name + ".timer", dir + name + ".service",
          dir + "timers.target.wants/" + name + ".timer"};
}

std::string ReminderServiceText(const std::string& binary, const std::string& db, int64_t id) {
  return "[Unit]\nDescription=Poise: a reminder on the days your exercise plan expects a "
         "session\n\n[Service]\nType=oneshot\nExecStart=" +
         Quote(binary) + " remind --db " + Quote(db) + " --profile " + std::to_string(id) + "\n";
}

std::string ReminderTimerText(const std::string& hhmm) {
  return "[Unit]\nDescription=Poise exercise reminder at " + hhmm +
         "\n\n[Timer]\nOnCalendar=*-*-* " + hhmm +
         ":00\nPersistent=false\n\n[Install]\nWantedBy=timers.target\n";
}

std::string SelfPath() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "poise" : p.string();
}

std::string InstallReminder(int64_t id, const std::string& hhmm, const std::string& db) {
  if (const std::string err = core::ValidateReminderTime(hhmm); !err.empty()) return err;
  const ReminderUnit u = ReminderPaths(id);
  std::error_code ec;
  fs::create_directories(fs::path(u.wants_link).parent_path(), ec);
  if (ec) return "The reminder could not be set up: " + ec.message() + ".";
  {
    std::ofstream s(u.service_path), t(u.timer_path);
    s << ReminderServiceText(SelfPath(), fs::absolute(db, ec).string(), id);
    t << ReminderTimerText(hhmm);
    if (!s || !t) return "The reminder could not be written to " + u.timer_path + ".";
  }
  fs::remove(u.wants_link, ec);
  fs::create_symlink(u.timer_path, u.wants_link, ec);
  if (ec) return "The reminder could not be switched on: " + ec.message() + ".";
  const std::string unit = fs::path(u.timer_path).filename().string();
  AskSystemd("daemon-reload");
  AskSystemd("restart " + unit);
  return "";
}

std::string RemoveReminder(int64_t id) {
  const ReminderUnit u = ReminderPaths(id);
  const std::string unit = fs::path(u.timer_path).filename().string();
  std::error_code ec;
  if (fs::exists(u.timer_path, ec)) AskSystemd("stop " + unit);
  for (const std::string& p : {u.wants_link, u.timer_path, u.service_path}) {
    fs::remove(p, ec);
    if (ec) return "The reminder could not be removed (" + p + "): " + ec.message() + ".";
  }
  AskSystemd("daemon-reload");
  return "";
}

}  // namespace poise::ui
