#include "game/store/profile_settings.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "game/store/sqlite_stmt.h"

namespace poise::store {

std::optional<core::PlayerSettings> LoadPlayerSettings(SessionStore& store, int64_t profile_id) {
  Stmt s(store.handle(), "SELECT key, value FROM profile_settings WHERE profile_id=?");
  s.Bind(1, profile_id);
  std::map<std::string, std::string> kv;
  while (s.Step()) kv[s.Text(0)] = s.Text(1);
  if (kv.empty()) return std::nullopt;
  core::PlayerSettings out;
  if (auto it = kv.find("ui_scale"); it != kv.end()) {
    const double v = std::atof(it->second.c_str());
    if (v >= 0.75 && v <= 2.0) out.ui_scale = v;
  }
  if (auto it = kv.find("high_contrast"); it != kv.end()) out.high_contrast = it->second == "1";
  if (auto it = kv.find("sound"); it != kv.end()) out.sound = it->second != "0";
  if (auto it = kv.find("source"); it != kv.end()) out.source = it->second;
  if (auto it = kv.find("model"); it != kv.end())
    if (it->second == "lite" || it->second == "full" || it->second == "heavy")
      out.model = it->second;
  if (auto it = kv.find("reminder_time"); it != kv.end())
    if (core::ValidateReminderTime(it->second).empty()) out.reminder_time = it->second;
  return out;
}

void SavePlayerSettings(SessionStore& store, int64_t profile_id, const core::PlayerSettings& p) {
  char scale[16];
  std::snprintf(scale, sizeof scale, "%.2f", p.ui_scale);
  const std::pair<const char*, std::string> kv[] = {{"ui_scale", scale},
                                                    {"high_contrast", p.high_contrast ? "1" : "0"},
                                                    {"sound", p.sound ? "1" : "0"},
                                                    {"source", p.source},
                                                    {"model", p.model},
                                                    {"reminder_time", p.reminder_time}};
  sqlite3* db = store.handle();
  auto exec = [&](const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    const std::string msg = err ? err : "";
    sqlite3_free(err);
    if (rc != SQLITE_OK) throw StoreError(Stmt::Describe(rc, msg.c_str()));
  };
  exec("BEGIN IMMEDIATE");
  try {
    Stmt s(db,
           "INSERT INTO profile_settings(profile_id, key, value, updated_utc) VALUES(?,?,?,?) "
           "ON CONFLICT(profile_id, key) DO UPDATE SET value=excluded.value, "
           "updated_utc=excluded.updated_utc");
    const std::string now = UtcNowIso();
    for (const auto& [k, v] : kv) {
      s.Reset();
      s.Bind(1, profile_id).Bind(2, std::string(k)).Bind(3, v).Bind(4, now);
      s.Step();
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace poise::store
