// poise bench-review: how long the physiotherapist's review takes to open for a year of daily
// sessions. Generates the history in a temporary database (365 sessions x 10 blocks x 20 trials
// by default), then times, over several runs: opening the database, the review's queries and
// trend computation (store::ReviewSource::LoadPatientReview), and drawing the adherence strip and
// every trend chart with ImGui (CPU side: building the draw lists, no GPU).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "game/app/commands.h"
#include "game/clinic/device_link.h"
#include "game/clinic/pg_review_source.h"
#include "game/clinic/server_schema.h"
#include "game/clinic/sync_engine.h"
#include "game/store/sample_history.h"
#include "game/store/sqlite_review_source.h"
#include "game/ui/review_bench.h"

namespace poise::app {
namespace {

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

/// Pushes the generated patient to the clinic server and times the review from there.
void BenchClinicReview(const std::string& db, const std::string& url, const std::string& server,
                       const std::string& ca, int runs) {
  store::SessionStore s(db);
  const core::Profile p = s.Profiles().front();
  auto admin = clinic::PgConnection::FromUrl(url);
  clinic::InitClinicServer(admin);
  const std::string name = "Bench review " + store::NewUuid();
  const clinic::NewDevice d = clinic::AddDevice(admin, name);
  const store::ClinicLink link = clinic::LinkProfile(s, p.id, {server, d.link_code, ca});
  auto t0 = std::chrono::steady_clock::now();
  const clinic::SyncReport sync = clinic::SyncProfile(s, link);
  std::printf("pushed %zu rows in %zu batches to %s in %.0f ms\n", sync.rows_sent, sync.batches,
              server.c_str(), MsSince(t0));
  const std::string role = "poise_bench_physio_" + std::to_string(getpid());
  const std::string password = store::NewUuid();
  clinic::AddPhysio(admin, role, password, name);
  const clinic::ServerAddress a = clinic::ParseServerAddress(server);
  clinic::PgConnection physio({{"host", a.host},
                               {"port", std::to_string(a.port)},
                               {"dbname", a.dbname},
                               {"user", role},
                               {"password", password},
                               {"sslmode", "verify-full"},
                               {"sslrootcert", ca}},
                              "the clinic server " + a.Display());
  clinic::PgReviewSource pg(std::move(physio), a.Display());
  const store::PatientRef patient = pg.FindPatient(link.patient_uuid);
  store::SqliteReviewSource home(s);
  const store::ReviewTiming h = store::TimePatientReview(home, p, runs);
  const store::ReviewTiming c = store::TimePatientReview(pg, patient, runs);
  std::printf("one patient's review (trends + adherence + session list), %d runs:\n", runs);
  std::printf("%-34s median %7.1f ms   p95 %7.1f ms   (%zu sessions, %zu trends, %zu weeks)\n",
              "SQLite (this computer)", h.median_ms, h.p95_ms, h.sessions, h.trends, h.weeks);
  std::printf("%-34s median %7.1f ms   p95 %7.1f ms   (%zu sessions, %zu trends, %zu weeks)\n",
              "PostgreSQL (physiotherapist role)", c.median_ms, c.p95_ms, c.sessions, c.trends,
              c.weeks);
  if (h.sessions != c.sessions || h.trends != c.trends || h.weeks != c.weeks)
    throw store::StoreError("The clinic server's review differs from this computer's.");
}

}  // namespace

int RunBenchReview(int argc, char** argv) {
  CLI::App app{"Time opening the review for a generated year of daily sessions."};
  store::HistoryOptions o;
  int runs = 5;
  std::string keep, clinic_url, server, ca;
  app.add_option("--sessions", o.days, "days with one session each");
  app.add_option("--blocks", o.blocks, "blocks per session");
  app.add_option("--trials", o.trials, "trials per block");
  app.add_option("--runs", runs, "timed runs (the median and the slowest are reported)");
  app.add_option("--keep", keep, "write the generated database here and keep it");
  app.add_option("--clinic", clinic_url,
                 "also time the review from this clinic server (libpq URL of an administrator "
                 "of a THROWAWAY database; the history is pushed there)");
  app.add_option("--server", server, "with --clinic: the server as devices see it (host:port/db)");
  app.add_option("--ca", ca, "with --clinic: the clinic's CA certificate (PEM)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("poise_bench_review_" + std::to_string(getpid()));
  const std::string db = keep.empty() ? (dir / "poise.db").string() : keep;
  try {
    if (keep.empty()) fs::create_directories(dir);
    if (fs::exists(db))
      throw store::StoreError("The file " + db + " exists already; choose another.");
    auto t0 = std::chrono::steady_clock::now();
    {
      store::SessionStore s(db);
      store::GenerateHistory(s, "Year of sessions", o);
    }
    std::printf("generated %d sessions x %d blocks x %d trials = %d trials in %.0f ms (%.1f MB)\n",
                o.days, o.blocks, o.trials, o.days * o.blocks * o.trials, MsSince(t0),
                double(fs::file_size(db)) / 1e6);
    ui::OffscreenReviewDrawer drawer;
    std::vector<double> open_ms, query_ms, draw_ms, total_ms;
    int vertices = 0;
    size_t trends = 0, weeks = 0;
    for (int i = 0; i < runs; ++i) {
      const auto start = std::chrono::steady_clock::now();
      store::SessionStore s(db);
      const core::Profile p = s.Profiles().front();
      open_ms.push_back(MsSince(start));
      auto t1 = std::chrono::steady_clock::now();
      const store::PatientReview r = store::SqliteReviewSource(s).LoadPatientReview(p, {});
      query_ms.push_back(MsSince(t1));
      auto t2 = std::chrono::steady_clock::now();
      vertices = drawer.Draw(r);
      draw_ms.push_back(MsSince(t2));
      total_ms.push_back(MsSince(start));
      trends = r.trends.size();
      weeks = r.adherence.size();
    }
    auto report = [](const char* what, std::vector<double> v) {
      std::sort(v.begin(), v.end());
      std::printf("%-34s median %7.1f ms   slowest %7.1f ms\n", what, v[v.size() / 2], v.back());
    };
    std::printf("review of %zu trend charts, %zu weeks of adherence, %d vertices, %d runs:\n",
                trends, weeks, vertices, runs);
    report("open the database", open_ms);
    report("queries + trends (LoadPatientReview)", query_ms);
    report("draw adherence + trends (ImGui CPU)", draw_ms);
    report("total: open the review", total_ms);
    if (!clinic_url.empty()) {
      if (server.empty() || ca.empty())
        throw store::StoreError("--clinic needs --server host:port/db and --ca FILE.");
      BenchClinicReview(db, clinic_url, server, ca, runs);
    }
    if (keep.empty()) fs::remove_all(dir);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "poise bench-review: %s\n", e.what());
    if (keep.empty()) fs::remove_all(dir);
    return 1;
  }
}

}  // namespace poise::app
