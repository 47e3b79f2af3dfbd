#include "game/core/metrics/reference_values.h"

namespace poise::core {
namespace {

struct Entry {
  const char* exercise;
  const char* metric;
  ReferenceLine line;
};

// One row per line, each checked against its source (November 2026). A line sits only on a
// metric measured the way its cited test measures it, so:
// - the Four Square Step Test (MS mean 11.0 s, fallers 12.5 s) times a whole sequence of eight
//   steps; stepping_targets measures single steps, so it gets no such line;
// - the functional reach cut-off (15 cm) is for FORWARD reach; Poise measures lateral reach
//   (which 2-D pose underestimates), so it gets no line either: compare it within the patient;
// - SPARC smoothness has no line: Balasubramanian et al. (J Neuroeng Rehabil 2015;12:112) define
//   and analyse the measure but give no healthy-population values, and the "-1.4 to -1.6 for
//   healthy reaching" once drawn here was found only in third-party software documentation;
//   SPARC also depends on its settings and on the signal (a webcam's 2-D hand path here, 3-D
//   lab kinematics in studies), so it is compared within the patient.
const Entry kEntries[] = {
    {"single_leg_stance",
     "hold_time",
     {5, "s", "5 s: injurious-fall risk",
      "one-leg balance, unable to stand 5 s on one leg: the strongest single predictor of "
      "injurious falls in 316 community-living people over 60 (Vellas et al., J Am Geriatr Soc "
      "1997;45(6):735-8)"}},
    {"single_leg_stance",
     "hold_time",
     {27, "s", "27 s: typical at 60-69 years",
      "unipedal stance, eyes open, normative values of 549 healthy adults: about 27 s at "
      "60-69 years (37 s at 50-59, 15 s at 70-79; Springer et al., J Geriatr Phys Ther "
      "2007;30(1):8-15)"}},
    {"sit_to_stand",
     "total_time",
     {16, "s", "16 s: fall risk (Parkinson's)",
      "five-times sit-to-stand over 16 s told fallers from non-fallers in Parkinson's disease "
      "(Duncan, Leddy & Earhart, Arch Phys Med Rehabil 2011; no MS cut-off is established, in "
      "MS a change of 6.3 s is real); the clinical test is timed from 'go', Poise from seat-off "
      "of the first rise to seat contact after the fifth"}},
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
