// poise pin reset: the documented way out of a forgotten physiotherapist PIN.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "game/app/commands.h"
#include "game/store/pin_vault.h"

namespace poise::app {

int RunPin(int argc, char** argv) {
  CLI::App app{
      "Manage the physiotherapist PIN (a new PIN has 6 to 8 digits; it is set in the game). "
      "Every reset is recorded in the PIN events the physiotherapist area lists."};
  app.require_subcommand(1);
  std::string db = store::SessionStore::DefaultPath();
  auto* reset = app.add_subcommand(
      "reset", "remove the PIN (set a new one at next use); keeps all patient data");
  reset->add_option("--db", db, "session database");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ReportErrors("pin", [&] {
    store::SessionStore s(db);
    store::PinVault(s).Reset();
    std::printf(
        "The physiotherapist PIN was removed from %s; all patient data is kept and the reset is "
        "recorded in the PIN events. Set a new PIN of 6 to 8 digits in the game.\n",
        db.c_str());
    return 0;
  });
}

}  // namespace poise::app
