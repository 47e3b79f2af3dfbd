// Every measured exercise through the tracking-noise model (game/core/demo/tracking_noise.h)
// against answers computed from the script (the stream's truth), not from the exercise's code:
// clean at 30 fps, an ordinary webcam at 30 fps (jitter 0.8 cm, feet hidden 10 % and hands 5 %
// of frames, 3 % dropped, uneven intervals) and the same at 15 fps. Each metric is within its
// stated tolerance, or the trial is unmeasurable with its reason. Prints the table
// (metric | truth | clean | noisy | 15 fps) that the README quotes. Each noisy condition runs 5
// fixed draws; scripts/noise_sweep shifts them (see noisy_exercises_test.cpp for what the sweeps
// show).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "game/core/demo/tracking_noise.h"
#include "game/core/exercises/single_leg_stance.h"
#include "game/core/exercises/sit_to_stand.h"
#include "tests/core/exercises/balance_test_util.h"
#include "tests/core/quality/error_log.h"

namespace poise::core {
namespace {
using testing::CmToLift;
using testing::TestCalibration;

double Smooth01(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

struct Case {
  const char* name;
  TrackingNoise noise;
};

/// Clean once, then kDraws noise draws of each noisy condition (a fixed list of seeds), so a
/// number right only on one draw fails here. POISE_NOISE_SEED_OFFSET=N shifts every seed
/// (scripts/noise_sweep runs many offsets and prints each metric's error distribution).
constexpr int kDraws = 5;
std::vector<Case> Cases(uint32_t seed, int draws = kDraws) {
  if (const char* e = std::getenv("POISE_NOISE_SEED_OFFSET")) seed += uint32_t(std::atoi(e));
  std::vector<Case> out = {{"clean", TrackingNoise::Clean(30)}};
  for (int d = 0; d < draws; ++d) {
    const uint32_t s = seed + 1000 * uint32_t(d);
    out.push_back({"noisy", TrackingNoise::Webcam(30, s)});
    out.push_back({"15 fps", TrackingNoise::Webcam(15, s)});
  }
  return out;
}

/// Starts `ex` for one trial at `level` with the test calibration.
void StartOneTrial(Exercise& ex, double level) {
  ExerciseConfig cfg;
  cfg.calibration = TestCalibration();
  cfg.trials = 1;
  cfg.level = level;
  ex.Start(cfg, 0);
}

/// Feeds `frames` until the exercise is done; returns the trials it reported.
std::vector<TrialResult> PlayFrames(Exercise& ex, const std::vector<PoseFrame>& frames) {
  std::vector<TrialResult> out;
  for (const PoseFrame& f : frames) {
    if (ex.Done()) break;
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) out.push_back(r);
  }
  return out;
}

std::vector<TrialResult> PlayStream(Exercise& ex, const BodyScript& script, double seconds,
                                    const TrackingNoise& noise) {
  return PlayFrames(ex, RenderNoisy(script, seconds, noise));
}

/// One table row per metric: truth, then the mean over each condition's draws (clean, noisy,
/// 15 fps), and the largest error of any draw.
void PrintRow(const std::string& exercise, const std::string& metric, double truth,
              const std::vector<std::string>& names, const std::vector<double>& got) {
  std::printf("| %-17s | %-12s | %7.2f |", exercise.c_str(), metric.c_str(), truth);
  std::vector<std::string> seen;
  double worst = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    worst = std::max(worst, std::abs(got[i] - truth));
    if (std::find(seen.begin(), seen.end(), names[i]) != seen.end()) continue;
    seen.push_back(names[i]);
    double sum = 0;
    int n = 0;
    for (size_t j = 0; j < names.size(); ++j)
      if (names[j] == names[i]) sum += got[j], ++n;
    std::printf(" %7.2f |", sum / n);
  }
  std::printf(" max err %.2f\n", worst);
}

// --- Five-times sit to stand -----------------------------------------------------------------
// Seated 3 s, then five repetitions: rise 0.9 s (smooth), stand 0.5 s, sit down 0.9 s, seated
// 0.6 s. Truth: seat-off where `sit` leaves 1, seat contact where it is back at 1.
constexpr double kRise = 0.9, kStand = 0.5, kSit = 0.9, kSeated = 0.6, kStart = 3;
BodySpec SitToStandScript(double t) {
  BodySpec s;
  s.sit = 1;
  t -= kStart;
  if (t < 0) return s;
  const double rep = kRise + kStand + kSit + kSeated;
  if (t >= 5 * rep) return s;
  const double p = std::fmod(t, rep);
  s.sit = 1 - Smooth01(p / kRise) * (1 - Smooth01((p - kRise - kStand) / kSit));
  return s;
}

TEST(NoisyStreamsTest, SitToStand_EventsWhereTheyHappen_CleanNoisyAnd15Fps) {
  const double truth_rise = kRise + kStand + kSit;          // 2.3 s
  const double truth_total = 5 * truth_rise + 4 * kSeated;  // 13.9 s
  std::vector<double> totals, rise2s;
  std::vector<std::string> names;
  int unmeasurable = 0;
  for (const Case& c : Cases(7)) {
    SitToStand ex;
    StartOneTrial(ex, 0);
    const auto trials = PlayStream(ex, SitToStandScript, 30, c.noise);
    ASSERT_EQ(trials.size(), 1u) << c.name << " (seed " << c.noise.seed << ")";
    const TrialResult& t = trials[0];
    // Unmeasurable only with its reason and no numbers (a seat-off or seat contact hidden for
    // over 0.4 s: at 15 fps about one set in twenty), never the clean stream.
    if (!t.quality.measurable && std::string(c.name) != "clean") {
      EXPECT_FALSE(t.quality.reason.empty()) << c.name << " (seed " << c.noise.seed << ")";
      EXPECT_TRUE(t.metrics.empty()) << c.name << " (seed " << c.noise.seed << ")";
      std::printf("sit_to_stand %s (seed %u): unmeasurable, %s\n", c.name, c.noise.seed,
                  t.quality.reason.c_str());
      ++unmeasurable;
      continue;
    }
    ASSERT_TRUE(t.quality.measurable) << c.name << " (seed " << c.noise.seed << ")"
                                      << ": " << t.quality.reason;
    EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << c.name << " (seed " << c.noise.seed << ")"
                                                 << ": " << t.note;
    // Tolerance: 0.15 s on the total, 0.25 s on each repetition.
    EXPECT_NEAR(MetricValue(t, "total_time").value_or(-1), truth_total, 0.15)
        << c.name << " (seed " << c.noise.seed << ")";
    for (int k = 1; k <= 5; ++k) {
      const double rise = MetricValue(t, "rise_" + std::to_string(k)).value_or(-1);
      EXPECT_GT(rise, 0) << c.name << " (seed " << c.noise.seed << ")"
                         << " rise " << k;  // never negative
      EXPECT_NEAR(rise, truth_rise, 0.25) << c.name << " (seed " << c.noise.seed << ")"
                                          << " rise " << k;
    }
    testing::LogError("sit_to_stand", "total_time", c.name,
                      MetricValue(t, "total_time").value_or(NAN) - truth_total);
    for (int k = 1; k <= 5; ++k)
      testing::LogError("sit_to_stand", "rise_k", c.name,
                        MetricValue(t, "rise_" + std::to_string(k)).value_or(NAN) - truth_rise);
    names.push_back(c.name);
    totals.push_back(MetricValue(t, "total_time").value_or(NAN));
    rise2s.push_back(MetricValue(t, "rise_2").value_or(NAN));
  }
  EXPECT_LE(unmeasurable, 2) << "of " << 2 * kDraws << " noisy sets";  // rare
  PrintRow("sit_to_stand", "total_time", truth_total, names, totals);
  PrintRow("sit_to_stand", "rise_2", truth_rise, names, rise2s);
}

TEST(NoisyStreamsTest, SitToStand_BodyUnseenForHalfASecondWhileStanding_TotalStillRight) {
  // 0.5 s without the body (longer than the trial clock bridges) at the top of the first rise,
  // away from every seat-off and seat contact: the stopwatch ran on through it. It used to
  // lose the 0.5 s (13.4 s for 13.9 s).
  std::vector<PoseFrame> frames = RenderNoisy(SitToStandScript, 30, TrackingNoise::Clean(30));
  for (PoseFrame& f : frames)
    if (f.capture_ms >= 3850 && f.capture_ms < 4350)
      for (auto& l : f.pose->landmarks) l.visibility = 0.2f;
  SitToStand ex;
  StartOneTrial(ex, 0);
  const std::vector<TrialResult> trials = PlayFrames(ex, frames);
  ASSERT_EQ(trials.size(), 1u);
  ASSERT_TRUE(trials[0].quality.measurable) << trials[0].quality.reason;
  EXPECT_NEAR(MetricValue(trials[0], "total_time").value_or(-1), 13.9, 0.06);
  EXPECT_NEAR(MetricValue(trials[0], "rise_1").value_or(-1), 2.3, 0.06);
}

TEST(NoisyStreamsTest, SitToStand_JitteryKnees_LeftOutOfTheHipsHeight) {
  // Only the knees jitter (1 % of the picture's height per frame, y): they stay put
  // while the hips rise (the shin stands on the floor, seated or standing), so a median over a
  // second of frames leaves their jitter out of the hips' height. Over the last 5 frames only,
  // it went into every seat-off and contact: the total's SD over noise draws 0.046 s at 30 fps
  // (0.054 s at 15), some draws 0.15-0.18 s off; now 0.035 s (0.045 s). Here the RMS error
  // over 8 draws was 0.059 s, now 0.026 s.
  double sq = 0;
  int n = 0;
  for (uint32_t seed = 1; seed <= 8; ++seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0, 0.01);
    std::vector<PoseFrame> frames = RenderNoisy(SitToStandScript, 30, TrackingNoise::Clean(30));
    for (PoseFrame& f : frames)
      for (int k : {kLeftKnee, kRightKnee}) f.pose->landmarks[k].y += float(g(rng));
    SitToStand ex;
    StartOneTrial(ex, 0);
    const std::vector<TrialResult> trials = PlayFrames(ex, frames);
    ASSERT_EQ(trials.size(), 1u) << seed;
    ASSERT_TRUE(trials[0].quality.measurable) << trials[0].quality.reason;
    const double err = MetricValue(trials[0], "total_time").value_or(-1) - 13.9;
    sq += err * err;
    ++n;
  }
  std::printf("sit_to_stand, jittery knees only: total_time RMS error %.3f s\n", std::sqrt(sq / n));
  EXPECT_LT(std::sqrt(sq / n), 0.04);
}

TEST(NoisyStreamsTest, SitToStand_ManySeeds_NoRepetitionIsNegativeOrBorrowed) {
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    TrackingNoise n = TrackingNoise::Webcam(15, seed);
    n.feet_flicker = 0.15;  // harsher than the table's case
    n.body_flicker = 0.02;
    SitToStand ex;
    StartOneTrial(ex, 0);
    const auto trials = PlayStream(ex, SitToStandScript, 30, n);
    ASSERT_EQ(trials.size(), 1u) << seed;
    const TrialResult& t = trials[0];
    if (!t.quality.measurable) {
      EXPECT_FALSE(t.quality.reason.empty());
      EXPECT_TRUE(t.metrics.empty());
      continue;
    }
    // Harsher than the table: a wider tolerance, but never negative, never another rise's.
    EXPECT_NEAR(MetricValue(t, "total_time").value_or(-1), 13.9, 0.3) << "seed " << seed;
    for (int k = 1; k <= 5; ++k) {
      const double rise = MetricValue(t, "rise_" + std::to_string(k)).value_or(-1);
      EXPECT_GT(rise, 0) << "seed " << seed << " rise " << k;
      EXPECT_NEAR(rise, 2.3, 0.7) << "seed " << seed << " rise " << k;
    }
  }
}

TEST(NoisyStreamsTest, SitToStand_HeavyJitterAt30Fps_NotReadShort) {
  // 1.5 cm jitter (twice the webcam case), feet hidden 15 % of frames, at 30 fps: each event
  // used to be pulled towards the detection threshold by single jittery samples at the seated
  // level (the more frames a second, the more of them), so the test read 0.15 s short on
  // average over these 12 streams (0.24 s at 2.5 cm); now 0.06 s. Mean within 0.1 s, each
  // within 0.3 s. (Over 40 other noise draws the gain is smaller: 0.16 s short before, 0.13 s
  // now; what is left is the extrapolation from band crossings that jitter blurs at 30 fps.)
  double sum = 0;
  int n = 0;
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    TrackingNoise noise = TrackingNoise::Webcam(30, seed);
    noise.jitter_cm = 1.5;
    noise.feet_flicker = 0.15;
    SitToStand ex;
    StartOneTrial(ex, 0);
    const auto trials = PlayStream(ex, SitToStandScript, 30, noise);
    ASSERT_EQ(trials.size(), 1u) << seed;
    if (!trials[0].quality.measurable) continue;
    const double total = MetricValue(trials[0], "total_time").value_or(-1);
    EXPECT_NEAR(total, 13.9, 0.3) << "seed " << seed;
    sum += total - 13.9;
    ++n;
  }
  ASSERT_GE(n, 10);
  std::printf("sit_to_stand at 1.5 cm jitter, 30 fps: total_time off by %+.3f s on average\n",
              sum / n);
  EXPECT_NEAR(sum / n, 0, 0.1) << "mean error over " << n << " streams";
}

// --- Single-leg stance -----------------------------------------------------------------------
// Both feet down 2 s, the right foot lifted 10 cm over 0.25 s (smooth), held, lowered over
// 0.25 s, down at 14 s: the true hold (lift-off to touch-down) is 12.0 s.
constexpr double kLiftAt = 2, kDownAt = 14, kMove = 0.25;
BodySpec SingleLegScript(double t) {
  BodySpec s;
  const double up = Smooth01((t - kLiftAt) / kMove) * (1 - Smooth01((t - kDownAt + kMove) / kMove));
  s.lift_right_foot = CmToLift(10) * up;
  return s;
}

TEST(NoisyStreamsTest, SingleLegStance_HoldFromLiftOffToTouchDown_CleanNoisyAnd15Fps) {
  std::vector<double> holds;
  std::vector<std::string> names;
  int unmeasurable = 0;
  for (const Case& c : Cases(3)) {
    SingleLegStance ex;
    StartOneTrial(ex, 0.6);  // a 20 s goal: the hold ends before it
    const auto trials = PlayStream(ex, SingleLegScript, 40, c.noise);
    ASSERT_EQ(trials.size(), 1u) << c.name << " (seed " << c.noise.seed << ")";
    const TrialResult& t = trials[0];
    // Unmeasurable only with its reason and no numbers (the lift-off or touch-down hidden for
    // over 0.4 s), never the clean stream.
    if (!t.quality.measurable && std::string(c.name) != "clean") {
      EXPECT_FALSE(t.quality.reason.empty()) << c.name << " (seed " << c.noise.seed << ")";
      EXPECT_TRUE(t.metrics.empty()) << c.name << " (seed " << c.noise.seed << ")";
      std::printf("single_leg_stance %s (seed %u): unmeasurable, %s\n", c.name, c.noise.seed,
                  t.quality.reason.c_str());
      ++unmeasurable;
      continue;
    }
    ASSERT_TRUE(t.quality.measurable) << c.name << " (seed " << c.noise.seed << ")"
                                      << ": " << t.quality.reason;
    // Tolerance 0.1 s (the old thresholds read 0.2 s short; a stopped clock 1-2 s short); at
    // 15 fps 0.15 s, the physics of the case: this 0.25 s lift is seen in 4 frames, and even
    // with its exact shape known a least-squares fit of it under 0.75 cm of height jitter
    // times each end to 29 ms SD (200 synthetic lifts; 18 ms at 30 fps), so the hold, the
    // difference of two ends, to 41 ms SD: 0.1 s is 2.4 SD (1 trial in 60 of a perfect
    // estimator would miss it), 0.15 s is 3.6 SD. At 30 fps about 1 trial in 100 still reads
    // 0.10-0.12 s off over scripts/noise_sweep (hold SD 0.03 s; the movement shape left).
    // Still failing (offsets 50000-50099: 2 draws at 30 fps, 1 at 15 fps): a lift or lowering
    // seen on few frames (frames hidden in it) whose fit takes a long duration (over 0.4 s for
    // this 0.25 s movement) to explain a jittery sample at rest as its slow start or end: those
    // events land 70-210 ms outwards (the 0.15 s shortest duration fixed the opposite case).
    const double tolerance = c.noise.fps < 20 ? 0.15 : 0.1;
    EXPECT_NEAR(MetricValue(t, "hold_time").value_or(-1), kDownAt - kLiftAt, tolerance)
        << c.name << " (seed " << c.noise.seed << ")";
    testing::LogError("single_leg_stance", "hold_time", c.name,
                      MetricValue(t, "hold_time").value_or(NAN) - (kDownAt - kLiftAt));
    names.push_back(c.name);
    holds.push_back(MetricValue(t, "hold_time").value_or(NAN));
  }
  EXPECT_LE(unmeasurable, 2) << "of " << 2 * kDraws << " noisy trials";  // rare
  PrintRow("single_leg_stance", "hold_time", kDownAt - kLiftAt, names, holds);
}

TEST(NoisyStreamsTest, SingleLegStance_FeetHiddenOnTenPercentOfFrames_HoldIsStillRight) {
  TrackingNoise n = TrackingNoise::Clean(30);
  n.feet_flicker = 0.10;
  SingleLegStance ex;
  StartOneTrial(ex, 0.6);
  const auto trials = PlayStream(ex, SingleLegScript, 40, n);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_NEAR(MetricValue(trials[0], "hold_time").value_or(-1), 12.0, 0.1);
  EXPECT_GT(trials[0].quality.gaps_bridged, 10);
  EXPECT_NEAR(trials[0].quality.seen_fraction, 0.9, 0.05);
  EXPECT_NEAR(trials[0].quality.effective_fps, 27, 2);
}

TEST(NoisyStreamsTest, SingleLegStance_FeetUnseenForHalfASecondMidHold_HoldStillRight) {
  // A 0.6 s stretch without the feet (longer than the trial clock bridges) with the foot up on
  // both sides of it: the hold went on through it. It used to lose the 0.6 s (11.4 s).
  std::vector<PoseFrame> frames = RenderNoisy(SingleLegScript, 40, TrackingNoise::Clean(30));
  for (PoseFrame& f : frames)
    if (f.capture_ms >= 7000 && f.capture_ms < 7600)
      for (int i = kLeftAnkle; i < kNumLandmarks; ++i) f.pose->landmarks[i].visibility = 0.2f;
  SingleLegStance ex;
  StartOneTrial(ex, 0.6);
  const std::vector<TrialResult> trials = PlayFrames(ex, frames);
  ASSERT_EQ(trials.size(), 1u);
  ASSERT_TRUE(trials[0].quality.measurable) << trials[0].quality.reason;
  EXPECT_NEAR(MetricValue(trials[0], "hold_time").value_or(-1), 12.0, 0.05);
}

TEST(NoisyStreamsTest, SingleLegStance_FootSeenOnlyBeforeAndAfterComingDown_Unmeasurable) {
  // 15 fps, the feet unseen from 13.80 to 14.15 s (bridged: under 0.4 s) while the foot came
  // down (13.75-14.0 s): the touch-down could lie anywhere in it; timed at the far end it read
  // the hold 0.25 s long. The same stretch in mid-hold (foot up on both sides) is no matter.
  for (const double hide_from : {13800.0, 7000.0}) {
    std::vector<PoseFrame> frames = RenderNoisy(SingleLegScript, 40, TrackingNoise::Clean(15));
    for (PoseFrame& f : frames)
      if (f.capture_ms >= hide_from && f.capture_ms < hide_from + 350)
        for (int i = kLeftAnkle; i < kNumLandmarks; ++i) f.pose->landmarks[i].visibility = 0.2f;
    SingleLegStance ex;
    StartOneTrial(ex, 0.6);
    const std::vector<TrialResult> trials = PlayFrames(ex, frames);
    ASSERT_EQ(trials.size(), 1u);
    if (hide_from > 10000) {
      EXPECT_FALSE(trials[0].quality.measurable);
      EXPECT_NE(trials[0].quality.reason.find("came down"), std::string::npos)
          << trials[0].quality.reason;
      EXPECT_TRUE(trials[0].metrics.empty());
    } else {
      ASSERT_TRUE(trials[0].quality.measurable) << trials[0].quality.reason;
      EXPECT_NEAR(MetricValue(trials[0], "hold_time").value_or(-1), 12.0, 0.05);
    }
  }
}

TEST(NoisyStreamsTest, Quality_JitterLevelIsMeasuredFromTheStream) {
  TrackingNoise n = TrackingNoise::Clean(30);
  n.jitter_cm = 1.0;
  SingleLegStance ex;
  StartOneTrial(ex, 0.6);
  const auto trials = PlayStream(ex, SingleLegScript, 40, n);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_NEAR(trials[0].quality.jitter_cm, 1.0, 0.2);
  EXPECT_EQ(trials[0].quality.gaps_bridged, 0);
}

TEST(NoisyStreamsTest, SlowCamera_TrialIsUnmeasurableWithItsReason) {
  TrackingNoise n = TrackingNoise::Clean(6);  // 6 frames a second
  SingleLegStance ex;
  StartOneTrial(ex, 0.6);
  const auto trials = PlayStream(ex, SingleLegScript, 40, n);
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_FALSE(trials[0].quality.measurable);
  EXPECT_EQ(trials[0].outcome, TrialOutcome::kInvalid);
  EXPECT_NE(trials[0].quality.reason.find("frames a second"), std::string::npos)
      << trials[0].quality.reason;
  EXPECT_TRUE(trials[0].metrics.empty());
}

}  // namespace
}  // namespace poise::core
