// A generated training history for benchmarks, tests and demonstrations of the review screens:
// one session a day (some days skipped), blocks of trials of the catalogue's measurable exercises
// with plausible, slowly improving metrics, difficulty changes, events and self-reports. Written
// in one transaction. Deterministic for a seed. Never used on a patient's real database.
#pragma once

#include <cstdint>
#include <string>

#include "game/store/session_store.h"

namespace poise::store {

struct HistoryOptions {
  std::string first_day = "2025-11-24";  ///< YYYY-MM-DD, local
  int days = 365;
  int blocks = 10;          ///< per session
  int trials = 20;          ///< per block
  double skip_share = 0.0;  ///< share of days without a session (0 = daily)
  uint32_t seed = 1;
};

/// Adds a patient named `name` with the generated sessions; returns the profile id.
int64_t GenerateHistory(SessionStore& store, const std::string& name, const HistoryOptions& o);

}  // namespace poise::store
