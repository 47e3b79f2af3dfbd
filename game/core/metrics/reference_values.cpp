#include "game/core/metrics/reference_values.h"

namespace poise::core {
namespace {

struct Entry {
  const char* exercise;
  const char* metric;
  ReferenceLine line;
};

// One row per line; values and sources as gathered in docs clinical.md.
const Entry kEntries[] = {
    {"single_leg_stance",
     "hold_time",
     {5, "s", "5 s: fall-risk cut-off", "single-leg stance, eyes open; common risk cut-off"}},
    {"single_leg_stance",
     "hold_time",
     {32, "s", "32 s: typical at 60-69 years", "single-leg stance norms by age band"}},
    {"functional_reach",
     "reach_distance",
     {15, "cm", "15 cm: about 4x fall risk below", "functional reach fall-risk cut-off"}},
    {"sit_to_stand",
     "total_time",
     {16, "s", "16 s: fall-risk cut-off", "five-times sit-to-stand, general fall cut-off"}},
    {"stepping_targets",
     "step_time",
     {11.0, "s", "11.0 s: MS mean", "Four Square Step Test, people with MS"}},
    {"stepping_targets",
     "step_time",
     {12.5, "s", "12.5 s: MS fallers", "Four Square Step Test, fallers with MS"}},
    {"bubble_reach",
     "sparc",
     {-1.4, "1", "-1.4: healthy reaching", "SPARC smoothness of healthy reaching (-1.4 to -1.6)"}},
    {"bubble_reach",
     "sparc",
     {-1.6, "1", "-1.6: healthy reaching", "SPARC smoothness of healthy reaching (-1.4 to -1.6)"}},
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
