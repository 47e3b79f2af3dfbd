// poise bench-clinic: a generated clinic in a throwaway PostgreSQL 15 on loopback (the cluster
// the clinic tests use; as root the server runs as the `postgres` user). 1,000 patients x a year
// of daily sessions (20 trials each, the exercises' real metric sets as JSON, level changes,
// events, stops, a few fall alarms; no landmark streams, whose size is reported separately) are
// loaded with COPY, then timed as a physiotherapist following every patient: the dashboard of
// all patients, one patient's review (its trends, adherence and session list, through the
// review screens' PgReviewSource), one session's sync push through the real sync
// engine, and the database size. Prints EXPLAIN (ANALYZE, BUFFERS) of the dashboard's queries.
// A benchmark, never a test; figures depend on the machine and its load.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "game/app/commands.h"
#include "game/clinic/dashboard.h"
#include "game/clinic/device_link.h"
#include "game/clinic/pg_cluster.h"
#include "game/clinic/pg_review_source.h"
#include "game/clinic/server_schema.h"
#include "game/clinic/sync_engine.h"
#include "game/core/metrics/trends.h"
#include "game/store/session_store.h"

namespace poise::app {
namespace {

int g_signal_pipe = -1;  // the write end StopClusterOnSignal's handler writes to

/// Ctrl-C, SIGTERM or SIGHUP while the bench runs (loading a full clinic takes minutes) stop its
/// throwaway PostgreSQL and delete its folder, instead of leaving the server running and its
/// gigabytes in /tmp. The handler only writes the signal number to a pipe; a thread does the
/// stopping outside the signal handler, then ends the process with 128 + the signal.
class StopClusterOnSignal {
 public:
  explicit StopClusterOnSignal(clinic::PgCluster& cluster) : cluster_(cluster) {
    if (pipe(fds_) != 0) return;
    g_signal_pipe = fds_[1];
    struct sigaction sa {};
    sa.sa_handler = [](int sig) {
      const unsigned char b = static_cast<unsigned char>(sig);
      [[maybe_unused]] const ssize_t n = write(g_signal_pipe, &b, 1);
    };
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &sa, &old_[i]);
    thread_ = std::thread([this] {
      unsigned char sig = 0;
      if (read(fds_[0], &sig, 1) != 1 || sig == 0) return;  // 0: the bench ended normally
      std::fprintf(stderr,
                   "poise: bench-clinic interrupted; stopping its PostgreSQL and "
                   "deleting %s.\n",
                   cluster_.dir().c_str());
      try {
        cluster_.Stop();
      } catch (...) {
        cluster_.Kill9();
      }
      std::error_code ec;
      std::filesystem::remove_all(cluster_.dir(), ec);
      _exit(128 + sig);
    });
  }
  ~StopClusterOnSignal() {
    if (!thread_.joinable()) return;
    for (size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &old_[i], nullptr);
    const unsigned char done = 0;
    [[maybe_unused]] const ssize_t n = write(fds_[1], &done, 1);
    thread_.join();
    close(fds_[0]);
    close(fds_[1]);
    g_signal_pipe = -1;
  }
  StopClusterOnSignal(const StopClusterOnSignal&) = delete;
  StopClusterOnSignal& operator=(const StopClusterOnSignal&) = delete;

 private:
  static constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};
  clinic::PgCluster& cluster_;
  int fds_[2] = {-1, -1};
  struct sigaction old_[3]{};
  std::thread thread_;
};

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Stats {
  double median = 0, p95 = 0, max = 0;
};
Stats Summarise(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) { return v[std::min(v.size() - 1, size_t(q * (v.size() - 1)))]; };
  return {at(0.5), at(0.95), v.back()};
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

std::string CpuName() {
  std::ifstream in("/proc/cpuinfo");
  std::string line, name;
  bool avx512 = false;
  while (std::getline(in, line)) {
    if (name.empty() && line.rfind("model name", 0) == 0) name = line.substr(line.find(':') + 2);
    if (line.rfind("flags", 0) == 0 && line.find("avx512f") != std::string::npos) avx512 = true;
  }
  return name + (avx512 ? " (AVX-512)" : " (no AVX-512)") + ", " +
         std::to_string(std::thread::hardware_concurrency()) + " cores";
}

/// Deterministic UUIDs (version 4 layout) from a seeded generator.
class UuidSource {
 public:
  explicit UuidSource(uint64_t seed) : rng_(seed) {}
  std::string Next() {
    uint64_t a = rng_(), b = rng_();
    a = (a & ~0xf000ull) | 0x4000ull;
    b = (b & ~(3ull << 62)) | (2ull << 62);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", unsigned(a >> 32),
                  unsigned((a >> 16) & 0xffff), unsigned(a & 0xffff), unsigned(b >> 48),
                  static_cast<unsigned long long>(b & 0xffffffffffffull));
    return buf;
  }

 private:
  std::mt19937_64 rng_;
};

struct Options {
  int patients = 1000, days = 365, runs = 20, push_runs = 10, chunk = 25;
  double serve_s = 0;  ///< > 0: keep the loaded clinic up this long instead of timing it
  uint32_t seed = 1;
  bool explain = true;
};

/// A patient's character: baseline ability, how often they train, whether they stopped.
struct PatientModel {
  std::string uuid, name;
  double adherence = 0.9, hold = 10, sway = 12, sts = 17, reach = 20, sparc = -2.0;
  int stopped_days_ago = 0;  ///< no sessions in the last N days
  bool declining = false;    ///< sway area worse in the last week
};

/// One trial's metrics JSON: the metric set the exercise really records.
std::string MetricsJson(int ex, const PatientModel& p, double progress, bool last_week,
                        std::mt19937& rng) {
  std::normal_distribution<double> z(0, 1);
  char buf[900];
  switch (ex) {
    case 0: {
      const double hold = std::max(0.5, p.hold * (1 + 0.3 * progress) + 2.0 * z(rng));
      std::snprintf(buf, sizeof buf,
                    "[{\"name\":\"hold_time\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"touch_downs\",\"value\":%d,\"unit\":\"1\"},"
                    "{\"name\":\"shoulder_sway\",\"value\":%.3f,\"unit\":\"cm\"},"
                    "{\"name\":\"leg\",\"value\":%d,\"unit\":\"1\"}]",
                    hold, int(rng() % 3), 2 + std::abs(z(rng)), int(rng() % 2));
      break;
    }
    case 1: {
      const double area = std::max(
          0.5, p.sway * (1 - 0.2 * progress) * (last_week && p.declining ? 1.5 : 1) + 1.5 * z(rng));
      std::snprintf(buf, sizeof buf,
                    "[{\"name\":\"hold_duration\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"stance_type\",\"value\":%d,\"unit\":\"1\"},"
                    "{\"name\":\"water_left\",\"value\":%.3f,\"unit\":\"1\"},"
                    "{\"name\":\"hip_sway_path\",\"value\":%.3f,\"unit\":\"cm\"},"
                    "{\"name\":\"hip_sway_area\",\"value\":%.3f,\"unit\":\"cm2\"},"
                    "{\"name\":\"hip_sway_velocity\",\"value\":%.3f,\"unit\":\"cm/s\"},"
                    "{\"name\":\"hip_sway_rms\",\"value\":%.3f,\"unit\":\"cm\"},"
                    "{\"name\":\"shoulder_sway_path\",\"value\":%.3f,\"unit\":\"cm\"},"
                    "{\"name\":\"shoulder_sway_area\",\"value\":%.3f,\"unit\":\"cm2\"},"
                    "{\"name\":\"shoulder_sway_velocity\",\"value\":%.3f,\"unit\":\"cm/s\"},"
                    "{\"name\":\"shoulder_sway_rms\",\"value\":%.3f,\"unit\":\"cm\"}]",
                    20.0, int(rng() % 3), 0.8, 30 + 5 * z(rng), area, 1.5 + 0.2 * z(rng),
                    0.8 + 0.1 * z(rng), 35 + 5 * z(rng), area * 1.3, 1.7 + 0.2 * z(rng),
                    0.9 + 0.1 * z(rng));
      break;
    }
    case 2: {
      const double total = std::max(5.0, p.sts * (1 - 0.15 * progress) + 1.0 * z(rng));
      std::snprintf(buf, sizeof buf,
                    "[{\"name\":\"total_time\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"rise_1\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"rise_2\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"rise_3\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"rise_4\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"rise_5\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"trunk_shift\",\"value\":%.3f,\"unit\":\"cm\"}]",
                    total, total / 5, total / 5, total / 5, total / 5, total / 5,
                    3 + std::abs(z(rng)));
      break;
    }
    case 3: {
      const double reach = std::max(2.0, p.reach * (1 + 0.2 * progress) + 2.0 * z(rng));
      std::snprintf(buf, sizeof buf,
                    "[{\"name\":\"reach_distance\",\"value\":%.3f,\"unit\":\"cm\"},"
                    "{\"name\":\"direction\",\"value\":%d,\"unit\":\"1\"},"
                    "{\"name\":\"stepped\",\"value\":0,\"unit\":\"1\"},"
                    "{\"name\":\"time_to_target\",\"value\":%.3f,\"unit\":\"s\"}]",
                    reach, int(rng() % 2), 1.2 + 0.2 * std::abs(z(rng)));
      break;
    }
    default: {
      const double sparc = std::min(-1.0, p.sparc * (1 - 0.2 * progress) + 0.15 * z(rng));
      std::snprintf(buf, sizeof buf,
                    "[{\"name\":\"reaction_time\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"movement_time\",\"value\":%.3f,\"unit\":\"s\"},"
                    "{\"name\":\"hit\",\"value\":%d,\"unit\":\"1\"},"
                    "{\"name\":\"straightness\",\"value\":%.3f,\"unit\":\"1\"},"
                    "{\"name\":\"sparc\",\"value\":%.3f,\"unit\":\"1\"}]",
                    0.5 + 0.05 * z(rng), 0.9 + 0.1 * z(rng), int(rng() % 5 != 0),
                    0.8 + 0.05 * z(rng), sparc);
      break;
    }
  }
  return buf;
}

constexpr const char* kExercises[] = {"single_leg_stance", "steady_stance", "sit_to_stand",
                                      "functional_reach", "bubble_reach"};

/// COPY text of a chunk of patients' year: sessions, trials, level changes, events.
struct ChunkText {
  std::string sessions, trials, levels, events;
  int64_t n_sessions = 0, n_trials = 0;
};

ChunkText GenerateChunk(const std::vector<PatientModel>& patients, size_t from, size_t to,
                        int first_day, int days, UuidSource& ids, std::mt19937& rng) {
  ChunkText c;
  std::uniform_real_distribution<double> u(0, 1);
  char line[512];
  for (size_t i = from; i < to; ++i) {
    const PatientModel& p = patients[i];
    for (int d = 0; d < days; ++d) {
      if (days - d <= p.stopped_days_ago || u(rng) > p.adherence) continue;
      const std::string day = core::DateOfDay(first_day + d);
      const int minute = int(rng() % 600);
      char start[40], end[40];
      std::snprintf(start, sizeof start, "%sT%02d:%02d:00Z", day.c_str(), 7 + minute / 60,
                    minute % 60);
      std::snprintf(end, sizeof end, "%sT%02d:%02d:00Z", day.c_str(), 7 + minute / 60 + 1,
                    minute % 60);
      const double r = u(rng);
      const bool fall = r < 0.002;
      const char* stop = fall        ? "fall alarm"
                         : r < 0.007 ? "dizzy"
                         : r < 0.012 ? "pain"
                         : r < 0.022 ? "warm"
                         : r < 0.037 ? "tired"
                                     : "completed";
      const std::string sid = ids.Next();
      std::snprintf(line, sizeof line, "%s\t%s\tBalance\t3\t%s\t60\t%s\t%s\t%d\t%d\t%s\n",
                    sid.c_str(), p.uuid.c_str(), start, end, stop, int(2 + rng() % 4),
                    int(3 + rng() % 5), std::string(stop) == "warm" ? "[\"warm\"]" : "[]");
      c.sessions += line;
      ++c.n_sessions;
      const double progress = double(d) / std::max(1, days - 1);
      const bool last_week = days - d <= 7;
      double level = 0.3 + 0.4 * progress;
      for (int b = 0; b < 5; ++b) {
        for (int t = 0; t < 4; ++t) {
          const bool ok = u(rng) < 0.75;
          std::snprintf(line, sizeof line,
                        "%s\t%s\t%s\t%d\t%s\tstanding\t%d\t%.3f\t%s\t\t"
                        "[{\"name\":\"level\",\"value\":%.3f,\"unit\":\"1\"},"
                        "{\"name\":\"hold_s\",\"value\":%.1f,\"unit\":\"s\"}]\t",
                        ids.Next().c_str(), sid.c_str(), p.uuid.c_str(), b, kExercises[b], t, level,
                        ok ? "success" : "failure", level, 5 + 10 * level);
          c.trials += line;
          c.trials += MetricsJson(b, p, progress, last_week, rng);
          std::snprintf(line, sizeof line, "\t%d\t%d\t%s\n", (b * 4 + t) * 9000,
                        (b * 4 + t) * 9000 + 7000, start);
          c.trials += line;
          ++c.n_trials;
        }
        const double to_level = std::clamp(level + (u(rng) < 0.7 ? 0.05 : -0.05), 0.0, 1.0);
        std::snprintf(line, sizeof line, "%s\t%s\t%s\t%s\t3\t%.3f\t%.3f\t%s\t%s\n",
                      ids.Next().c_str(), sid.c_str(), p.uuid.c_str(), kExercises[b], level,
                      to_level, to_level > level ? "success rate above target" : "two misses",
                      start);
        c.levels += line;
        level = to_level;
      }
      if (fall) {
        std::snprintf(line, sizeof line, "%s\t%s\t%s\t%s\tfall_alarm\tsudden drop of the hips\n",
                      ids.Next().c_str(), sid.c_str(), p.uuid.c_str(), start);
        c.events += line;
      }
      if (std::string(stop) != "completed" && !fall) {
        std::snprintf(line, sizeof line, "%s\t%s\t%s\t%s\tstop\t%s\n", ids.Next().c_str(),
                      sid.c_str(), p.uuid.c_str(), end, stop);
        c.events += line;
      }
      if (d % 3 == 0) {
        std::snprintf(line, sizeof line, "%s\t%s\t%s\t%s\tpause\ttired\n", ids.Next().c_str(),
                      sid.c_str(), p.uuid.c_str(), start);
        c.events += line;
      }
    }
  }
  return c;
}

int64_t CopyText(clinic::PgConnection& c, const std::string& sql, const std::string& text) {
  size_t at = 0;
  return c.CopyIn(sql, [&](std::string& chunk) {
    if (at >= text.size()) return false;
    const size_t n = std::min<size_t>(text.size() - at, 1 << 20);
    chunk.assign(text, at, n);
    at += n;
    return true;
  });
}

std::string Size(clinic::PgConnection& c, const std::string& expr) {
  return c.Exec("SELECT pg_size_pretty(" + expr + ")").Text(0, 0);
}

void PrintStats(const char* what, const Stats& s, double goal_ms) {
  std::printf("%-44s median %8.1f ms   p95 %8.1f ms   max %8.1f ms   (goal < %.0f ms)\n", what,
              s.median, s.p95, s.max, goal_ms);
}

}  // namespace

int RunBenchClinic(int argc, char** argv) {
  CLI::App app{
      "Times the clinic dashboard, one patient's review and a sync push on a generated "
      "clinic in a throwaway PostgreSQL on loopback (a benchmark: close other work)."};
  Options o;
  app.add_option("--patients", o.patients, "patients in the clinic")->check(CLI::Range(1, 20000));
  app.add_option("--days", o.days, "days of history, one session a day (some skipped)")
      ->check(CLI::Range(14, 1000));
  app.add_option("--runs", o.runs, "timed runs of the dashboard and of a review")
      ->check(CLI::Range(1, 1000));
  app.add_option("--push-runs", o.push_runs, "timed sync pushes, each from a new device")
      ->check(CLI::Range(0, 200));
  app.add_option("--chunk", o.chunk, "patients per COPY statement")->check(CLI::Range(1, 20000));
  app.add_option("--seed", o.seed, "generator seed");
  app.add_option("--serve", o.serve_s,
                 "load, then keep the clinic up this many seconds for `poise --clinic` (no "
                 "timings)");
  bool no_explain = false;
  app.add_flag("--no-explain", no_explain, "do not print EXPLAIN (ANALYZE, BUFFERS)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  o.explain = !no_explain;
  return ReportErrors("bench-clinic", [&] {
    std::printf("CPU: %s; load average at start: %s\n", CpuName().c_str(), LoadAverage().c_str());
    const auto t_setup = Clock::now();
    clinic::PgClusterOptions po;
    po.shared_buffers = "512MB";
    po.fsync = true;  // pushes are timed with the durability a clinic server has
    po.extra_conf =
        "work_mem = 32MB\nmaintenance_work_mem = 256MB\nmax_wal_size = 8GB\n"
        "checkpoint_timeout = 30min\nwal_level = minimal\nmax_wal_senders = 0\n"
        "effective_cache_size = 4GB\nrandom_page_cost = 1.1";
    clinic::PgCluster cluster(po);
    const StopClusterOnSignal stop_on_signal(cluster);
    cluster.CreateDatabase("clinic");
    auto admin = cluster.Admin("clinic");
    clinic::InitClinicServer(admin);
    std::printf("Throwaway PostgreSQL 15 on localhost:%d (%s), schema %d, ready in %.1f s.\n",
                cluster.port(), cluster.dir().c_str(), clinic::kClinicSchemaVersion,
                MsSince(t_setup) / 1000);
    std::fflush(stdout);

    // --- generate and load -------------------------------------------------------------------
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char today_text[16];
    std::strftime(today_text, sizeof today_text, "%Y-%m-%d", &utc);
    const int today = core::DayNumber(today_text);
    const int first_day = today - o.days;
    std::mt19937 rng(o.seed);
    UuidSource ids(o.seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<PatientModel> patients(size_t(o.patients));
    std::string patient_rows, physio_rows;
    for (size_t i = 0; i < patients.size(); ++i) {
      PatientModel& p = patients[i];
      p.uuid = ids.Next();
      static const char* kFirst[] = {"Anna", "Ben",  "Cleo",  "Dan",   "Eva",  "Farid", "Greta",
                                     "Hugo", "Ines", "Jonas", "Kemal", "Lena", "Mira",  "Nils",
                                     "Olga", "Piet", "Rosa",  "Sami",  "Tara", "Ugo"};
      static const char* kLast[] = {"Bauer",  "Costa",  "Dahl",    "Eriksen", "Fischer",
                                    "Garcia", "Horvat", "Ivanova", "Jansen",  "Kowalski",
                                    "Laine",  "Moreau", "Novak",   "Olsen",   "Petrov",
                                    "Quinn",  "Rossi",  "Schmidt"};
      p.name = std::string(kFirst[i % std::size(kFirst)]) + " " +
               kLast[(i / std::size(kFirst)) % std::size(kLast)] +
               (i >= std::size(kFirst) * std::size(kLast)
                    ? " " + std::to_string(i / (std::size(kFirst) * std::size(kLast)) + 1)
                    : "");
      p.adherence = 0.6 + 0.4 * u(rng);
      p.hold = 6 + 8 * u(rng);
      p.sway = 8 + 8 * u(rng);
      p.sts = 13 + 8 * u(rng);
      p.reach = 15 + 10 * u(rng);
      p.sparc = -2.6 + 0.8 * u(rng);
      p.stopped_days_ago = u(rng) < 0.05 ? 8 + int(rng() % 30) : 0;
      p.declining = u(rng) < 0.05;
      patient_rows += p.uuid + "\t" + p.name + "\n";
      physio_rows += "bench_physio\t" + p.uuid + "\n";
    }
    const std::string password = ids.Next();
    admin.Exec("CREATE ROLE bench_physio LOGIN PASSWORD " +
               admin.QuoteLiteral(admin.EncryptPassword(password, "bench_physio")) +
               " IN ROLE poise_physio");
    CopyText(admin, "COPY patients(uuid, name) FROM STDIN", patient_rows);
    CopyText(admin, "COPY physio_patients(physio_role, patient_uuid) FROM STDIN", physio_rows);
    const auto t_load = Clock::now();
    double gen_ms = 0, copy_ms = 0;
    int64_t n_sessions = 0, n_trials = 0;
    for (size_t from = 0; from < patients.size(); from += size_t(o.chunk)) {
      const size_t to = std::min(patients.size(), from + size_t(o.chunk));
      auto t0 = Clock::now();
      const ChunkText c = GenerateChunk(patients, from, to, first_day, o.days, ids, rng);
      gen_ms += MsSince(t0);
      t0 = Clock::now();
      admin.Exec("BEGIN");
      n_sessions += CopyText(admin,
                             "COPY sessions(uuid, patient_uuid, plan_name, plan_version, "
                             "started_utc, utc_offset_min, ended_utc, stop_reason, fatigue_before, "
                             "fatigue_after, symptoms) FROM STDIN",
                             c.sessions);
      n_trials +=
          CopyText(admin,
                   "COPY trials(uuid, session_uuid, patient_uuid, block, exercise, variant, "
                   "trial_index, level, outcome, note, parameters, metrics, start_ms, "
                   "end_ms, recorded_utc) FROM STDIN",
                   c.trials);
      CopyText(admin,
               "COPY level_changes(uuid, session_uuid, patient_uuid, exercise, trial_index, "
               "level_from, level_to, reason, t_utc) FROM STDIN",
               c.levels);
      CopyText(admin,
               "COPY events(uuid, session_uuid, patient_uuid, t_utc, kind, detail) FROM STDIN",
               c.events);
      admin.Exec("COMMIT");
      copy_ms += MsSince(t0);
      std::fprintf(stderr, "\rloaded %zu of %zu patients (%lld trials)", to, patients.size(),
                   static_cast<long long>(n_trials));
    }
    std::fprintf(stderr, "\n");
    auto t0 = Clock::now();
    admin.Exec("VACUUM (ANALYZE)");
    const double vacuum_ms = MsSince(t0);
    std::printf(
        "Loaded %d patients x %d days: %lld sessions, %lld trials in %.1f s (generating %.1f s, "
        "COPY with indexes, foreign keys and the summary triggers %.1f s, %.0f trials/s), "
        "VACUUM ANALYZE %.1f s. Load average now: %s\n",
        o.patients, o.days, static_cast<long long>(n_sessions), static_cast<long long>(n_trials),
        MsSince(t_load) / 1000, gen_ms / 1000, copy_ms / 1000, n_trials / (copy_ms / 1000),
        vacuum_ms / 1000, LoadAverage().c_str());
    std::printf(
        "Database %s: trials %s (table + indexes), sessions %s, level_changes %s, "
        "events %s, dashboard_days %s (%s rows), metric_days %s (%s rows). Landmark streams are "
        "not "
        "generated (about 1 MB a 40-minute session when recorded).\n",
        Size(admin, "pg_database_size('clinic')").c_str(),
        Size(admin, "pg_total_relation_size('trials')").c_str(),
        Size(admin, "pg_total_relation_size('sessions')").c_str(),
        Size(admin, "pg_total_relation_size('level_changes')").c_str(),
        Size(admin, "pg_total_relation_size('events')").c_str(),
        Size(admin, "pg_total_relation_size('dashboard_days')").c_str(),
        admin.Exec("SELECT count(*) FROM dashboard_days").Text(0, 0).c_str(),
        Size(admin, "pg_total_relation_size('metric_days')").c_str(),
        admin.Exec("SELECT count(*) FROM metric_days").Text(0, 0).c_str());

    if (o.serve_s > 0) {
      const std::string pw = cluster.dir() + "/physio.pw";
      {
        std::ofstream f(pw);
        f << password << "\n";
      }
      std::filesystem::permissions(
          pw, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      std::printf(
          "Serving for %.0f s:\n  build/poise --clinic postgresql://bench_physio@%s "
          "--clinic-password-file %s --clinic-ca %s\n",
          o.serve_s, cluster.Address("clinic").c_str(), pw.c_str(), cluster.ca_pem().c_str());
      std::fflush(stdout);
      // Ctrl-C or SIGTERM end it early, still stopping the server and deleting its folder
      // (StopClusterOnSignal).
      std::this_thread::sleep_for(std::chrono::duration<double>(o.serve_s));
      return 0;
    }

    // --- the physiotherapist's dashboard ----------------------------------------------------
    clinic::PhysioLogin login;
    login.server = clinic::ParseServerAddress(cluster.Address("clinic"));
    login.role = "bench_physio";
    login.password = password;
    login.ca_path = cluster.ca_pem();
    auto physio = clinic::ConnectAsPhysio(login);
    std::vector<double> dash_ms;
    size_t flagged = 0, rows = 0;
    for (int i = 0; i <= o.runs; ++i) {  // run 0 warms the cache and is not counted
      t0 = Clock::now();
      const clinic::ClinicDashboard d = clinic::LoadDashboard(physio, today);
      if (i > 0) dash_ms.push_back(MsSince(t0));
      rows = d.rows.size();
      flagged = size_t(std::count_if(d.rows.begin(), d.rows.end(),
                                     [](const core::DashboardRow& r) { return !r.flags.empty(); }));
    }
    std::printf("\nThe dashboard shows %zu patients, %zu of them flagged.\n", rows, flagged);
    PrintStats("Dashboard, all patients (4 queries + judging)", Summarise(dash_ms), 300);

    // --- one patient's review: trends, adherence, session list ------------------------------
    // Through the review screens' own data interface (clinic::PgReviewSource, as a
    // physiotherapist role under row-level security), a different patient each run.
    clinic::PgReviewSource review(clinic::ConnectAsPhysio(login), login.server.Display());
    std::vector<double> review_ms;
    size_t review_sessions = 0, review_trends = 0;
    for (int i = 0; i <= o.runs; ++i) {
      const auto& g = patients[size_t(rng() % patients.size())];
      store::PatientRef p;
      p.uuid = g.uuid;
      p.name = g.name;
      const auto a = Clock::now();
      const store::PatientReview r = review.LoadPatientReview(p, {});
      if (i > 0) review_ms.push_back(MsSince(a));
      review_sessions = r.sessions.size();
      review_trends = r.trends.size();
    }
    std::printf("\nA patient's review reads %zu sessions and %zu metric trends.\n", review_sessions,
                review_trends);
    PrintStats("One patient's review (PgReviewSource::LoadPatientReview)", Summarise(review_ms),
               100);

    // --- one session's sync push ------------------------------------------------------------
    if (o.push_runs > 0) {
      const std::string dir = "/tmp/poise-bench-clinic-" + std::to_string(::getpid());
      std::filesystem::create_directories(dir);
      std::vector<double> push_ms;
      size_t push_rows = 0;
      for (int i = 0; i < o.push_runs; ++i) {
        store::SessionStore s(dir + "/home" + std::to_string(i) + ".db");
        const std::string name = "Pushing patient " + std::to_string(i);
        const int64_t profile = TypicalSession(s, name, 8, 15, 150, uint32_t(i + 1));
        const clinic::NewDevice d = clinic::AddDevice(admin, name);
        const store::ClinicLink l = clinic::LinkProfile(
            s, profile, {cluster.Address("clinic"), d.link_code, cluster.ca_pem()});
        const clinic::SyncReport r = clinic::SyncProfile(s, l);
        push_ms.push_back(r.push_ms);
        push_rows = r.rows_sent;
      }
      std::filesystem::remove_all(dir);
      char what[96];
      std::snprintf(what, sizeof what, "One session's sync push (%zu rows, landmarks)", push_rows);
      PrintStats(what, Summarise(push_ms), 200);
    }
    std::printf("Database size after the runs: %s. Load average at the end: %s\n",
                Size(admin, "pg_database_size('clinic')").c_str(), LoadAverage().c_str());

    if (o.explain) {
      std::printf("\nEXPLAIN (ANALYZE, BUFFERS) of the dashboard's queries, as bench_physio:\n");
      for (const clinic::DashboardQuery& q : clinic::DashboardQueries(today)) {
        std::printf("\n-- %s\n", q.name.c_str());
        clinic::PgResult r = physio.Exec("EXPLAIN (ANALYZE, BUFFERS) " + q.sql, q.params);
        for (int i = 0; i < r.Rows(); ++i) std::printf("%s\n", r.Text(i, 0).c_str());
      }
    }
    return 0;
  });
}

}  // namespace poise::app
