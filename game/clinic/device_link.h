// Linking a profile on the home machine to the clinic's PostgreSQL server, and unlinking it.
//
// The clinic runs `poise clinic add-device --patient NAME`, which creates the device's login role
// with a one-time password and prints the link code "<12 hex>-xxxx-xxxx-xxxx-xxxx" (the role and
// that password). Linking, in the physiotherapist area: the server address, the code and the
// clinic's CA certificate file. The CA is copied next to the database and pinned: every
// connection uses TLS with sslmode=verify-full against that CA only. On the first connection the
// device replaces the one-time password with a fresh random one (only its SCRAM verifier reaches
// the server), so the code cannot be used twice; the new password is kept in a file readable
// only by the user (0600) in a 0700 folder.
#pragma once

#include <cstdint>
#include <string>

#include "game/clinic/pg.h"
#include "game/store/clinic_outbox.h"
#include "game/store/session_store.h"

namespace poise::clinic {

struct ServerAddress {
  std::string host;
  int port = 5432;
  std::string dbname = "poise";
  std::string Display() const;  ///< "host:port/dbname"
};
/// "host", "host:port", "host:port/db", "host/db" or "postgresql://host:port/db". Throws
/// ClinicError(kBadInput) with one sentence for anything else.
ServerAddress ParseServerAddress(const std::string& text);

struct LinkCode {
  std::string role, secret;
};
/// The code add-device printed (spaces and case do not matter). Throws ClinicError(kBadInput).
LinkCode ParseLinkCode(const std::string& text);

/// What the device keeps to reach its clinic (credential_dir/device.json, mode 0600).
struct DeviceCredential {
  ServerAddress server;
  std::string role, password, ca_path;
};
DeviceCredential LoadCredential(const std::string& credential_dir);
/// libpq parameters for a TLS (verify-full, pinned CA) connection as the device.
PgParams DeviceConnectionParams(const DeviceCredential& c);

struct LinkRequest {
  std::string address, code, ca_file;
};
/// Links the profile: checks the input, pins the CA, logs in with the code, claims the device,
/// rotates the password, and records the link. Throws ClinicError with one sentence; then no link
/// is recorded, no credential is left behind, and no patient data was sent.
store::ClinicLink LinkProfile(store::SessionStore& store, int64_t profile_id,
                              const LinkRequest& request, double timeout_s = 10);
/// Unlinks the profile: tells the server (best effort, so the clinic sees the device released),
/// deletes the credential and the link; the home data stays. Works offline.
void UnlinkProfile(store::SessionStore& store, int64_t profile_id, double timeout_s = 3);

/// Where the credentials of a database's profiles live: "<database folder>/clinic".
std::string CredentialRoot(const std::string& db_path);

}  // namespace poise::clinic
