#include "game/clinic/pg.h"

#include <libpq-fe.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <memory>

namespace poise::clinic {
namespace {

bool Has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

std::string FirstLine(std::string s) {
  if (const auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.pop_back();
  return s;
}

}  // namespace

ClinicError ConnectionError(const std::string& m, const std::string& what) {
  using K = ClinicErrorKind;
  if (Has(m, "certificate verify failed") || Has(m, "does not match host name") ||
      Has(m, "root certificate file") || Has(m, "certificate"))
    return {K::kCertificate, "The certificate of " + what +
                                 " is not the one the clinic gave when this profile was linked; "
                                 "nothing was sent (ask the clinic's IT)."};
  if (Has(m, "not permitted to log in"))
    return {K::kRevoked,
            "The clinic has revoked this computer's link; nothing was sent (ask your "
            "physiotherapist to link the profile again)."};
  if (Has(m, "password authentication failed") || Has(m, "no pg_hba.conf entry") ||
      Has(m, "password") || Has(m, "authentication"))
    return {K::kAuth, what +
                          " did not accept the link code or this computer's credential; nothing "
                          "was sent (ask the clinic for a new link code)."};
  if (Has(m, "does not exist"))
    return {K::kBadInput, what + " has no such clinic database; check the server address."};
  if (Has(m, "invalid") || Has(m, "missing \"=\"") || Has(m, "invalid URI"))
    return {K::kBadInput, "The server address is not valid: " + FirstLine(m) + "."};
  return {K::kUnreachable,
          "Not connected: " + what + " did not answer (" + FirstLine(m) + "); trying again later."};
}

PgResult::~PgResult() {
  if (r_) PQclear(r_);
}
int PgResult::Rows() const { return PQntuples(r_); }
bool PgResult::Null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
std::string PgResult::Text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col), size_t(PQgetlength(r_, row, col)));
}
int64_t PgResult::Affected() const {
  const char* n = PQcmdTuples(r_);
  return n && *n ? std::stoll(n) : 0;
}

PgConnection::PgConnection(const PgParams& params, const std::string& what, double timeout_s,
                           const std::atomic<bool>* stop)
    : what_(what) {
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  c_ = PQconnectStartParams(keys.data(), values.data(), 0);
  if (!c_) throw ClinicError(ClinicErrorKind::kServer, "Out of memory while connecting.");
  if (PQstatus(c_) == CONNECTION_BAD) {
    const std::string m = PQerrorMessage(c_);
    PQfinish(c_);
    c_ = nullptr;
    throw ConnectionError(m, what);
  }
  // Poll the connection so that a stop request (the program exiting) never waits for a slow
  // or absent server.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(timeout_s * 1000));
  PostgresPollingStatusType st = PGRES_POLLING_WRITING;
  while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
    if ((stop && stop->load()) || std::chrono::steady_clock::now() > deadline) {
      const bool stopped = stop && stop->load();
      PQfinish(c_);
      c_ = nullptr;
      throw ClinicError(
          ClinicErrorKind::kUnreachable,
          stopped ? "Stopped before " + what + " answered."
                  : "Not connected: " + what + " did not answer in time; trying again later.");
    }
    pollfd p{PQsocket(c_), short(st == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    if (p.fd >= 0 && poll(&p, 1, 100) == 0) continue;
    st = PQconnectPoll(c_);
  }
  if (st == PGRES_POLLING_FAILED) {
    const std::string m = PQerrorMessage(c_);
    PQfinish(c_);
    c_ = nullptr;
    throw ConnectionError(m, what);
  }
}

PgConnection PgConnection::FromUrl(const std::string& url, double timeout_s) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    const std::string m = err ? err : "out of memory";
    PQfreemem(err);
    throw ClinicError(ClinicErrorKind::kBadInput,
                      "The server address is not valid: " + FirstLine(m) + ".");
  }
  PgParams params;
  std::string host = "localhost", db;
  for (PQconninfoOption* o = opts; o->keyword; ++o)
    if (o->val && *o->val) {
      params.emplace_back(o->keyword, o->val);
      if (std::string(o->keyword) == "host") host = o->val;
      if (std::string(o->keyword) == "dbname") db = o->val;
    }
  PQconninfoFree(opts);
  return PgConnection(params, "the clinic server " + host + (db.empty() ? "" : "/" + db),
                      timeout_s);
}

PgConnection::~PgConnection() {
  if (c_) PQfinish(c_);
}

void PgConnection::Fail(pg_result* r) {
  using K = ClinicErrorKind;
  const char* code_c = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = code_c ? code_c : "";
  const std::string msg = FirstLine(r ? PQresultErrorMessage(r) : PQerrorMessage(c_));
  if (r) PQclear(r);
  if (PQstatus(c_) == CONNECTION_BAD || code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0)
    throw ClinicError(K::kUnreachable, "Not connected: the connection to " + what_ +
                                           " was lost; nothing is lost, trying again later.");
  if (code.rfind("53", 0) == 0)
    throw ClinicError(K::kServerFull, "The clinic server is out of space (" + msg +
                                          "); your sessions stay here and are sent later.");
  if (code == "42501" || code.rfind("23", 0) == 0)
    throw ClinicError(K::kRefused, "The clinic server refused this: " + msg + ".");
  throw ClinicError(K::kServer, "The clinic server reported an error: " + msg + ".");
}

namespace {
struct Packed {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
};
Packed Pack(const std::vector<PgParam>& params) {
  Packed p;
  for (const PgParam& x : params) {
    p.values.push_back(x.value ? x.value->data() : nullptr);
    p.lengths.push_back(x.value ? int(x.value->size()) : 0);
    p.formats.push_back(x.binary ? 1 : 0);
  }
  return p;
}
bool Ok(pg_result* r) {
  const auto st = PQresultStatus(r);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}
}  // namespace

PgResult PgConnection::Exec(const std::string& sql, const std::vector<PgParam>& params) {
  pg_result* r = nullptr;
  if (params.empty()) {
    r = PQexec(c_, sql.c_str());
  } else {
    const Packed p = Pack(params);
    r = PQexecParams(c_, sql.c_str(), int(params.size()), nullptr, p.values.data(),
                     p.lengths.data(), p.formats.data(), 0);
  }
  if (!r || !Ok(r)) Fail(r);
  return PgResult(r);
}

int64_t PgConnection::CopyIn(const std::string& sql,
                             const std::function<bool(std::string&)>& next) {
  pg_result* r = PQexec(c_, sql.c_str());
  if (!r || PQresultStatus(r) != PGRES_COPY_IN) Fail(r);
  PQclear(r);
  std::string chunk;
  const char* error = nullptr;
  try {
    while (next(chunk))
      if (!chunk.empty() && PQputCopyData(c_, chunk.data(), int(chunk.size())) != 1) break;
  } catch (...) {
    PQputCopyEnd(c_, "the data for COPY could not be made");
    while (pg_result* x = PQgetResult(c_)) PQclear(x);
    throw;
  }
  PQputCopyEnd(c_, error);
  pg_result* done = PQgetResult(c_);
  if (!done || !Ok(done)) Fail(done);
  PgResult result(done);
  while (pg_result* x = PQgetResult(c_)) PQclear(x);
  return result.Affected();
}

void PgConnection::Prepare(const std::string& name, const std::string& sql, int n) {
  pg_result* r = PQprepare(c_, name.c_str(), sql.c_str(), n, nullptr);
  if (!r || !Ok(r)) Fail(r);
  PQclear(r);
}

PgResult PgConnection::ExecPrepared(const std::string& name, const std::vector<PgParam>& params) {
  const Packed p = Pack(params);
  pg_result* r = PQexecPrepared(c_, name.c_str(), int(params.size()), p.values.data(),
                                p.lengths.data(), p.formats.data(), 0);
  if (!r || !Ok(r)) Fail(r);
  return PgResult(r);
}

std::string PgConnection::QuoteIdent(const std::string& s) {
  std::unique_ptr<char, void (*)(void*)> q(PQescapeIdentifier(c_, s.data(), s.size()), PQfreemem);
  if (!q) Fail(nullptr);
  return q.get();
}

std::string PgConnection::QuoteLiteral(const std::string& s) {
  std::unique_ptr<char, void (*)(void*)> q(PQescapeLiteral(c_, s.data(), s.size()), PQfreemem);
  if (!q) Fail(nullptr);
  return q.get();
}

std::string PgConnection::EncryptPassword(const std::string& password, const std::string& role) {
  std::unique_ptr<char, void (*)(void*)> v(
      PQencryptPasswordConn(c_, password.c_str(), role.c_str(), "scram-sha-256"), PQfreemem);
  if (!v) Fail(nullptr);
  return v.get();
}

int64_t PgConnection::BytesSent() const {
  tcp_info info{};
  socklen_t len = sizeof info;
  const int fd = PQsocket(c_);
  if (fd < 0 || getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return -1;
  return int64_t(info.tcpi_bytes_acked);
}

}  // namespace poise::clinic
