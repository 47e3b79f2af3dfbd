// What the patient's "My progress" screen, the summary and the reminder read: the days they
// trained (sessions with at least one try), the headline value of every try for personal bests,
// and their most recent session. Days are the patient's local calendar (UTC + stored offset).
#pragma once

#include <vector>

#include "game/core/session/progress.h"
#include "game/store/session_store.h"

namespace poise::store {

struct PatientProgress {
  std::vector<int> session_days;         ///< day number of each session with at least one try
  std::vector<core::MeasuredTry> tries;  ///< the headline metric of every counted try
  int64_t latest_session_id = 0;         ///< with at least one try; 0 when none
};

/// Throws StoreError when the database fails.
PatientProgress LoadPatientProgress(SessionStore& store, int64_t profile_id);

}  // namespace poise::store
