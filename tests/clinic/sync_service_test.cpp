// The sync thread against a real PostgreSQL 15: with the server down the menu line says how many
// sessions wait and the thread retries; once the server is back everything arrives; stopping
// never waits for the server.
#include "game/clinic/sync_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "tests/clinic/clinic_test_util.h"

namespace poise::testing {
namespace {

using Clock = std::chrono::steady_clock;

/// Polls `done` for up to `seconds`.
bool WaitFor(const std::function<bool()>& done, double seconds) {
  const auto end = Clock::now() + std::chrono::milliseconds(int64_t(seconds * 1000));
  while (Clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

class SyncServiceTest : public ClinicFixture {};

TEST_F(SyncServiceTest, ServerDown_SaysSessionsWaitRetriesAndSendsOnceItIsBack) {
  PlaySession(*store_, anna_, 2, 3, 30);
  PlaySession(*store_, anna_, 2, 3, 30);
  Link(anna_, "Anna");
  cluster_.Stop();
  clinic::SyncServiceOptions opt;
  opt.backoff_min_s = 0.2;
  opt.backoff_max_s = 0.5;
  opt.connect_timeout_s = 2;
  clinic::ClinicSyncService service(db_path_, opt);
  ASSERT_TRUE(WaitFor([&] { return service.Status(anna_).failures_in_a_row >= 2; }, 20))
      << "the thread retries on its own";
  EXPECT_EQ(service.Status(anna_).line, "Not connected: 2 sessions waiting");
  cluster_.Start();
  service.SyncSoon();
  ASSERT_TRUE(WaitFor([&] { return service.Status(anna_).failures_in_a_row == 0; }, 20));
  EXPECT_EQ(service.Status(anna_).line.rfind("Sent to your clinic today", 0), 0u)
      << service.Status(anna_).line;
  auto admin = Admin();
  ExpectSameRows(admin);
}

TEST_F(SyncServiceTest, StoppingWhileTheServerDoesNotAnswer_DoesNotWaitForIt) {
  PlaySession(*store_, anna_, 1, 2, 10);
  Link(anna_, "Anna");
  // A server that accepts the connection but never answers: SIGSTOP the postmaster.
  cluster_.Freeze();
  clinic::SyncServiceOptions opt;
  opt.connect_timeout_s = 30;
  const auto t0 = Clock::now();
  {
    clinic::ClinicSyncService service(db_path_, opt);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // it is connecting now
  }
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  cluster_.Thaw();
  EXPECT_LT(s, 15.0) << "the destructor waited for the server (connect timeout 30 s)";
  EXPECT_EQ(store::ClinicOutbox(*store_).SessionsWaiting(anna_), 1);
}

}  // namespace
}  // namespace poise::testing
