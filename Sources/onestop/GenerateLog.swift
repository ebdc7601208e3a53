import ArgumentParser
import Calibration
import Foundation
import OutputFiles

struct GenerateLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-log",
        abstract: "Write a queue-ticket log (CSV, the generic layout) from a scenario's simulation.",
        discussion: """
            Runs one replication of the scenario and writes every counter visit as a ticket row: \
            ticket,taken,called,served,finished,item,category,counter,channel,outcome,student,desk. Served \
            tickets are called at their service start by a desk (<counter>-<n>: a free one of those on \
            shift, at random) and finished at their departure; tickets given up \
            are finished when the student left; a return keeps the student's key; online requests are \
            rows of the channel online. On top of the simulation it adds what a real export holds: times \
            rounded down to the minute (--seconds keeps them to the second), no-show tickets \
            (--no-shows, a share of the visits) and broken rows (--bad-rows, a share of the rows), so \
            that `onestop fit` has something to refuse. The student key is synthetic (S + the \
            simulation's customer number).

            Examples:
              onestop generate-log scenarios/campus-baseline.yaml \\
                  --out outputs/baseline-log.csv
              onestop generate-log scenarios/campus-baseline.yaml --out log.csv \\
                  --start 2025-09-01 --seed 7 --no-online
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @Option(help: ArgumentHelp("The log file to write.", valueName: "file.csv"))
    var out: String

    @Option(help: ArgumentHelp("The date of the simulation's time 0 (a Monday for a campus term).", valueName: "YYYY-MM-DD"))
    var start = "2024-02-26"

    @Option(help: "Seed of the replication (default: run.seed).")
    var seed: UInt64?

    @Option(help: "Share of counter visits followed by a no-show ticket.")
    var noShows = 0.02

    @Option(help: "Share of rows followed by a broken copy (a bad row for fit to report).")
    var badRows = 0.001

    @Flag(help: "Write times to the second instead of rounding them down to the minute.")
    var seconds = false

    @Flag(help: "Leave out the online requests.")
    var noOnline = false

    @Flag(help: "Leave the student column empty.")
    var noStudents = false

    @Flag(help: "Overwrite --out even when onestop did not write it.")
    var force = false

    @Flag(help: "Do not print what was written.")
    var quiet = false

    func validate() throws {
        guard (0...0.5).contains(noShows) else { throw ValidationError("--no-shows must lie between 0 and 0.5") }
        guard (0...0.5).contains(badRows) else { throw ValidationError("--bad-rows must lie between 0 and 0.5") }
        guard startDay != nil else { throw ValidationError("--start must be a date YYYY-MM-DD, not '\(start)'") }
    }

    var startDay: Int? {
        TimestampFormat.pattern("%Y-%m-%d %H:%M").parse(start + " 00:00")?.day
    }

    func run() throws {
        OneStop.prepare()
        let loaded = try ScenarioInput.loadWithSource(scenario)
        guard loaded.scenario.campus?.serviceCenter != nil else {
            Terminal.error("\(scenario):1:1: error: campus.service_center: the scenario has no service center, so no ticket log to write")
            throw ExitCode(2)
        }
        do {
            try OutputDirectory.claim(file: out, force: force, inputs: [scenario], signature: LogGenerator.signature)
        } catch {
            Terminal.error("error: --out: \(error)")
            throw ExitCode(2)
        }
        var options = LogGenerator.Options()
        options.startDay = startDay!
        options.seed = seed
        options.minutes = !seconds
        options.noShowShare = noShows
        options.badRowShare = badRows
        options.online = !noOnline
        options.studentKeys = !noStudents
        let rows: Int
        do {
            rows = try StreamedFile.write(to: out) { write in
                LogGenerator(model: loaded.model, scenario: loaded.scenario, options: options).generate(write)
            }
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !quiet { Terminal.output("\(out): \(rows) rows from \(scenario)") }
    }
}

/// A file written as it is produced, to a temporary name renamed into place when whole.
enum StreamedFile {
    static func write<T>(to path: String, _ produce: (@escaping (String) -> Void) -> T) throws -> T {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let (temporary, fd) = try OutputDirectory.createTemporary(besides: path)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var failure: (any Error)?
        let result = produce { chunk in
            guard failure == nil else { return }
            do { try handle.write(contentsOf: Data(chunk.utf8)) } catch { failure = error }
        }
        do {
            try handle.synchronize()
            try handle.close()
        } catch { failure = failure ?? error }
        if let failure {
            unlink(temporary)
            Interruption.unregister(temporaryFile: temporary)
            throw OutputDirectory.WriteError(description: "cannot write \(path): \(failure.localizedDescription)")
        }
        try Interruption.commit {
            guard rename(temporary, path) == 0 else {
                throw OutputDirectory.WriteError(description: "cannot move \(temporary) to \(path): \(String(cString: strerror(errno)))")
            }
        }
        Interruption.unregister(temporaryFile: temporary)
        return result
    }
}
