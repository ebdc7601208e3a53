import Foundation
import Testing

/// Every example in every command's `--help` runs as written from the root of a fresh copy of the
/// repository's shipped files, with the exit status it documents.
@Suite("--help examples")
struct HelpExamplesTests {
    /// One example of a help text: the command line (with its `\` continuation lines, as the help
    /// prints them) and the exit status the help documents for it.
    struct Example: CustomStringConvertible {
        var text: String
        /// 0, or N when the note on the line after the example begins "(exits N".
        var expectedStatus: Int32
        /// The note on the line after the example begins "(runs until stopped": a command such as a
        /// server, which must still be running after `runningSeconds` and then stop on Ctrl-C (SIGINT
        /// to its process group, as a terminal sends it) within `stoppingSeconds`.
        var runsUntilStopped = false

        var description: String { text }
    }

    /// The width the help is read at: what a planner copies from an 80-column terminal.
    static let terminalColumns = 80

    /// Seconds an example may take before it counts as hung (the longest, a campus plan, takes
    /// about 20 s).
    static let exampleTimeoutSeconds = 300

    /// Seconds an example documented to run until stopped must keep running before it is interrupted.
    static let runningSeconds = 5.0

    /// Seconds an interrupted example may take to stop.
    static let stoppingSeconds = 20.0

    /// `onestop COMMAND --help` as printed on a terminal `columns` wide.
    static func help(_ command: [String], columns: Int = terminalColumns) throws -> String {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = command + ["--help"]
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = String(columns)
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLITests.Failure("onestop \((command + ["--help"]).joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The root and every subcommand, nested ones too, as their help's SUBCOMMANDS sections list them.
    static func commands() throws -> [[String]] {
        var found: [[String]] = []
        var pending: [[String]] = [[]]
        while !pending.isEmpty {
            let command = pending.removeFirst()
            found.append(command)
            pending += try subcommands(in: help(command)).map { command + [$0] }
        }
        return found
    }

    /// The names a help text's SUBCOMMANDS section lists (each on a line indented by two spaces).
    static func subcommands(in help: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "SUBCOMMANDS:" { inSection = true; continue }
            guard inSection else { continue }
            if !line.isEmpty && !line.hasPrefix(" ") { break }
            guard line.hasPrefix("  "), let first = line.dropFirst(2).first, first.isLowercase else { continue }
            let name = line.dropFirst(2).prefix { !$0.isWhitespace }
            if name != "help" { names.append(String(name)) }
        }
        return names
    }

    /// The lines of the help's "Examples:" block: from that heading to the usage line.
    static func examplesBlock(in help: String) -> [Substring] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "Examples:") else { return [] }
        let end = lines[start...].firstIndex { $0.hasPrefix("USAGE:") } ?? lines.endIndex
        return Array(lines[(start + 1)..<end])
    }

    /// The examples of a help text: each line beginning `onestop ` in its Examples block, joined
    /// with the lines its trailing backslashes continue it onto.
    static func examples(in help: String) -> [Example] {
        let lines = examplesBlock(in: help).map { $0.trimmingCharacters(in: .whitespaces) }
        var examples: [Example] = []
        var index = 0
        while index < lines.count {
            guard lines[index].hasPrefix("onestop ") else { index += 1; continue }
            var text = lines[index]
            while text.hasSuffix("\\"), index + 1 < lines.count {
                index += 1
                text += "\n    " + lines[index]
            }
            index += 1
            var example = Example(text: text, expectedStatus: 0)
            if index < lines.count, lines[index].hasPrefix("(exits "),
               let number = Int32(lines[index].dropFirst("(exits ".count).prefix { $0.isNumber }) {
                example.expectedStatus = number
            }
            if index < lines.count, lines[index].hasPrefix("(runs until stopped") { example.runsUntilStopped = true }
            examples.append(example)
        }
        return examples
    }

    /// A fresh copy of what a clone ships and the examples read (scenarios, design files, example
    /// logs and mappings, the schema, the empty output folders), with `bin/onestop` for the PATH.
    static func workspace() throws -> URL {
        let dir = CLITests.temporaryDirectory()
        let files = FileManager.default
        try files.createDirectory(at: dir.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try files.createSymbolicLink(at: dir.appendingPathComponent("bin/onestop"), withDestinationURL: CLITests.binary)
        for folder in ["scenarios", "examples", "schema"] {
            try files.copyItem(at: CLITests.root.appendingPathComponent(folder), to: dir.appendingPathComponent(folder))
        }
        for folder in ["outputs", "notebooks-export"] {
            try files.createDirectory(at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
            let readme = CLITests.root.appendingPathComponent(folder).appendingPathComponent("README.md")
            if files.fileExists(atPath: readme.path) {
                try files.copyItem(at: readme, to: dir.appendingPathComponent(folder).appendingPathComponent("README.md"))
            }
        }
        return dir
    }

    /// Runs `example` with /bin/sh in `workspace` (killed with its children after the timeout; one
    /// that runs until stopped is interrupted after `runningSeconds`, as Ctrl-C would): its exit
    /// status (124 when it was killed after the timeout, -1 when it ended before it was interrupted,
    /// -2 when it did not stop on the interrupt) and standard error.
    static func run(_ example: Example, in workspace: URL, logs: URL) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "-k", "10", String(exampleTimeoutSeconds), "/bin/sh", "-c", example.text]
        process.currentDirectoryURL = workspace
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = workspace.appendingPathComponent("bin").path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let stdout = logs.appendingPathComponent("stdout"), stderr = logs.appendingPathComponent("stderr")
        for file in [stdout, stderr] {
            try? FileManager.default.removeItem(at: file)
            FileManager.default.createFile(atPath: file.path, contents: nil)
        }
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if example.runsUntilStopped {
            let running = Date().addingTimeInterval(runningSeconds)
            while process.isRunning && Date() < running { Thread.sleep(forTimeInterval: 0.1) }
            guard process.isRunning else {
                process.waitUntilExit()
                return (-1, String(decoding: try Data(contentsOf: stderr), as: UTF8.self))
            }
            // Ctrl-C: SIGINT to the process group (`timeout` leads one of its own, holding the shell
            // and the command).
            kill(-process.processIdentifier, SIGINT)
            let stopping = Date().addingTimeInterval(stoppingSeconds)
            while process.isRunning && Date() < stopping { Thread.sleep(forTimeInterval: 0.1) }
            if process.isRunning {
                kill(-process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return (-2, String(decoding: try Data(contentsOf: stderr), as: UTF8.self))
            }
            process.waitUntilExit()
            // Stopped by Ctrl-C: 0, or 130 (128 + SIGINT) from a shell whose command the signal ended.
            let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
            return (status == 128 + SIGINT ? 0 : status, String(decoding: try Data(contentsOf: stderr), as: UTF8.self))
        }
        process.waitUntilExit()
        // Killed by a signal: the shell's 128 + N, so that it is not taken for an exit status.
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return (status, String(decoding: try Data(contentsOf: stderr), as: UTF8.self))
    }

    @Test("Every command's help examples run in order from a fresh copy of the repository, with the status they document",
          arguments: try commands())
    func examplesRun(command: [String]) throws {
        let help = try Self.help(command)
        let examples = Self.examples(in: help)
        let name = (["onestop"] + command).joined(separator: " ")
        #expect(!examples.isEmpty, "\(name) --help shows no example")
        // Printed on an 80-column terminal, no example line is wrapped: each runs as copied.
        let wide = try Self.help(command, columns: 400)
        #expect(Self.examplesBlock(in: help) == Self.examplesBlock(in: wide), "\(name) --help wraps an example at \(Self.terminalColumns) columns:\n\(Self.examplesBlock(in: help).joined(separator: "\n"))")

        let workspace = try Self.workspace(), logs = CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace); try? FileManager.default.removeItem(at: logs) }
        for example in examples {
            // Paths are relative to the repository root, so that an example writes only under it.
            #expect(!example.text.contains(" /") && !example.text.contains(" ~") && !example.text.contains(".."), "\(name): \(example.text) names a path outside the repository")
            let started = Date()
            let outcome = try Self.run(example, in: workspace, logs: logs)
            let seconds = Date().timeIntervalSince(started)
            let stderr = outcome.stderr.suffix(4000)
            switch outcome.status {
            case 124: Issue.record("\(example.text)\ntook more than \(Self.exampleTimeoutSeconds) s")
            case -1: Issue.record("\(example.text)\nis documented to run until stopped but ended by itself within \(Self.runningSeconds) s; stderr:\n\(stderr)")
            case -2: Issue.record("\(example.text)\nis documented to run until stopped but did not stop within \(Self.stoppingSeconds) s of Ctrl-C; stderr:\n\(stderr)")
            default:
                #expect(outcome.status == example.expectedStatus,
                        "\(example.text)\nexited \(outcome.status) (expected \(example.expectedStatus)) after \(String(format: "%.1f", seconds)) s; stderr:\n\(stderr)")
            }
        }
    }

    @Test("The examples are found in every command's help, continuation lines and documented failures included")
    func examplesFound() throws {
        let names = Set(try Self.commands().map { $0.joined(separator: " ") })
        for expected in ["", "run", "validate", "compare", "optimize", "report", "export", "export notebook", "schema", "merge", "fit", "backtest", "generate-log", "sweep"] {
            #expect(names.contains(expected), "onestop \(expected) is not found from the root help")
        }
        let fit = Self.examples(in: try Self.help(["fit"]))
        #expect(fit.count >= 2)
        #expect(fit.contains { $0.text.contains("\\\n") && $0.text.contains("--out outputs/fit-foreign") }, "\(fit)")
        #expect(fit.contains { $0.text.contains("--strict") && $0.expectedStatus == 2 }, "\(fit)")
        #expect(fit.filter { $0.expectedStatus == 0 }.count == fit.count - 1)
        #expect(!fit.contains { $0.runsUntilStopped })
        // A server's example says that it runs until stopped.
        let server = Self.examples(in: "Examples:\n  onestop serve\n    (runs until stopped with Ctrl-C)\n  onestop serve --port 0\n\nUSAGE: onestop serve\n")
        #expect(server.map(\.text) == ["onestop serve", "onestop serve --port 0"])
        #expect(server.map(\.runsUntilStopped) == [true, false])
    }
}
