import Foundation
import Testing

/// `onestop serve` in a real browser: Tests/CLITests/Python/studio_browser.py drives Debian's
/// Chromium through Playwright (launched on the system browser; nothing is downloaded) from home to
/// a saved variant, its run, its comparison with the baseline and an optimization's proposal.
@Suite("onestop serve in a browser")
struct StudioBrowserTests {
    /// A running `onestop serve` on a free port, over a copy of the repository's scenarios.
    final class Server {
        let process = Process()
        let url: String
        let root: URL
        private let output = Pipe(), errors = Pipe()

        init() throws {
            root = CLITests.temporaryDirectory()
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: CLITests.root.appendingPathComponent("scenarios"), to: root.appendingPathComponent("scenarios"))
            process.executableURL = CLITests.binary
            process.arguments = ["serve", "--root", root.path, "--port", "0", "--jobs", "1"]
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // The first line names the address: "OneStop Studio: open http://127.0.0.1:PORT/".
            var seen = Data()
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, !String(decoding: seen, as: UTF8.self).contains("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += chunk
            }
            let line = String(decoding: seen, as: UTF8.self)
            guard let range = line.range(of: #"http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) else {
                process.terminate()
                throw CLITests.Failure("onestop serve printed no address: \(line)")
            }
            url = String(line[range])
        }

        /// Stops the server as Ctrl-C would; true when it exits within ten seconds.
        func stop() -> Bool {
            kill(process.processIdentifier, SIGINT)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { process.terminate(); return false }
            return true
        }
    }

    @Test("home → baseline → lunch staff changed in the grid → variant → run with progress → compare → optimize, with no console error, failed request or empty chart",
          .enabled(if: Tools.pythonAvailable && Tools.chromiumAvailable))
    func plannerJourney() throws {
        guard let python = Tools.python, let chromium = Tools.chromium else { throw CLITests.Failure("Python or Chromium is missing (make test installs both)") }
        let server = try Server()
        defer { try? FileManager.default.removeItem(at: server.root) }
        let shots = CLITests.root.appendingPathComponent(".build/screenshots/studio")
        try? FileManager.default.removeItem(at: shots)
        let script = CLITests.root.appendingPathComponent("Tests/CLITests/Python/studio_browser.py").path
        let outcome = try Tools.run(python, [script, server.url, chromium, shots.path])
        let stopped = server.stop()
        #expect(outcome.status == 0, "the browser journey failed:\n\(outcome.stdout)\n\(outcome.stderr)")
        #expect(stopped, "onestop serve did not stop on SIGINT")
        // The journey's files, as the CLI would read them: the variant names its base and changes only the grid's field.
        let variant = try String(contentsOf: server.root.appendingPathComponent("scenarios/campus-lunch-plus-one.yaml"), encoding: .utf8)
        #expect(variant.contains("extends: \"campus-baseline.yaml\""))
        #expect(variant.contains("\"campus.service_center.counters[all_purpose].servers\": {period: 1d, schedule: [{from: \"0:00\", to: \"8:30\", servers: 0}, {from: \"8:30\", to: \"12:00\", servers: 7}, {from: \"12:00\", to: \"13:30\", servers: 5}"))
        let validated = try CLITests.onestop(["validate", server.root.appendingPathComponent("scenarios/campus-lunch-plus-one.yaml").path])
        #expect(validated.status == 0, "\(validated.stderr)")
        let summary = try String(contentsOf: server.root.appendingPathComponent("outputs/campus-lunch-plus-one/summary.json"), encoding: .utf8)
        #expect(summary.contains("\"replications\": 5"))
        for name in ["1-home", "2-scenario-grid-changed", "3-variant", "4-run-progress", "5-results", "6-compare", "7-proposal", "8-proposal-variant"] {
            #expect(FileManager.default.fileExists(atPath: shots.appendingPathComponent(name + ".png").path), "no screenshot \(name)")
        }
    }
}
