#include "game/clinic/sync_service.h"

#include <sodium.h>

#include <chrono>
#include <ctime>

#include "game/clinic/sync_engine.h"
#include "game/store/clinic_outbox.h"
#include "game/store/session_store.h"

namespace poise::clinic {

ClinicSyncService::ClinicSyncService(std::string db_path, SyncServiceOptions options)
    : db_path_(std::move(db_path)), options_(options) {
  thread_ = std::thread([this] { Run(); });
}

ClinicSyncService::~ClinicSyncService() {
  stop_ = true;
  {
    std::lock_guard lock(mutex_);
    soon_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  store_.reset();
}

void ClinicSyncService::SyncSoon() {
  {
    std::lock_guard lock(mutex_);
    soon_ = true;
  }
  wake_.notify_all();
}

ProfileSyncStatus ClinicSyncService::Status(int64_t profile_id) const {
  std::lock_guard lock(mutex_);
  const auto it = status_.find(profile_id);
  return it == status_.end() ? ProfileSyncStatus{} : it->second;
}

void ClinicSyncService::ClearPlanNotice(int64_t profile_id) {
  std::lock_guard lock(mutex_);
  status_[profile_id].plan_notice = false;
}

void ClinicSyncService::SyncAll(double& wait_s) {
  wait_s = options_.interval_s;
  if (!store_) try {
      store_ = std::make_unique<store::SessionStore>(db_path_);
    } catch (const std::exception&) {
      wait_s = options_.backoff_max_s;  // the game shows the database's problem itself
      return;
    }
  store::SessionStore* store = store_.get();
  store::ClinicOutbox outbox(*store);
  const int offset = store::LocalUtcOffsetMinutes();
  for (const store::ClinicLink& link : outbox.Links()) {
    if (stop_) return;
    ProfileSyncStatus st = Status(link.profile_id);
    ++st.attempts;
    bool plan_updated = false;
    try {
      SyncOptions opt;
      opt.connect_timeout_s = options_.connect_timeout_s;
      plan_updated = SyncProfile(*store, link, opt, &stop_).plan_updated;
      st.failures_in_a_row = 0;
    } catch (const std::exception& e) {
      if (stop_) return;
      ++st.failures_in_a_row;
      try {
        outbox.SetStatus(link.profile_id, e.what());
      } catch (const std::exception&) {
      }
      const double u = double(randombytes_uniform(1000000)) / 1e6;
      wait_s = std::min(wait_s, BackoffSeconds(st.failures_in_a_row, u, options_.backoff_min_s,
                                               options_.backoff_max_s));
    }
    try {
      const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
      const auto fresh = outbox.Link(link.profile_id);
      if (fresh)
        st.line = SyncStatusLine(*fresh, outbox.SessionsWaiting(link.profile_id), now, offset);
    } catch (const std::exception&) {
    }
    std::lock_guard lock(mutex_);
    // The game may have cleared the notice meanwhile: keep its answer unless a new plan came.
    st.plan_notice = status_[link.profile_id].plan_notice || plan_updated;
    status_[link.profile_id] = st;
  }
}

void ClinicSyncService::Run() {
  while (!stop_) {
    double wait_s = options_.interval_s;
    try {
      SyncAll(wait_s);
    } catch (const std::exception&) {
      store_.reset();  // the home database was busy or failed: open it afresh next time
      wait_s = options_.backoff_min_s * 6;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(int64_t(wait_s * 1000)),
                   [this] { return soon_ || stop_.load(); });
    soon_ = false;
  }
}

}  // namespace poise::clinic
