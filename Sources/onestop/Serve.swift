import ArgumentParser
import Foundation
import Stochastics
import Studio

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Open the studio: change, run, compare and optimize scenarios in a web browser.",
        discussion: """
            Serves the scenarios under ROOT/scenarios and the results under ROOT/outputs on this machine \
            and prints the address to open. The studio runs the same engine, planner and reports as the \
            other commands and writes the same result files (see docs/studio.md).

            It listens on 127.0.0.1 only. With --host it listens on that address and every request must \
            carry the access token printed at start (open the printed address once; the browser keeps it).

            Examples:
              onestop serve
                (runs until stopped with Ctrl-C; open the address it prints)
              onestop serve --root . --port 0 --jobs 1
                (runs until stopped with Ctrl-C; --port 0 takes a free port)
            """
    )

    @Option(help: ArgumentHelp("The directory holding scenarios/ and outputs/.", valueName: "dir"))
    var root: String = "."

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: ArgumentHelp("Listen on this address instead of 127.0.0.1 (then a token is required).", valueName: "address"))
    var host: String?

    @Option(help: "Runs and optimizations at the same time (default: one per core).")
    var jobs: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--root \(root) is not a directory")
        }
        guard FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent("scenarios")) else {
            throw ValidationError("--root \(root) holds no scenarios/ directory")
        }
    }

    func run() throws {
        prepareGSL()
        let rootURL = URL(fileURLWithPath: root)
        try? FileManager.default.createDirectory(at: rootURL.appendingPathComponent("outputs"), withIntermediateDirectories: true)
        let address = host ?? "127.0.0.1"
        let token = StudioSettings.isLoopback(address) ? nil : StudioSettings.randomToken()
        var settings = StudioSettings(root: rootURL, host: address, port: port, accessToken: token, version: OneStop.version)
        if let jobs { settings.concurrentJobs = jobs }
        let failure = ServeFailure()
        let done = DispatchSemaphore(value: 0)
        let configured = settings
        Task {
            do {
                let studio = Studio(settings: configured)
                try await studio.application(onServerRunning: { port in
                    var shown = configured
                    shown.port = port
                    Terminal.output("OneStop Studio: open \(shown.url)")
                    if shown.accessToken != nil { Terminal.output("(the token is required: this address is reachable from other machines)") }
                    Terminal.output("Press Ctrl-C to stop.")
                    fflush(nil)
                }).runService()
            } catch {
                failure.set("\(error)")
            }
            done.signal()
        }
        done.wait()
        if let message = failure.message {
            Terminal.error("error: \(message)")
            throw ExitCode.failure
        }
    }
}

/// The server's failure, handed from its task to the command.
final class ServeFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    func set(_ message: String) { lock.withLock { text = message } }
    var message: String? { lock.withLock { text } }
}
