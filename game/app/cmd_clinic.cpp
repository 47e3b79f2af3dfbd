// poise clinic: the clinic side of the link (init, add-device, revoke-device, add-physio, run by
// the clinic's IT against its PostgreSQL server) and the home side from a terminal (link, unlink,
// sync, status).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "game/app/commands.h"
#include "game/clinic/device_link.h"
#include "game/clinic/server_schema.h"
#include "game/clinic/sync_engine.h"
#include "game/store/clinic_outbox.h"
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

int RunClinic(int argc, char** argv) {
  CLI::App app{"The clinic link: a clinic's PostgreSQL server and the devices linked to it."};
  app.require_subcommand(1);
  std::string url, patient, device, role, password_file, db = store::SessionStore::DefaultPath(),
                                                         profile, server, code, ca;
  bool json = false;
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
      clinic::AddPhysio(admin, role, ReadFirstLine(password_file), patient);
      std::printf("%s now follows %s.\n", role.c_str(), patient.c_str());
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
