// The plan a session follows: blocks of exercises in order, each with its dose (sets x
// repetitions, or sets x a duration), difficulty range and rests; the plan's target success
// rate, session length cap, sessions per week and notes the patient sees.
//
// File format (JSON): "format": "poise-plan", "schema_version": 2 (written). Version 1 files
// (one set of "trials" per block) are still read. Version 2 is a new number, not an extension of
// 1, so an older Poise rejects a plan with sets or durations instead of silently playing a
// different dose.
//
// Every plan that reaches the game or the store has passed ValidatePlan: an invalid plan is
// never saved or partially applied. Editors change a copy (a draft) and commit it through it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "game/core/exercises/exercise.h"
#include "game/core/field_error.h"
#include "game/core/result.h"

namespace poise::core {

inline constexpr int kPlanSchemaVersion = 2;

struct PlanBlock {
  std::string exercise = "bubble_reach";  ///< an id from Catalogue()
  std::string variant = "standing";       ///< one of the exercise's variants
  int sets = 1;                           ///< 1-10
  int trials = 8;                  ///< repetitions per set, 1-100 (unused when duration_s > 0)
  double duration_s = 0;           ///< 0: count repetitions; else 10-1800 s of play per set
  double rest_between_sets_s = 0;  ///< 0-600 s
  double level_min = 0, level_start = 0.3, level_max = 1;  ///< difficulty, 0-1
  double rest_after_s = 30;                                ///< after the block's last set, 0-600 s
};

struct SessionPlan {
  std::string name;   ///< 1-60 characters; versions of a plan share its name
  int version = 1;    ///< set by the store on saving: each change is a new version
  std::string uuid;   ///< the stored version's UUID ("" for a plan read from a file); not in files
  std::string notes;  ///< shown to the patient, up to 1000 characters
  double session_cap_min = 30;    ///< 5-120 min
  double target_success = 0.75;   ///< 0.5-0.95
  int sessions_per_week = 3;      ///< the adherence target, 1-14
  int alert_after_days = 7;       ///< the clinic dashboard flags no session for this long, 2-60
  std::vector<PlanBlock> blocks;  ///< 1-30
};

/// Finds an exercise by id (nullptr: unknown). The game uses FindExercise.
using ExerciseLookup = std::function<const ExerciseInfo*(const std::string&)>;

/// Every problem of the plan, each tied to its field (and block), in the order of the form:
/// plan fields first, then block by block. Empty when the plan is valid.
FieldErrors PlanFieldErrors(const SessionPlan& plan, const ExerciseLookup& find = FindExercise);
/// The plan when it is valid, else all its field errors.
Result<SessionPlan, FieldErrors> CheckPlan(SessionPlan plan,
                                           const ExerciseLookup& find = FindExercise);
/// Empty when the plan is valid, else the first problem as one sentence naming the field (e.g.
/// "blocks[2].sets must be between 1 and 10."), for files and terminals.
std::string ValidatePlan(const SessionPlan& plan, const ExerciseLookup& find = FindExercise);

/// Reads a plan file's text (schema 1 or 2) and validates it. Throws std::runtime_error with one
/// sentence naming the field and the allowed range; never any other exception.
SessionPlan ParseSessionPlan(const std::string& json_text,
                             const ExerciseLookup& find = FindExercise);
/// The plan as a schema-2 file's text (pretty-printed).
std::string PlanToJson(const SessionPlan& plan);
/// ParseSessionPlan of a file; the error sentence names the file.
SessionPlan LoadSessionPlan(const std::string& path);
/// For players who should not stand: every block in its "seated" variant; blocks whose exercise
/// has no seated variant are left out (the result may have no blocks: the caller says so).
SessionPlan SeatedVersion(SessionPlan plan, const ExerciseLookup& find = FindExercise);
/// The order the game plays: one block per set (sets = 1), resting rest_between_sets_s between
/// the sets of a block and rest_after_s after its last set.
SessionPlan OneBlockPerSet(const SessionPlan& plan);

}  // namespace poise::core
