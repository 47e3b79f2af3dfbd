// Models are checked against assets/models/MANIFEST.sha256 at every load: a copy with 4 KB of its
// weights overwritten is refused with one sentence naming the file and scripts/setup.
#include "vision/model_manifest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "vision/pose_estimator.h"
#include "vision/tflite_graph.h"

namespace poise::vision {
namespace {
namespace fs = std::filesystem;

const fs::path kModels = fs::path(POISE_ASSET_DIR) / "models";

class ModelManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kModels / "pose_detection.tflite"))
        << "the models are missing: run scripts/setup";
    dir_ = fs::temp_directory_path() /
           ("poise_models_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* f : {"pose_detection.tflite", "pose_landmark_lite.tflite"})
      fs::copy_file(kModels / f, dir_ / f);
  }
  void TearDown() override { fs::remove_all(dir_); }
  /// Overwrites 4 KB in the middle of the file (inside the weights), as a damaged disk would.
  void Damage(const char* name) {
    const fs::path p = dir_ / name;
    std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(std::streamoff(fs::file_size(p) / 2));
    const std::string junk(4096, '\x5a');
    f.write(junk.data(), std::streamsize(junk.size()));
  }
  std::string LoadError() {
    PoseEstimatorOptions o;
    o.model = LandmarkModel::kLite;
    o.model_dir = dir_.string();
    try {
      PoseEstimator est(o);
    } catch (const ModelError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

TEST_F(ModelManifestTest, FileSha256_KnownAnswer) {
  std::ofstream(dir_ / "abc") << "abc";
  EXPECT_EQ(FileSha256((dir_ / "abc").string()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(FileSha256((dir_ / "none").string()), std::nullopt);
}

TEST_F(ModelManifestTest, IntactCopies_Load) { EXPECT_EQ(LoadError(), ""); }

TEST_F(ModelManifestTest, DamagedWeights_AreRefusedNamingTheFileAndSetup) {
  for (const char* name : {"pose_detection.tflite", "pose_landmark_lite.tflite"}) {
    SCOPED_TRACE(name);
    fs::copy_file(kModels / name, dir_ / name, fs::copy_options::overwrite_existing);
    Damage(name);
    const std::string err = LoadError();
    EXPECT_NE(err.find(name), std::string::npos) << err;
    EXPECT_NE(err.find("damaged"), std::string::npos) << err;
    EXPECT_NE(err.find("scripts/setup"), std::string::npos) << err;
    fs::copy_file(kModels / name, dir_ / name, fs::copy_options::overwrite_existing);
  }
}

TEST_F(ModelManifestTest, ManifestBesideTheModels_IsTheOneUsed) {
  // A folder with its own manifest (POISE_MODEL_DIR) is checked against that manifest.
  Damage("pose_landmark_lite.tflite");
  const std::string damaged = *FileSha256((dir_ / "pose_landmark_lite.tflite").string());
  std::ofstream(dir_ / "MANIFEST.sha256")
      << *FileSha256((dir_ / "pose_detection.tflite").string()) << "  pose_detection.tflite\n"
      << damaged << "  pose_landmark_lite.tflite\n";
  EXPECT_EQ(ManifestFor((dir_ / "pose_detection.tflite").string()),
            (dir_ / "MANIFEST.sha256").string());
  EXPECT_NO_THROW(VerifyModelSha256((dir_ / "pose_landmark_lite.tflite").string()));
  std::ofstream(dir_ / "MANIFEST.sha256")
      << *FileSha256((dir_ / "pose_detection.tflite").string()) << "  pose_detection.tflite\n";
  const std::string err = LoadError();
  EXPECT_NE(err.find("not listed"), std::string::npos) << err;
}

}  // namespace
}  // namespace poise::vision
