// libFuzzer target for the database opener (store::SessionStore): mutated database files in,
// either an open store whose profiles and sessions can be listed, or the documented StoreError
// (one sentence). Crashes, sanitizer findings, other exceptions and hangs are bugs. Each input is
// written to one file in a private temporary folder (its -wal and -shm removed between runs).
#include <sqlite3.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "game/store/session_store.h"

namespace {

std::string DbPath() {
  static const std::string path = [] {
    const char* base = std::getenv("TMPDIR");
    const std::string dir = std::string(base && *base ? base : "/tmp") + "/poise-store-fuzz-" +
                            std::to_string(::getpid());
    std::filesystem::create_directories(dir);
    return dir + "/poise.db";
  }();
  return path;
}

}  // namespace

// POISE_FUZZ_MAKE_SEED=PATH: write a small Poise database (512-byte pages, one patient with a
// session, a trial and a setting) to PATH as a seed for the corpus, and exit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* seed = std::getenv("POISE_FUZZ_MAKE_SEED");
  if (!seed || !*seed) return 0;
  std::remove(seed);
  sqlite3* db = nullptr;
  sqlite3_open(seed, &db);
  sqlite3_exec(db, "PRAGMA page_size=512; VACUUM;", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  {
    poise::store::SessionStore store(seed);
    poise::core::Profile p;
    p.name = "Seed";
    const int64_t id = store.AddProfile(p);
    const int64_t session = store.BeginSession(id, "plan", 1, 3);
    poise::core::TrialResult t;
    t.exercise_id = "bubble_reach";
    t.variant = "seated";
    t.metrics = {{"reaction_time", 0.4, "s"}};
    store.RecordTrial(session, 0, t);
    store.EndSession(session, "completed", 4, {"dizziness"});
    store.SetSetting("k", "v");
  }
  std::exit(0);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = DbPath();
  for (const char* side : {"-wal", "-shm", "-journal"}) std::remove((path + side).c_str());
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
  }
  try {
    poise::store::SessionStore store(path);
    for (const auto& p : store.Profiles()) store.Sessions(p.id);
    store.GetSetting("physio_pin_hash");
  } catch (const poise::store::StoreError& e) {
    if (!*e.what()) std::abort();
  }
  return 0;
}
