#include "game/store/plan_store.h"

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "game/store/sqlite_stmt.h"

namespace poise::store {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxPlanFileBytes = 1 << 20;  // a plan is a few kB

/// BEGIN IMMEDIATE ... COMMIT, rolled back when the scope is left by an exception.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { Exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void Commit() {
    Exec("COMMIT");
    done_ = true;
  }

 private:
  void Exec(const char* sql) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw StoreError(Stmt::Describe(rc, sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  bool done_ = false;
};

}  // namespace

std::string DefaultExportFolder() {
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/poise-exports";
}

StoredPlan PlanStore::Save(core::SessionPlan plan) {
  if (std::string e = core::ValidatePlan(plan); !e.empty())
    throw StoreError("The plan was not saved: " + e);
  sqlite3* db = store_.handle();
  Transaction tx(db);
  {
    Stmt s(db, "SELECT coalesce(max(version), 0) FROM plans WHERE name=?");
    s.Bind(1, plan.name);
    plan.version = s.Step() ? int(s.Int(0)) + 1 : 1;
  }
  plan.uuid = NewUuid();
  StoredPlan out{0, UtcNowIso(), plan};
  Stmt s(db,
         "INSERT INTO plans(uuid, name, version, plan_json, created_utc, utc_offset_min) "
         "VALUES(?,?,?,?,?,?)");
  s.Bind(1, plan.uuid)
      .Bind(2, plan.name)
      .Bind(3, int64_t(plan.version))
      .Bind(4, core::PlanToJson(plan))
      .Bind(5, out.created_utc)
      .Bind(6, int64_t(LocalUtcOffsetMinutes()));
  s.Step();
  out.id = sqlite3_last_insert_rowid(db);
  tx.Commit();
  return out;
}

std::vector<StoredPlan> PlanStore::Query(const char* sql, const std::string& arg) {
  std::vector<StoredPlan> out;
  Stmt s(store_.handle(), sql);
  if (!arg.empty()) s.Bind(1, arg);
  while (s.Step()) {
    StoredPlan p;
    p.id = s.Int(0);
    p.created_utc = s.Text(4);
    try {
      p.plan = core::ParseSessionPlan(s.Text(3));
    } catch (const std::runtime_error& e) {
      throw StoreError("The saved plan '" + s.Text(2) + "' version " + std::to_string(s.Int(5)) +
                       " cannot be used: " + e.what() + ".");
    }
    p.plan.uuid = s.Text(1);
    p.plan.version = int(s.Int(5));
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<StoredPlan> PlanStore::Latest() {
  return Query(
      "SELECT id, uuid, name, plan_json, created_utc, version FROM plans p WHERE version = "
      "(SELECT max(version) FROM plans q WHERE q.name = p.name) ORDER BY name",
      "");
}

std::optional<StoredPlan> PlanStore::Latest(const std::string& name) {
  auto v = Query(
      "SELECT id, uuid, name, plan_json, created_utc, version FROM plans WHERE name=? ORDER BY "
      "version DESC LIMIT 1",
      name);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<StoredPlan> PlanStore::ByUuid(const std::string& uuid) {
  if (uuid.empty()) return std::nullopt;
  auto v =
      Query("SELECT id, uuid, name, plan_json, created_utc, version FROM plans WHERE uuid=?", uuid);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<StoredPlan> PlanStore::Versions(const std::string& name) {
  return Query(
      "SELECT id, uuid, name, plan_json, created_utc, version FROM plans WHERE name=? ORDER BY "
      "version",
      name);
}

void PlanStore::Assign(int64_t profile_id, const std::string& plan_name) {
  if (!plan_name.empty() && !Latest(plan_name))
    throw StoreError("There is no saved plan called '" + plan_name + "'.");
  Stmt s(store_.handle(), "UPDATE profiles SET plan_name=? WHERE id=?");
  if (plan_name.empty())
    s.BindNull(1);
  else
    s.Bind(1, plan_name);
  s.Bind(2, profile_id);
  s.Step();
  if (sqlite3_changes(store_.handle()) != 1)
    throw StoreError("That patient profile does not exist.");
}

std::optional<std::string> PlanStore::Assigned(int64_t profile_id) {
  Stmt s(store_.handle(), "SELECT plan_name FROM profiles WHERE id=? AND plan_name IS NOT NULL");
  s.Bind(1, profile_id);
  if (s.Step()) return s.Text(0);
  return std::nullopt;
}

StoredPlan PlanStore::Import(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw StoreError("The plan file " + path + " does not exist or is not a file.");
  if (fs::file_size(path, ec) > kMaxPlanFileBytes)
    throw StoreError("The plan file " + path + " is too large to be a Poise plan (over 1 MB).");
  core::SessionPlan plan;
  try {
    plan = core::LoadSessionPlan(path);
  } catch (const std::runtime_error& e) {
    throw StoreError(e.what());
  }
  return Save(plan);
}

StoredPlan PlanStore::Export(const std::string& name, const std::string& path) {
  const auto p = Latest(name);
  if (!p) throw StoreError("There is no saved plan called '" + name + "'.");
  std::error_code ec;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  if (ec)
    throw StoreError("The folder " + target.parent_path().string() +
                     " cannot be created: " + ec.message() + ".");
  const std::string tmp = path + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << core::PlanToJson(p->plan);
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      throw StoreError("The plan could not be written to " + path +
                       " (is the disk full or read-only?).");
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw StoreError("The plan could not be written to " + path + ".");
  }
  return *p;
}

}  // namespace poise::store
