#include "game/clinic/device_link.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "game/clinic/server_schema.h"

namespace poise::clinic {
namespace fs = std::filesystem;
namespace {

ClinicError Bad(const std::string& s) { return ClinicError(ClinicErrorKind::kBadInput, s); }

bool HostChars(const std::string& h) {
  if (h.empty() || h.size() > 253) return false;
  for (char c : h)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  return h.front() != '-' && h.front() != '.';
}

/// Writes `text` to `path` with mode 0600 (through a temporary file and a rename).
void WritePrivate(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw ClinicError(ClinicErrorKind::kBadInput, "Cannot write " + tmp.string() + ".");
  ::fchmod(fd, 0600);
  const bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    fs::remove(tmp);
    throw ClinicError(ClinicErrorKind::kBadInput,
                      "Cannot write " + path.string() + " (is the disk full?).");
  }
}

std::string ReadSmallFile(const std::string& path, const std::string& what) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw Bad("The " + what + " " + path + " cannot be read.");
  if (size > 256 * 1024) throw Bad("The " + what + " " + path + " is too large to be one.");
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string RandomPassword() {
  if (sodium_init() < 0) throw ClinicError(ClinicErrorKind::kServer, "No random numbers.");
  unsigned char b[24];
  randombytes_buf(b, sizeof b);
  char out[sodium_base64_ENCODED_LEN(sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

}  // namespace

std::string ServerAddress::Display() const {
  return host + ":" + std::to_string(port) + "/" + dbname;
}

ServerAddress ParseServerAddress(const std::string& text_in) {
  std::string t = text_in;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(0, 1);
  const std::string why =
      "The server address \"" + t +
      "\" is not valid: write it as host, host:port or host:port/database (e.g. "
      "clinic.example.org:5432/poise).";
  for (const char* scheme : {"postgresql://", "postgres://"})
    if (t.rfind(scheme, 0) == 0) t = t.substr(std::char_traits<char>::length(scheme));
  ServerAddress a;
  if (const auto slash = t.find('/'); slash != std::string::npos) {
    a.dbname = t.substr(slash + 1);
    t.resize(slash);
    if (a.dbname.empty() || a.dbname.size() > 63) throw Bad(why);
    for (char c : a.dbname)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') throw Bad(why);
  }
  if (const auto colon = t.rfind(':'); colon != std::string::npos) {
    const std::string port = t.substr(colon + 1);
    t.resize(colon);
    if (port.empty() || port.size() > 5) throw Bad(why);
    for (char c : port)
      if (!std::isdigit(static_cast<unsigned char>(c))) throw Bad(why);
    a.port = std::stoi(port);
    if (a.port < 1 || a.port > 65535) throw Bad(why);
  }
  if (!HostChars(t)) throw Bad(why);
  a.host = t;
  return a;
}

LinkCode ParseLinkCode(const std::string& text) {
  std::string s;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)))
      s += char(std::tolower(static_cast<unsigned char>(c)));
  const std::string why =
      "That link code is not one the clinic prints (12 characters, then four groups of four); "
      "check it or ask the clinic for a new one.";
  if (s.size() != 28) throw Bad(why);
  for (size_t i = 0; i < 12; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(s[i]))) throw Bad(why);
  return {"poise_dev_" + s.substr(0, 12), s.substr(12)};
}

std::string CredentialRoot(const std::string& db_path) {
  const fs::path p(db_path);
  return ((p.has_parent_path() ? p.parent_path() : fs::path(".")) / "clinic").string();
}

DeviceCredential LoadCredential(const std::string& dir) {
  const std::string path = (fs::path(dir) / "device.json").string();
  nlohmann::json j =
      nlohmann::json::parse(ReadSmallFile(path, "clinic credential"), nullptr, false);
  if (!j.is_object() || !j.contains("role") || !j.contains("password") || !j.contains("host"))
    throw ClinicError(ClinicErrorKind::kAuth,
                      "This computer's clinic credential (" + path +
                          ") is damaged; ask your physiotherapist to link the profile again.");
  DeviceCredential c;
  c.server.host = j.value("host", "");
  c.server.port = j.value("port", 5432);
  c.server.dbname = j.value("dbname", "poise");
  c.role = j.value("role", "");
  c.password = j.value("password", "");
  c.ca_path = (fs::path(dir) / "clinic-ca.pem").string();
  return c;
}

PgParams DeviceConnectionParams(const DeviceCredential& c) {
  return {{"host", c.server.host},
          {"port", std::to_string(c.server.port)},
          {"dbname", c.server.dbname},
          {"user", c.role},
          {"password", c.password},
          {"sslmode", "verify-full"},
          {"sslrootcert", c.ca_path},
          {"sslcrl", ""},
          {"gssencmode", "disable"},
          {"passfile", "/dev/null"},
          {"application_name", "poise-device"},
          // A cut cable is noticed within seconds, not after the kernel's default of minutes.
          {"keepalives", "1"},
          {"keepalives_idle", "5"},
          {"keepalives_interval", "2"},
          {"keepalives_count", "3"},
          {"tcp_user_timeout", "10000"}};
}

store::ClinicLink LinkProfile(store::SessionStore& store, int64_t profile_id,
                              const LinkRequest& req, double timeout_s) {
  const ServerAddress address = ParseServerAddress(req.address);
  const LinkCode code = ParseLinkCode(req.code);
  if (req.ca_file.empty())
    throw Bad(
        "Give the clinic's CA certificate file (the clinic's IT hands it out with the code).");
  const std::string ca = ReadSmallFile(req.ca_file, "CA certificate file");
  if (ca.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
    throw Bad("The file " + req.ca_file + " is not a certificate (PEM) file.");
  std::string profile_uuid;
  for (const auto& p : store.Profiles())
    if (p.id == profile_id) profile_uuid = p.uuid;
  if (profile_uuid.empty()) throw Bad("That patient profile does not exist.");
  if (store::ClinicOutbox(store).Link(profile_id))
    throw Bad("This profile is already linked to a clinic; unlink it first.");

  const fs::path dir = fs::path(CredentialRoot(store.path())) / profile_uuid;
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::permissions(dir.parent_path(), fs::perms::owner_all, ec);
  fs::permissions(dir, fs::perms::owner_all, ec);
  if (!fs::is_directory(dir))
    throw Bad("The folder " + dir.string() + " for the clinic credential cannot be created.");
  // Anything that fails from here leaves no credential behind.
  struct Cleanup {
    fs::path dir;
    bool keep = false;
    ~Cleanup() {
      std::error_code e;
      if (!keep) fs::remove_all(dir, e);
    }
  } cleanup{dir};
  WritePrivate(dir / "clinic-ca.pem", ca);

  DeviceCredential cred{address, code.role, code.secret, (dir / "clinic-ca.pem").string()};
  PgConnection conn(DeviceConnectionParams(cred), "the clinic server " + address.Display(),
                    timeout_s);
  const int version = ClinicSchemaVersion(conn);
  if (version == 0)
    throw Bad(address.Display() + " is not a Poise clinic database; check the server address.");
  if (version > kClinicSchemaVersion)
    throw ClinicError(ClinicErrorKind::kNewerSchema,
                      "The clinic server runs a newer Poise clinic schema (" +
                          std::to_string(version) + "); update Poise on this computer first.");
  PgResult claimed = conn.Exec("SELECT poise_claim_device()");
  if (claimed.Rows() != 1 || claimed.Null(0, 0))
    throw ClinicError(ClinicErrorKind::kRevoked,
                      "The clinic has revoked this link code; ask for a new one.");
  store::ClinicLink link{profile_id,   address.Display(),  code.role, claimed.Text(0, 0),
                         dir.string(), store::UtcNowIso(), "",        ""};
  // The one-time password is replaced before the credential is written: the code is spent.
  cred.password = RandomPassword();
  const nlohmann::json j = {{"host", address.host},
                            {"port", address.port},
                            {"dbname", address.dbname},
                            {"role", code.role},
                            {"password", cred.password}};
  WritePrivate(dir / "device.json.new", j.dump(2));
  conn.Exec("ALTER ROLE CURRENT_USER PASSWORD " +
            conn.QuoteLiteral(conn.EncryptPassword(cred.password, code.role)));
  fs::rename(dir / "device.json.new", dir / "device.json", ec);
  if (ec) throw Bad("Cannot write the clinic credential in " + dir.string() + ".");
  store::ClinicOutbox(store).SaveLink(link);
  cleanup.keep = true;
  return link;
}

void UnlinkProfile(store::SessionStore& store, int64_t profile_id, double timeout_s) {
  store::ClinicOutbox outbox(store);
  const auto link = outbox.Link(profile_id);
  if (!link) return;
  try {
    const DeviceCredential cred = LoadCredential(link->credential_dir);
    PgConnection conn(DeviceConnectionParams(cred), "the clinic server", timeout_s);
    conn.Exec("SELECT poise_release_device()");
  } catch (const std::exception&) {
    // Offline or already revoked: the clinic can still revoke the role itself.
  }
  std::error_code ec;
  fs::remove_all(link->credential_dir, ec);
  outbox.RemoveLink(profile_id);
}

}  // namespace poise::clinic
