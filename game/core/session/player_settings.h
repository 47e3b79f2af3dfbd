// A player's own settings, kept per profile across launches (store: profile_settings, see
// game/store/profile_settings.h): text size, contrast, sound, camera, model, and the reminder.
#pragma once

#include <cctype>
#include <string>

namespace poise::core {

struct PlayerSettings {
  double ui_scale = 1.0;  ///< text size, 0.75 to 2.0
  bool high_contrast = false;
  bool sound = true;
  std::string source;         ///< camera or video; empty: keep what is open
  std::string model;          ///< lite, full, heavy; empty: keep what is used
  std::string reminder_time;  ///< "HH:MM" local time; empty: no reminder
};

/// Empty when `t` is a time of day "HH:MM" (00:00 to 23:59), else one sentence.
inline std::string ValidateReminderTime(const std::string& t) {
  if (t.size() != 5 || t[2] != ':' || !isdigit(static_cast<unsigned char>(t[0])) ||
      !isdigit(static_cast<unsigned char>(t[1])) || !isdigit(static_cast<unsigned char>(t[3])) ||
      !isdigit(static_cast<unsigned char>(t[4])) || std::stoi(t.substr(0, 2)) > 23 ||
      std::stoi(t.substr(3, 2)) > 59)
    return "Reminder time: write it as hours and minutes, for example 10:30.";
  return "";
}

}  // namespace poise::core
