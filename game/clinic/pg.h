// A thin RAII layer over libpq for the clinic link: a connection, a result, parameters as text
// (or bytes), and every server error turned into one sentence for the user (ClinicError).
// Never used outside game/clinic.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace poise::clinic {

/// What went wrong, so callers can decide to retry (kUnreachable, kServerBusy) or not.
enum class ClinicErrorKind {
  kBadInput,     ///< malformed address, code or file: fix the input
  kUnreachable,  ///< no answer, refused, timed out, connection lost: retry later
  kCertificate,  ///< the server's certificate is not signed by the pinned CA or names another host
  kAuth,         ///< code or credential refused
  kRevoked,      ///< the clinic revoked this device
  kRefused,      ///< the server refused a statement (permission, row-level security)
  kNewerSchema,  ///< the clinic server runs a newer schema than this Poise knows
  kServerFull,   ///< the clinic's disk is full: retry later
  kServer,       ///< anything else the server reported
};

class ClinicError : public std::runtime_error {
 public:
  ClinicError(ClinicErrorKind kind, const std::string& sentence)
      : std::runtime_error(sentence), kind_(kind) {}
  ClinicErrorKind kind() const { return kind_; }
  /// Worth trying again later without anyone changing anything.
  bool Transient() const {
    return kind_ == ClinicErrorKind::kUnreachable || kind_ == ClinicErrorKind::kServerFull ||
           kind_ == ClinicErrorKind::kServer;
  }

 private:
  ClinicErrorKind kind_;
};

/// A parameter: text, bytes (bytea) or NULL.
struct PgParam {
  std::optional<std::string> value;
  bool binary = false;
};

class PgResult {
 public:
  explicit PgResult(pg_result* r) : r_(r) {}
  ~PgResult();
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  int Rows() const;
  bool Null(int row, int col) const;
  std::string Text(int row, int col) const;
  int64_t Affected() const;  ///< rows an INSERT/UPDATE/DELETE changed

 private:
  pg_result* r_;
};

/// Key/value connection parameters (libpq keywords).
using PgParams = std::vector<std::pair<std::string, std::string>>;

class PgConnection {
 public:
  /// Connects (non-blocking; gives up after timeout_s or as soon as *stop becomes true). Throws
  /// ClinicError with one sentence naming `what` (e.g. "the clinic server localhost:5432/clinic").
  PgConnection(const PgParams& params, const std::string& what, double timeout_s = 10,
               const std::atomic<bool>* stop = nullptr);
  /// From a libpq connection string or URI (the clinic's administrator).
  static PgConnection FromUrl(const std::string& url, double timeout_s = 10);
  ~PgConnection();
  PgConnection(PgConnection&& o) noexcept : c_(o.c_), what_(std::move(o.what_)) { o.c_ = nullptr; }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// Runs one statement (several without parameters); throws ClinicError on failure.
  PgResult Exec(const std::string& sql, const std::vector<PgParam>& params = {});
  void Prepare(const std::string& name, const std::string& sql, int n_params);
  /// COPY ... FROM STDIN (text format): `next` fills its argument with the next chunk of rows and
  /// returns false when there is none. Returns the rows copied; throws ClinicError on failure.
  int64_t CopyIn(const std::string& copy_sql, const std::function<bool(std::string&)>& next);
  PgResult ExecPrepared(const std::string& name, const std::vector<PgParam>& params);
  /// The role name quoted for SQL (PQescapeIdentifier).
  std::string QuoteIdent(const std::string& s);
  std::string QuoteLiteral(const std::string& s);
  /// A SCRAM-SHA-256 verifier of `password` for `role` (the password never reaches the server).
  std::string EncryptPassword(const std::string& password, const std::string& role);
  /// Bytes this connection's socket has sent and the server acknowledged (TLS records and TCP
  /// payload, from the kernel's TCP_INFO); -1 when unknown.
  int64_t BytesSent() const;

 private:
  PgConnection(pg_conn* c, std::string what) : c_(c), what_(std::move(what)) {}
  [[noreturn]] void Fail(pg_result* r);
  pg_conn* c_ = nullptr;
  std::string what_;
};

/// A transaction: BEGIN (or `begin`, e.g. a read-only snapshot) now, ROLLBACK when left without
/// Commit(), also on an exception (a failed ROLLBACK on a lost connection is ignored).
class PgTx {
 public:
  explicit PgTx(PgConnection& c, const char* begin = "BEGIN") : c_(c) { c_.Exec(begin); }
  ~PgTx() {
    if (!done_) try {
        c_.Exec("ROLLBACK");
      } catch (...) {
      }
  }
  PgTx(const PgTx&) = delete;
  PgTx& operator=(const PgTx&) = delete;
  void Commit() {
    c_.Exec("COMMIT");
    done_ = true;
  }

 private:
  PgConnection& c_;
  bool done_ = false;
};

/// Turns libpq's connection failure text into one sentence about `what`.
ClinicError ConnectionError(const std::string& libpq_message, const std::string& what);

}  // namespace poise::clinic
