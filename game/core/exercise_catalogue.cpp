// The exercise catalogue: one line per exercise.
#include <functional>

#include "game/core/bubble_reach.h"
#include "game/core/exercise.h"
#include "game/core/nose_to_target.h"
#include "game/core/pursuit_trace.h"

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
  static const std::vector<Entry> entries = {
      Make<BubbleReach>(),
      Make<PursuitTrace>(),
      Make<NoseToTarget>(),
  };
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
