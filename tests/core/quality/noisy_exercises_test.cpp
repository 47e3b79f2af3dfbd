// The other seven exercises through the tracking-noise model (game/core/demo/tracking_noise.h),
// as noisy_streams_test.cpp does for sit-to-stand and single-leg stance: a scripted player who
// reacts to what the exercise shows (where the bubble, dot or target is) the way a person would,
// with every movement's own parameters known (when it starts, how long it takes, where it ends),
// so the true answer comes from the script, not from the exercise's code. Each case is run clean
// at 30 fps, as an ordinary webcam at 30 fps (jitter 0.8 cm, feet hidden 10 % and hands 5 % of
// frames, 3 % dropped, uneven intervals), at 20 fps and at 15 fps. Each metric is within its
// stated tolerance, or the trial is unmeasurable with its reason. Prints the table
// (exercise | metric | truth | clean | noisy | 20 fps | 15 fps) that the README quotes.
// Every noisy condition runs 5 fixed noise draws; scripts/noise_sweep shifts them. Over the
// offsets the fixes were made on (0-24, 500-524) no check fails; over fresh offsets a rare single
// trial still lands just outside its tolerance (110000-110099: 14 of 137,034 checked values in
// both programs, at 15-20 fps), so the tolerances hold for all but about 1 trial in 10,000.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "game/core/demo/tracking_noise.h"
#include "game/core/exercises/bubble_reach.h"
#include "game/core/exercises/functional_reach.h"
#include "game/core/exercises/nose_to_target.h"
#include "game/core/exercises/pursuit_trace.h"
#include "game/core/exercises/steady_stance.h"
#include "game/core/exercises/stepping_targets.h"
#include "game/core/exercises/weight_shift.h"
#include "game/core/metrics/movement_metrics.h"
#include "game/core/metrics/sway_metrics.h"
#include "tests/core/exercises/balance_test_util.h"
#include "tests/core/quality/error_log.h"

namespace poise::core {
namespace {
using testing::CmToX;
using testing::TestCalibration;

constexpr double kW = 640, kH = 480;
double CmPx() { return TestCalibration().cm_per_px; }

/// Minimum-jerk position share at t in [0, 1].
double MinJerkS(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * t * (10 - 15 * t + 6 * t * t);
}
/// The time share at which a minimum-jerk movement has covered share s.
double MinJerkTimeOf(double s) {
  double lo = 0, hi = 1;
  for (int i = 0; i < 60; ++i) ((MinJerkS((lo + hi) / 2) < s) ? lo : hi) = (lo + hi) / 2;
  return (lo + hi) / 2;
}
/// Movement onset by the stated definition (speed first above 5 % of the peak): for a
/// minimum-jerk movement, this share of its duration after it starts.
double MinJerkOnsetShare() {
  // speed ~ 30 t^2 (1 - t)^2, peak 1.875 at t = 0.5.
  double lo = 0, hi = 0.5;
  for (int i = 0; i < 60; ++i) {
    const double m = (lo + hi) / 2;
    ((30 * m * m * (1 - m) * (1 - m) < 0.05 * 1.875) ? lo : hi) = m;
  }
  return (lo + hi) / 2;
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
    out.push_back({"20 fps", TrackingNoise::Webcam(20, s)});
    out.push_back({"15 fps", TrackingNoise::Webcam(15, s)});
  }
  return out;
}

/// What the scripted player sees and knows when choosing its pose for a frame.
struct Seen {
  double t_s = 0;              ///< this frame's capture time
  const ExerciseView* view{};  ///< the exercise's view after the last frame it was given
  double trial_start_s = 0;    ///< when the current trial began (the last trial's end)
  int finished = 0;            ///< trials reported so far
  double view_t_s = -1;        ///< capture time of the frame the view reflects (-1: none yet)
};
using Policy = std::function<BodySpec(const Seen&)>;

/// Plays a closed loop: the player reacts to the view; frames go through the noise model.
std::vector<TrialResult> Drive(Exercise& ex, const Policy& policy, double seconds,
                               const TrackingNoise& noise) {
  TrackingNoiseModel model(noise);
  std::vector<TrialResult> out;
  Seen seen;
  ExerciseView view = ex.View();
  for (int64_t k = 0; !ex.Done(); ++k) {
    const double t = model.NextFrameMs();
    if (t > seconds * 1000) break;
    seen.t_s = t / 1000;
    seen.view = &view;
    const BodySpec spec = policy(seen);
    PoseFrame f = MakeFrame(spec, t, k, int(kW), int(kH));
    if (!model.Apply(*f.pose, spec.height, kW / kH)) continue;
    ex.Update(f);
    for (auto& r : ex.TakeFinishedTrials()) {
      out.push_back(r);
      seen.trial_start_s = t / 1000;
      ++seen.finished;
    }
    view = ex.View();
    seen.view_t_s = t / 1000;
  }
  return out;
}

const Shape* FindShape(const ExerciseView& v, Shape::Role role) {
  for (const Shape& s : v.shapes)
    if (s.role == role) return &s;
  return nullptr;
}

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? NAN : s / double(v.size());
}

/// Table rows: per metric, the mean truth and the mean over each case's measurable trials.
struct Table {
  explicit Table(std::string id) : exercise(std::move(id)) {}
  std::string exercise;
  std::vector<std::string> order;
  std::map<std::string, std::vector<double>> truth;  // every trial's, in every case
  std::map<std::string, std::map<std::string, std::vector<double>>> got;  // metric -> case
  std::vector<std::string> cases;
  void Add(const std::string& c, const std::string& metric, double truth_value, double value) {
    if (!truth.count(metric)) order.push_back(metric);
    truth[metric].push_back(truth_value);
    got[metric][c].push_back(value);
    if (std::find(cases.begin(), cases.end(), c) == cases.end()) cases.push_back(c);
  }
  void Print() const {
    std::printf("| %-17s | %-22s | %7s |", "exercise", "metric", "truth");
    for (const std::string& c : cases) std::printf(" %7s |", c.c_str());
    std::printf("\n");
    for (const std::string& m : order) {
      std::printf("| %-17s | %-22s | %7.2f |", exercise.c_str(), m.c_str(), Mean(truth.at(m)));
      for (const std::string& c : cases) {
        const auto it = got.at(m).find(c);
        std::printf(" %7.2f |", it == got.at(m).end() ? NAN : Mean(it->second));
      }
      std::printf("\n");
    }
  }
};

/// A metric against its truth: within tolerance; recorded for the table.
void Check(Table& table, const Case& c, const TrialResult& t, const std::string& metric,
           double truth, double tolerance) {
  const auto v = MetricValue(t, metric);
  ASSERT_TRUE(v.has_value()) << c.name << ": " << metric << " missing (" << t.note << ")";
  EXPECT_NEAR(*v, truth, tolerance)
      << c.name << " (seed " << c.noise.seed << ") trial " << t.trial_index << ": " << metric;
  testing::LogError(table.exercise, metric, c.name, *v - truth);
  table.Add(c.name, metric, truth, *v);
}

/// Every trial either measurable, or unmeasurable with a reason and no numbers; at least
/// `min_measured` measurable ones. Returns the measurable ones.
std::vector<TrialResult> Measurable(const std::vector<TrialResult>& trials, const Case& c,
                                    size_t min_measured) {
  std::vector<TrialResult> ok;
  for (const TrialResult& t : trials) {
    if (t.quality.measurable) {
      ok.push_back(t);
      continue;
    }
    EXPECT_FALSE(t.quality.reason.empty()) << c.name;
    EXPECT_TRUE(t.metrics.empty()) << c.name;
  }
  EXPECT_GE(ok.size(), min_measured) << c.name;
  return ok;
}

/// Trials that counted (succeeded or failed), leaving out repeated invalid or unmeasurable ones.
int Scored(const std::vector<TrialResult>& trials) {
  return int(std::count_if(trials.begin(), trials.end(), [](const TrialResult& t) {
    return t.outcome != TrialOutcome::kInvalid;
  }));
}

/// With POISE_NOISE_ERROR_LOG set, one line "UNM <exercise> <case> <reason>" per unmeasurable
/// trial, so a sweep can count how often and why.
void LogUnmeasurable(const Table& table, const Case& c, const std::vector<TrialResult>& trials) {
  if (!std::getenv("POISE_NOISE_ERROR_LOG")) return;
  for (const TrialResult& t : trials)
    if (!t.quality.measurable)
      std::printf("UNM\t%s\t%s\t%s\n", table.exercise.c_str(), c.name, t.quality.reason.c_str());
}

ExerciseConfig Config(double level, int trials) {
  ExerciseConfig cfg;
  cfg.calibration = TestCalibration();
  cfg.level = level;
  cfg.trials = trials;
  return cfg;
}

// The default body's hands and nose (image-normalised), and the index finger's offset below
// the wrist (BodySpec: 0.03 of the body's height).
struct Body {
  Pose p = MakePose({});
  double finger_dy = 0.03 * 0.75;
  PixelPoint Rest(bool left) const {  // the finger of a hanging hand
    const auto& w = p.landmarks[left ? kLeftWrist : kRightWrist];
    return {w.x, w.y + finger_dy};
  }
  PixelPoint Nose() const { return {p.landmarks[kNose].x, p.landmarks[kNose].y}; }
};

/// One hand's scripted reach: a minimum-jerk movement of the finger from `from` to `to`.
struct Reach {
  double start_s = -1, dur_s = 0.8;
  PixelPoint from, to;
  PixelPoint At(double t_s) const {
    const double s = start_s < 0 ? 0 : MinJerkS((t_s - start_s) / dur_s);
    return {from.x + s * (to.x - from.x), from.y + s * (to.y - from.y)};
  }
  /// When the finger comes within r (picture heights, x scaled by the aspect) of `c`.
  double EntersS(PixelPoint c, double r) const {
    const double step = 0.0005;
    for (double t = start_s; t <= start_s + dur_s + 1e-9; t += step) {
      const PixelPoint q = At(t);
      if (std::hypot((q.x - c.x) * kW / kH, q.y - c.y) <= r) return t;
    }
    return NAN;
  }
};

void SetFinger(BodySpec& s, bool left, PixelPoint finger, double finger_dy) {
  (left ? s.left_wrist_x : s.right_wrist_x) = finger.x;
  (left ? s.left_wrist_y : s.right_wrist_y) = finger.y - finger_dy;
}

// --- Bubble reach ----------------------------------------------------------------------------
// Each bubble: the named hand rests 0.5 s, then reaches its finger to the bubble's centre in a
// 0.8 s minimum-jerk movement along a straight line, stays until the bubble pops, and goes back
// to rest in 0.6 s while the other hand takes the next bubble.
// Truth: movement onset where the finger's speed first exceeds 5 % of its peak (a fixed share of
// a minimum-jerk movement's duration): reaction_time from the bubble shown to that onset,
// movement_time from it to entering the bubble (solved on the script's path),
// path_straightness 1 (a straight path), hit 1.
TEST(NoisyExercisesTest, BubbleReach_KnownAnswers_CleanNoisy20And15Fps) {
  Table table("bubble_reach");
  const Body body;
  constexpr double kReactS = 0.5, kMoveS = 0.8, kBackS = 0.6;
  for (const Case& c : Cases(11)) {
    BubbleReach ex;
    ex.Start(Config(0.3, 6), 0);
    Reach hand[2];  // [0] left, [1] right
    int for_trial = -1;
    std::vector<double> truth_move;  // per started reach, in order
    std::vector<PixelPoint> bubble;
    std::vector<double> bubble_r;
    const Policy policy = [&](const Seen& s) {
      const Shape* target = FindShape(*s.view, Shape::Role::kTarget);
      if (target && s.finished != for_trial) {  // a new bubble: plan the named hand's reach
        for_trial = s.finished;
        const bool left = target->label == "L";
        Reach& other = hand[left ? 1 : 0];
        if (other.start_s >= 0) {  // the last hand goes back to rest
          const PixelPoint at = other.At(s.t_s);
          other = {s.t_s, kBackS, at, body.Rest(!left)};
        }
        Reach& r = hand[left ? 0 : 1];
        r = {s.trial_start_s + kReactS, kMoveS, body.Rest(left), {target->x, target->y}};
        truth_move.push_back(r.EntersS({target->x, target->y}, target->radius) - r.start_s -
                             MinJerkOnsetShare() * kMoveS);
      }
      BodySpec b;
      for (const bool left : {true, false})
        if (hand[left ? 0 : 1].start_s >= 0)
          SetFinger(b, left, hand[left ? 0 : 1].At(s.t_s), body.finger_dy);
      return b;
    };
    const auto trials = Drive(ex, policy, 60, c.noise);
    // Six scored trials; an unmeasurable one (with its reason, no numbers) is repeated.
    ASSERT_GE(trials.size(), 6u) << c.name;
    ASSERT_EQ(truth_move.size(), trials.size()) << c.name;  // one reach per trial shown
    Measurable(trials, c, 5);
    for (size_t i = 0; i < trials.size(); ++i) {
      const TrialResult& t = trials[i];
      if (!t.quality.measurable) continue;
      Check(table, c, t, "hit", 1, 0);
      // Tolerances: 0.2 s on times (the onset of a smooth reach under a hand's 1.2 cm jitter is
      // found within about 0.06 s RMS, 0.25 s at worst over many streams), 0.1 on straightness.
      Check(table, c, t, "reaction_time", kReactS + MinJerkOnsetShare() * kMoveS, 0.25);
      Check(table, c, t, "movement_time", truth_move[i], 0.25);
      Check(table, c, t, "path_straightness", 1, 0.1);
    }
  }
  table.Print();
}

// --- Nose to target --------------------------------------------------------------------------
// The named hand's finger: to the nose (0.9 s), rest 0.6 s, then four rounds of nose -> dot
// (0.9 s), rest 0.6 s, dot -> nose (0.9 s), rest 0.6 s. The finger stops on the dot at known
// offsets from its centre. Truth: movement times from onset (speed above 5 % of its peak, a
// fixed share of a minimum-jerk movement) to entering the dot / the 7 cm nose zone, solved on
// the script's path; endpoint error and spread from the offsets.
TEST(NoisyExercisesTest, NoseToTarget_KnownAnswers_CleanNoisy20And15Fps) {
  Table table("nose_to_target");
  const Body body;
  constexpr double kLegS = 0.9, kRestS = 0.6;
  // Where the finger stops on the dot, cm from its centre (right, down).
  const double off_x[4] = {1.0, -1.5, 0.5, 0.0}, off_y[4] = {0.0, 0.5, -1.0, 1.5};
  std::vector<double> ex_err, ex_x(off_x, off_x + 4), ex_y(off_y, off_y + 4);
  for (int i = 0; i < 4; ++i) ex_err.push_back(std::hypot(off_x[i], off_y[i]));
  const double truth_err = Mean(ex_err);
  const double truth_sd = PointDispersion(ex_x, ex_y).sd;
  const double onset = MinJerkOnsetShare() * kLegS;
  // All draws. (Seed 2005 at 15 fps once read 3.4 cm for 1.3 cm: a 0.4 s gap on the dot threw
  // away the stop seen before it and the "stop" was taken from the departure.)
  for (const Case& c : Cases(5)) {
    NoseToTarget ex;
    ex.Start(Config(0.3, 2), 0);
    int for_trial = -1;
    bool left = true;
    double t0 = 0;
    PixelPoint dot;
    std::vector<PixelPoint> dots;  // per trial, in order (level 0.3: the dot stays put)
    std::vector<double> dot_rs;
    std::vector<bool> lefts;
    const PixelPoint nose = body.Nose();
    const double nose_r = 7 / CmPx() / kH;
    const Policy policy = [&](const Seen& s) {
      const Shape* target = FindShape(*s.view, Shape::Role::kTarget);
      if (target && s.finished != for_trial) {
        for_trial = s.finished;
        left = target->label == "L";
        t0 = s.trial_start_s;
        dot = {target->x, target->y};
        dots.push_back(dot);
        dot_rs.push_back(target->radius);
        lefts.push_back(left);
      }
      BodySpec b;
      const double u = s.t_s - t0;
      const PixelPoint rest = body.Rest(left);
      const double side = left ? 0.004 : -0.004;  // beside the nose, not on it
      const PixelPoint at_nose{nose.x + side, nose.y};
      auto on_dot = [&](int k) {
        return PixelPoint{dot.x + off_x[k] / CmPx() / kW, dot.y + off_y[k] / CmPx() / kH};
      };
      Reach r{t0, kLegS, rest, at_nose};
      const double round = 2 * (kLegS + kRestS);
      if (u >= kLegS + kRestS) {
        const int k = std::min(3, int((u - kLegS - kRestS) / round));
        const double r0 = t0 + kLegS + kRestS + k * round;
        if (u - (r0 - t0) < kLegS + kRestS)
          r = {r0, kLegS, at_nose, on_dot(k)};
        else
          r = {r0 + kLegS + kRestS, kLegS, on_dot(k), at_nose};
      }
      if (for_trial >= 0) SetFinger(b, left, r.At(s.t_s), body.finger_dy);
      return b;
    };
    const auto trials = Drive(ex, policy, 60, c.noise);
    // Two trials, and one more for each that was unmeasurable (it is repeated; two
    // unmeasurable ones end the exercise).
    size_t unmeasurable = 0;
    for (const TrialResult& t : trials)
      if (!t.quality.measurable) {
        ++unmeasurable;
        std::printf("UNMEASURABLE\tnose_to_target\t%s\t%s\n", c.name, t.quality.reason.c_str());
      }
    ASSERT_TRUE(trials.size() - unmeasurable == 2 || unmeasurable == 2) << c.name;
    for (const TrialResult& t : Measurable(trials, c, 1)) {
      // This trial's dot and hand; the finger's legs on the script.
      const size_t i = size_t(t.trial_index);
      ASSERT_LT(i, dots.size());
      const PixelPoint at_nose{nose.x + (lefts[i] ? 0.004 : -0.004), nose.y};
      const PixelPoint dot_i = dots[i];
      const double dot_r = dot_rs[i];
      EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << c.name << ": " << t.note;
      std::vector<double> out_s, back_s;
      for (int k = 0; k < 4; ++k) {
        const PixelPoint end{dot_i.x + off_x[k] / CmPx() / kW, dot_i.y + off_y[k] / CmPx() / kH};
        out_s.push_back(Reach{0, kLegS, at_nose, end}.EntersS(dot_i, dot_r) - onset);
        back_s.push_back(Reach{0, kLegS, end, at_nose}.EntersS(nose, nose_r) - onset);
      }
      Check(table, c, t, "touches", 4, 0);
      // Tolerances: 0.2 s on movement times (onsets, as for bubble reach), 1 cm on where the
      // finger stopped (its rest averaged: at 15 fps about 8 frames of a finger's 1.2 cm jitter,
      // 0.4 cm SE per axis; a stop seen too little to place within 1 cm, two SEs, makes the
      // trial unmeasurable and it is repeated).
      Check(table, c, t, "to_target_time", Mean(out_s), 0.2);
      Check(table, c, t, "to_nose_time", Mean(back_s), 0.2);
      Check(table, c, t, "endpoint_error", truth_err, 1.0);
      Check(table, c, t, "endpoint_sd", truth_sd, 1.0);
      // The script has no tremor: none may be claimed from jitter.
      EXPECT_FALSE(MetricValue(t, "intention_tremor_frequency").has_value()) << c.name;
    }
  }
  table.Print();
}

// --- Weight shift ----------------------------------------------------------------------------
// Each target: 0.5 s upright, then the shoulders shift sideways to the target's centre in a
// 1.2 s minimum-jerk movement and stay until the trial ends, then back upright in 0.8 s.
// Truth: time_to_target from the trial's start until the lean enters the band (target minus its
// tolerance, from the trial's parameters); controlled_lean by its definition on the script: the
// largest over the trial's 0.5 s windows of the smallest lean toward the target in each (the
// target itself whenever the lean sat on it for 0.5 s before the trial ended).
TEST(NoisyExercisesTest, WeightShift_KnownAnswers_CleanNoisy20And15Fps) {
  Table table("weight_shift");
  constexpr double kWaitS = 0.5, kMoveS = 1.2, kBackS = 0.8;
  for (const Case& c : Cases(13)) {
    WeightShift ex;
    ex.Start(Config(0.5, 4), 0);
    int for_trial = -1;
    Reach lean, back;  // x: the shoulders' shift (image widths); y unused
    auto at = [&](double t) { return t < lean.start_s ? back.At(t).x : lean.At(t).x; };
    std::vector<std::pair<Reach, Reach>> script;  // (back, lean) per trial, in order
    const Policy policy = [&](const Seen& s) {
      const Shape* target = FindShape(*s.view, Shape::Role::kTarget);
      if (target && s.finished != for_trial) {
        for_trial = s.finished;
        const double t0 = s.trial_start_s, now = at(t0);
        const double goal = target->x - TestCalibration().neutral_shoulder_x;
        // Back upright first (after a trial), then out to the new target.
        back = {t0, kBackS, {now, 0}, {0, 0}};
        lean = {t0 + (s.finished > 0 ? kBackS : 0) + kWaitS, kMoveS, {0, 0}, {goal, 0}};
        script.resize(size_t(for_trial) + 1);
        script[size_t(for_trial)] = {back, lean};
      }
      BodySpec b;
      b.lean_x = at(s.t_s);
      return b;
    };
    const auto trials = Drive(ex, policy, 60, c.noise);
    // Four scored trials; an unmeasurable one (with its reason, no numbers) is repeated.
    ASSERT_EQ(Scored(trials), 4) << c.name;
    LogUnmeasurable(table, c, trials);
    for (const TrialResult& t : Measurable(trials, c, 3)) {
      EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << c.name << ": " << t.note;
      double target_cm = 0, tol_cm = 0;
      for (const Parameter& p : t.parameters) {
        if (p.name == "target_lean_cm") target_cm = p.value;
        if (p.name == "tolerance_cm") tol_cm = p.value;
      }
      const double wait = t.trial_index == 0 ? kWaitS : kBackS + kWaitS;  // from the trial's start
      const double enter = wait + MinJerkTimeOf((target_cm - tol_cm) / target_cm) * kMoveS;
      // The lean held: every 1 ms window of 0.5 s ending within the trial.
      ASSERT_LT(size_t(t.trial_index), script.size());
      const auto& [b, l] = script[size_t(t.trial_index)];
      const double side = l.to.x > 0 ? 1 : -1;
      std::vector<double> toward_cm;
      for (double u = t.start_ms / 1000; u <= t.end_ms / 1000; u += 0.001)
        toward_cm.push_back(side * (u < l.start_s ? b.At(u).x : l.At(u).x) * kW * CmPx());
      double held = 0;
      for (size_t i = 500; i < toward_cm.size(); ++i)
        held = std::max(held, *std::min_element(toward_cm.begin() + long(i - 500),
                                                toward_cm.begin() + long(i + 1)));
      // Tolerances: 0.2 s; 1.5 cm on the lean held (the lowest point of a 0.5 s window of the
      // lean, fitted over 0.1 s either side against jitter, reads up to about 0.5 cm low).
      Check(table, c, t, "time_to_target", enter, 0.2);
      Check(table, c, t, "controlled_lean", held, 1.5);
    }
  }
  table.Print();
}

// --- Steady stance ---------------------------------------------------------------------------
// Feet 8 cm apart (together), the body above the knees swaying slowly: 1.5 cm sideways at
// 0.15 Hz and 1.0 cm forward-back (up-down in the picture) at 0.22 Hz. Truth: the hold lasts
// its goal (10 s); the hip midpoint's sway over the hold, from the script sampled every
// millisecond through the sway formulas (game/core/metrics/sway_metrics.h).
TEST(NoisyExercisesTest, SteadyStance_KnownAnswers_CleanNoisy20And15Fps) {
  Table table("steady_stance");
  const double ax_cm = 1.5, ay_cm = 1.0, fx = 0.15, fy = 0.22;
  const double cm = CmPx();
  auto sway = [&](double t, double& x_cm, double& y_cm) {
    x_cm = ax_cm * std::sin(2 * M_PI * fx * t);
    y_cm = ay_cm * std::sin(2 * M_PI * fy * t + 0.5);
  };
  const Policy policy = [&](const Seen& s) {
    BodySpec b;
    b.left_foot_x = 0.5 + CmToX(4);
    b.right_foot_x = 0.5 - CmToX(4);
    double x, y;
    sway(s.t_s, x, y);
    b.sway_x = x / cm / kW;
    b.sway_y = y / cm / kH;
    return b;
  };
  for (const Case& c : Cases(17)) {
    SteadyStance ex;
    ex.Start(Config(0, 2), 0);
    const auto trials = Drive(ex, policy, 60, c.noise);
    ASSERT_EQ(trials.size(), 2u) << c.name;
    for (const TrialResult& t : Measurable(trials, c, 1)) {
      EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << c.name << ": " << t.note;
      const double hold = MetricValue(t, "hold_duration").value_or(0);
      std::vector<SwaySample> truth;
      for (double u = t.end_ms / 1000 - hold; u <= t.end_ms / 1000; u += 0.001) {
        double x, y;
        sway(u, x, y);
        truth.push_back({u, x, y});
      }
      const SwayStats st = ComputeSway(truth);
      Check(table, c, t, "hold_duration", 10, 0.05);
      // Tolerances: 25 % on the ellipse area, 20 % on RMS; 30 % on path and velocity: the sway is
      // smoothed against jitter (which keeps 96 % of a 0.2 Hz sway's path), its path taken on a
      // 5 Hz grid after a zero-lag mean, and the share of the jitter that smoothing lets through
      // is estimated from the frames and taken out of the area, RMS and path (sway_jitter.h).
      // What no filter removes is the jitter inside the sway's own band (0.15-0.22 Hz here): it
      // changes each axis's variance C by 2 s / sqrt(N C) (one SD; s the hip midpoint's jitter,
      // N the frames seen in the hold), so the area by s / sqrt(N) x sqrt(1/Cx + 1/Cy): 6 % at
      // 30 fps, 8 % at 15 fps over a 10 s hold (9.8 % measured over 250 draws at 15 fps). The
      // area's tolerance is 25 % or 4.5 of those standard errors (4 of the measured spread),
      // whichever is larger: 27 % at 30 fps, 38 % at 15 fps.
      double cx = 0, cy = 0, mx = 0, my = 0;
      for (const SwaySample& q : truth)
        mx += q.x_cm / double(truth.size()), my += q.y_cm / double(truth.size());
      for (const SwaySample& q : truth) {
        cx += (q.x_cm - mx) * (q.x_cm - mx) / double(truth.size());
        cy += (q.y_cm - my) * (q.y_cm - my) / double(truth.size());
      }
      const double s_mid = c.noise.jitter_cm / std::sqrt(2.0);  // mean of two hips' jitter
      const double frames = hold * c.noise.fps * (1 - c.noise.dropped) * (1 - c.noise.feet_flicker);
      const double area_se = s_mid / std::sqrt(frames) * std::sqrt(1 / cx + 1 / cy);
      Check(table, c, t, "hip_sway_area", st.ellipse_area_cm2,
            std::max(0.25, 4.5 * area_se) * st.ellipse_area_cm2);
      Check(table, c, t, "hip_sway_rms", st.rms_cm, 0.2 * st.rms_cm);
      Check(table, c, t, "hip_sway_path", st.path_cm, 0.3 * st.path_cm);
      Check(table, c, t, "hip_sway_velocity", st.mean_velocity_cm_s, 0.3 * st.mean_velocity_cm_s);
    }
  }
  table.Print();
}

// --- Functional reach (lateral) --------------------------------------------------------------
// Each trial: the named arm rises sideways to shoulder height in 0.8 s (0.5 s after the trial
// starts), holds still 1.2 s, reaches 20 cm further out in a 1.0 s minimum-jerk movement, holds
// 0.6 s, comes back in 0.8 s and is lowered. Truth: reach_distance 20 cm; time_to_target from
// the reach's onset (speed above 5 % of its peak) to passing the target distance.
TEST(NoisyExercisesTest, FunctionalReach_KnownAnswers_CleanNoisy20And15Fps) {
  Table table("functional_reach");
  const Body body;
  constexpr double kReachCm = 20, kUpS = 0.8, kStillS = 1.2, kOutS = 1.0, kHoldS = 0.6;
  for (const Case& c : Cases(19)) {
    FunctionalReach ex;
    ex.Start(Config(0.3, 4), 0);
    int for_trial = -1;
    bool left = true;
    double t0 = 0;
    const Policy policy = [&](const Seen& s) {
      const Shape* guide = FindShape(*s.view, Shape::Role::kGuide);
      if (guide && s.finished != for_trial) {
        for_trial = s.finished;
        left = guide->label == "L";
        t0 = s.trial_start_s;
      }
      BodySpec b;
      if (for_trial < 0) return b;
      const double side = left ? 1 : -1;
      const auto& sh = body.p.landmarks[left ? kLeftShoulder : kRightShoulder];
      const auto& hang = body.p.landmarks[left ? kLeftWrist : kRightWrist];
      const double raised_x = sh.x + side * 0.17, out = side * CmToX(kReachCm);
      const double u = s.t_s - t0 - 0.5;
      const double up =
          MinJerkS(u / kUpS) * (1 - MinJerkS((u - kUpS - kStillS - kOutS - kHoldS - kOutS) / kUpS));
      const double reach = MinJerkS((u - kUpS - kStillS) / kOutS) *
                           (1 - MinJerkS((u - kUpS - kStillS - kOutS - kHoldS) / kOutS));
      (left ? b.left_wrist_x : b.right_wrist_x) = hang.x + (raised_x - hang.x) * up + out * reach;
      (left ? b.left_wrist_y : b.right_wrist_y) = hang.y + (sh.y - hang.y) * up;
      return b;
    };
    const auto trials = Drive(ex, policy, 80, c.noise);
    // Four scored trials; an unmeasurable one (with its reason, no numbers) is repeated.
    ASSERT_EQ(Scored(trials), 4) << c.name;
    LogUnmeasurable(table, c, trials);
    for (const TrialResult& t : Measurable(trials, c, 3)) {
      EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << c.name << ": " << t.note;
      double target_cm = 0;
      for (const Parameter& p : t.parameters)
        if (p.name == "target_distance_cm") target_cm = p.value;
      const double truth_time = (MinJerkTimeOf(target_cm / kReachCm) - MinJerkOnsetShare()) * kOutS;
      // Tolerances: 2.5 cm on the reach (its peak over 0.4 s means of a wrist's 1.2 cm jitter,
      // less the rest before it, reads about 0.3 cm, at worst 2 cm long); 0.4 s on the time
      // (the onset of a slow, smooth reach, timed back from a band above that jitter: within
      // 0.1 s mostly, 0.35 s at worst at 15 fps), or no time when a gap over 0.4 s hid the reach
      // (the trial's longest gap).
      Check(table, c, t, "reach_distance", kReachCm, 2.5);
      if (MetricValue(t, "time_to_target") || t.quality.longest_gap_ms <= kMaxBridgedGapMs)
        Check(table, c, t, "time_to_target", truth_time, 0.4);
    }
  }
  table.Print();
}

// --- Stepping targets ------------------------------------------------------------------------
// Each target: 0.4 s after it shows, the named foot steps onto its centre in a 0.6 s
// minimum-jerk movement; 0.3 s after "back to the middle" shows, it steps home in 0.6 s.
// Truth: step_time and return_time from the target shown to the foot coming to rest (its speed
// falling under 5 % of the peak, a fixed share of a minimum-jerk movement), accuracy 0 cm (the
// centre), no wrong foot, no miss.
constexpr double kStepWaitS = 0.4, kBackWaitS = 0.3, kStepS = 0.6;

/// The scripted stepper below through `noise`: three trials at level 0.3 (and repeats).
std::vector<TrialResult> PlaySteps(const TrackingNoise& noise) {
  SteppingTargets ex;
  ex.Start(Config(0.3, 3), 0);
  PixelPoint last_target{-1, -1};
  std::string last_label;
  Reach foot[2];  // dx, dy in image heights (BodySpec's foot offsets)
  PixelPoint home[2];
  bool home_known = false;
  const Policy policy = [&](const Seen& s) {
    const Shape* target = FindShape(*s.view, Shape::Role::kTarget);
    const Shape* marker = FindShape(*s.view, Shape::Role::kHand);
    if (target && marker && !home_known) {  // where the feet stand (the first target shows)
      const Pose p = MakePose({});
      home[0] = {p.landmarks[kLeftAnkle].x, p.landmarks[kLeftAnkle].y};
      home[1] = {p.landmarks[kRightAnkle].x, p.landmarks[kRightAnkle].y};
      home_known = true;
    }
    if (target &&
        (target->x != last_target.x || target->y != last_target.y || target->label != last_label)) {
      last_target = {target->x, target->y};
      last_label = target->label;
      const bool back = target->label == "home";
      const int f = back ? (marker && marker->label == "L" ? 0 : 1) : target->label == "L" ? 0 : 1;
      const PixelPoint now = foot[f].At(s.view_t_s);
      const PixelPoint goal{(target->x - home[f].x) * kW / kH, target->y - home[f].y};
      foot[f] = {s.view_t_s + (back ? kBackWaitS : kStepWaitS), kStepS, now, goal};
    }
    BodySpec b;
    const PixelPoint l = foot[0].At(s.t_s), r = foot[1].At(s.t_s);
    b.left_foot_dx = l.x;
    b.left_foot_dy = l.y;
    b.right_foot_dx = r.x;
    b.right_foot_dy = r.y;
    return b;
  };
  return Drive(ex, policy, 80, noise);
}

TEST(NoisyExercisesTest, SteppingTargets_KnownAnswers_CleanNoisy20And15Fps) {
  Table table("stepping_targets");
  for (const Case& c : Cases(23)) {
    const auto trials = PlaySteps(c.noise);
    // Three scored trials; an unmeasurable one (a step whose end was hidden in a gap over
    // 0.4 s) is repeated, up to three per block. Clean, every trial counts. At 15 fps a gap
    // over 0.4 s is 6 hidden frames: it hides a step's end in about 5 % of trials (39 of 788
    // over 50 sweep offsets; 4 of 754 at 20 fps, none at 30), so a block can end after three
    // unmeasurable trials with one scored.
    ASSERT_GE(trials.size(), 3u) << c.name;
    if (std::string(c.name) == "clean") {
      EXPECT_EQ(trials.size(), 3u);
    }
    for (const TrialResult& t : Measurable(trials, c, c.noise.fps < 20 ? 1 : 2)) {
      EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << c.name << ": " << t.note;
      Check(table, c, t, "wrong_foot", 0, 0);
      Check(table, c, t, "missed", 0, 0);
      // Tolerances: 0.25 s on times (an arrival is timed back from a band above the ankle's
      // 1.2 cm jitter: about 0.1 s early, 0.25 s at worst), 4 cm on accuracy (forward and back
      // distances are seen foreshortened, so that jitter counts about three times along them; at 15
      // fps a landing has few frames to average).
      const double arrive = (1 - MinJerkOnsetShare()) * kStepS;
      Check(table, c, t, "step_time", kStepWaitS + arrive, 0.25);
      Check(table, c, t, "return_time", kBackWaitS + arrive, 0.25);
      Check(table, c, t, "accuracy", 0, 4);
    }
  }
  table.Print();
}

// One 15 fps stream (seed 50069) where a back step's stand began on the approach's last
// centimetres (slow in the picture) and its leaving was not seen until the foot was home: the
// first guess of where it stood took in the way home, the step could not be timed from it, and
// the landing read 10.8 cm off (the trial 4.4 cm). Every measured trial within 4 cm.
TEST(NoisyExercisesTest, SteppingTargets_LeavingNotSeen_StandEndsInTheTarget) {
  const auto trials = PlaySteps(TrackingNoise::Webcam(15, 50069));
  ASSERT_GE(trials.size(), 3u);
  size_t measured = 0;
  for (const TrialResult& t : trials) {
    if (!t.quality.measurable) continue;
    ++measured;
    const auto accuracy = MetricValue(t, "accuracy");
    ASSERT_TRUE(accuracy.has_value()) << t.note;
    EXPECT_LT(*accuracy, 4) << "trial " << t.trial_index;
  }
  EXPECT_GE(measured, 2u);
}

// --- Pursuit trace ---------------------------------------------------------------------------
// The named hand's finger goes to the waiting dot (0.8 s), then follows the dot as shown,
// 0.3 s behind it; the other hand hangs. Truth: lag 0.3 s; tracking_error and time_on_target
// from the scripted finger against the dot shown for each frame; no tremor frequency (there is
// none).
TEST(NoisyExercisesTest, PursuitTrace_KnownAnswers_CleanNoisy20And15Fps) {
  Table table("pursuit_trace");
  const Body body;
  constexpr double kLagS = 0.3, kToDotS = 0.8;
  for (const Case& c : Cases(29)) {
    PursuitTrace ex;
    ex.Start(Config(0.4, 2), 0);  // a circle
    int for_trial = -1;
    bool left = true;
    double t0 = 0;
    struct Seen2 {
      double t_s;
      PixelPoint dot;
    };
    std::vector<Seen2> dots;                     // the dot as shown, by frame
    std::map<double, PixelPoint> finger_at;      // the scripted finger, by frame time
    std::vector<std::vector<double>> err_cm(8);  // truth per trial: distance while moving
    std::vector<std::vector<double>> on(8);
    std::vector<double> radius(8, 0);
    PixelPoint first_dot{-1, -1};
    const Policy policy = [&](const Seen& s) {
      const Shape* target = FindShape(*s.view, Shape::Role::kTarget);
      if (target && s.finished != for_trial) {
        for_trial = s.finished;
        left = target->label == "L";
        t0 = s.trial_start_s;
        dots.clear();
        first_dot = {target->x, target->y};
        radius[size_t(for_trial)] = target->radius;
      }
      if (target && s.view_t_s >= 0 && (dots.empty() || dots.back().t_s < s.view_t_s)) {
        const PixelPoint d{target->x, target->y};
        dots.push_back({s.view_t_s, d});
        // Truth for the frame the view reflects, once the dot has left its start.
        const auto f = finger_at.find(s.view_t_s);
        const bool moving = d.x != first_dot.x || d.y != first_dot.y;
        if (f != finger_at.end() && moving && for_trial < 8) {
          const double e = std::hypot((f->second.x - d.x) * kW, (f->second.y - d.y) * kH) * CmPx();
          err_cm[size_t(for_trial)].push_back(e);
          on[size_t(for_trial)].push_back(
              std::hypot((f->second.x - d.x) * kW / kH, f->second.y - d.y) <= target->radius);
        }
      }
      BodySpec b;
      if (for_trial < 0 || dots.empty()) return b;
      // The dot as it was kLagS ago (interpolated between the frames that showed it).
      const double when = s.t_s - kLagS;
      PixelPoint lagged = dots.front().dot;
      for (size_t i = 1; i < dots.size(); ++i)
        if (dots[i].t_s >= when) {
          const double a =
              std::clamp((when - dots[i - 1].t_s) / (dots[i].t_s - dots[i - 1].t_s), 0.0, 1.0);
          lagged = {dots[i - 1].dot.x + a * (dots[i].dot.x - dots[i - 1].dot.x),
                    dots[i - 1].dot.y + a * (dots[i].dot.y - dots[i - 1].dot.y)};
          break;
        } else {
          lagged = dots[i].dot;
        }
      const double k = MinJerkS((s.t_s - t0) / kToDotS);
      const PixelPoint rest = body.Rest(left);
      const PixelPoint fg{rest.x + k * (lagged.x - rest.x), rest.y + k * (lagged.y - rest.y)};
      SetFinger(b, left, fg, body.finger_dy);
      finger_at[s.t_s] = fg;
      return b;
    };
    const auto trials = Drive(ex, policy, 80, c.noise);
    ASSERT_EQ(trials.size(), 2u) << c.name;
    for (const TrialResult& t : Measurable(trials, c, 1)) {
      const size_t i = size_t(t.trial_index);
      EXPECT_EQ(t.outcome, TrialOutcome::kSuccess) << c.name << ": " << t.note;
      // Tolerances: 0.1 s on the lag, 1 cm on the error, 5 points of time on target.
      Check(table, c, t, "lag", kLagS, 0.1);
      Check(table, c, t, "tracking_error", Mean(err_cm[i]), 1.0);
      Check(table, c, t, "time_on_target", 100 * Mean(on[i]), 5);
      EXPECT_FALSE(MetricValue(t, "tremor_frequency").has_value()) << c.name;
    }
  }
  table.Print();
}

}  // namespace
}  // namespace poise::core
