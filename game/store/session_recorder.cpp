#include "game/store/session_recorder.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "game/core/exercises/trial_json.h"
#include "game/store/pose_stream.h"
#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// While held records are retried the game must not stall: a short lock wait, then the usual.
constexpr int kRetryBusyMs = 200;
constexpr int kNormalBusyMs = 2000;

void Exec(SessionStore& store, const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(store.handle(), sql, nullptr, nullptr, &err);
  const std::string msg = err ? err : "";
  sqlite3_free(err);
  if (rc != SQLITE_OK) throw StoreError(Stmt::Describe(rc, msg.c_str()));
}

/// BEGIN IMMEDIATE ... COMMIT, rolled back when anything in between throws.
template <class F>
void InTransaction(SessionStore& store, F&& body) {
  Exec(store, "BEGIN IMMEDIATE");
  try {
    body();
    Exec(store, "COMMIT");
  } catch (...) {
    sqlite3_exec(store.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

core::TrialResult TrialFromJson(const json& j) {
  core::TrialResult t;
  t.exercise_id = j.at("exercise").get<std::string>();
  t.variant = j.at("variant").get<std::string>();
  t.trial_index = j.at("trial_index").get<int>();
  t.level = j.at("level").get<double>();
  const std::string o = j.at("outcome").get<std::string>();
  t.outcome = o == "success"   ? core::TrialOutcome::kSuccess
              : o == "invalid" ? core::TrialOutcome::kInvalid
                               : core::TrialOutcome::kFailure;
  t.note = j.at("note").get<std::string>();
  t.start_ms = j.at("start_ms").get<double>();
  t.end_ms = j.at("end_ms").get<double>();
  for (const json& p : j.at("parameters"))
    t.parameters.push_back({p.at("name"), p.at("value"), p.at("unit")});
  for (const json& m : j.at("metrics"))
    t.metrics.push_back({m.at("name"), m.at("value"), m.at("unit")});
  return t;
}

/// Stores one held record. Throws StoreError (the database refused it) or json errors (a
/// damaged recovery line).
void Apply(SessionStore& store, const json& r, const std::vector<core::ReplayFrame>& frames) {
  const std::string type = r.at("type");
  const int64_t sid = r.at("session_id");
  const std::string t_utc = r.at("t_utc");
  if (type == "fatigue_before") {
    store.SetFatigueBefore(sid, r.at("value"));
  } else if (type == "trial") {
    const core::TrialResult t = TrialFromJson(r.at("trial"));
    InTransaction(store, [&] {
      store.RecordTrial(sid, r.at("block"), t, t_utc);
      for (const json& c : r.at("changes"))
        store.RecordLevelChange(sid, t.exercise_id, c.at("trial_index"), c.at("from"), c.at("to"),
                                c.at("reason"), t_utc);
      const int64_t profile = r.at("profile_id");
      if (profile > 0 && !r.at("level_after").is_null())
        store.SaveLevel(profile, t.exercise_id, core::LevelStateFromJson(r.at("level_after")));
    });
  } else if (type == "event") {
    store.RecordEvent(sid, r.at("kind"), r.at("detail"), t_utc);
  } else if (type == "pose_stream") {
    SavePoseStream(store, sid, r.at("block"), r.at("exercise"), frames);
  } else if (type == "end") {
    std::optional<int> fatigue;
    if (!r.at("fatigue_after").is_null()) fatigue = r.at("fatigue_after").get<int>();
    store.EndSession(sid, r.at("stop_reason"), fatigue,
                     r.at("symptoms").get<std::vector<std::string>>(), t_utc);
  } else {
    throw std::runtime_error("unknown record type '" + type + "'");
  }
}

/// Appends lines to a file and flushes them to the disk; false when any step fails.
bool AppendDurably(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += size_t(n);
  }
  const bool ok = ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

}  // namespace

SessionRecorder::SessionRecorder(SessionStore& store, int64_t profile_id)
    : store_(store), profile_id_(profile_id) {}

std::string SessionRecorder::RecoveryPath(const SessionStore& store) {
  return store.path() + "-recovery.jsonl";
}

std::string SessionRecorder::Begin(const core::SessionBeginRecord& r) {
  try {
    session_id_ =
        store_.BeginSession(profile_id_, r.plan_name, r.plan_version, std::nullopt, r.plan_uuid);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

void SessionRecorder::Hold(Held h) {
  h.record["session_id"] = session_id_;
  h.record["t_utc"] = UtcNowIso();
  held_.push_back(std::move(h));
  Flush(false);
}

void SessionRecorder::FatigueBefore(int fatigue) {
  Hold({{{"type", "fatigue_before"}, {"value", fatigue}}, {}});
}

void SessionRecorder::Trial(const core::TrialRecord& r) {
  json changes = json::array();
  for (const core::LevelChange& c : r.changes)
    changes.push_back({{"from", c.from},
                       {"to", c.to},
                       {"reason", core::LevelReasonName(c.reason)},
                       {"trial_index", c.trial_index}});
  Hold({{{"type", "trial"},
         {"profile_id", profile_id_},
         {"block", r.block},
         {"trial", core::TrialToJson(r.trial)},
         {"changes", changes},
         {"level_after", r.level_after ? core::LevelStateToJson(*r.level_after) : json()}},
        {}});
}

void SessionRecorder::Event(const std::string& kind, const std::string& detail) {
  Hold({{{"type", "event"}, {"kind", kind}, {"detail", detail}}, {}});
}

void SessionRecorder::PoseStream(const core::PoseStreamRecord& r) {
  if (r.frames.empty()) return;
  Hold({{{"type", "pose_stream"}, {"block", r.block}, {"exercise", r.exercise}}, r.frames});
}

void SessionRecorder::End(const core::SessionEndRecord& r) {
  Hold({{{"type", "end"},
         {"stop_reason", r.stop_reason},
         {"fatigue_after", r.fatigue_after ? json(*r.fatigue_after) : json()},
         {"symptoms", r.symptoms}},
        {}});
  Flush(true);
  if (held_.empty()) return;
  // Still refused at the end: keep them for the next start (landmark streams are left out).
  std::string lines;
  int kept = 0, dropped = 0;
  for (const Held& h : held_) {
    if (h.record["type"] == "pose_stream") {
      ++dropped;
      continue;
    }
    lines += h.record.dump() + "\n";
    ++kept;
  }
  const std::string path = RecoveryPath(store_);
  if (kept == 0 || AppendDurably(path, lines))
    unsaved_ = "Part of this session (" + std::to_string(kept) +
               " records) could not be saved because the database was busy or full; it is kept "
               "in " +
               path + " and will be saved the next time Poise starts.";
  else
    unsaved_ = "Part of this session (" + std::to_string(kept) +
               " records) could not be saved: the database and the recovery file " + path +
               " could not be written.";
  if (dropped > 0 && kept == 0)
    unsaved_ =
        "The movement recording of this session could not be saved (the database was "
        "busy or full); the trials are saved.";
  if (on_note) on_note("event", "store unsaved: " + std::to_string(held_.size()));
  held_.clear();
}

void SessionRecorder::Retry() { Flush(false); }

void SessionRecorder::Flush(bool force) {
  if (held_.empty()) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && last_failure_ != std::chrono::steady_clock::time_point{} &&
      now - last_failure_ < retry_interval)
    return;
  sqlite3_busy_timeout(store_.handle(), kRetryBusyMs);
  while (!held_.empty()) {
    const Held& h = held_.front();
    try {
      Apply(store_, h.record, h.frames);
    } catch (const StoreError& e) {
      last_failure_ = std::chrono::steady_clock::now();
      if (on_note) on_note("event", std::string("store error: ") + e.what());
      break;
    } catch (const std::exception& e) {  // cannot happen for records made here; drop it
      if (on_note) on_note("event", std::string("store error: ") + e.what());
      held_.pop_front();
      continue;
    }
    if (on_note && h.record["type"] == "trial")
      on_note("trial", "stored " + h.record["trial"]["exercise"].get<std::string>() + " " +
                           std::to_string(h.record["trial"]["trial_index"].get<int>() + 1));
    held_.pop_front();
  }
  sqlite3_busy_timeout(store_.handle(), kNormalBusyMs);
  if (held_.empty()) last_failure_ = {};
}

RecoveryImport ImportRecovery(SessionStore& store) {
  RecoveryImport out;
  const std::string path = SessionRecorder::RecoveryPath(store);
  std::ifstream in(path);
  if (!in) return out;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  in.close();
  size_t i = 0;
  for (; i < lines.size(); ++i) {
    try {
      Apply(store, json::parse(lines[i]), {});
      ++out.stored;
    } catch (const StoreError& e) {
      out.error = std::string("Records of an earlier session are still waiting in ") + path + ": " +
                  e.what();
      break;
    } catch (const std::exception&) {
      // A damaged line (e.g. cut short by a power cut while it was written): skip it.
    }
  }
  out.left = int(lines.size() - i);
  std::error_code ec;
  if (out.left == 0) {
    fs::remove(path, ec);
    return out;
  }
  std::string rest;
  for (size_t k = i; k < lines.size(); ++k) rest += lines[k] + "\n";
  const std::string tmp = path + ".tmp";
  fs::remove(tmp, ec);
  if (AppendDurably(tmp, rest)) fs::rename(tmp, path, ec);
  return out;
}

std::map<std::string, core::LevelState> LoadLevels(SessionStore& store, int64_t profile_id,
                                                   const std::vector<std::string>& exercises) {
  std::map<std::string, core::LevelState> out;
  for (const std::string& e : exercises)
    if (auto s = store.LoadLevel(profile_id, e)) out[e] = *s;
  return out;
}

}  // namespace poise::store
