// Exports on a real home machine: to a full file system (a small tmpfs mounted by the test and
// filled to the last byte) and to /dev/full, `poise export` must fail with one sentence, exit 1
// and leave no file behind; a good export is private (folder 0700, files 0600).
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "game/store/session_store.h"

namespace poise::store {
namespace {
namespace fs = std::filesystem;

struct PoiseRun {
  int code = -1;
  std::string output;
};

PoiseRun Poise(const std::string& args) {
  PoiseRun r;
  FILE* p = ::popen((std::string(POISE_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) r.output += buf.data();
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

int Mode(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

class ExportAtomicTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("poise_export_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "full");
    db_ = (dir_ / "poise.db").string();
    SessionStore s(db_);
    core::Profile p;
    p.name = "Anna";
    const int64_t id = s.AddProfile(p);
    for (int k = 0; k < 3; ++k) {
      const int64_t session = s.BeginSession(id, "plan", 1, 3);
      for (int i = 0; i < 40; ++i) {
        core::TrialResult t;
        t.exercise_id = "bubble_reach";
        t.variant = "standing";
        t.outcome = core::TrialOutcome::kSuccess;
        t.metrics = {{"reaction_time", 0.4 + 0.01 * i, "s"}, {"hit_rate", 0.8, "1"}};
        s.RecordTrial(session, 0, t);
      }
      s.EndSession(session, "completed", 4, {});
    }
  }
  void TearDown() override {
    if (mounted_) ::umount2((dir_ / "full").c_str(), MNT_DETACH);
    fs::remove_all(dir_);
  }
  /// Mounts a 1 MB tmpfs on dir_/full.
  void Mount() {
    const fs::path full = dir_ / "full";
    ASSERT_EQ(::mount("tmpfs", full.c_str(), "tmpfs", 0, "size=1m,mode=0755"), 0)
        << "this test mounts a small tmpfs and needs root (CAP_SYS_ADMIN): "
        << std::strerror(errno);
    mounted_ = true;
  }
  /// Fills the tmpfs until a write fails with ENOSPC.
  void Fill() {
    const fs::path full = dir_ / "full";
    std::FILE* f = std::fopen((full / "filler").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::setvbuf(f, nullptr, _IONBF, 0);
    const std::string block(4096, 'f');
    while (std::fwrite(block.data(), 1, block.size(), f) == block.size()) {
    }
    std::fwrite(block.data(), 1, 1, f);  // the last bytes of a partly filled page
    std::fclose(f);
    ASSERT_EQ(fs::space(full).available, 0u) << "the file system is not full";
  }
  /// Every file in dir_/full except the filler.
  std::vector<std::string> Leftovers() const {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / "full"))
      if (e.path().filename() != "filler" && !e.is_directory()) out.push_back(e.path().string());
    return out;
  }
  fs::path dir_;
  std::string db_;
  bool mounted_ = false;
};

TEST_F(ExportAtomicTest, ToAFullDisk_EveryFormatFailsInOneSentenceAndLeavesNoFile) {
  Mount();
  fs::create_directories(dir_ / "full" / "csv");  // made before the disk fills
  Fill();
  const std::string base = "export --db " + db_ + " --patient 1 ";
  const fs::path full = dir_ / "full";
  const PoiseRun csv = Poise(base + "--format csv --out " + (full / "csv").string());
  EXPECT_EQ(csv.code, 1) << csv.output;
  EXPECT_NE(csv.output.find("the disk is full"), std::string::npos) << csv.output;
  const PoiseRun pdf = Poise(base + "--format pdf --out " + (full / "r.pdf").string());
  EXPECT_EQ(pdf.code, 1) << pdf.output;
  EXPECT_NE(pdf.output.find("the disk is full"), std::string::npos) << pdf.output;
  const PoiseRun fhir = Poise(base + "--format fhir --out " + (full / "b.json").string());
  EXPECT_EQ(fhir.code, 1) << fhir.output;
  EXPECT_NE(fhir.output.find("the disk is full"), std::string::npos) << fhir.output;
  for (const PoiseRun* r : {&csv, &pdf, &fhir}) {
    EXPECT_EQ(r->output.find("Wrote"), std::string::npos) << r->output;
    EXPECT_EQ(std::count(r->output.begin(), r->output.end(), '\n'), 1) << r->output;
  }
  EXPECT_EQ(Leftovers(), std::vector<std::string>{}) << "no empty, partial or temporary file";
}

TEST_F(ExportAtomicTest, ToAFullDisk_AnEarlierExportStaysWhole) {
  const fs::path full = dir_ / "full";
  Mount();
  const PoiseRun first = Poise("export --db " + db_ + " --patient 1 --format fhir --out " +
                               (full / "b.json").string());
  ASSERT_EQ(first.code, 0) << first.output;
  std::ifstream in(full / "b.json");
  const std::string before{std::istreambuf_iterator<char>(in), {}};
  Fill();
  const PoiseRun again = Poise("export --db " + db_ + " --patient 1 --format fhir --out " +
                               (full / "b.json").string());
  EXPECT_EQ(again.code, 1) << again.output;
  std::ifstream in2(full / "b.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in2), {}), before);
}

TEST_F(ExportAtomicTest, PdfToDevFull_FailsAndTheDeviceStays) {
  const PoiseRun r = Poise("export --db " + db_ + " --patient 1 --format pdf --out /dev/full");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_EQ(r.output.find("Wrote"), std::string::npos) << r.output;
  struct stat st {};
  ASSERT_EQ(::stat("/dev/full", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "/dev/full was replaced";
}

TEST_F(ExportAtomicTest, GoodExport_IsPrivateToTheUser) {
  const fs::path out = dir_ / "exports" / "anna";
  const PoiseRun csv =
      Poise("export --db " + db_ + " --patient 1 --format csv --out " + out.string());
  ASSERT_EQ(csv.code, 0) << csv.output;
  const PoiseRun pdf =
      Poise("export --db " + db_ + " --patient 1 --format pdf --out " + (out / "r.pdf").string());
  ASSERT_EQ(pdf.code, 0) << pdf.output;
  EXPECT_EQ(Mode(dir_ / "exports"), 0700);
  EXPECT_EQ(Mode(out), 0700);
  for (const char* f : {"sessions.csv", "trials.csv", "r.pdf"}) {
    EXPECT_EQ(Mode(out / f), 0600) << f;
    EXPECT_GT(fs::file_size(out / f), 100u) << f;
  }
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out)) ++files;
  EXPECT_EQ(files, 3u) << "no temporary file left";
}

}  // namespace
}  // namespace poise::store
