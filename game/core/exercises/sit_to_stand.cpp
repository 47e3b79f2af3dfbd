#include "game/core/exercises/sit_to_stand.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kUpRatio = 0.85;    // standing above this
constexpr double kSeatRatio = 0.45;  // sitting below this; its crossings time the repetitions
constexpr double kDwellMs = 150;     // a new state must last this long
constexpr double kMinLimitMs = 30000;
constexpr size_t kShiftFrames = 5;       // trunk shift smoothing
constexpr double kHistoryMs = 6000;      // samples kept for finding seat-off and seat contact
constexpr double kMinBand = 0.03;        // noise band around the seated level (ratio units)
constexpr double kContactWaitMs = 1500;  // after a sit: time to settle onto the seat
constexpr double kRestAfterMs = 300;     // seated samples after a contact before it is timed
constexpr size_t kKneeFrames = 31;       // knee height: median of the last frames (static)

double Smooth01(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3 - 2 * t);
}

std::string Seconds(double ms) {
  const int tenths = int(ms / 100 + 0.5);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

}  // namespace

ExerciseInfo SitToStand::Describe() {
  return {
      "sit_to_stand",
      "Five times sit to stand",
      "balance",
      {"standing"},
      {{"time_goal", "s", 20, 10, "time allowed for five rises"},
       {"rises", "1", kRises, kRises, "rises in one set (always five, as in the clinical test)"}},
      {{"total_time", "s",
        "five-times sit-to-stand, from seat-off of the first rise (the hips leaving their seated "
        "height) to seat contact after the fifth (back at it), each found by fitting the whole "
        "rise or sit-down with a smooth movement (the shape shared by the set's ten) and "
        "taking where it leaves or reaches the seated level, between frames (the reaction to "
        "'go' is left out; over 16 s is a common fall-risk cut-off, a change of 6.3 s is real "
        "in MS); timed as by a stopwatch through unseen stretches of up to 1 s with no event in "
        "them; only when all five were done; unmeasurable when a seat-off or seat contact was "
        "hidden for over 0.4 s"},
       {"rises", "1", "full rises done (up to 5)"},
       {"rise_1", "s", "first repetition: seat-off to the following seat contact"},
       {"rise_2", "s", "second repetition"},
       {"rise_3", "s", "third repetition"},
       {"rise_4", "s", "fourth repetition"},
       {"rise_5", "s", "fifth repetition"},
       {"rise_mean", "s", "mean repetition time"},
       {"rise_sd", "s", "standard deviation of the repetition times (2 or more)"},
       {"trunk_shift", "cm",
        "sideways shift of the shoulders over the feet while off the seat, from the seated "
        "position: the largest in each rise, signed (+ = to the person's left), averaged"},
       {"trunk_shift_size", "cm", "the same without sign: how far the trunk swayed"}}};
}

std::vector<std::string> SitToStand::Instructions() const {
  return {"You need a firm chair without wheels, against a wall.",
          "Sit on it, feet flat on the floor, arms crossed on your chest.",
          "Stand up fully, then sit down again. Do this five times, as quickly as is safe.",
          "If you feel unsteady, stop and stay seated."};
}

BodySpec SitToStand::Demo(double t_s) const {
  // Sit down (0-2 s), then repetitions of 2.9 s: seated 0.6, rise 0.9, standing 0.5, sit 0.9;
  // arms crossed on the chest throughout (wrists at the opposite shoulders).
  BodySpec s;
  if (t_s < 2) {
    s.sit = Smooth01(t_s - 1);
  } else {
    const double p = std::fmod(t_s - 2, 2.9);
    s.sit = 1 - Smooth01((p - 0.6) / 0.9) * (1 - Smooth01((p - 2.0) / 0.9));
  }
  // Where MakePose puts the shoulders for this `sit` (hips drop, trunk tips forward mid-way).
  const double h = s.height, xs = 1 / s.aspect;
  const double trunk = 1 - 0.05 * s.sit - 0.25 * std::sin(s.sit * std::numbers::pi);
  const double chest_y = s.hip_y + 0.20 * h * s.sit - 0.30 * h * trunk + 0.06 * h;
  s.left_wrist_x = s.hip_x - 0.06 * h * xs;
  s.right_wrist_x = s.hip_x + 0.06 * h * xs;
  s.left_wrist_y = s.right_wrist_y = chest_y;
  return s;
}

double SitToStand::RiseRatio(const PoseFrame& f) {
  const PixelPoint hip = PixelMidpoint(f, kLeftHip, kRightHip),
                   knee = PixelMidpoint(f, kLeftKnee, kRightKnee),
                   ankle = PixelMidpoint(f, kLeftAnkle, kRightAnkle);
  const double shin_px = ankle.y - knee.y;
  if (shin_px < 5) return -1;
  return (knee.y - hip.y) / shin_px;
}

void SitToStand::SetLevel(double level) {
  TrialExercise::SetLevel(level);
  if (leave_ms_.empty()) goal_ms_ = Lerp(20000, 10000, this->level());
}

void SitToStand::BeginTrial(double /*t_ms*/) {
  goal_ms_ = Lerp(20000, 10000, level());
  // A set after the first begins from sitting: the previous one ended on the seat.
  ready_ = trial() > 0 && state_ == State::kSeated;
  leave_ms_.clear();
  land_ms_.clear();
  leave_fits_.clear();
  land_fits_.clear();
  shifts_cm_.clear();
  recent_shift_cm_.clear();
  first_leave_active_ms_ = -1;
  rise_peak_cm_ = 0;
  contact_pending_ = false;
  Interrupt();
  history_.clear();
  gaps_.clear();
}

void SitToStand::Interrupt() {
  candidate_since_ms_ = -1;
  candidate_ = State::kUnknown;
  // A long gap: Step decides once the body is back whether its time was counted (then the
  // samples either side still time the events, unless one fell inside it) or not.
  interrupted_ = true;
}

bool SitToStand::InGap(double t_ms) const {
  for (const auto& [from, to] : gaps_)
    if (t_ms >= from - 1 && t_ms <= to + 1) return true;  // at either edge: somewhere in it
  return false;
}

bool SitToStand::CanSee(const PoseFrame& f) const {
  return LandmarksVisible(*f.pose,
                          {kLeftHip, kRightHip, kLeftKnee, kRightKnee, kLeftAnkle, kRightAnkle,
                           kLeftShoulder, kRightShoulder},
                          kVisible);
}

void SitToStand::Step(const PoseFrame& f, double dt_ms) {
  const double t = f.capture_ms;
  // The test is timed by a stopwatch: an unseen stretch longer than the trial clock bridges
  // (kMaxBridgedGapMs) but under 1 s (after which the game pauses itself) still counts in the
  // repetitions' times, though no event is timed across it (Interrupt). Without it a 0.5 s
  // gap of a 15 fps camera took 0.5 s off the total.
  const double unseen_ms = last_capture_ms_ < 0 ? 0 : t - last_capture_ms_ - dt_ms;
  last_capture_ms_ = t;
  if (unseen_ms > 0 && unseen_ms + dt_ms <= kMaxCountedGapMs) unseen_ms_ += unseen_ms;
  if (interrupted_ && unseen_ms + dt_ms > kMaxCountedGapMs) {
    // Not counted (a pause, or unseen for over 1 s): what happened in it is unknown, so no
    // event may be timed across it.
    history_.clear();
    gaps_.clear();
    if (contact_pending_) {
      contact_pending_ = false;
      Unmeasurable("the hips were out of view when they came back onto the seat");
    }
  }
  interrupted_ = false;
  // The shin does not change length while the feet stay put: its median over the last frames
  // keeps the ankles' jitter (the noisiest landmarks) out of the ratio.
  const double shin_px =
      (PixelMidpoint(f, kLeftAnkle, kRightAnkle).y - PixelMidpoint(f, kLeftKnee, kRightKnee).y);
  if (shin_px < 5) return;
  shins_px_.push_back(shin_px);
  if (shins_px_.size() > 45) shins_px_.pop_front();
  std::vector<double> shins(shins_px_.begin(), shins_px_.end());
  std::nth_element(shins.begin(), shins.begin() + shins.size() / 2, shins.end());
  // The knees barely move up or down while the feet stay put (the hips do: the shin stands on
  // the floor, seated or standing): their median over the last 31 frames (1-2 s) takes their
  // jitter (BlazePose's legs jitter more than its hips) out of the ratio without delaying the
  // hips. Over 5 frames much of it stayed in every seat-off and contact (a set's total 0.046 s
  // SD over webcam noise draws at 30 fps, 0.054 s at 15; now 0.035 s and 0.045 s).
  knees_px_.push_back(PixelMidpoint(f, kLeftKnee, kRightKnee).y);
  if (knees_px_.size() > kKneeFrames) knees_px_.pop_front();
  std::vector<double> knees(knees_px_.begin(), knees_px_.end());
  std::nth_element(knees.begin(), knees.begin() + knees.size() / 2, knees.end());
  ratio_ =
      (knees[knees.size() / 2] - PixelMidpoint(f, kLeftHip, kRightHip).y) / shins[shins.size() / 2];
  if (!history_.empty() && clock_ms() - history_.back().t_ms > kMaxBridgedGapMs)
    gaps_.push_back({history_.back().t_ms, clock_ms()});
  history_.push_back({clock_ms(), ratio_});
  while (history_.size() > 2 && history_.front().t_ms < clock_ms() - kHistoryMs)
    history_.pop_front();
  const PixelPoint hip = PixelMidpoint(f, kLeftHip, kRightHip);
  hip_x_ = hip.x / f.image_width;
  hip_y_ = hip.y / f.image_height;

  // Trunk shift: shoulder midpoint over the ankle midpoint, smoothed, + = person's left.
  const PixelPoint sh = PixelMidpoint(f, kLeftShoulder, kRightShoulder),
                   an = PixelMidpoint(f, kLeftAnkle, kRightAnkle);
  recent_shift_cm_.push_back((sh.x - an.x) * CmPerPx());
  if (recent_shift_cm_.size() > kShiftFrames) recent_shift_cm_.pop_front();
  double shift = 0;
  for (double s : recent_shift_cm_) shift += s;
  shift /= double(recent_shift_cm_.size());
  // The seated reference: where the trunk was at the deepest point of the sitting since the
  // last landing (not once the next rise has begun and the trunk may already be moving).
  if (state_ == State::kSeated && ratio_ < kSeatRatio && ratio_ <= seated_min_ratio_) {
    seated_min_ratio_ = ratio_;
    seated_shift_cm_ = shift;
  } else if (ready_ && std::abs(shift - seated_shift_cm_) > std::abs(rise_peak_cm_)) {
    rise_peak_cm_ = shift - seated_shift_cm_;
  }
  // The seated level: every seated sample, also while the contact is still being timed (the
  // densest stretch of RestLevel leaves the end of the sit-down out). Leaving them out kept
  // only a few samples of a short sitting at 15 fps, and a level 2 noise SDs off: no seated
  // sample then sat within the band, and the seat-off was found in the rise before.
  if (state_ == State::kSeated && ratio_ < kSeatRatio) seat_ratios_.push_back(ratio_);
  if (contact_pending_ && ResolveContact(t)) return;  // the fifth contact reported the trial

  // Hysteresis and dwell.
  const State want = ratio_ > kUpRatio     ? State::kStanding
                     : ratio_ < kSeatRatio ? State::kSeated
                                           : state_;
  if (want == state_) {
    candidate_since_ms_ = -1;
  } else {
    if (candidate_ != want || candidate_since_ms_ < 0) {
      candidate_ = want;
      candidate_since_ms_ = t;
    }
    if (t - candidate_since_ms_ >= kDwellMs) {
      const State from = state_;
      state_ = want;
      candidate_since_ms_ = -1;
      if (want == State::kStanding && from == State::kSeated) {
        // The seated level (and its noise) of the sitting that just ended.
        if (seat_ratios_.size() >= 2) {
          const RobustStats st = RestLevel(seat_ratios_, kMinBand);
          seat_level_ = st.median;
          seat_band_ = std::max(kMinBand, 2.5 * st.sd);
        } else if (seat_level_ < 0) {
          seat_level_ = kSeatRatio;
          for (const TimedValue& v : history_) seat_level_ = std::min(seat_level_, v.value);
        }
        seat_ratios_.clear();
        if (ready_) {
          if (contact_pending_) ResolveContact(t);  // stood up again before settling
          // Only the samples since the last seat contact: a seat-off is never the one before.
          std::deque<TimedValue> u;
          for (const TimedValue& v : history_)
            if (land_ms_.empty() || v.t_ms > land_ms_.back()) u.push_back(v);
          for (TimedValue& v : u) v.value -= seat_level_;
          const double band = std::min(seat_band_, (kSeatRatio - seat_level_) / 2);
          const auto off = FitLeftRest(u, band, TimingThreshold(band));
          if (!off || InGap(off->best_ms()))
            Unmeasurable("the hips were out of view when they left the seat in rise " +
                         std::to_string(leave_ms_.size() + 1));
          leave_fits_.push_back(off.value_or(MovementEvent{}));
          leave_ms_.push_back(off ? off->best_ms() : clock_ms());
          if (first_leave_active_ms_ < 0) first_leave_active_ms_ = leave_ms_.back();
        }
      } else if (want == State::kSeated) {
        seated_min_ratio_ = kSeatRatio;
        seat_ratios_.clear();
        if (from == State::kStanding && ready_ && land_ms_.size() < leave_ms_.size()) {
          contact_pending_ = true;
          contact_since_ms_ = clock_ms();
          shifts_cm_.push_back(rise_peak_cm_);
          rise_peak_cm_ = 0;
          if (ResolveContact(t)) return;
        }
        ready_ = true;
      }
    }
  }
  const double limit_ms = std::max(kMinLimitMs, 2 * goal_ms_);
  if (first_leave_active_ms_ >= 0 && clock_ms() - first_leave_active_ms_ >= limit_ms)
    Report(false, "stopped before five rises", t);
}

double SitToStand::TimingThreshold(double band) const {
  // Seat-off and seat contact are extrapolated from where the hips cross band, 2 and 4 bands
  // above the seat: with the threshold at the 45 % detection level, a wide band (heavy jitter)
  // left no room for the upper crossings, the line through the lower two was used on a curve
  // that starts slowly, and every event moved towards the threshold (a five-times sit-to-stand
  // read 0.25 s short at 2.5 cm jitter). So up to 4 bands, below the standing level.
  const double detect = kSeatRatio - seat_level_, up = kUpRatio - seat_level_;
  return std::clamp(4 * band, detect, std::max(detect, up - band));
}

void SitToStand::UseSharedShape() {
  // Every rise and sit of the set, timed with the one movement shape that fits them all best
  // (a single event cannot tell a slow start from a late one under jitter).
  std::vector<MovementEvent> all;
  for (const auto* fits : {&leave_fits_, &land_fits_})
    for (const MovementEvent& e : *fits)
      if (!e.t_ms.empty()) all.push_back(e);
  if (all.empty()) return;
  const std::vector<double> shape = ShapeWeights(all);
  for (size_t k = 0; k < leave_ms_.size(); ++k)
    if (!leave_fits_[k].t_ms.empty()) leave_ms_[k] = leave_fits_[k].at(shape);
  for (size_t k = 0; k < land_ms_.size(); ++k)
    if (!land_fits_[k].t_ms.empty()) land_ms_[k] = std::max(land_fits_[k].at(shape), leave_ms_[k]);
}

bool SitToStand::ResolveContact(double t_ms) {
  // Only the samples since this repetition's seat-off: never another repetition's contact.
  std::deque<TimedValue> u;
  for (const TimedValue& v : history_)
    if (v.t_ms > leave_ms_[land_ms_.size()]) u.push_back(v);
  for (TimedValue& v : u) v.value -= seat_level_;
  const double band = std::min(seat_band_, (kSeatRatio - seat_level_) / 2);
  const double thr = TimingThreshold(band);
  const bool rising_again = state_ == State::kStanding;
  // The fit waits for kRestAfterMs of the seated level after the contact (as seat-off has the
  // seated stretch before it): timed as soon as the hips reached the band, the contact came
  // 34 ms early even on a clean stream (the smoothing at the end of the samples is one-sided).
  std::optional<MovementEvent> fit = FitReachedRest(u, band, thr, kRestAfterMs);
  if (!fit && rising_again) fit = FitReachedRest(u, band, thr, 0);
  std::optional<double> contact;
  if (fit) contact = fit->best_ms();
  if (!contact && (rising_again || clock_ms() - contact_since_ms_ >= kContactWaitMs)) {
    // Sat higher than before (or only touched the seat): contact at the lowest point.
    const TimedValue* low = nullptr;
    for (const TimedValue& v : history_)
      if (v.t_ms >= contact_since_ms_ - kDwellMs - 500 && (!low || v.value < low->value)) low = &v;
    if (low) contact = low->t_ms;
  }
  if (!contact) return false;
  if (InGap(*contact))
    Unmeasurable("the hips were out of view when they came back onto the seat in rise " +
                 std::to_string(land_ms_.size() + 1));
  contact_pending_ = false;
  land_fits_.push_back(fit.value_or(MovementEvent{}));
  land_ms_.push_back(std::max(*contact, leave_ms_[land_ms_.size()]));
  if (int(land_ms_.size()) == kRises) {
    UseSharedShape();
    const double total = land_ms_.back() - leave_ms_.front();
    Report(total <= goal_ms_, total <= goal_ms_ ? "in time" : "slower than the goal", t_ms);
    return true;
  }
  return false;
}

void SitToStand::Report(bool in_time, const std::string& note, double t_ms) {
  UseSharedShape();
  TrialResult r;
  r.parameters = {{"time_goal", goal_ms_ / 1000, "s"}, {"rises", double(kRises), "1"}};
  r.outcome = in_time ? TrialOutcome::kSuccess : TrialOutcome::kFailure;
  r.note = note;
  const int done = int(land_ms_.size());
  if (done == kRises)
    r.metrics.push_back({"total_time", (land_ms_.back() - leave_ms_[0]) / 1000, "s"});
  r.metrics.push_back({"rises", double(done), "1"});
  double sum = 0, sum_sq = 0, shift = 0, shift_size = 0;
  for (int i = 0; i < done; ++i) {
    const double rep_s = (land_ms_[i] - leave_ms_[i]) / 1000;
    r.metrics.push_back({"rise_" + std::to_string(i + 1), rep_s, "s"});
    sum += rep_s;
    sum_sq += rep_s * rep_s;
    shift += shifts_cm_[i];
    shift_size += std::abs(shifts_cm_[i]);
  }
  if (done >= 1) {
    r.metrics.push_back({"rise_mean", sum / done, "s"});
    r.metrics.push_back({"trunk_shift", shift / done, "cm"});
    r.metrics.push_back({"trunk_shift_size", shift_size / done, "cm"});
  }
  if (done >= 2) {
    const double var = (sum_sq - sum * sum / done) / (done - 1);
    r.metrics.push_back({"rise_sd", std::sqrt(std::max(0.0, var)), "s"});
  }
  Finish(r, t_ms);
}

ExerciseView SitToStand::View() const {
  ExerciseView v = BaseView();
  if (Done()) {
    v.prompt = "Well done! Stay seated and rest.";
    return v;
  }
  const int done = int(land_ms_.size());
  if (missing()) {
    v.prompt = "I cannot see your hips, knees and feet: please move the camera or the chair.";
  } else if (!ready_) {
    v.prompt = "Sit down on your chair, arms crossed, to begin.";
  } else if (leave_ms_.empty()) {
    v.prompt = "Stand up and sit down five times, as quickly as is safe.";
  } else {
    v.prompt = state_ == State::kStanding ? "Sit down." : "Stand up, all the way.";
  }
  // Where the hips go when standing (calibrated, standing), and where they are.
  if (!missing() && hip_x_ >= 0) {
    const Calibration& c = calibration();
    if (state_ != State::kStanding)
      v.shapes.push_back({Shape::Role::kGuide, hip_x_, c.neutral_hip_y, 0.06, "up", 0});
    v.shapes.push_back({Shape::Role::kHand, hip_x_, hip_y_, 0.03, "hips", 0});
  }
  // The rises count up, with the time used against the goal.
  v.meter = double(done) / kRises;
  const double used_ms = first_leave_active_ms_ >= 0 ? clock_ms() - first_leave_active_ms_ : 0;
  v.meter_label = std::to_string(done) + " of " + std::to_string(kRises) + " rises, " +
                  Seconds(used_ms) + " (goal " + Seconds(goal_ms_) + ")";
  return v;
}

}  // namespace poise::core
