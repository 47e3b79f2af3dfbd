// libFuzzer target for the plan file reader (core::ParseSessionPlan): any bytes in, either a
// plan that passes core::ValidatePlan and survives a write/read round trip, or the documented
// std::runtime_error. Any other exception, a crash, a sanitizer finding or a hang is a bug.
// Built and run by scripts/fuzz-plan (clang, -fsanitize=fuzzer,address,undefined).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "game/core/session/session_plan.h"

// A fixed catalogue, so the target links only the reader (the game's catalogue grows and pulls
// in every exercise); it stands in for exercise_catalogue.cpp's FindExercise.
const poise::core::ExerciseInfo* poise::core::FindExercise(const std::string& id) {
  static const poise::core::ExerciseInfo kBoth{
      "bubble_reach", "Bubble reach", "coordination", {"standing", "seated"}, {}, {}};
  static const poise::core::ExerciseInfo kStanding{
      "single_leg_stance", "Single-leg stance", "balance", {"standing"}, {}, {}};
  if (id == kBoth.id) return &kBoth;
  if (id == kStanding.id) return &kStanding;
  return nullptr;
}

namespace {
const auto& Find = poise::core::FindExercise;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  poise::core::SessionPlan plan;
  try {
    plan = poise::core::ParseSessionPlan(text, Find);
  } catch (const std::runtime_error&) {
    return 0;  // the documented rejection
  }
  // Accepted: it must be valid, and what we write must read back as the same plan.
  if (!poise::core::ValidatePlan(plan, Find).empty()) std::abort();
  const poise::core::SessionPlan again =
      poise::core::ParseSessionPlan(poise::core::PlanToJson(plan), Find);
  if (again.blocks.size() != plan.blocks.size() || again.name != plan.name ||
      again.notes != plan.notes)
    std::abort();
  return 0;
}
