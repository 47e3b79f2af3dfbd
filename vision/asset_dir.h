#pragma once
#include <string>

namespace poise {

/// The folder holding Poise's assets (fonts, plans, models): $POISE_ASSETS when set, otherwise
/// the source tree's assets/ folder the program was built from. The one place that knows it.
std::string AssetDir();

}  // namespace poise
