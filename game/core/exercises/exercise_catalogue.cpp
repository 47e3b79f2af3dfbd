// The exercise catalogue: one line per exercise.
#include <functional>

#include "game/core/exercises/bubble_reach.h"
#include "game/core/exercises/exercise.h"
#include "game/core/exercises/functional_reach.h"
#include "game/core/exercises/nose_to_target.h"
#include "game/core/exercises/pursuit_trace.h"
#include "game/core/exercises/single_leg_stance.h"
#include "game/core/exercises/sit_to_stand.h"
#include "game/core/exercises/steady_stance.h"
#include "game/core/exercises/stepping_targets.h"
#include "game/core/exercises/weight_shift.h"

namespace poise::core {
namespace {

struct Entry {
  ExerciseInfo info;
  std::function<std::unique_ptr<Exercise>()> make;
};

template <class E>
Entry Make() {
  return {E::Describe(), [] { return std::make_unique<E>(); }};
}

const std::vector<Entry>& Entries() {
  // One line per exercise, in the order menus and reports list them.
  // clang-format off
  static const std::vector<Entry> entries = {
      Make<WeightShift>(),
      Make<SingleLegStance>(),
      Make<SteadyStance>(),
      Make<FunctionalReach>(),
      Make<SitToStand>(),
      Make<SteppingTargets>(),
      Make<BubbleReach>(),
      Make<PursuitTrace>(),
      Make<NoseToTarget>(),
  };
  // clang-format on
  return entries;
}

}  // namespace

const std::vector<ExerciseInfo>& Catalogue() {
  static const std::vector<ExerciseInfo> infos = [] {
    std::vector<ExerciseInfo> v;
    for (const Entry& e : Entries()) v.push_back(e.info);
    return v;
  }();
  return infos;
}

const ExerciseInfo* FindExercise(const std::string& id) {
  for (const ExerciseInfo& i : Catalogue())
    if (i.id == id) return &i;
  return nullptr;
}

std::unique_ptr<Exercise> CreateExercise(const std::string& id) {
  for (const Entry& e : Entries())
    if (e.info.id == id) return e.make();
  return nullptr;
}

}  // namespace poise::core
