// The clinic's dashboard of every patient a physiotherapist follows, read from the clinic's
// PostgreSQL as that physiotherapist (row-level security limits a poise_physio member to the
// patients in physio_patients), plus what clinic mode needs around it: connecting as a
// physiotherapist (TLS verify-full against the clinic's CA; password typed or read from a 0600
// file), one patient's sessions, and saving a plan version assigned to a patient.
//
// The dashboard is four queries in one read-only REPEATABLE READ transaction (one snapshot):
// patients with their last session, this week's sessions and the assigned plan's targets; the
// sessions of the last two weeks stopped for a symptom or tiredness; the fall alarms of the last
// two weeks; and the dashboard measures' per-day sums of the last 35 days from
// dashboard_days (clinic schema, kept by a trigger on trials). Trends and flags are judged
// in core (game/core/review/dashboard_flags.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "game/clinic/device_link.h"
#include "game/clinic/pg.h"
#include "game/core/review/dashboard_flags.h"
#include "game/core/session/session_plan.h"

namespace poise::clinic {

/// How a physiotherapist reaches the clinic: `poise --clinic URL` or the connect screen.
struct PhysioLogin {
  ServerAddress server;
  std::string role, password, ca_path;
};
/// From "postgresql://ROLE@host:port/db" or "host:port/db" (role then given separately);
/// throws ClinicError(kBadInput) with one sentence.
PhysioLogin ParsePhysioUrl(const std::string& url);
/// The password from a file's first line. Refuses, with one sentence, a file that others may
/// read or write (mode & 077) or that cannot be read.
std::string ReadPasswordFile(const std::string& path);
/// libpq parameters: TLS, sslmode=verify-full against the clinic's CA, no password file.
PgParams PhysioConnectionParams(const PhysioLogin& login);
/// Connects and checks the server is a Poise clinic this Poise understands and that the role is
/// a physiotherapist's. Throws ClinicError with one sentence.
PgConnection ConnectAsPhysio(const PhysioLogin& login, double timeout_s = 10);

struct ClinicDashboard {
  std::string role;
  bool may_write = false;                ///< false for a read-only physiotherapist
  int today = 0;                         ///< the local day the rows were judged on
  std::vector<core::DashboardRow> rows;  ///< sorted by name
};

/// One query of the dashboard with its parameters, for EXPLAIN in the benchmark.
struct DashboardQuery {
  std::string name, sql;
  std::vector<PgParam> params;
};
std::vector<DashboardQuery> DashboardQueries(int today);

/// Every patient the connected role may see, judged as of `today` (local day number). Throws
/// ClinicError (kUnreachable when the connection was lost: nothing was written anyway).
ClinicDashboard LoadDashboard(PgConnection& conn, int today);

/// One session of a patient, as the clinic stores it.
struct ClinicSessionRow {
  std::string uuid, started_local, plan, stop_reason, symptoms;
  int trials = 0;
};
/// The patient's sessions, newest first (at most `limit`).
std::vector<ClinicSessionRow> PatientSessions(PgConnection& conn, const std::string& patient_uuid,
                                              int limit = 500);

/// The plan most recently assigned to the patient at the clinic (its `uuid` and `version` those of
/// the stored version), or nullopt when none was ever assigned. Throws ClinicError (kServer for a
/// stored plan this Poise cannot read).
std::optional<core::SessionPlan> AssignedPlan(PgConnection& conn, const std::string& patient_uuid);

/// Saves `plan` (validated first) as the next version of its name and assigns it to the patient,
/// in one transaction: both rows or neither. Returns the version saved. Throws ClinicError:
/// kBadInput for an invalid plan, kRefused for a read-only role or a patient not followed.
int SavePlanForPatient(PgConnection& conn, const std::string& patient_uuid, core::SessionPlan plan);

}  // namespace poise::clinic
