// Shared harness for the app tests that drive the real game binary (POISE_BINARY) headless.
//
// Contract: each test gets a fresh directory under the system temp dir, named
// <prefix><pid>_<test name>, created in SetUp and removed in TearDown unless the test failed (or
// POISE_KEEP_TEST_DIR is set), so a failure leaves its files to look at. P(name) is a path in
// it. The game is expected to be run with --db P("poise.db") and --trace P("trace.jsonl"); Trace,
// Scenes, TraceHas and Query read those back (the database read-only). Header-only: every
// tests/app/*_test.cpp is its own program.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "game/core/demo/scripted_pose.h"
#include "vision/pose_log.h"

namespace poise::testing_support {

/// A person who, in a loop every 8 s, leans left, leans right, reaches left and reaches right,
/// so calibration finds each movement whenever its step comes.
inline core::BodySpec CalibrationMoves(double t) {
  core::BodySpec s;
  const double c = std::fmod(t, 8.0), k = std::sin(std::fmod(c, 1.0) * 3.14159);
  if (c < 1)
    s.lean_x = 0.05 * k;
  else if (c >= 2 && c < 3)
    s.lean_x = -0.05 * k;
  else if (c >= 4 && c < 5) {
    s.left_wrist_x = 0.6 + 0.15 * k;
    s.left_wrist_y = 0.35;
  } else if (c >= 6 && c < 7) {
    s.right_wrist_x = 0.4 - 0.15 * k;
    s.right_wrist_y = 0.35;
  }
  return s;
}

class HeadlessGameTest : public ::testing::Test {
 protected:
  /// prefix: start of the per-test directory's name, e.g. "poise_game_".
  explicit HeadlessGameTest(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           (prefix_ + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure() && !std::getenv("POISE_KEEP_TEST_DIR")) std::filesystem::remove_all(dir_);
  }
  /// A path in the test's directory.
  std::string P(const std::string& name) const { return (dir_ / name).string(); }

  /// Writes a pose file: body(t) for each frame at 30 fps; nullopt = nobody in the picture.
  /// Returns the game's pose source argument ("poses:FILE").
  std::string Poses(const std::function<std::optional<core::BodySpec>(double)>& body,
                    double seconds) {
    std::ofstream out(P("poses.jsonl"));
    for (int i = 0; i < int(seconds * 30); ++i) {
      const double t = i / 30.0;
      PoseFrame f;
      if (auto b = body(t)) f = core::MakeFrame(*b, t * 1000, i);
      f.frame_index = i;
      f.capture_ms = t * 1000;
      f.image_width = 640;
      f.image_height = 480;
      out << vision::PoseFrameToJsonLine(f) << "\n";
    }
    return "poses:" + P("poses.jsonl");
  }
  /// Writes a --script file; returns its path.
  std::string Script(const std::string& text) {
    std::ofstream(P("script.txt")) << text;
    return P("script.txt");
  }
  /// The last line of a program's stdout that is a JSON object (the --stats line); {} if none.
  static nlohmann::json LastJsonLine(const std::string& out) {
    std::string last;
    std::istringstream ss(out);
    for (std::string line; std::getline(ss, line);)
      if (!line.empty() && line[0] == '{') last = line;
    return last.empty() ? nlohmann::json{} : nlohmann::json::parse(last);
  }
  /// The --trace file, one JSON object per line.
  std::vector<nlohmann::json> Trace() const {
    std::vector<nlohmann::json> t;
    std::ifstream in(P("trace.jsonl"));
    for (std::string line; std::getline(in, line);) t.push_back(nlohmann::json::parse(line));
    return t;
  }
  /// The scenes the trace went through, in order.
  std::vector<std::string> Scenes() const {
    std::vector<std::string> s;
    for (const auto& j : Trace())
      if (j.contains("scene")) s.push_back(j["scene"]);
    return s;
  }
  /// Whether any trace entry (as dumped JSON) contains text.
  bool TraceHas(const std::string& text) const {
    for (const auto& j : Trace())
      if (j.dump().find(text) != std::string::npos) return true;
    return false;
  }
  /// Runs sql on P("poise.db") read-only: one line per row, columns joined by '|', a NULL shown
  /// as null_text; "" if the database cannot be opened.
  std::string Query(const std::string& sql, const std::string& null_text = "NULL") const {
    sqlite3* db = nullptr;
    std::pair<std::string, const std::string*> r{"", &null_text};
    if (sqlite3_open_v2(P("poise.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK)
      sqlite3_exec(
          db, sql.c_str(),
          [](void* p, int n, char** v, char**) {
            auto* r = static_cast<std::pair<std::string, const std::string*>*>(p);
            for (int i = 0; i < n; ++i)
              r->first += (v[i] ? std::string(v[i]) : *r->second) + (i + 1 < n ? "|" : "\n");
            return 0;
          },
          &r, nullptr);
    sqlite3_close(db);
    return r.first;
  }

  std::filesystem::path dir_;

 private:
  std::string prefix_;
};

}  // namespace poise::testing_support
