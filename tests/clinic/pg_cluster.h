// A throwaway PostgreSQL 15 cluster for tests that need a real clinic server (issues 16, 17):
// the one in game/clinic/pg_cluster.h, which the clinic benchmark (poise bench-clinic) uses too.
//
// PgCluster c;  // initdb into a fresh /tmp folder, a self-signed CA and a server certificate
//               // for "localhost" made by openssl now, TLS on, a free loopback port; started.
// c.CreateDatabase("clinic");
// PgConnection admin = PgConnection::FromUrl(c.AdminUrl("clinic"));
// c.Kill9(); c.Start();   // a power cut of the server and its crash recovery
// ~PgCluster stops the server (also when the test failed) and deletes the folder.
#pragma once

#include "game/clinic/pg_cluster.h"

namespace poise::testing {

using clinic::PgCluster;

}  // namespace poise::testing
