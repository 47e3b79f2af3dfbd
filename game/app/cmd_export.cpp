// poise export: one patient's sessions as CSV files, a PDF report or a FHIR R4 Bundle.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "game/app/commands.h"
#include "game/store/exporters.h"
#include "game/store/pdf_report.h"
#include "game/store/private_files.h"
#include "game/store/sqlite_review_source.h"

namespace poise::app {

int RunExport(int argc, char** argv) {
  CLI::App app{
      "Export one patient's sessions: CSV (sessions.csv, trials.csv), a PDF report or a FHIR R4 "
      "Bundle."};
  std::string db = store::SessionStore::DefaultPath(), patient, format, out;
  store::ExportRange range;
  app.add_option("--db", db, "session database");
  app.add_option("--patient", patient,
                 "patient id (number or UUID, as in the physiotherapist area)")
      ->required();
  app.add_option("--from", range.from_date, "first day, YYYY-MM-DD");
  app.add_option("--to", range.to_date, "last day, YYYY-MM-DD");
  app.add_option("--format", format, "csv, pdf or fhir")
      ->required()
      ->check(CLI::IsMember({"csv", "pdf", "fhir"}));
  app.add_option("--out", out, "csv: a folder; pdf: a .pdf file; fhir: a .json file")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ReportErrors("export", [&] {
    store::ValidateRange(range);
    if (!std::filesystem::exists(db))
      throw store::StoreError("There is no session database at " + db + ".");
    store::SessionStore s(db);
    store::SqliteReviewSource source(s);
    const core::Profile p = store::FindPatient(s, patient);
    if (format == "csv") {
      store::CreatePrivateDirectories(out);
      store::ExportCsv(source, p, range, out);
      std::printf("Wrote %s/sessions.csv and %s/trials.csv for %s.\n", out.c_str(), out.c_str(),
                  p.name.c_str());
    } else if (format == "pdf") {
      const int pages = store::WritePdfReport(source, source.LoadPatientReview(p, range), out);
      std::printf("Wrote the report %s (%d pages) for %s.\n", out.c_str(), pages, p.name.c_str());
    } else {
      store::WriteFhirBundle(source, p, range, out);
      std::printf("Wrote the FHIR Bundle %s for %s.\n", out.c_str(), p.name.c_str());
    }
    return 0;
  });
}

}  // namespace poise::app
