// ClinicOutbox: the home side of the clinic link (issue 16), in the session database (schema 5:
// clinic_links, clinic_acks). Which profile is linked to which clinic server, which rows the
// server has acknowledged, and the rows still to send, oldest first. The home store stays the
// source of truth: nothing here changes a session, trial or event; an acknowledgement is written
// only after the server committed the rows (Acknowledge), so a kill at any moment means at
// worst a row is sent again, which the server ignores (same UUID).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "game/core/session/session_plan.h"
#include "game/store/session_store.h"

namespace poise::store {

/// A profile linked to a clinic server. No secret here: the device credential is a file of mode
/// 0600 in credential_dir (see game/clinic/device_credential.h).
struct ClinicLink {
  int64_t profile_id = 0;
  std::string server;        ///< "host:port/database", as shown to the physiotherapist
  std::string role;          ///< the device's PostgreSQL login role
  std::string patient_uuid;  ///< the clinic's patient this device sends for
  std::string credential_dir;
  std::string linked_utc;
  std::string last_sent_utc;  ///< "" before the first acknowledged push
  std::string last_status;    ///< the last sync's one sentence ("" when it went well)
};

/// One row to send: the server table it goes to and its values as text (NULL: nullopt), in the
/// column order of OutboxColumns(table). pose_streams' `data` column is raw bytes (bytea).
struct OutboxRow {
  std::string table;  ///< sessions, trials, level_changes, events, pose_streams, notes
  int64_t local_id = 0;
  std::vector<std::optional<std::string>> values;
  size_t bytes = 0;  ///< sum of the values' sizes
};

/// The server columns of each table, in the order OutboxRow::values has them.
const std::vector<std::string>& OutboxColumns(const std::string& table);
/// The tables in the order rows are sent (a session before its rows).
const std::vector<std::string>& OutboxTables();

/// A UUID derived from a row's session and local id, for home rows that have no UUID column
/// (events, level changes): the same row always gets the same UUID, so a resend is recognised.
std::string DerivedUuid(const std::string& session_uuid, const std::string& table,
                        int64_t local_id);

class ClinicOutbox {
 public:
  explicit ClinicOutbox(SessionStore& store) : store_(store) {}

  std::optional<ClinicLink> Link(int64_t profile_id);
  std::vector<ClinicLink> Links();
  /// Stores (or replaces) a profile's link. Throws StoreError for an unknown profile.
  void SaveLink(const ClinicLink& link);
  /// Forgets the link and every acknowledgement of that profile (a new link sends everything
  /// again; the server ignores what it already has).
  void RemoveLink(int64_t profile_id);
  /// The outcome of a sync: `status` "" when it went well (then sent_utc is the new time).
  void SetStatus(int64_t profile_id, const std::string& status, const std::string& sent_utc = "");

  /// Rows of the profile's finished sessions that the server has not acknowledged, oldest
  /// session first, each session's row before its trials, level changes, events, landmark
  /// streams and notes; at most max_rows rows and about max_bytes bytes (at least one row).
  std::vector<OutboxRow> Pending(const ClinicLink& link, size_t max_rows, size_t max_bytes);
  /// Records that the server committed `rows` (one transaction).
  void Acknowledge(int64_t profile_id, const std::vector<OutboxRow>& rows);
  /// Finished sessions with at least one row not yet acknowledged.
  int SessionsWaiting(int64_t profile_id);

  /// A plan version from the clinic: stored as a NEW local version of its name (keeping the
  /// clinic's UUID; never an edit in place) and made the one the patient follows, with a notice
  /// for the patient. False (nothing changes) when that version is already here.
  bool ImportClinicPlan(int64_t profile_id, const core::SessionPlan& plan);
  /// "Your physiotherapist updated your plan" once: true the first time after an import.
  bool TakePlanNotice(int64_t profile_id);

 private:
  SessionStore& store_;
};

}  // namespace poise::store
