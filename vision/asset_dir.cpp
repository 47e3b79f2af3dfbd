#include "vision/asset_dir.h"

#include <cstdlib>

namespace poise {

std::string AssetDir() {
  const char* a = std::getenv("POISE_ASSETS");
  return a && *a ? a : POISE_ASSET_DIR;
}

}  // namespace poise
