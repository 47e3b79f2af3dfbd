// The subcommands of build/poise. Each lives in its own cmd_*.cpp and parses its own arguments
// (argv[0] is the subcommand name). Returns the process exit code.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace poise::store {
class SessionStore;
}

namespace poise::app {

int RunPlay(int argc, char** argv);       // cmd_play.cpp: the game (default command)
int RunPose(int argc, char** argv);       // cmd_pose.cpp: landmarks from an image/video to JSONL
int RunBench(int argc, char** argv);      // cmd_bench.cpp: per-stage timings of the pipeline
int RunSimulateDifficulty(int argc, char** argv);  // cmd_simulate_levels.cpp
int RunPin(int argc, char** argv);        // cmd_pin.cpp: poise pin reset
int RunPlan(int argc, char** argv);       // cmd_plan.cpp: plan validate|import|export|list
int RunExport(int argc, char** argv);     // cmd_export.cpp: CSV / FHIR export
int RunExercises(int argc, char** argv);  // cmd_exercises.cpp: the exercise catalogue
int RunDemoPoses(int argc, char** argv);  // cmd_demo_poses.cpp: an exercise's demo as JSONL
int RunBenchReview(int argc, char** argv);  // cmd_bench_review.cpp: review open time
int RunClinic(int argc, char** argv);     // cmd_clinic.cpp: the clinic link (PostgreSQL)
int RunBenchClinic(int argc, char** argv);  // cmd_bench_clinic.cpp: a clinic of 1,000 patients
int RunRemind(int argc, char** argv);     // cmd_remind.cpp: the reminder timer's notification
int RunStoreSoak(int argc, char** argv);  // cmd_store_soak.cpp: durability testing (hidden)

/// cmd_clinic.cpp: one typical session (blocks x trials, level changes, events, a landmark stream
/// per block of `block_s` seconds at 30 fps, a swaying and reaching body) for a new profile;
/// returns its id. For the push benchmarks.
int64_t TypicalSession(store::SessionStore& s, const std::string& name, int blocks, int trials,
                       double block_s, uint32_t seed);

/// The error tail every subcommand shares: runs `body`; an exception becomes one line
/// "poise COMMAND: sentence" on stderr and exit code 1.
int ReportErrors(const char* command, const std::function<int()>& body);

}  // namespace poise::app
