// A validation problem tied to one field of a form, so an editor can show every problem at once,
// each next to its field, without parsing sentences back.
#pragma once

#include <string>
#include <vector>

namespace poise::core {

struct FieldError {
  std::string field;   ///< the field's key as in the file: "sets", "level_start", "name"
  int block = -1;      ///< the plan block it belongs to (0-based); -1 for a plan/profile field
  std::string detail;  ///< what is wrong, without the field's name: "must be between 1 and 10."
  std::string label;   ///< the field's name in plain words: "Sets", "Difficulty start"

  /// The field as a file path: "blocks[2].sets" or "name".
  std::string Path() const {
    return block < 0 ? field : "blocks[" + std::to_string(block) + "]." + field;
  }
  /// For a file or a terminal: "blocks[2].sets must be between 1 and 10."
  std::string Sentence() const { return Path() + " " + detail; }
  /// For a screen, beside the field: "Sets must be between 1 and 10."
  std::string Plain() const { return label + " " + detail; }
};

using FieldErrors = std::vector<FieldError>;

}  // namespace poise::core
