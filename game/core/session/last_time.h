// The end-of-session summary's "compared with last time", in plain encouraging words: for each
// exercise of today's session, today's best try on its headline measure (HeadlineMetric) against
// the best try of the last earlier session that played it. A better result says by how much
// ("You held on one leg for 14 s, 2 s longer than last time."); a result like last time says
// so; a worse one is never compared, only praised for the training ("You held on one leg for
// 12 s. Every session keeps you going."). Pure: the store reads the tries (last_time_queries).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "game/core/session/progress.h"

namespace poise::core {

struct LastTimeLine {
  std::string exercise;
  double today = 0;
  std::optional<double> last;  ///< the last earlier session's best; none the first time
  enum class Change { kFirstTime, kBetter, kSame, kNotBetter } change = Change::kFirstTime;
  std::string words;
};

/// One line per exercise with a headline measure and a valid try today, in the order the
/// exercises first appear in `today`. `last` holds the tries of each exercise's last earlier
/// session (any order; other sessions' tries must not be in it).
std::vector<LastTimeLine> CompareWithLastTime(const std::vector<MeasuredTry>& today,
                                              const std::vector<MeasuredTry>& last);

/// The sentence for one exercise (see the file comment).
std::string LastTimeInWords(const std::string& exercise, double today, std::optional<double> last);

}  // namespace poise::core
