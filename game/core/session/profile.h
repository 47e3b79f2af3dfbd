// A patient profile: what the game needs to fit exercises to the person.
#pragma once

#include <string>

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

/// Empty when valid, else one sentence naming the field and the allowed values.
inline std::string ValidateProfile(const Profile& p) {
  if (p.name.empty() || p.name.size() > 60) return "Name: enter 1 to 60 characters.";
  if (!(p.height_cm >= 100 && p.height_cm <= 230)) return "Height: enter between 100 and 230 cm.";
  if (p.dominant_side != "left" && p.dominant_side != "right")
    return "Dominant side: left or right.";
  if (p.mobility != "standing" && p.mobility != "seated" && p.mobility != "both")
    return "Mobility: standing, seated or both.";
  if (p.notes.size() > 2000) return "Notes: at most 2000 characters.";
  return "";
}

}  // namespace poise::core
