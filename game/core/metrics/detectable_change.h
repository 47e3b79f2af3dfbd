// Smallest real change: whether a change in a patient's trend is larger than the measurement's
// noise. From the patient's own between-trial variation within sessions (repeated trials of one
// metric on one day measure the same ability): the standard error of measurement SEM is the
// pooled within-session SD, and the minimal detectable change at 95 % confidence is
// MDC95 = 1.96 x sqrt(2) x SEM (Weir 2005; Haley & Fragala-Pinkham 2006). A change of a single
// trial smaller than MDC95 is noise; for means of n1 and n2 trials the threshold shrinks to
// 1.96 x SEM x sqrt(1/n1 + 1/n2).
#pragma once

#include <optional>
#include <vector>

namespace poise::core {

struct DetectableChange {
  double sem = 0;    ///< standard error of measurement, the metric's unit
  double mdc95 = 0;  ///< smallest real change between two single trials
  int sessions = 0, trials = 0;
};

/// Values grouped by session. Needs at least 3 degrees of freedom (sum of n - 1 over sessions
/// with two or more trials); nullopt otherwise.
std::optional<DetectableChange> MinimalDetectableChange(
    const std::vector<std::vector<double>>& by_session);

/// Whether the difference between two means (of n1 and n2 trials) exceeds the noise.
bool ExceedsNoise(double change, double sem, int n1, int n2);

}  // namespace poise::core
