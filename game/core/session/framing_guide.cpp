#include "game/core/session/framing_guide.h"

#include <algorithm>
#include <vector>

namespace poise::core {
namespace {

constexpr float kVisible = 0.5f;
constexpr double kMargin = 0.02;  // landmarks must be this far inside the picture
constexpr double kDark = 45;      // mean luma below which tracking suffers

FramingResult Say(FramingAdvice a) {
  switch (a) {
    case FramingAdvice::kGood:
      return {a, "Good, you are in the picture. Hold still."};
    case FramingAdvice::kNobody:
      return {a, "Please step into view of the camera."};
    case FramingAdvice::kTooDark:
      return {a, "More light please: the room is too dark for the camera."};
    case FramingAdvice::kOnePerson:
      return {a, "Only one person in the picture please."};
    case FramingAdvice::kStepBack:
      return {a, "Please step back a little."};
    case FramingAdvice::kComeCloser:
      return {a, "Please come a little closer."};
    case FramingAdvice::kMoveLeft:
      return {a, "Please move a little to your left."};
    case FramingAdvice::kMoveRight:
      return {a, "Please move a little to your right."};
  }
  return {a, ""};
}

}  // namespace

FramingResult AdviseFraming(const FramingInput& in) {
  if (in.mean_brightness >= 0 && in.mean_brightness < kDark) return Say(FramingAdvice::kTooDark);
  if (in.people_detected > 1) return Say(FramingAdvice::kOnePerson);
  if (!in.pose) return Say(FramingAdvice::kNobody);
  const auto& l = in.pose->landmarks;
  // What must be in view: head to feet standing, head to hips seated.
  std::vector<int> needed = {kNose, kLeftShoulder, kRightShoulder, kLeftHip, kRightHip};
  if (!in.seated) needed.insert(needed.end(), {kLeftKnee, kRightKnee, kLeftAnkle, kRightAnkle});
  double top = 1, bottom = 0, left = 1, right = 0;
  bool cut_top = false, cut_bottom = false, cut_side = false;
  for (int i : needed) {
    top = std::min<double>(top, l[i].y);
    bottom = std::max<double>(bottom, l[i].y);
    left = std::min<double>(left, l[i].x);
    right = std::max<double>(right, l[i].x);
    const bool outside_y = l[i].y < kMargin || l[i].y > 1 - kMargin;
    const bool outside_x = l[i].x < kMargin || l[i].x > 1 - kMargin;
    if (l[i].visibility < kVisible || l[i].presence < kVisible || outside_y || outside_x) {
      if (l[i].y < 0.5)
        cut_top = true;
      else
        cut_bottom = true;
      cut_side |= outside_x;
    }
  }
  const double centre_x = (left + right) / 2;
  // In the mirrored picture the player sees, image-right is the player's left.
  if (cut_side || centre_x < 0.3 || centre_x > 0.7)
    return Say(centre_x < 0.5 ? FramingAdvice::kMoveLeft : FramingAdvice::kMoveRight);
  if (cut_top || cut_bottom) return Say(FramingAdvice::kStepBack);
  const double span = bottom - top;  // head-to-feet (or head-to-hips) share of the picture
  if (span > 0.92) return Say(FramingAdvice::kStepBack);
  if (span < (in.seated ? 0.3 : 0.45)) return Say(FramingAdvice::kComeCloser);
  return Say(FramingAdvice::kGood);
}

const FramingResult& FramingSettle::Feed(const FramingResult& now, double t_ms) {
  if (now.advice == shown_.advice) {
    pending_since_ms_ = -1;
    shown_ = now;
  } else {
    if (pending_since_ms_ < 0 || pending_ != now.advice) {
      pending_ = now.advice;
      pending_since_ms_ = t_ms;
    }
    // Good advice is taken at once (it starts the ready clock); a problem must last.
    if (now.advice == FramingAdvice::kGood || t_ms - pending_since_ms_ >= kChangeMs) {
      shown_ = now;
      pending_since_ms_ = -1;
    }
  }
  if (shown_.advice != FramingAdvice::kGood)
    good_since_ms_ = -1;
  else if (good_since_ms_ < 0)
    good_since_ms_ = t_ms;
  return shown_;
}

}  // namespace poise::core
