// onestop-fuzz: mutates the scenario files in scenarios/ and checks that OneStop refuses every bad
// one with a located error, never crashes and never hangs. `make fuzz` runs 10,000 cases in
// process and a sample through the built binary; see docs/reliability.md.
import Foundation
import ScenarioFuzzing

struct Options {
    var cases = 10_000
    var seed: UInt64 = 1
    var only: Int?
    var show = false
    var scenarios = "scenarios"
    var binary: String?
    var binaryCases = 200
    var timeout = 10.0

    static let usage = """
        usage: onestop-fuzz [--cases N] [--seed S] [--case I [--show]] [--scenarios DIR]
                            [--binary PATH [--binary-cases N]] [--timeout SECONDS]
          --cases N         cases run in process (default 10000)
          --seed S          master seed: case I is the same for the same seed (default 1)
          --case I          run only case I; --show prints its bytes to standard output
          --scenarios DIR   the seed files, every .yaml in it (default scenarios)
          --binary PATH     also run the onestop binary on the first --binary-cases cases (default 200)
          --timeout S       seconds a case may take before it counts as a hang (default 10)
        """

    init(_ arguments: [String]) {
        var rest = arguments[...]
        func value(_ name: String) -> String {
            guard let v = rest.popFirst() else { Self.fail("\(name) needs a value") }
            return v
        }
        func number<T: LosslessStringConvertible>(_ name: String) -> T {
            guard let n = T(value(name)) else { Self.fail("\(name) needs a number") }
            return n
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--cases": cases = number(argument)
            case "--seed": seed = number(argument)
            case "--case": only = number(argument) as Int
            case "--show": show = true
            case "--scenarios": scenarios = value(argument)
            case "--binary": binary = value(argument)
            case "--binary-cases": binaryCases = number(argument)
            case "--timeout": timeout = number(argument)
            case "-h", "--help": print(Self.usage); exit(0)
            default: Self.fail("unknown argument \(argument)")
            }
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("onestop-fuzz: \(message)\n\(usage)\n".utf8))
        exit(64)
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let seeds: [FuzzSeed]
do { seeds = try FuzzSeed.files(in: options.scenarios) } catch {
    FileHandle.standardError.write(Data("onestop-fuzz: cannot read \(options.scenarios): \(error)\n".utf8))
    exit(1)
}
guard !seeds.isEmpty else { Options.fail("no .yaml files in \(options.scenarios)") }
let mutator = ScenarioMutator(seeds: seeds, seed: options.seed)
let indices = options.only.map { [$0] } ?? Array(0..<options.cases)
func reproduce(_ index: Int) -> String {
    "onestop-fuzz --seed \(options.seed) --case \(index) --show --scenarios \(options.scenarios)"
}

if options.show, let index = options.only {
    let fuzzCase = mutator.makeCase(index)
    FileHandle.standardError.write(Data("case \(index) from \(fuzzCase.seedFile): \(fuzzCase.mutations.joined(separator: "; "))\n".utf8))
    FileHandle.standardOutput.write(Data(fuzzCase.bytes))
}

var failures = 0
var valid = 0, invalid = 0
var times: [Double] = []
var firstWords: [String: Int] = [:]
let start = Date()
for index in indices {
    let fuzzCase = mutator.makeCase(index)
    CrashNote.set("onestop-fuzz: crashed in case \(index) (\(fuzzCase.seedFile): \(fuzzCase.mutations.joined(separator: "; ")))\n  reproduce: \(reproduce(index))")
    let outcome = FuzzHarness.check(fuzzCase.bytes, file: "case-\(index).yaml", timeout: options.timeout)
    times.append(outcome.seconds)
    switch outcome.verdict {
    case .valid: valid += 1
    case .invalid(let error):
        invalid += 1
        let message = error.split(separator: ": ", maxSplits: 2).dropFirst(2).first.map(String.init) ?? error
        let words = message.split(separator: " ").prefix(4).joined(separator: " ")
        firstWords[words, default: 0] += 1
    case .hung: break
    }
    if !outcome.problems.isEmpty {
        failures += 1
        print("FAIL case \(index) (\(fuzzCase.seedFile): \(fuzzCase.mutations.joined(separator: "; ")))")
        for problem in outcome.problems.prefix(5) { print("  \(problem)") }
        print("  reproduce: \(reproduce(index))")
        if outcome.verdict == .hung { print("stopping: a hung case cannot be abandoned safely"); exit(1) }
    }
}
// Damaged optimize journals, one per case.
var journalFailures = 0
for index in indices {
    let (damage, problems) = DamagedFiles.checkJournal(case: index, seed: options.seed)
    guard !problems.isEmpty else { continue }
    journalFailures += 1
    print("FAIL journal case \(index) (\(damage))")
    for problem in problems.prefix(5) { print("  \(problem)") }
}
failures += journalFailures
print("damaged journals: \(indices.count) cases, \(journalFailures) failed")
let elapsed = Date().timeIntervalSince(start)
let sorted = times.sorted()
func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))] }
print(String(format: "in process: %d cases in %.1f s (%d valid, %d refused), %d failed; per case: median %.2f ms, p99 %.1f ms, max %.1f ms",
             indices.count, elapsed, valid, invalid, failures, percentile(0.5) * 1000, percentile(0.99) * 1000, (sorted.last ?? 0) * 1000))
print("most common first errors:")
for (words, count) in firstWords.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(12) {
    print(String(format: "  %6d  %@ ...", count, words))
}

if let binary = options.binary {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onestop-fuzz-\(getpid())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let check = BinaryCheck(binary: binary, workDirectory: directory, timeout: max(20, options.timeout))
    let sample = Array(indices.prefix(options.binaryCases))
    var binaryFailures = 0
    let binaryStart = Date()
    for index in sample {
        let problems = try check.check(mutator.makeCase(index).bytes, index: index)
        if !problems.isEmpty {
            binaryFailures += 1
            print("FAIL binary case \(index)")
            for problem in problems.prefix(5) { print("  \(problem)") }
            print("  reproduce: \(reproduce(index)) > case.yaml && onestop validate case.yaml")
        }
    }
    failures += binaryFailures
    print(String(format: "binary: %d cases in %.1f s, %d failed", sample.count, Date().timeIntervalSince(binaryStart), binaryFailures))
}
print(failures == 0 ? "fuzz: all cases passed" : "fuzz: \(failures) cases failed")
exit(failures == 0 ? 0 : 1)
