// PlanStore: the physiotherapist's plans in the session database (table `plans`, schema v3).
// Every save is a NEW row with the next version number of that plan's name and its own UUID,
// never an update, so a session can always name the exact version it followed. A patient follows
// a plan by name (profiles.plan_name): always its latest version.
// Plan files (import/export) are schema-2 JSON (core::PlanToJson); a bad or foreign file is
// rejected with one sentence and changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "game/core/session/session_plan.h"
#include "game/store/session_store.h"

namespace poise::store {

struct StoredPlan {
  int64_t id = 0;
  std::string created_utc;
  core::SessionPlan plan;  ///< plan.version and plan.uuid are the stored ones
};

class PlanStore {
 public:
  explicit PlanStore(SessionStore& store) : store_(store) {}

  /// Validates (core::ValidatePlan) and saves `plan` as the next version of its name, in one
  /// transaction; returns the stored plan. Throws StoreError with one sentence (nothing saved).
  StoredPlan Save(core::SessionPlan plan);
  /// The newest version of each plan name, by name.
  std::vector<StoredPlan> Latest();
  std::optional<StoredPlan> Latest(const std::string& name);
  std::optional<StoredPlan> ByUuid(const std::string& uuid);
  /// Every version of one plan, oldest first.
  std::vector<StoredPlan> Versions(const std::string& name);

  /// The plan a patient follows ("" clears it: the default plan again). Throws StoreError when
  /// the name has no saved version or the profile does not exist.
  void Assign(int64_t profile_id, const std::string& plan_name);
  /// The name of the plan a patient follows, if any.
  std::optional<std::string> Assigned(int64_t profile_id);

  /// Reads and validates a plan file and saves it as a new version of its name. Throws
  /// StoreError with one sentence naming the file and the problem; nothing is saved then.
  StoredPlan Import(const std::string& path);
  /// Writes the latest version of `name` to `path` (folders created; written to a temporary file
  /// and renamed, so a failed export leaves no half file). Throws StoreError with one sentence.
  StoredPlan Export(const std::string& name, const std::string& path);

 private:
  std::vector<StoredPlan> Query(const char* sql, const std::string& arg);
  SessionStore& store_;
};

/// Where the editor suggests exporting to: $HOME/poise-exports.
std::string DefaultExportFolder();

}  // namespace poise::store
