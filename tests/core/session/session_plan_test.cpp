// The plan model: validation of every field (table-driven), reading schema 1 and 2 files,
// writing and reading back, rejecting foreign files, and the play order of sets.
#include "game/core/session/session_plan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace poise::core {
namespace {

SessionPlan ValidPlan() {
  SessionPlan p;
  p.name = "Test plan";
  PlanBlock b;
  b.exercise = "bubble_reach";
  b.sets = 2;
  b.trials = 6;
  b.rest_between_sets_s = 20;
  p.blocks = {b};
  return p;
}

struct FieldCase {
  const char* field;  ///< the name the error sentence must start with
  std::function<void(SessionPlan&)> too_low, too_high;
};

// Every field with its lowest and highest invalid value; the error must name the field.
const std::vector<FieldCase>& Cases() {
  auto b = [](SessionPlan& p) -> PlanBlock& { return p.blocks[0]; };
  static const std::vector<FieldCase> cases = {
      {"name", [](SessionPlan& p) { p.name = ""; },
       [](SessionPlan& p) { p.name = std::string(61, 'x'); }},
      {"version", [](SessionPlan& p) { p.version = 0; }, [](SessionPlan& p) { p.version = -5; }},
      {"notes", [](SessionPlan& p) { p.notes = std::string(1001, 'n'); },
       [](SessionPlan& p) { p.notes = std::string(5000, 'n'); }},
      {"session_cap_min", [](SessionPlan& p) { p.session_cap_min = 4.9; },
       [](SessionPlan& p) { p.session_cap_min = 121; }},
      {"target_success", [](SessionPlan& p) { p.target_success = 0.49; },
       [](SessionPlan& p) { p.target_success = 0.96; }},
      {"sessions_per_week", [](SessionPlan& p) { p.sessions_per_week = 0; },
       [](SessionPlan& p) { p.sessions_per_week = 15; }},
      {"blocks", [](SessionPlan& p) { p.blocks.clear(); },
       [](SessionPlan& p) { p.blocks.resize(31, p.blocks[0]); }},
      {"blocks[0].exercise", [=](SessionPlan& p) { b(p).exercise = ""; },
       [=](SessionPlan& p) { b(p).exercise = "juggling"; }},
      {"blocks[0].variant", [=](SessionPlan& p) { b(p).variant = "lying"; },
       [=](SessionPlan& p) { b(p).variant = ""; }},
      {"blocks[0].sets", [=](SessionPlan& p) { b(p).sets = 0; },
       [=](SessionPlan& p) { b(p).sets = 11; }},
      {"blocks[0].repetitions", [=](SessionPlan& p) { b(p).trials = 0; },
       [=](SessionPlan& p) { b(p).trials = 101; }},
      {"blocks[0].duration_s", [=](SessionPlan& p) { b(p).duration_s = 9.5; },
       [=](SessionPlan& p) { b(p).duration_s = 1801; }},
      {"blocks[0].rest_between_sets_s", [=](SessionPlan& p) { b(p).rest_between_sets_s = -1; },
       [=](SessionPlan& p) { b(p).rest_between_sets_s = 601; }},
      {"blocks[0].level_min", [=](SessionPlan& p) { b(p).level_min = -0.1; },
       [=](SessionPlan& p) { b(p).level_min = 0.5, b(p).level_max = 0.4, b(p).level_start = 0.4; }},
      {"blocks[0].level_max", [=](SessionPlan& p) { b(p).level_max = -0.1; },
       [=](SessionPlan& p) { b(p).level_max = 1.1; }},
      {"blocks[0].level_start",
       [=](SessionPlan& p) { b(p).level_min = 0.4, b(p).level_start = 0.3; },
       [=](SessionPlan& p) { b(p).level_max = 0.5, b(p).level_start = 0.6; }},
      {"blocks[0].rest_after_s", [=](SessionPlan& p) { b(p).rest_after_s = -1; },
       [=](SessionPlan& p) { b(p).rest_after_s = 601; }},
  };
  return cases;
}

TEST(SessionPlanTest, ValidPlan_HasNoError) { EXPECT_EQ(ValidatePlan(ValidPlan()), ""); }

TEST(SessionPlanTest, EveryFieldOutOfRange_IsRejectedNamingTheField) {
  for (const FieldCase& c : Cases())
    for (const auto& breakit : {c.too_low, c.too_high}) {
      SessionPlan p = ValidPlan();
      breakit(p);
      const std::string e = ValidatePlan(p);
      EXPECT_EQ(e.rfind(c.field, 0), 0u) << "field " << c.field << " gave: '" << e << "'";
      EXPECT_EQ(e.back(), '.') << e;
    }
}

TEST(SessionPlanTest, EveryFieldAtItsLimits_IsAccepted) {
  SessionPlan lo = ValidPlan(), hi = ValidPlan();
  lo.name = "x";
  lo.session_cap_min = 5, hi.session_cap_min = 120;
  lo.target_success = 0.5, hi.target_success = 0.95;
  lo.sessions_per_week = 1, hi.sessions_per_week = 14;
  hi.name = std::string(60, 'x');
  hi.notes = std::string(1000, 'n');
  PlanBlock& l = lo.blocks[0];
  PlanBlock& h = hi.blocks[0];
  l.sets = 1, h.sets = 10;
  l.trials = 1, h.trials = 100;
  l.rest_between_sets_s = 0, h.rest_between_sets_s = 600;
  l.level_min = l.level_start = l.level_max = 0;
  h.level_min = h.level_start = h.level_max = 1;
  l.rest_after_s = 0, h.rest_after_s = 600;
  l.variant = "seated";
  hi.blocks.resize(30, h);
  EXPECT_EQ(ValidatePlan(lo), "");
  EXPECT_EQ(ValidatePlan(hi), "");
  h.duration_s = 10;
  EXPECT_EQ(ValidatePlan(hi), "");
  hi.blocks[0].duration_s = 1800;
  EXPECT_EQ(ValidatePlan(hi), "");
}

TEST(SessionPlanTest, VariantTheExerciseDoesNotOffer_IsRejectedListingTheOffered) {
  ExerciseInfo standing_only{"stand", "Stand", "balance", {"standing"}, {}, {}};
  auto find = [&](const std::string& id) { return id == "stand" ? &standing_only : nullptr; };
  SessionPlan p = ValidPlan();
  p.blocks[0].exercise = "stand";
  EXPECT_EQ(ValidatePlan(p, find), "");
  p.blocks[0].variant = "seated";
  EXPECT_EQ(ValidatePlan(p, find), "blocks[0].variant must be standing for stand.");
}

TEST(SessionPlanTest, WrittenPlan_ReadsBackEqual) {
  SessionPlan p = ValidPlan();
  p.notes = "Rest when you need to. \"Quotes\" and ünïcode stay.";
  p.version = 7;
  p.sessions_per_week = 5;
  PlanBlock timed = p.blocks[0];
  timed.variant = "seated";
  timed.duration_s = 45;
  timed.level_min = 0.1, timed.level_start = 0.2, timed.level_max = 0.9;
  p.blocks.push_back(timed);
  const SessionPlan r = ParseSessionPlan(PlanToJson(p));
  EXPECT_EQ(r.name, p.name);
  EXPECT_EQ(r.notes, p.notes);
  EXPECT_EQ(r.version, 7);
  EXPECT_EQ(r.sessions_per_week, 5);
  ASSERT_EQ(r.blocks.size(), 2u);
  EXPECT_EQ(r.blocks[0].sets, 2);
  EXPECT_EQ(r.blocks[0].trials, 6);
  EXPECT_NEAR(r.blocks[0].duration_s, 0, 1e-12);
  EXPECT_NEAR(r.blocks[0].rest_between_sets_s, 20, 1e-12);
  EXPECT_EQ(r.blocks[1].variant, "seated");
  EXPECT_NEAR(r.blocks[1].duration_s, 45, 1e-12);
  EXPECT_NEAR(r.blocks[1].level_start, 0.2, 1e-12);
  EXPECT_EQ(nlohmann::json::parse(PlanToJson(p))["schema_version"], 2);
}

TEST(SessionPlanTest, SchemaVersion1File_IsReadAsOneSetOfTrials) {
  std::ifstream in(std::string(POISE_TEST_DATA) + "/plans/short.json");
  std::stringstream ss;
  ss << in.rdbuf();
  const SessionPlan p = ParseSessionPlan(ss.str());
  ASSERT_EQ(p.blocks.size(), 2u);
  EXPECT_EQ(p.blocks[0].sets, 1);
  EXPECT_EQ(p.blocks[0].trials, 1);
  EXPECT_NEAR(p.blocks[0].rest_after_s, 2, 1e-12);
  EXPECT_NO_THROW(LoadSessionPlan(std::string(POISE_ASSET_DIR) + "/plans/today.json"));
}

std::string Error(const std::string& text) {
  try {
    ParseSessionPlan(text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(SessionPlanTest, BadOrForeignFiles_AreRejectedWithOneSentence) {
  nlohmann::json good = nlohmann::json::parse(PlanToJson(ValidPlan()));
  auto with = [&](const std::function<void(nlohmann::json&)>& f) {
    nlohmann::json j = good;
    f(j);
    return j.dump();
  };
  EXPECT_EQ(Error(good.dump()), "");
  EXPECT_EQ(Error("{not json"), "the plan is not valid JSON");
  EXPECT_NE(Error("[1,2]").find("not a Poise plan"), std::string::npos);
  EXPECT_NE(Error(R"({"format":"fhir"})").find("not a Poise plan"), std::string::npos);
  EXPECT_NE(Error(with([](auto& j) { j["schema_version"] = 3; })).find("schema_version"),
            std::string::npos);
  EXPECT_NE(Error(with([](auto& j) { j["name"] = 5; })).find("name must be text"),
            std::string::npos);
  EXPECT_NE(Error(with([](auto& j) { j["blocks"] = "many"; })).find("blocks"), std::string::npos);
  EXPECT_NE(Error(with([](auto& j) { j["blocks"][0] = 3; })).find("blocks[0] must be an object"),
            std::string::npos);
  EXPECT_NE(Error(with([](auto& j) {
              j["blocks"][0]["sets"] = 1.5;
            })).find("blocks[0].sets must be a whole number"),
            std::string::npos);
  EXPECT_NE(Error(with([](auto& j) {
              j["blocks"][0]["repetitons"] = 3;
            })).find("blocks[0].repetitons is not a plan field"),
            std::string::npos);
  EXPECT_NE(Error(with([](auto& j) {
              j["blocks"][0]["duration_s"] = 30;
            })).find("either repetitions or duration_s"),
            std::string::npos);
  EXPECT_NE(Error(with([](auto& j) {
              j["blocks"][0]["sets"] = 12;
            })).find("blocks[0].sets must be between 1 and 10"),
            std::string::npos);
}

TEST(SessionPlanTest, OneBlockPerSet_RestsBetweenSetsThenAfterTheBlock) {
  SessionPlan p = ValidPlan();
  p.blocks[0].sets = 3;
  p.blocks[0].rest_between_sets_s = 20;
  p.blocks[0].rest_after_s = 90;
  PlanBlock second = p.blocks[0];
  second.sets = 1;
  second.rest_after_s = 0;
  p.blocks.push_back(second);
  const SessionPlan r = OneBlockPerSet(p);
  ASSERT_EQ(r.blocks.size(), 4u);
  EXPECT_NEAR(r.blocks[0].rest_after_s, 20, 1e-12);
  EXPECT_NEAR(r.blocks[1].rest_after_s, 20, 1e-12);
  EXPECT_NEAR(r.blocks[2].rest_after_s, 90, 1e-12);
  EXPECT_NEAR(r.blocks[3].rest_after_s, 0, 1e-12);
  for (const PlanBlock& b : r.blocks) EXPECT_EQ(b.sets, 1);
}

TEST(SessionPlanTest, SeatedVersion_SeatsEveryBlockAndLeavesOutStandingOnlyExercises) {
  ExerciseInfo both{"reach", "Reach", "coordination", {"standing", "seated"}, {}, {}};
  ExerciseInfo standing_only{"stand", "Stand", "balance", {"standing"}, {}, {}};
  auto find = [&](const std::string& id) -> const ExerciseInfo* {
    return id == "reach" ? &both : id == "stand" ? &standing_only : nullptr;
  };
  SessionPlan p = ValidPlan();
  p.blocks[0].exercise = "stand";
  PlanBlock reach = p.blocks[0];
  reach.exercise = "reach";
  p.blocks.push_back(reach);
  const SessionPlan s = SeatedVersion(p, find);
  ASSERT_EQ(s.blocks.size(), 1u);
  EXPECT_EQ(s.blocks[0].exercise, "reach");
  EXPECT_EQ(s.blocks[0].variant, "seated");
  EXPECT_EQ(ValidatePlan(s, find), "");
  p.blocks.pop_back();
  EXPECT_TRUE(SeatedVersion(p, find).blocks.empty());
}

// The default plans name real catalogue exercises in variants they offer.
TEST(SessionPlanTest, DefaultPlans_AreValidAndCoverTheStartingPoints) {
  std::set<std::string> names;
  for (const auto& f :
       std::filesystem::directory_iterator(std::string(POISE_ASSET_DIR) + "/plans/defaults")) {
    std::ifstream in(f.path());
    std::stringstream ss;
    ss << in.rdbuf();
    try {
      names.insert(ParseSessionPlan(ss.str()).name);
    } catch (const std::runtime_error& e) {
      ADD_FAILURE() << f.path() << ": " << e.what();
    }
  }
  EXPECT_EQ(names,
            (std::set<std::string>{"Seated starter", "Standing balance beginner", "Coordination"}));
}

TEST(SessionPlanTest, SeveralInvalidFields_AreAllReportedEachWithItsFieldAndBlock) {
  SessionPlan p = ValidPlan();
  p.name = "";
  p.target_success = 0.2;
  p.blocks.push_back(p.blocks[0]);
  p.blocks[0].sets = 0;
  p.blocks[1].rest_after_s = 900;
  p.blocks[1].level_min = 0.8;
  p.blocks[1].level_max = 0.2;
  const FieldErrors e = PlanFieldErrors(p);
  ASSERT_EQ(e.size(), 5u);
  std::vector<std::string> paths;
  for (const FieldError& f : e) paths.push_back(f.Path());
  EXPECT_EQ(paths, (std::vector<std::string>{"name", "target_success", "blocks[0].sets",
                                             "blocks[1].level_min", "blocks[1].rest_after_s"}));
  EXPECT_EQ(e[2].block, 0);
  EXPECT_EQ(e[2].field, "sets");
  EXPECT_EQ(e[2].Plain(), "Sets must be between 1 and 10.");
  EXPECT_EQ(e[3].Plain(), "Difficulty minimum must not be above the maximum (0.2).");
  EXPECT_EQ(e[4].Sentence(), "blocks[1].rest_after_s must be between 0 and 600 s.");
  // The one-sentence form (files, terminal) is the first of them.
  EXPECT_EQ(ValidatePlan(p), "name must be 1 to 60 characters.");
}

TEST(SessionPlanTest, CheckPlan_GivesThePlanOrItsErrors) {
  const auto good = CheckPlan(ValidPlan());
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value().name, ValidPlan().name);
  SessionPlan bad = ValidPlan();
  bad.blocks[0].level_start = 1.5;
  const auto checked = CheckPlan(bad);
  ASSERT_FALSE(checked.ok());
  ASSERT_EQ(checked.error().size(), 1u);
  EXPECT_EQ(checked.error()[0].Path(), "blocks[0].level_start");
}

}  // namespace
}  // namespace poise::core
