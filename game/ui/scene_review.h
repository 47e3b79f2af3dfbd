// The physiotherapist's review of one patient (scene_review.cpp), fed by a review source: the
// session database on this computer (store::SqliteReviewSource, from the physiotherapist area)
// or the clinic's PostgreSQL (clinic::PgReviewSource, from the clinic dashboard). The same
// screens either way; notes can be written only when the source can write.
#pragma once

#include <memory>

#include "game/store/review_source.h"
#include "game/ui/scene.h"

namespace poise::ui {

std::unique_ptr<Scene> MakeReviewScene(std::shared_ptr<store::ReviewSource> source,
                                       store::PatientRef patient);

}  // namespace poise::ui
