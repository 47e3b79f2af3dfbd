// SessionSink: where every durable thing a core::Session produces goes (the session's start and
// end, each scored trial with the level change and saved level it caused, events, self-reports,
// each block's landmark stream). store::SessionRecorder writes them to SQLite; tests record them.
// A sink never throws: keeping a record it cannot write yet (and retrying) is its own business.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "game/core/adaptation/level_controller.h"
#include "game/core/exercises/trial.h"
#include "vision/pose.h"

namespace poise::core {

/// One frame of a block's landmark stream, for the stick-figure replay in the review.
struct ReplayFrame {
  double t_ms = 0;  ///< from the block's first frame once stored; capture time while recording
  struct Point {
    float x = 0, y = 0, visibility = 0;  ///< image-normalised x, y; visibility 0-1
  };
  std::array<Point, kNumLandmarks> landmarks{};
};

struct SessionBeginRecord {
  std::string plan_name, plan_uuid;  ///< plan_uuid: the stored version followed, "" for a file
  int plan_version = 1;
  bool seated = false;
};

/// A trial and what it caused: ONE unit, so a kill never keeps the trial but loses the
/// difficulty change that followed it. Invalid trials carry no changes and no level.
struct TrialRecord {
  int block = 0;
  TrialResult trial;                      ///< passed through untouched
  std::vector<LevelChange> changes;       ///< level changes this trial caused
  std::optional<LevelState> level_after;  ///< the level to carry to the next session
};

struct PoseStreamRecord {
  int block = 0;
  std::string exercise;
  std::vector<ReplayFrame> frames;
};

struct SessionEndRecord {
  std::string stop_reason;  ///< "completed", "tired", "fall alarm", "session length reached"...
  std::optional<int> fatigue_after;
  std::vector<std::string> symptoms;
};

class SessionSink {
 public:
  virtual ~SessionSink() = default;
  /// The session begins; returns "" when it can be recorded, else one sentence (the session
  /// then does not start).
  virtual std::string Begin(const SessionBeginRecord& record) = 0;
  virtual void FatigueBefore(int fatigue_0_to_10) = 0;
  virtual void Trial(const TrialRecord& record) = 0;
  /// kind: "pause", "stop", "tracking_lost", "left_frame", "fall_alarm", "fatigue".
  virtual void Event(const std::string& kind, const std::string& detail) = 0;
  virtual void PoseStream(const PoseStreamRecord& record) = 0;
  virtual void End(const SessionEndRecord& record) = 0;
};

}  // namespace poise::core
