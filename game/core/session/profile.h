// A patient profile: what the game needs to fit exercises to the person.
#pragma once

#include <cstdint>
#include <string>

#include "game/core/field_error.h"

namespace poise::core {

struct Profile {
  int64_t id = 0;                       ///< local key (0 = not stored yet)
  std::string uuid;                     ///< stable id for a future clinic sync
  std::string name;                     ///< display name
  double height_cm = 170;               ///< for the pixels-to-cm scale
  std::string dominant_side = "right";  ///< "left" | "right"
  std::string mobility = "standing";    ///< "standing" | "seated" | "both"
  bool chair_support = true;            ///< a sturdy chair or counter is used for support
  std::string notes;
};

/// Every problem of the profile, each tied to its field (block -1), in the order of the form.
inline FieldErrors ProfileFieldErrors(const Profile& p) {
  FieldErrors out;
  if (p.name.empty() || p.name.size() > 60)
    out.push_back({"name", -1, "must be 1 to 60 characters.", "Name"});
  if (!(p.height_cm >= 100 && p.height_cm <= 230))
    out.push_back({"height_cm", -1, "must be between 100 and 230 cm.", "Height"});
  if (p.dominant_side != "left" && p.dominant_side != "right")
    out.push_back({"dominant_side", -1, "must be left or right.", "Dominant side"});
  if (p.mobility != "standing" && p.mobility != "seated" && p.mobility != "both")
    out.push_back({"mobility", -1, "must be standing, seated or both.", "Mobility"});
  if (p.notes.size() > 2000)
    out.push_back({"notes", -1, "must be at most 2000 characters.", "Notes"});
  return out;
}

/// Empty when valid, else the first problem as one sentence ("Height must be between 100 and
/// 230 cm.").
inline std::string ValidateProfile(const Profile& p) {
  const FieldErrors e = ProfileFieldErrors(p);
  return e.empty() ? "" : e.front().Plain();
}

}  // namespace poise::core
