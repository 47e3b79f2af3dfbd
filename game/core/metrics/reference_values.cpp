#include "game/core/metrics/reference_values.h"

namespace poise::core {
namespace {

struct Entry {
  const char* exercise;
  const char* metric;
  ReferenceLine line;
};

// One row per line; values as gathered in docs clinical.md. A line sits only on a metric
// measured the way its cited test measures it, so:
// - the Four Square Step Test (MS mean 11.0 s, fallers 12.5 s) times a whole sequence of eight
//   steps; stepping_targets measures single steps, so it gets no such line;
// - the functional reach cut-off (15 cm) is for FORWARD reach; Poise measures lateral reach
//   (which 2-D pose underestimates), so it gets no line either: compare it within the patient.
const Entry kEntries[] = {
    {"single_leg_stance",
     "hold_time",
     {5, "s", "5 s: fall-risk cut-off",
      "one-leg stance, eyes open, under 5 s: injurious-fall risk (Vellas et al., J Am Geriatr "
      "Soc 1997)"}},
    {"single_leg_stance",
     "hold_time",
     {32, "s", "32 s: typical at 60-69 years",
      "unipedal stance, eyes open, norms by age band (Springer et al., J Geriatr Phys Ther "
      "2007)"}},
    {"sit_to_stand",
     "total_time",
     {16, "s", "16 s: fall-risk cut-off",
      "five-times sit-to-stand, general fall-risk cut-off (clinical test timed from 'go' to the "
      "fifth rise or sitting after it; Poise times seat-off to the fifth seat contact)"}},
    {"bubble_reach",
     "sparc",
     {-1.4, "1", "-1.4: healthy reaching",
      "SPARC smoothness of healthy reaching, -1.4 to -1.6 (Balasubramanian et al., J Neuroeng "
      "Rehabil 2015)"}},
    {"bubble_reach",
     "sparc",
     {-1.6, "1", "-1.6: healthy reaching",
      "SPARC smoothness of healthy reaching, -1.4 to -1.6 (Balasubramanian et al., J Neuroeng "
      "Rehabil 2015)"}},
};

}  // namespace

std::vector<ReferenceLine> ReferenceLines(const std::string& exercise_id,
                                          const std::string& metric) {
  std::vector<ReferenceLine> out;
  for (const Entry& e : kEntries)
    if (exercise_id == e.exercise && metric == e.metric) out.push_back(e.line);
  return out;
}

}  // namespace poise::core
