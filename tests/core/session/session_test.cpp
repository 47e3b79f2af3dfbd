// core::Session played whole from scripted poses, with a recording sink: calibration, two
// blocks with a rest between them, a pause, a stop; every record the session emits is checked.
#include "game/core/session/session.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "game/core/demo/scripted_pose.h"

namespace poise::core {
namespace {

constexpr double kDt = 1000.0 / 30;

/// Keeps every record, in order, as the store would receive it.
class RecordingSink : public SessionSink {
 public:
  std::vector<std::string> log;  ///< one line per record
  std::vector<TrialRecord> trials;
  std::vector<std::pair<std::string, std::string>> events;
  std::vector<PoseStreamRecord> streams;
  std::optional<SessionBeginRecord> begin;
  std::optional<SessionEndRecord> end;
  std::optional<int> fatigue_before;
  int ends = 0;
  std::string refuse_begin;

  std::string Begin(const SessionBeginRecord& r) override {
    if (!refuse_begin.empty()) return refuse_begin;
    begin = r;
    log.push_back("begin " + r.plan_name);
    return "";
  }
  void FatigueBefore(int f) override {
    fatigue_before = f;
    log.push_back("fatigue_before " + std::to_string(f));
  }
  void Trial(const TrialRecord& r) override {
    trials.push_back(r);
    log.push_back("trial " + std::to_string(r.block) + " " + TrialOutcomeName(r.trial.outcome));
  }
  void Event(const std::string& kind, const std::string& detail) override {
    events.emplace_back(kind, detail);
    log.push_back("event " + kind);
  }
  void PoseStream(const PoseStreamRecord& r) override {
    streams.push_back(r);
    log.push_back("poses " + std::to_string(r.block));
  }
  void End(const SessionEndRecord& r) override {
    end = r;
    ++ends;
    log.push_back("end " + r.stop_reason);
  }
};

SessionPlan TwoBlocks() {
  SessionPlan p;
  p.name = "Two blocks";
  p.session_cap_min = 20;
  PlanBlock a;
  a.exercise = "bubble_reach";
  a.trials = 3;
  a.rest_after_s = 5;
  PlanBlock b = a;
  b.trials = 6;
  b.rest_after_s = 0;
  p.blocks = {a, b};
  return p;
}

/// Drives a session frame by frame on one clock (pose times = now).
class Driver {
 public:
  Driver(Session& s) : s_(s) {}
  double t = 0;
  int i = 0;
  /// One frame of `body` (nullopt: nobody in the picture), then the timers.
  void Frame(const std::optional<BodySpec>& body) {
    PoseFrame f;
    if (body) f = MakeFrame(*body, t, i);
    f.capture_ms = t;
    f.frame_index = i;
    s_.Update(f, t);
    s_.Tick(t);
    t += kDt;
    ++i;
  }
  /// A player who reaches straight for the shown bubble with the named hand.
  BodySpec Reaching() const {
    BodySpec b;
    const ExerciseView v = s_.View().exercise;
    if (s_.phase() == SessionPhase::kPlaying && !v.shapes.empty()) {
      const Shape& target = v.shapes[0];
      (target.label == "L" ? b.left_wrist_x : b.right_wrist_x) = target.x;
      (target.label == "L" ? b.left_wrist_y : b.right_wrist_y) = target.y - 0.02;
    }
    return b;
  }
  /// Frames until `done` (at most max_frames); false if it never came.
  template <class F, class B>
  bool Until(F done, B body, int max_frames = 3000) {
    for (int k = 0; k < max_frames; ++k) {
      if (done()) return true;
      Frame(body());
    }
    return done();
  }

 private:
  Session& s_;
};

TEST(SessionTest, WholeScriptedSession_CalibrationTwoBlocksRestPauseStop_EmitsEveryRecord) {
  RecordingSink sink;
  SessionSetup setup;
  setup.plan = TwoBlocks();
  setup.height_cm = 170;
  Session s(setup, sink);
  ASSERT_EQ(s.Begin(0), "");
  EXPECT_EQ(s.phase(), SessionPhase::kPreparing);
  s.ReportFatigueBefore(2);
  Driver d(s);
  for (int k = 0; k < 10; ++k) d.Frame(BodySpec{});  // framing
  s.Ready(d.t);
  ASSERT_EQ(s.phase(), SessionPhase::kCalibration);
  const double cal_start = d.t;
  ASSERT_TRUE(d.Until([&] { return s.phase() != SessionPhase::kCalibration; },
                      [&] { return CalibrationDemo((d.t - cal_start) / 1000, false); }));
  ASSERT_TRUE(s.calibration().has_value());
  EXPECT_GT(s.calibration()->cm_per_px, 0);
  ASSERT_EQ(s.phase(), SessionPhase::kInstructions);
  EXPECT_EQ(s.View().exercise_id, "bubble_reach");
  EXPECT_FALSE(s.View().instructions.empty());
  s.StartCountdown(d.t);
  ASSERT_EQ(s.phase(), SessionPhase::kCountdown);
  ASSERT_TRUE(
      d.Until([&] { return s.phase() == SessionPhase::kPlaying; }, [] { return BodySpec{}; }));

  // Block 1: three reaches, then the rest between blocks.
  ASSERT_TRUE(
      d.Until([&] { return s.phase() == SessionPhase::kResting; }, [&] { return d.Reaching(); }));
  EXPECT_EQ(sink.trials.size(), 3u);
  EXPECT_TRUE(s.View().rest.between_blocks);
  EXPECT_EQ(s.View().rest.seconds, 5);
  EXPECT_EQ(s.View().block, 1u);
  // The rest ends on time and the second block counts down by itself.
  ASSERT_TRUE(d.Until([&] { return s.phase() == SessionPhase::kCountdown; },
                      [] { return BodySpec{}; }, 200));
  ASSERT_TRUE(
      d.Until([&] { return s.phase() == SessionPhase::kPlaying; }, [] { return BodySpec{}; }));

  // Block 2: two reaches, a pause, one more reach, then a stop.
  ASSERT_TRUE(d.Until([&] { return sink.trials.size() == 5; }, [&] { return d.Reaching(); }));
  s.Pause("You paused the game.", d.t);
  EXPECT_EQ(s.phase(), SessionPhase::kPaused);
  EXPECT_EQ(s.View().pause_reason, "You paused the game.");
  for (int k = 0; k < 60; ++k) d.Frame(d.Reaching());  // nothing counts while paused
  EXPECT_EQ(sink.trials.size(), 5u);
  s.Resume(d.t);
  EXPECT_EQ(s.phase(), SessionPhase::kPlaying);
  ASSERT_TRUE(d.Until([&] { return sink.trials.size() == 6; }, [&] { return d.Reaching(); }));
  s.Pause("You paused the game.", d.t);
  s.Stop("tired", d.t);
  EXPECT_EQ(s.phase(), SessionPhase::kSummary);
  const SessionView summary = s.View();
  EXPECT_EQ(summary.trials, 6);
  EXPECT_EQ(summary.successes, 6);
  EXPECT_EQ(summary.stop_reason, "tired");
  s.Finish(5, {"dizzy"});
  EXPECT_TRUE(s.ended());
  s.EndNow("closed");  // a second end changes nothing

  // Every record, in order.
  const std::vector<std::string> want = {"begin Two blocks", "fatigue_before 2", "trial 0 success",
                                         "trial 0 success",  "trial 0 success",  "poses 0",
                                         "trial 1 success",  "trial 1 success",  "event pause",
                                         "trial 1 success",  "event pause",      "event stop",
                                         "poses 1",          "end tired"};
  EXPECT_EQ(sink.log, want);
  EXPECT_EQ(sink.begin->plan_name, "Two blocks");
  EXPECT_FALSE(sink.begin->seated);
  for (size_t k = 0; k < sink.trials.size(); ++k) {
    const TrialRecord& r = sink.trials[k];
    EXPECT_EQ(r.block, k < 3 ? 0 : 1) << k;
    EXPECT_EQ(r.trial.exercise_id, "bubble_reach");
    EXPECT_EQ(r.trial.trial_index, int(k < 3 ? k : k - 3));
    // Each success raised the level: the change and the level saved for next time go with
    // the trial that caused them.
    ASSERT_EQ(r.changes.size(), 1u) << k;
    EXPECT_EQ(r.changes[0].reason, LevelReason::kSuccess);
    EXPECT_EQ(r.changes[0].trial_index, r.trial.trial_index);
    EXPECT_GT(r.changes[0].to, r.changes[0].from);
    ASSERT_TRUE(r.level_after.has_value());
    EXPECT_DOUBLE_EQ(r.level_after->level, r.changes[0].to);
    // The level carries from trial to trial, and into the next block (which, like a new
    // session, starts the warm-up margin below).
    if (k > 0 && k != 3) {
      EXPECT_DOUBLE_EQ(r.changes[0].from, sink.trials[k - 1].changes[0].to);
    }
    if (k == 3) {
      EXPECT_NEAR(r.changes[0].from,
                  sink.trials[2].changes[0].to - LevelControllerOptions{}.warm_up_margin, 1e-9);
    }
  }
  EXPECT_EQ(sink.events[0],
            std::make_pair(std::string("pause"), std::string("You paused the game.")));
  EXPECT_EQ(sink.events[2], std::make_pair(std::string("stop"), std::string("tired")));
  ASSERT_EQ(sink.streams.size(), 2u);
  EXPECT_EQ(sink.streams[0].exercise, "bubble_reach");
  EXPECT_GT(sink.streams[0].frames.size(), 10u);
  EXPECT_EQ(sink.streams[1].block, 1);
  EXPECT_EQ(sink.ends, 1);
  EXPECT_EQ(*sink.end->fatigue_after, 5);
  EXPECT_EQ(sink.end->symptoms, std::vector<std::string>{"dizzy"});
  EXPECT_EQ(*sink.fatigue_before, 2);
}

TEST(SessionTest, NotesTellTheTraceWhatHappened) {
  RecordingSink sink;
  SessionSetup setup;
  setup.plan = TwoBlocks();
  setup.calibration = Calibration{};
  setup.calibration->cm_per_px = 0.3;
  setup.skip_instructions = true;
  Session s(setup, sink);
  ASSERT_EQ(s.Begin(0), "");
  Driver d(s);
  d.Frame(BodySpec{});
  s.Ready(d.t);
  EXPECT_EQ(s.phase(), SessionPhase::kCountdown)
      << "calibrated already, autostart: no instructions";
  ASSERT_TRUE(
      d.Until([&] { return s.phase() == SessionPhase::kPlaying; }, [] { return BodySpec{}; }));
  std::vector<std::string> notes;
  for (const auto& n : s.TakeNotes())
    notes.push_back(n.kind + ": " + n.detail + " [" + n.cue + "]");
  EXPECT_EQ(notes, (std::vector<std::string>{"event: session started: Two blocks []",
                                             "event: exercise started [start]"}));
  EXPECT_TRUE(s.TakeNotes().empty());
}

TEST(SessionTest, SuddenHipDrop_FallAlarmIsRecordedAndTheSessionWaitsForAnAnswer) {
  RecordingSink sink;
  SessionSetup setup;
  setup.plan = TwoBlocks();
  setup.calibration = Calibration{};
  setup.skip_instructions = true;
  Session s(setup, sink);
  ASSERT_EQ(s.Begin(0), "");
  Driver d(s);
  s.Ready(d.t);
  ASSERT_TRUE(
      d.Until([&] { return s.phase() == SessionPhase::kPlaying; }, [] { return BodySpec{}; }));
  for (int k = 0; k < 30; ++k) d.Frame(BodySpec{});
  for (int k = 0; k < 12 && s.phase() == SessionPhase::kPlaying; ++k) {
    BodySpec b;
    b.hip_y = 0.58 + 0.04 * k;  // the hips drop to the floor in 0.4 s
    d.Frame(b);
  }
  ASSERT_EQ(s.phase(), SessionPhase::kFallAlarm);
  EXPECT_TRUE(s.View().fall_alarm);
  EXPECT_EQ(sink.events.back(),
            std::make_pair(std::string("fall_alarm"), std::string("sudden drop of the hips")));
  s.AskForHelp();
  EXPECT_EQ(sink.events.back().second, "help asked");
  s.FallAnswered();
  EXPECT_EQ(s.phase(), SessionPhase::kSummary);
  s.Finish(std::nullopt, {});
  EXPECT_EQ(sink.end->stop_reason, "fall alarm");
}

TEST(SessionTest, FramesStopArriving_TheViewShowsHowLongAgoTheLastCame) {
  RecordingSink sink;
  SessionSetup setup;
  setup.plan = TwoBlocks();
  Session s(setup, sink);
  ASSERT_EQ(s.Begin(0), "");
  EXPECT_EQ(s.View().frame_age_ms, -1);
  Driver d(s);
  d.Frame(BodySpec{});
  const double last = d.t - kDt;
  s.Tick(last + 2500);  // no new frame for 2.5 s
  EXPECT_DOUBLE_EQ(s.View().frame_age_ms, 2500);
}

TEST(SessionTest, LengthCapReached_GoesToTheSummary) {
  RecordingSink sink;
  SessionSetup setup;
  setup.plan = TwoBlocks();
  setup.plan.session_cap_min = 5;
  setup.calibration = Calibration{};
  setup.skip_instructions = true;
  Session s(setup, sink);
  ASSERT_EQ(s.Begin(1000), "");
  s.Ready(1000);
  s.Tick(1000 + 5 * 60000 - 1);
  EXPECT_NE(s.phase(), SessionPhase::kSummary);
  s.Tick(1000 + 5 * 60000 + 1);
  EXPECT_EQ(s.phase(), SessionPhase::kSummary);
  EXPECT_EQ(s.View().stop_reason, "session length reached");
}

TEST(SessionTest, WindowClosedMidBlock_EndNowRecordsTheEndAndThePosesSoFar) {
  RecordingSink sink;
  SessionSetup setup;
  setup.plan = TwoBlocks();
  setup.calibration = Calibration{};
  setup.skip_instructions = true;
  Session s(setup, sink);
  ASSERT_EQ(s.Begin(0), "");
  Driver d(s);
  s.Ready(d.t);
  ASSERT_TRUE(
      d.Until([&] { return s.phase() == SessionPhase::kPlaying; }, [] { return BodySpec{}; }));
  for (int k = 0; k < 20; ++k) d.Frame(BodySpec{});
  s.EndNow("closed");
  EXPECT_TRUE(s.ended());
  ASSERT_EQ(sink.streams.size(), 1u);
  EXPECT_EQ(sink.end->stop_reason, "closed");
  EXPECT_FALSE(sink.end->fatigue_after.has_value());
}

TEST(SessionTest, SeatedPlayerWithStandingOnlyPlan_CannotStartAndSaysWhy) {
  RecordingSink sink;
  SessionSetup setup;
  setup.plan = TwoBlocks();
  setup.plan.blocks[0].exercise = setup.plan.blocks[1].exercise = "single_leg_stance";
  setup.seated = true;
  EXPECT_NE(Session::Playable(setup).find("seated"), std::string::npos);
  EXPECT_THROW(Session(setup, sink), std::invalid_argument);
}

TEST(SessionTest, SinkRefusesTheStart_BeginReturnsItsSentence) {
  RecordingSink sink;
  sink.refuse_begin = "The session database is in use by another program; close it and try again.";
  SessionSetup setup;
  setup.plan = TwoBlocks();
  Session s(setup, sink);
  EXPECT_EQ(s.Begin(0), sink.refuse_begin);
  s.EndNow("closed");
  EXPECT_EQ(sink.ends, 0) << "a session that never began has no end to record";
}

}  // namespace
}  // namespace poise::core

namespace poise::core {
namespace {

TEST(SessionTest, PauseResumeAndStopByHeldGestures_EndWithTheStopGesture) {
  RecordingSink sink;
  SessionSetup setup;
  setup.plan = TwoBlocks();
  setup.calibration = Calibration{};
  setup.calibration->cm_per_px = 0.3;
  setup.skip_instructions = true;
  Session s(setup, sink);
  ASSERT_EQ(s.Begin(0), "");
  Driver d(s);
  d.Frame(BodySpec{});
  s.Ready(d.t);
  ASSERT_TRUE(
      d.Until([&] { return s.phase() == SessionPhase::kPlaying; }, [] { return BodySpec{}; }));
  BodySpec up;
  up.left_wrist_x = 0.58;
  up.left_wrist_y = 0.10;
  up.right_wrist_x = 0.42;
  up.right_wrist_y = 0.10;
  BodySpec out;
  out.left_wrist_x = 0.75;
  out.left_wrist_y = 0.36;
  out.right_wrist_x = 0.25;
  out.right_wrist_y = 0.36;
  // Both hands up 2 s: paused. They stay up 4 s more: still paused (they must come down first).
  ASSERT_TRUE(d.Until([&] { return s.phase() == SessionPhase::kPaused; }, [&] { return up; }, 70));
  for (int k = 0; k < 120; ++k) d.Frame(up);
  ASSERT_EQ(s.phase(), SessionPhase::kPaused);
  // Down 1 s, then up 3 s: play goes on, and the raised hands do not pause it again at once.
  for (int k = 0; k < 30; ++k) d.Frame(BodySpec{});
  for (int k = 0; k < 75; ++k) d.Frame(up);
  EXPECT_EQ(s.phase(), SessionPhase::kPaused);
  EXPECT_EQ(s.View().pause_gesture.holding, PauseGesture::kResume);
  EXPECT_GT(s.View().pause_gesture.progress, 0.75);
  ASSERT_TRUE(d.Until([&] { return s.phase() == SessionPhase::kPlaying; }, [&] { return up; }, 30));
  for (int k = 0; k < 120; ++k) d.Frame(up);
  EXPECT_EQ(s.phase(), SessionPhase::kPlaying) << "hands still up after resuming: no new pause";
  EXPECT_EQ(sink.events.back(),
            std::make_pair(std::string("resume"), std::string("resume gesture held")));
  // Down, then up 2 s again: paused; down; arms out 3 s: to the summary, stopped by gesture.
  for (int k = 0; k < 30; ++k) d.Frame(BodySpec{});
  ASSERT_TRUE(d.Until([&] { return s.phase() == SessionPhase::kPaused; }, [&] { return up; }, 70));
  for (int k = 0; k < 30; ++k) d.Frame(BodySpec{});
  ASSERT_TRUE(
      d.Until([&] { return s.phase() == SessionPhase::kSummary; }, [&] { return out; }, 100));
  EXPECT_EQ(s.View().stop_reason, "stop gesture");
  s.Finish(std::nullopt, {});
  EXPECT_EQ(sink.end->stop_reason, "stop gesture");
}

}  // namespace
}  // namespace poise::core
