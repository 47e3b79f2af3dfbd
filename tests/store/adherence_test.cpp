// Adherence counts only sessions with at least one completed trial: a session of 0 tries, or of
// invalid tries only, must not make a week "3/3" (defect 8).
#include <gtest/gtest.h>

#include <filesystem>

#include "game/store/review_queries.h"
#include "game/store/session_store.h"
#include "game/store/sqlite_review_source.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

TEST(AdherenceTest, OnlySessionsWithACompletedTrialCount) {
  const fs::path dir =
      fs::temp_directory_path() / ("poise_adherence_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    SessionStore store((dir / "poise.db").string());
    core::Profile p;
    p.name = "Anna";
    store.AddProfile(p);
    const core::Profile patient = store.Profiles().front();
    core::TrialResult done;
    done.exercise_id = "bubble_reach";
    done.outcome = core::TrialOutcome::kFailure;  // tried: counts
    core::TrialResult invalid = done;
    invalid.outcome = core::TrialOutcome::kInvalid;
    const int64_t a = store.BeginSession(patient.id, "Today's plan", 1, 3);
    store.RecordTrial(a, 0, done);
    store.EndSession(a, "completed", 2, {});
    const int64_t b = store.BeginSession(patient.id, "Today's plan", 1, 3);  // no tries
    store.EndSession(b, "cancelled before starting", std::nullopt, {});
    const int64_t c = store.BeginSession(patient.id, "Today's plan", 1, 3);  // invalid only
    store.RecordTrial(c, 0, invalid);
    store.EndSession(c, "tired", 6, {});
    EXPECT_EQ(SessionDays(store, patient.id, {}).size(), 1u);
    SqliteReviewSource source{store};
    const PatientReview r = source.LoadPatientReview(patient, {});
    int sessions = 0;
    for (const auto& w : r.adherence) sessions += w.done;
    EXPECT_EQ(sessions, 1);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace poise::store
