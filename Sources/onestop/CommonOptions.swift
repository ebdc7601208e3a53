import ArgumentParser
import Foundation
import Planner

/// The options of every command that runs replications and writes a results directory: `run`,
/// `compare` and `optimize`. Each command's description says where `--out` defaults to.
struct CommonOptions: ParsableArguments {
    @Option(help: "Output directory (default: under outputs/, named after the scenario: see the command's description).")
    var out: String?

    @Option(help: "Replications of each run (default: run.replications, of the first scenario when comparing; optimize verifies its proposal with them).")
    var replications: Int?

    @Option(help: "Master seed (default: run.seed, of the first scenario when comparing; optimize verifies with seed + \(PlanningPolicy().verificationSeedOffset)).")
    var seed: UInt64?

    @Option(help: "Worker threads running replications in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print nothing but errors and warnings (no progress line, no table).")
    var quiet = false

    @Flag(help: "Write into --out even when it is a non-empty directory that onestop did not write.")
    var force = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }
}
