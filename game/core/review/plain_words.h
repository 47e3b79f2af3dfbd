// Plain words for what the store keeps as ids, for screens and the PDF report (CSV and FHIR keep
// the ids): exercise, variant and metric names with their units (from the exercise catalogue),
// how a metric's axis should run, stop reasons, symptoms and event kinds, a difficulty level in
// the exercise's own terms, and a stored UTC time as the patient's local date and time.
// Pure: no clock, no I/O.
#pragma once

#include <string>
#include <vector>

#include "game/core/exercises/exercise.h"

namespace poise::core {

/// "Single-leg stance" for "single_leg_stance"; the id itself when the catalogue lacks it.
std::string ExerciseName(const std::string& exercise_id);
/// "standing" -> "Standing", "seated" -> "Seated".
std::string VariantName(const std::string& variant);
/// A metric's name in words: "hold_time" -> "Hold time", "hit" -> "Hit rate",
/// "sparc" -> "Smoothness (SPARC)".
std::string MetricName(const std::string& metric);
/// A unit for people: "" for "1", "cm²" for "cm2"; others as they are ("s", "cm/s", "Hz").
std::string UnitText(const std::string& unit);

/// How a metric's values should be read on an axis.
enum class MetricKind {
  kFraction,  ///< 0-1 per trial (hit, success, share): shown as 0-100 %
  kPercent,   ///< already 0-100 %
  kCategory,  ///< a code (which leg, which stance): no mean to chart
  kSigned,    ///< may be negative (smoothness, signed shifts)
  kAmount,    ///< 0 or more (times, distances, counts)
};
MetricKind KindOfMetric(const std::string& metric, const std::string& unit);
/// The value as people read it, with its unit: "12.3 s", "85 %", "-1.52".
std::string MetricValueText(const std::string& metric, const std::string& unit, double value);

/// "completed" -> "completed"; "tired" -> "stopped: tired"; "warm" -> "stopped: too warm or
/// vision blurred"; unknown reasons as they are; "" -> "not finished".
std::string StopReasonText(const std::string& reason);
/// A stored symptom list (JSON array of ids or words) as words: "dizzy, pain"; "none" when empty.
std::string SymptomsText(const std::string& symptoms_json);
/// "fall_alarm" -> "Fall alarm", "tracking_lost" -> "Tracking lost".
std::string EventKindText(const std::string& kind);

/// The difficulty at `level` in the exercise's own terms, from the catalogue's parameter ranges:
/// "hold goal 12 s, arms crossed no". "" for an exercise without parameters.
std::string DifficultyText(const ExerciseInfo& info, double level);

/// A trial's stored parameters (the JSON array of {name, value, unit}) in words, with the
/// catalogue's meaning of each: "target distance 18 cm, time limit 9 s, direction: to the right".
/// A parameter also stored in cm is shown in cm only, the level not at all (the review shows it
/// in a column of its own); "" for none or for text that is not such an
/// array.
std::string ParametersText(const std::string& exercise_id, const std::string& parameters_json);

/// A stored UTC time ("2026-11-23T09:05:00.000Z") shifted by the local offset (minutes east of
/// UTC) as "2026-11-23 10:05"; the text as it is when it is not such a time.
std::string LocalDateTime(const std::string& utc_iso, int utc_offset_min);
/// The local time of day only: "10:05".
std::string LocalTimeOfDay(const std::string& utc_iso, int utc_offset_min);

}  // namespace poise::core
