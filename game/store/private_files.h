// Files Poise writes on a shared computer: readable only by the user who runs it (folders 0700,
// files 0600), and written atomically (a temporary file beside the target, every write and the
// close checked, fsync, rename, fsync of the folder), so a full disk or a failing device leaves
// no truncated or empty file behind and never reports success.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace poise::store {

/// Creates `dir` and any missing parents with mode 0700 (folders that exist keep their mode).
/// Throws StoreError with one sentence if it cannot.
void CreatePrivateDirectories(const std::string& dir);

/// Writes each (path, bytes) atomically with mode 0600: first every temporary file, then the
/// renames, so either all targets are replaced or (on an error) none is and every temporary file
/// is removed. Throws StoreError with one sentence naming the file and the cause.
void WriteFilesAtomically(const std::vector<std::pair<std::string, std::string>>& files);
inline void WriteFileAtomically(const std::string& path, std::string_view bytes) {
  WriteFilesAtomically({{path, std::string(bytes)}});
}

/// Makes `path` readable only by its owner: folders to 0700 and files to 0600 when they allow
/// more (group or others). Returns a sentence naming what was changed, or "" when nothing was.
std::string TightenToOwner(const std::vector<std::string>& paths);

}  // namespace poise::store
