// core::Session: one training session, calibration through summary, as pure logic. It owns the
// plan cursor (blocks, sets, rests, the length cap), calibration, the SafetyMonitor, the current
// Exercise, its LevelController and the FatigueMonitor. Poses and time go in (Update with a new
// frame, Tick without one), the player's requests go in (pause, resume, rest, stop, self-reports),
// a plain View() comes out for the screens, durable records go out through a SessionSink, and
// short notes (for a trace and sound cues) through TakeNotes(). No clock, SQLite, SDL or ImGui:
// a whole session plays in a test from scripted poses.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "game/core/adaptation/fatigue_monitor.h"
#include "game/core/adaptation/level_controller.h"
#include "game/core/exercises/exercise.h"
#include "game/core/session/calibration.h"
#include "game/core/session/pause_gestures.h"
#include "game/core/session/safety_monitor.h"
#include "game/core/session/session_plan.h"
#include "game/core/session/session_sink.h"

namespace poise::core {

struct SessionSetup {
  SessionPlan plan;  ///< as chosen; the session plays SeatedVersion (if seated) of OneBlockPerSet
  bool seated = false;  ///< also when every block of the plan is a seated variant
  double height_cm = 170;
  std::string dominant_side = "right";
  /// Calibration from earlier in this run (same player): no calibration step then.
  std::optional<Calibration> calibration;
  /// Where the player's last session ended, per exercise (the store's saved levels).
  std::map<std::string, LevelState> carried_levels;
  bool record_poses = true;        ///< keep each block's landmark stream for the replay
  bool skip_instructions = false;  ///< straight to the countdown (autostart)
};

enum class SessionPhase {
  kPreparing,     ///< safety check and framing (the screens' business): waits for Ready()
  kCalibration,   ///< fed poses until calibrated
  kInstructions,  ///< the first block's instructions: waits for StartCountdown()
  kCountdown,     ///< 3 s, then play
  kPlaying,
  kPaused,     ///< waits for Resume() or Stop(), or a held resume / stop gesture
  kResting,    ///< between blocks, or a fatigue / requested rest
  kFallAlarm,  ///< "Are you OK?": waits for FallAnswered()
  kSummary,    ///< waits for Finish() with the self-report
  kEnded,
};
const char* SessionPhaseName(SessionPhase p);

/// A short note for the UI's trace and sound: kind "event", "level" or "scored"; cue "start",
/// "hit", "miss", "pause" or "".
struct SessionNote {
  std::string kind, detail, cue;
};

struct RestView {
  double seconds = 0, left_ms = 0;
  bool enforced = false, can_skip = true;
  bool between_blocks = false;  ///< the next block follows; else back to the same exercise
  std::string why;
};

/// Everything a screen draws, by value.
struct SessionView {
  SessionPhase phase = SessionPhase::kPreparing;
  std::string plan_name, plan_notes;
  bool seated = false;
  size_t block = 0, blocks = 0;
  // The current block's exercise.
  std::string exercise_id, exercise_name;
  std::vector<std::string> instructions;
  ExerciseView exercise;
  double level = 0;
  double time_left_ms = -1;  ///< a timed set's play time left, -1 for a set of repetitions
  double countdown_left_ms = 0;
  bool offer_rest = false;  ///< fatigue: a rest is offered
  RestView rest;
  std::string pause_reason;
  /// Paused: a resume (both hands up) or stop (arms out) gesture being held, with its countdown.
  PauseGestureView pause_gesture;
  // Calibration.
  CalibrationStep calibration_step = CalibrationStep::kStill;
  std::string calibration_problem;
  // The whole session so far.
  int trials = 0, successes = 0;
  std::string stop_reason;  ///< "" while going; "completed", a player's reason, ...
  bool fall_alarm = false, help_asked = false;
  /// Since the last frame arrived (now_ms clock), -1 before the first: a stalled source shows here.
  double frame_age_ms = -1;
};

class Session {
 public:
  /// `sink` must outlive the session. Throws std::invalid_argument when the plan has no block
  /// (e.g. a seated session of standing-only exercises: see Playable()).
  Session(SessionSetup setup, SessionSink& sink);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// The plan as it will be played, or "" ... : one sentence when a setup cannot be played.
  static std::string Playable(const SessionSetup& setup);

  /// Records the start through the sink; "" on success, else the sink's sentence.
  std::string Begin(double now_ms);

  // Time and poses.
  /// A new pose frame (its pose may be empty) and the time it was handed over.
  void Update(const PoseFrame& frame, double now_ms);
  /// No new frame: timers (countdown, rests, the length cap) and a stalled source.
  void Tick(double now_ms);

  // The player's requests.
  void ReportFatigueBefore(int fatigue_0_to_10);
  /// Safety check: sit for this session. False (nothing changes) when no exercise of the plan
  /// has a seated version.
  bool SitDown();
  void Ready(double now_ms);           ///< framing is good: calibration or the exercise next
  void StartCountdown(double now_ms);  ///< from the instructions
  void Pause(const std::string& why, double now_ms);
  void Resume(double now_ms);
  void TakeRest(double now_ms);  ///< the offered rest
  void EndRest(double now_ms);   ///< "I am ready to continue" (when allowed)
  /// Stops from a pause (or any time): `reason` such as "tired", "warm", "dizzy", "pain".
  void Stop(const std::string& reason, double now_ms);
  void AskForHelp();    ///< at the fall alarm
  void FallAnswered();  ///< "I am OK": to the summary
  /// The summary's self-report: records the end. Once.
  void Finish(std::optional<int> fatigue_after, const std::vector<std::string>& symptoms);
  /// Ends at once without a self-report (cancelled, window closed, signal). Once; no-op if ended.
  void EndNow(const std::string& reason);

  SessionView View() const;
  std::vector<SessionNote> TakeNotes();
  /// The exercise's demonstration body for the instructions (t_s into its loop).
  BodySpec DemoBody(double t_s) const;

  SessionPhase phase() const { return phase_; }
  bool ended() const { return phase_ == SessionPhase::kEnded; }
  const std::vector<TrialResult>& results() const { return results_; }
  const std::optional<Calibration>& calibration() const { return calibration_; }
  const SessionPlan& plan() const { return plan_; }
  bool seated() const { return setup_.seated; }

 private:
  void StartBlock(double frame_ms);
  void EndBlock(double now_ms);
  void Score(const TrialResult& t, double now_ms);
  void FollowPauseGestures(const PoseFrame& f, double now_ms);
  void SavePoses();
  void Note(const std::string& kind, const std::string& detail, const std::string& cue = "");
  void ToSummary(const std::string& reason);
  double TimeLeftMs() const;
  void CheckCap(double now_ms);

  SessionSetup setup_;
  SessionSink& sink_;
  SessionPlan plan_;
  SessionPhase phase_ = SessionPhase::kPreparing;
  SessionPhase paused_from_ = SessionPhase::kPlaying;
  size_t block_ = 0;
  double started_ms_ = 0;
  bool begun_ = false;
  std::optional<int> fatigue_before_;
  std::optional<Calibration> calibration_;
  std::optional<CalibrationRecorder> calibrating_;
  SafetyMonitor safety_;
  PauseGestures pause_gestures_;
  std::unique_ptr<Exercise> exercise_;
  std::optional<LevelController> controller_;
  std::optional<FatigueMonitor> fatigue_;
  std::map<std::string, LevelState> levels_;  ///< per exercise, carried between blocks
  std::vector<ReplayFrame> poses_;            ///< the current block's landmark stream
  std::vector<TrialResult> results_;
  std::vector<SessionNote> notes_;
  double countdown_start_ms_ = 0;
  double played_ms_ = 0, last_pose_ms_ = -1, last_frame_ms_ = -1, last_frame_now_ms_ = -1;
  double now_ms_ = 0;
  bool resume_pending_ = false, offer_rest_ = false;
  RestView rest_;
  double rest_start_ms_ = 0;
  std::string pause_reason_, stop_reason_;
  bool fall_alarm_ = false, help_asked_ = false;
};

}  // namespace poise::core
