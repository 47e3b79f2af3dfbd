// poise clinic: the clinic side of the link (init, add-device, revoke-device, add-physio, run by
// the clinic's IT against its PostgreSQL server) and the home side from a terminal (link, unlink,
// sync, status).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "game/app/commands.h"
#include "game/clinic/device_link.h"
#include "game/clinic/server_schema.h"
#include "game/clinic/sync_engine.h"
#include "game/store/clinic_outbox.h"
#include "game/store/pose_stream.h"
#include "game/store/sample_history.h"
#include "game/store/session_store.h"

namespace poise::app {
namespace {

int64_t FindProfile(store::SessionStore& s, const std::string& who) {
  for (const auto& p : s.Profiles())
    if (p.name == who || std::to_string(p.id) == who || p.uuid == who) return p.id;
  throw std::runtime_error("No patient profile called " + who + " in " + s.path() + ".");
}

std::string ReadFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) throw std::runtime_error("Cannot read " + path + ".");
  return line;
}

}  // namespace

int64_t TypicalSession(store::SessionStore& s, const std::string& name, int blocks, int trials,
                       double block_s, uint32_t seed) {
  store::HistoryOptions o;
  o.days = 1;
  o.blocks = blocks;
  o.trials = trials;
  o.seed = seed;
  const int64_t profile = store::GenerateHistory(s, name, o);
  const store::SessionSummary session = s.Sessions(profile).at(0);
  for (int b = 0; b < blocks; ++b) {
    std::vector<store::ReplayFrame> frames(size_t(block_s * 30));
    for (size_t f = 0; f < frames.size(); ++f) {
      frames[f].t_ms = f * 1000.0 / 30;
      const double t = f / 30.0;
      for (int k = 0; k < kNumLandmarks; ++k)
        frames[f].landmarks[size_t(k)] = {
            float(0.5 + 0.004 * (k - 16) + 0.01 * std::sin(0.7 * t + 0.05 * k) +
                  (k >= 13 && k <= 22 ? 0.08 * std::sin(1.3 * t) : 0.0)),
            float(0.15 + 0.022 * k + 0.004 * std::cos(0.9 * t)), 0.95f};
    }
    store::SavePoseStream(s, session.id, b, "bubble_reach", frames);
  }
  return profile;
}

int RunClinic(int argc, char** argv) {
  CLI::App app{"The clinic link: a clinic's PostgreSQL server and the devices linked to it."};
  app.require_subcommand(1);
  std::string url, patient, device, role, password_file, db = store::SessionStore::DefaultPath(),
                                                         profile, server, code, ca;
  bool json = false, read_only = false;
  const char* url_help = "the clinic database as an administrator (libpq URL or key=value)";
  auto* init = app.add_subcommand("init", "create or migrate the clinic schema (forward only)");
  init->add_option("--url", url, url_help)->required();
  auto* add = app.add_subcommand("add-device",
                                 "create a device login for a patient; prints the "
                                 "one-time link code");
  add->add_option("--url", url, url_help)->required();
  add->add_option("--patient", patient, "the patient's name (created if new)")->required();
  auto* revoke = app.add_subcommand("revoke-device", "revoke a device (or all of a patient's)");
  revoke->add_option("--url", url, url_help)->required();
  auto* rd = revoke->add_option("--device", device, "the device's role (poise_dev_...)");
  revoke->add_option("--patient", patient, "every device of this patient")->excludes(rd);
  auto* physio = app.add_subcommand("add-physio",
                                    "create a physiotherapist login (if new) and "
                                    "assign it a patient");
  physio->add_option("--url", url, url_help)->required();
  physio->add_option("--role", role, "the physiotherapist's login name")->required();
  physio->add_option("--patient", patient, "a patient to assign")->required();
  physio->add_option("--password-file", password_file, "first line: the password")->required();
  physio->add_flag("--read-only", read_only,
                   "reads its patients only: no plans, assignments or notes");

  auto* link = app.add_subcommand("link", "link a profile on this computer to a clinic");
  link->add_option("--db", db, "session database");
  link->add_option("--profile", profile, "the profile's name, number or UUID")->required();
  link->add_option("--server", server, "host[:port][/database]")->required();
  link->add_option("--code", code, "the link code the clinic printed")->required();
  link->add_option("--ca", ca, "the clinic's CA certificate (PEM)")->required();
  auto* unlink = app.add_subcommand("unlink", "unlink a profile (its data stays here)");
  unlink->add_option("--db", db, "session database");
  unlink->add_option("--profile", profile, "the profile's name, number or UUID")->required();
  auto* sync = app.add_subcommand("sync", "send what is waiting and fetch plans, now");
  sync->add_option("--db", db, "session database");
  sync->add_flag("--json", json, "print figures as JSON");
  auto* status = app.add_subcommand("status", "each linked profile's clinic status");
  status->add_option("--db", db, "session database");
  int runs = 10, blocks = 8, trials = 15;
  double block_s = 150;
  auto* bench = app.add_subcommand(
      "bench-push", "time pushing one typical session to a clinic server (a throwaway one!)");
  bench->add_option("--url", url, url_help)->required();
  bench->add_option("--server", server, "the same server as devices see it (host:port/db)")
      ->required();
  bench->add_option("--ca", ca, "the clinic's CA certificate (PEM)")->required();
  bench->add_option("--runs", runs, "sessions pushed, each by a new device");
  bench->add_option("--blocks", blocks, "exercise blocks per session");
  bench->add_option("--trials", trials, "trials per block");
  bench->add_option("--block-seconds", block_s, "landmark stream per block (30 fps)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (init->parsed()) {
      auto admin = clinic::PgConnection::FromUrl(url);
      const int before = clinic::InitClinicServer(admin);
      std::printf("The clinic schema is at version %d (was %d).\n", clinic::kClinicSchemaVersion,
                  before);
    } else if (add->parsed()) {
      auto admin = clinic::PgConnection::FromUrl(url);
      const clinic::NewDevice d = clinic::AddDevice(admin, patient);
      std::printf(
          "Device %s for %s (patient %s).\nLink code (use once): %s\nGive it to the "
          "physiotherapist with the clinic's CA certificate file.\n",
          d.role.c_str(), patient.c_str(), d.patient_uuid.c_str(), d.link_code.c_str());
    } else if (revoke->parsed()) {
      if (device.empty() && patient.empty())
        throw std::runtime_error("Say which device (--device) or patient (--patient).");
      auto admin = clinic::PgConnection::FromUrl(url);
      const int n = clinic::RevokeDevice(admin, device.empty() ? patient : device);
      std::printf("%d device%s revoked.\n", n, n == 1 ? "" : "s");
      if (n == 0) return 1;
    } else if (physio->parsed()) {
      auto admin = clinic::PgConnection::FromUrl(url);
      clinic::AddPhysio(admin, role, ReadFirstLine(password_file), patient, read_only);
      std::printf("%s now follows %s%s.\n", role.c_str(), patient.c_str(),
                  read_only ? " (read-only)" : "");
    } else if (link->parsed()) {
      store::SessionStore s(db);
      const store::ClinicLink l =
          clinic::LinkProfile(s, FindProfile(s, profile), {server, code, ca});
      std::printf("Linked %s to %s; sessions are sent from now on.\n", profile.c_str(),
                  l.server.c_str());
    } else if (unlink->parsed()) {
      store::SessionStore s(db);
      clinic::UnlinkProfile(s, FindProfile(s, profile));
      std::printf("Unlinked %s; everything stays on this computer.\n", profile.c_str());
    } else if (sync->parsed()) {
      store::SessionStore s(db);
      int failed = 0;
      nlohmann::json out = nlohmann::json::array();
      for (const store::ClinicLink& l : store::ClinicOutbox(s).Links()) {
        try {
          const clinic::SyncReport r = clinic::SyncProfile(s, l);
          out.push_back({{"profile_id", l.profile_id},
                         {"rows", r.rows_sent},
                         {"batches", r.batches},
                         {"bytes_sent", r.bytes_sent},
                         {"push_ms", r.push_ms},
                         {"plan_updated", r.plan_updated}});
          if (!json)
            std::printf("Profile %lld: %zu rows in %zu batches, %.1f ms, %lld bytes sent%s.\n",
                        static_cast<long long>(l.profile_id), r.rows_sent, r.batches, r.push_ms,
                        static_cast<long long>(r.bytes_sent),
                        r.plan_updated ? "; a new plan arrived" : "");
        } catch (const std::exception& e) {
          ++failed;
          store::ClinicOutbox(s).SetStatus(l.profile_id, e.what());
          out.push_back({{"profile_id", l.profile_id}, {"error", e.what()}});
          if (!json)
            std::fprintf(stderr, "Profile %lld: %s\n", static_cast<long long>(l.profile_id),
                         e.what());
        }
      }
      if (json) std::printf("%s\n", out.dump(2).c_str());
      return failed ? 1 : 0;
    } else if (bench->parsed()) {
      const std::string dir = "/tmp/poise-bench-push-" + std::to_string(::getpid());
      std::filesystem::create_directories(dir);
      auto admin = clinic::PgConnection::FromUrl(url);
      clinic::InitClinicServer(admin);
      std::vector<double> ms;
      nlohmann::json rows = nlohmann::json::array();
      for (int i = 0; i < runs; ++i) {
        store::SessionStore s(dir + "/home" + std::to_string(i) + ".db");
        const std::string name = "Bench patient " + std::to_string(i) + " " + store::NewUuid();
        const int64_t profile = TypicalSession(s, name, blocks, trials, block_s, uint32_t(i + 1));
        const clinic::NewDevice d = clinic::AddDevice(admin, name);
        const store::ClinicLink l = clinic::LinkProfile(s, profile, {server, d.link_code, ca});
        int64_t pose_frames = 0;
        for (const auto& p : s.Sessions(profile))
          for (const auto& st : store::PoseStreams(s, p.id)) pose_frames += st.frames;
        const clinic::SyncReport r = clinic::SyncProfile(s, l);
        ms.push_back(r.push_ms);
        rows.push_back({{"push_ms", r.push_ms},
                        {"rows", r.rows_sent},
                        {"batches", r.batches},
                        {"payload_bytes", r.payload_bytes},
                        {"bytes_sent", r.bytes_sent},
                        {"pose_frames", pose_frames}});
      }
      std::filesystem::remove_all(dir);
      std::sort(ms.begin(), ms.end());
      nlohmann::json out = {{"runs", rows},
                            {"median_push_ms", ms.empty() ? 0 : ms[ms.size() / 2]},
                            {"max_push_ms", ms.empty() ? 0 : ms.back()}};
      std::printf("%s\n", out.dump(2).c_str());
    } else if (status->parsed()) {
      store::SessionStore s(db);
      store::ClinicOutbox outbox(s);
      const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
      for (const store::ClinicLink& l : outbox.Links())
        std::printf("Profile %lld -> %s: %s\n", static_cast<long long>(l.profile_id),
                    l.server.c_str(),
                    clinic::SyncStatusLine(l, outbox.SessionsWaiting(l.profile_id), now,
                                           store::LocalUtcOffsetMinutes())
                        .c_str());
      if (outbox.Links().empty()) std::printf("No profile is linked to a clinic.\n");
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "poise clinic: %s\n", e.what());
    return 1;
  }
}

}  // namespace poise::app
