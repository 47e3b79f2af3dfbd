// Internal to game/store: an RAII prepared statement that turns SQLite errors into StoreError
// sentences. Shared by the store's .cpp files (sessions, review queries, plans).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "game/store/session_store.h"

namespace poise::store {

/// RAII prepared statement.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK)
      throw StoreError(std::string("The session database could not run a query: ") +
                       sqlite3_errmsg(db) + ".");
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.c_str(), -1, SQLITE_TRANSIENT);
    return *this;
  }
  /// Ready to bind and step again (bindings are kept until rebound).
  void Reset() { sqlite3_reset(s_); }
  Stmt& BindBlob(int i, const std::string& v) {
    sqlite3_bind_blob(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
  }
  bool Step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(Describe(rc, sqlite3_errmsg(db_)));
  }
  int64_t Int(int c) { return sqlite3_column_int64(s_, c); }
  bool Null(int c) { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  double Real(int c) { return sqlite3_column_double(s_, c); }
  std::string Text(int c) {
    const unsigned char* t = sqlite3_column_text(s_, c);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  std::string Blob(int c) {
    const void* b = sqlite3_column_blob(s_, c);
    return b ? std::string(static_cast<const char*>(b), size_t(sqlite3_column_bytes(s_, c))) : "";
  }
  static std::string Describe(int rc, const char* msg) {
    switch (rc & 0xff) {
      case SQLITE_FULL:
        return "The disk is full: the session could not be saved; free some space.";
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return "The session database is in use by another program; close it and try again.";
      case SQLITE_READONLY:
        return "The session database is read-only; check the file's permissions.";
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        return "The session database is damaged; it was left untouched (keep a copy and ask for "
               "help).";
      default:
        return std::string("The session database reported an error: ") + msg + ".";
    }
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

}  // namespace poise::store
