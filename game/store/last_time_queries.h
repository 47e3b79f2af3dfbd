// What the end-of-session summary compares with last time (core/session/last_time.h): the
// headline value of each counted try of this session, and for each of its exercises the tries
// of the patient's last earlier session that has a counted try of that exercise.
#pragma once

#include <cstdint>
#include <vector>

#include "game/core/session/progress.h"
#include "game/store/session_store.h"

namespace poise::store {

struct LastTimeTries {
  std::vector<core::MeasuredTry> today;  ///< this session's tries, in the order recorded
  std::vector<core::MeasuredTry> last;   ///< per exercise, its last earlier session's tries
};

/// Throws StoreError when the database fails; empty lists for an unknown session.
LastTimeTries LoadLastTime(SessionStore& store, int64_t session_id);

}  // namespace poise::store
