// The pose models' integrity: each file's SHA-256 against assets/models/MANIFEST.sha256 (the same
// list scripts/setup checks when it fetches them), checked every time a model is loaded, so a
// file with damaged weights is refused instead of tracking with landmarks far off.
#pragma once

#include <optional>
#include <string>

namespace poise::vision {

/// Lowercase hex SHA-256 of a file's bytes; nullopt when it cannot be read.
std::optional<std::string> FileSha256(const std::string& path);

/// The manifest line for `file_name` ("<64 hex>  <name>") in `manifest_path`; nullopt when the
/// manifest or the line is missing.
std::optional<std::string> ManifestSha256(const std::string& manifest_path,
                                          const std::string& file_name);

/// The manifest that lists the model at `model_path`: MANIFEST.sha256 beside it, else the one in
/// <assets>/models.
std::string ManifestFor(const std::string& model_path);

/// Throws ModelError (one sentence naming the file and `scripts/setup`) when the file's SHA-256
/// differs from its manifest line or the manifest does not list it. A missing file is left to
/// the loader, which names it.
void VerifyModelSha256(const std::string& model_path);

}  // namespace poise::vision
