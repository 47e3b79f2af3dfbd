#include <cstdio>
#include <exception>

#include "game/app/commands.h"

namespace poise::app {

int ReportErrors(const char* command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "poise %s: %s\n", command, e.what());
    return 1;
  }
}

}  // namespace poise::app
