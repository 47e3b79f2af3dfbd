// poise remind: run by the reminder timer (see game/ui/reminder_files.h). Sends a desktop
// notification only on the days the patient's plan expects a session, while the week's sessions
// are not done and there was none today (core::DecideReminder); otherwise stays silent.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "game/app/commands.h"
#include "game/core/metrics/trends.h"
#include "game/core/session/progress.h"
#include "game/core/session/session_plan.h"
#include "game/store/plan_store.h"
#include "game/store/progress_queries.h"
#include "vision/asset_dir.h"

namespace poise::app {
namespace {

std::string LocalDate() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

/// Single-quoted for /bin/sh.
std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// A desktop notification through the freedesktop notification service (gdbus, part of glib).
bool Notify(const std::string& title, const std::string& text) {
  const std::string cmd =
      "gdbus call --session --dest org.freedesktop.Notifications --object-path "
      "/org/freedesktop/Notifications --method org.freedesktop.Notifications.Notify Poise 0 '' " +
      ShellQuote(title) + " " + ShellQuote(text) + " '[]' '{}' 0 >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

}  // namespace

int RunRemind(int argc, char** argv) {
  CLI::App app{"Remind the patient of today's exercises, on plan days when the week is not done."};
  std::string db = store::SessionStore::DefaultPath(), today;
  int64_t profile_id = 0;
  bool dry_run = false;
  app.add_option("--db", db, "session database");
  app.add_option("--profile", profile_id, "the patient's profile id")->required();
  app.add_option("--today", today, "the local date to decide for (YYYY-MM-DD; default today)");
  app.add_flag("--dry-run", dry_run, "print the decision instead of notifying");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (today.empty()) today = LocalDate();
  const int day = core::DayNumber(today);
  if (day < 0) {
    std::fprintf(stderr, "poise remind: --today should be a date like 2026-11-30.\n");
    return 2;
  }
  try {
    store::SessionStore s(db);
    core::Profile who;
    for (const auto& p : s.Profiles())
      if (p.id == profile_id) who = p;
    if (who.id == 0) {
      std::fprintf(stderr, "poise remind: there is no profile %lld in %s.\n",
                   static_cast<long long>(profile_id), db.c_str());
      return 1;
    }
    // The plan the physiotherapist assigned (its latest version), else the default plan.
    int per_week = 3;
    store::PlanStore plans(s);
    if (auto name = plans.Assigned(who.id); name && plans.Latest(*name))
      per_week = plans.Latest(*name)->plan.sessions_per_week;
    else
      per_week = core::LoadSessionPlan(AssetDir() + "/plans/today.json").sessions_per_week;
    core::ReminderInput in;
    in.today = day;
    in.sessions_per_week = per_week;
    in.plan_weekdays = core::PlanWeekdays(per_week);
    in.session_days = store::LoadPatientProgress(s, who.id).session_days;
    const core::ReminderDecision d = core::DecideReminder(in);
    if (dry_run) {
      std::printf("%s: %s%s%s\n", d.notify ? "notify" : "quiet", d.why.c_str(),
                  d.notify ? ": " : "", d.text.c_str());
      return 0;
    }
    if (d.notify && !Notify("Hello " + who.name, d.text)) {
      std::fprintf(stderr, "poise remind: no desktop notification service answered; %s\n",
                   d.text.c_str());
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "poise remind: %s\n", e.what());
    return 1;
  }
}

}  // namespace poise::app
