#include "vision/model_manifest.h"

#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "vision/asset_dir.h"
#include "vision/tflite_graph.h"

namespace poise::vision {
namespace fs = std::filesystem;

std::optional<std::string> FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<char> buf(1 << 16);
  while (in.read(buf.data(), std::streamsize(buf.size())) || in.gcount() > 0)
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()),
                              size_t(in.gcount()));
  if (in.bad()) return std::nullopt;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, digest);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

std::optional<std::string> ManifestSha256(const std::string& manifest_path,
                                          const std::string& file_name) {
  std::ifstream in(manifest_path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string hash, name;
    if (!(fields >> hash >> name)) continue;
    if (!name.empty() && name[0] == '*') name.erase(0, 1);  // sha256sum's binary marker
    if (name == file_name && hash.size() == 64) return hash;
  }
  return std::nullopt;
}

std::string ManifestFor(const std::string& model_path) {
  const fs::path beside = fs::path(model_path).parent_path() / "MANIFEST.sha256";
  std::error_code ec;
  if (fs::exists(beside, ec)) return beside.string();
  return AssetDir() + "/models/MANIFEST.sha256";
}

void VerifyModelSha256(const std::string& model_path) {
  std::error_code ec;
  if (!fs::exists(model_path, ec)) return;  // the loader says that the file is missing
  const std::string name = fs::path(model_path).filename().string();
  const std::string manifest = ManifestFor(model_path);
  const std::optional<std::string> want = ManifestSha256(manifest, name);
  if (!want)
    throw ModelError("The model " + model_path + " is not listed in " + manifest +
                     "; run scripts/setup to restore the models.");
  const std::optional<std::string> got = FileSha256(model_path);
  if (!got)
    throw ModelError("The model " + model_path +
                     " cannot be read; run scripts/setup to restore the models.");
  if (*got != *want)
    throw ModelError("The model " + model_path + " is damaged (its SHA-256 does not match " +
                     manifest + "); run scripts/setup to restore it.");
}

}  // namespace poise::vision
