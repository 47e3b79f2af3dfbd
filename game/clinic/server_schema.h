// The clinic's PostgreSQL database: schema, forward-only migrations, and the administrator's
// commands (poise clinic init | add-device | revoke-device | add-physio).
//
// One database per clinic: patients, devices, sessions, trials, level changes, events (self-
// reports are the sessions' fatigue and symptom columns), pose streams, notes, plan versions and
// assignments; the home store's UUIDs are the primary keys; trials are append-only (a trigger
// refuses UPDATE and DELETE, even for the owner). Row-level security:
// - a device role (member of poise_device) may INSERT only rows of its own patient and SELECT only
//   the plans assigned to that patient; it has no UPDATE or DELETE right anywhere and sees no
//   other patient;
// - a physiotherapist role (member of poise_physio) reads the patients assigned to it and writes
//   their plans, assignments and notes.
#pragma once

#include <string>

#include "game/clinic/pg.h"

namespace poise::clinic {

/// The clinic schema this Poise writes; a server with a higher version is refused by devices.
/// 1: patients, devices, sessions, trials, events, streams, notes, plans, row-level security.
/// 2: trials.quality, metric_days (per-day sums kept by a trigger), reports.
/// 3: dashboard_days (one wide row per patient and day for the dashboard's five measures, kept
///    by a trigger), indexes for the dashboard, the read-only physiotherapist role.
inline constexpr int kClinicSchemaVersion = 3;

/// Creates or migrates the clinic schema (each step its own transaction, under an advisory lock);
/// returns the version before. Throws ClinicError (kNewerSchema for a newer server).
/// `up_to`: stop at that version (tests of an upgrade from an older server).
int InitClinicServer(PgConnection& admin, int up_to = kClinicSchemaVersion);
/// The schema version a server has (0: not initialised).
int ClinicSchemaVersion(PgConnection& conn);

struct NewDevice {
  std::string patient_uuid, role, link_code;
};
/// Creates the patient (if no patient has that name) and a device login role with a one-time
/// password; the link code carries both ("<role suffix>-<secret>"). Needs CREATEROLE.
NewDevice AddDevice(PgConnection& admin, const std::string& patient_name);
/// Revokes a device (by role name) or every device of a patient (by name): no more log-in, its
/// open connections closed, and row-level security refuses it. Returns how many were revoked.
int RevokeDevice(PgConnection& admin, const std::string& role_or_patient);
/// Creates a physiotherapist login role (if missing) with `password` and assigns it `patient`.
/// A read-only role reads its patients but may not write plans, assignments or notes (row-level
/// security refuses it); calling again without read_only gives the write rights back.
void AddPhysio(PgConnection& admin, const std::string& role, const std::string& password,
               const std::string& patient_name, bool read_only = false);

}  // namespace poise::clinic
