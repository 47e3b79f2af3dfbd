// A throwaway PostgreSQL 15 cluster on loopback, for the clinic tests (tests/clinic/pg_cluster.h)
// and the clinic benchmarks (poise bench-clinic). Never a patient's or a clinic's real server.
//
// PgCluster c;  // initdb into a fresh /tmp folder, a self-signed CA and a server certificate
//               // for "localhost" made by openssl now, TLS on, a free loopback port; started.
// c.CreateDatabase("clinic");
// PgConnection admin = PgConnection::FromUrl(c.AdminUrl("clinic"));
// c.Kill9(); c.Start();   // a power cut of the server and its crash recovery
// c.ReissueServerCert("DNS:db.elsewhere.example");  // signed by the same CA, naming another
//                                                   // host; the server reloads it
// ~PgCluster stops the server (also when the test failed) and deletes the folder.
//
// PostgreSQL refuses to run as root and CI runs as root: the server then runs as the `postgres`
// system user that Debian's postgresql package creates (runuser -u postgres), and the folder is
// given to that user. As another user the server runs as that user. pg_hba.conf: the superuser
// `postgres` without a password (over TLS on loopback or the Unix socket), every other role
// with SCRAM over TLS only.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "game/clinic/pg.h"

namespace poise::clinic {

/// Server settings of a throwaway cluster: small for tests, larger for benchmarks.
struct PgClusterOptions {
  std::string shared_buffers = "16MB";
  int max_connections = 30;
  bool fsync = false;
  std::string extra_conf;  ///< more postgresql.conf lines
};

class PgCluster {
 public:
  static constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

  explicit PgCluster(const PgClusterOptions& opt = {}) {
    // Orphaned server processes (pg_ctl daemonises the postmaster) become our children, so a
    // killed server leaves no zombie holding its lock file.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    char tmpl[] = "/tmp/poise-pg-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    port_ = FreePort();
    MakeCa(dir_ + "/ca");
    MakeServerCert();
    if (geteuid() == 0) {
      if (!getpwnam("postgres"))
        throw std::runtime_error("no `postgres` user: run scripts/setup (installs postgresql-15)");
      Run("chown -R postgres: " + dir_);
      as_ = "runuser -u postgres -- ";
    }
    Run("chmod 0700 " + dir_);
    Run(as_ + kBin + "/initdb -D " + dir_ + "/data -U postgres -A trust -E UTF8 --locale=C " +
        "--no-sync >" + dir_ + "/initdb.log 2>&1");
    std::ofstream conf(dir_ + "/data/postgresql.conf", std::ios::app);
    conf << "port = " << port_ << "\nlisten_addresses = 'localhost'\n"
         << "unix_socket_directories = '" << dir_ << "'\nssl = on\n"
         << "ssl_cert_file = '" << dir_ << "/server.crt'\nssl_key_file = '" << dir_
         << "/server.key'\nshared_buffers = " << opt.shared_buffers
         << "\nmax_connections = " << opt.max_connections
         << "\nfsync = " << (opt.fsync ? "on" : "off") << "\nlog_min_messages = warning\n"
         << opt.extra_conf << "\n";
    conf.close();
    std::ofstream hba(dir_ + "/data/pg_hba.conf", std::ios::trunc);
    hba << "local all postgres trust\n"
        << "hostssl all postgres 127.0.0.1/32 trust\nhostssl all postgres ::1/128 trust\n"
        << "hostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n";
    hba.close();
    if (!as_.empty()) Run("chown -R postgres: " + dir_);
    Start();
  }
  ~PgCluster() {
    try {
      Stop();
    } catch (...) {
      Kill9();
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  /// The clinic's CA certificate (PEM) that signed the server's certificate.
  std::string ca_pem() const { return dir_ + "/ca.pem"; }
  /// "localhost:PORT/db" as a physiotherapist types it on the link screen.
  std::string Address(const std::string& db) const {
    return "localhost:" + std::to_string(port_) + "/" + db;
  }
  /// The superuser over TLS (verify-full against the test CA), as libpq key/value pairs.
  std::string AdminUrl(const std::string& db = "postgres") const {
    return "host=localhost port=" + std::to_string(port_) + " dbname=" + db +
           " user=postgres sslmode=verify-full sslrootcert=" + ca_pem();
  }
  PgConnection Admin(const std::string& db = "postgres") const {
    return PgConnection::FromUrl(AdminUrl(db));
  }
  void CreateDatabase(const std::string& db) {
    auto admin = Admin();
    admin.Exec("CREATE DATABASE " + admin.QuoteIdent(db));
  }
  /// A second, unrelated CA (PEM path): a server certificate it did not sign must be refused.
  std::string MakeOtherCa() {
    MakeCa(dir_ + "/other-ca");
    return dir_ + "/other-ca.pem";
  }

  void Start() {
    try {
      Run(as_ + kBin + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/server.log -w -t 60 start >" +
          dir_ + "/pg_ctl.log 2>&1");
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(e.what()) + "\n" + ServerLog());
    }
  }
  void Stop() {
    if (!Running()) return;
    Run(as_ + kBin + "/pg_ctl -D " + dir_ + "/data -m immediate -w -t 60 stop >>" + dir_ +
        "/pg_ctl.log 2>&1");
    Reap();
  }
  /// SIGKILL to the postmaster and every server process (a power cut of the server): the next
  /// Start() runs PostgreSQL's crash recovery.
  void Kill9() {
    const pid_t pm = PostmasterPid();
    if (pm <= 0) return;
    std::vector<pid_t> victims{pm};
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
      const std::string name = e.path().filename();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream stat(e.path() / "stat");
      std::string line;
      std::getline(stat, line);
      const auto close = line.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(line.substr(close + 2));
      char state;
      int ppid = 0;
      rest >> state >> ppid;
      if (ppid == pm) victims.push_back(std::stoi(name));
    }
    for (pid_t p : victims) ::kill(p, SIGKILL);
    for (int i = 0; i < 100 && Alive(pm); ++i) {
      Reap();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    Reap();
    std::filesystem::remove(dir_ + "/data/postmaster.pid");
  }
  /// SIGSTOP / SIGCONT to the postmaster: connections are accepted by the kernel but never
  /// answered (a hung server).
  void Freeze() { ::kill(PostmasterPid(), SIGSTOP); }
  void Thaw() { ::kill(PostmasterPid(), SIGCONT); }
  bool Running() const { return PostmasterPid() > 0 && Alive(PostmasterPid()); }
  std::string ServerLog() const {
    std::ifstream in(dir_ + "/server.log");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  static void Run(const std::string& cmd) {
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
  }
  static int FreePort() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(s);
    return ntohs(a.sin_port);
  }
  static bool Alive(pid_t p) {
    std::ifstream stat("/proc/" + std::to_string(p) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    const auto close = line.rfind(')');
    return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
  }
  static void Reap() {
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }
  pid_t PostmasterPid() const {
    std::ifstream in(dir_ + "/data/postmaster.pid");
    pid_t p = 0;
    in >> p;
    return p;
  }
  void MakeCa(const std::string& base) {
    Run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj '/CN=Poise test clinic CA' -addext basicConstraints=critical,CA:TRUE "
        "-addext keyUsage=critical,keyCertSign,cRLSign -keyout " +
        base + ".key -out " + base + ".pem >/dev/null 2>&1");
  }

 public:
  /// A new server certificate signed by the same CA with this subjectAltName (e.g.
  /// "DNS:db.elsewhere.example"), taken by the running server through pg_reload_conf(); returns
  /// once new connections get it (a client verifying the host name of "localhost" then succeeds
  /// only when `san` names it).
  void ReissueServerCert(const std::string& san) {
    MakeServerCert(san);
    if (!as_.empty()) Run("chown postgres: " + dir_ + "/server.crt " + dir_ + "/server.key");
    // Over the Unix socket: the certificate being replaced may already name another host.
    PgConnection::FromUrl("host=" + dir_ + " port=" + std::to_string(port_) +
                          " dbname=postgres user=postgres")
        .Exec("SELECT pg_reload_conf()");
    const bool names_localhost = san.find("DNS:localhost") != std::string::npos;
    for (int i = 0; i < 100; ++i) {
      bool verified = true;
      try {
        Admin();
      } catch (const std::exception&) {
        verified = false;
      }
      if (verified == names_localhost) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("the server did not take the new certificate\n" + ServerLog());
  }

 private:
  void MakeServerCert(const std::string& san = "DNS:localhost,IP:127.0.0.1,IP:::1") {
    std::ofstream ext(dir_ + "/server.ext");
    ext << "subjectAltName=" << san << "\n"
        << "extendedKeyUsage=serverAuth\n";
    ext.close();
    Run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "
        "'/CN=localhost' -keyout " +
        dir_ + "/server.key -out " + dir_ + "/server.csr >/dev/null 2>&1");
    Run("openssl x509 -req -in " + dir_ + "/server.csr -CA " + dir_ + "/ca.pem -CAkey " + dir_ +
        "/ca.key -CAcreateserial -days 2 -extfile " + dir_ + "/server.ext -out " + dir_ +
        "/server.crt >/dev/null 2>&1");
    Run("chmod 0600 " + dir_ + "/server.key");
  }

  std::string dir_, as_;
  int port_ = 0;
};

}  // namespace poise::clinic
