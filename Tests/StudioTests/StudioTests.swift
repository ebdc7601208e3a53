import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Studio

/// The studio's routes through Hummingbird's test client: every page and action, and every refusal
/// (another host or origin, no CSRF token, no access token, a path outside the root, a symbolic
/// link, an oversized body, an invalid scenario).
@Suite struct StudioTests {
    static let desk = """
        name: desk
        description: One desk <b>& a queue</b>
        run: {duration: 300, replications: 3, seed: 11}
        stations:
          - {id: desk, servers: 1, service: {dist: exponential, mean: 1}}
        arrivals:
          - {to: desk, rate: 0.6}
        """

    /// A new root with scenarios/desk.yaml and an empty outputs/.
    static func root() throws -> URL {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("onestop-studio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("outputs"), withIntermediateDirectories: true)
        try desk.write(to: root.appendingPathComponent("scenarios/desk.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    static func settings(_ root: URL, token: String? = nil, host: String = "127.0.0.1", maximumBody: Int = 1 << 20) -> StudioSettings {
        StudioSettings(root: root, host: host, port: 8080, accessToken: token, csrfToken: "csrf-secret", maximumBodyBytes: maximumBody,
                       concurrentJobs: 1, version: "test")
    }

    static let local: HTTPFields = [.hostHeader: "127.0.0.1:8080"]
    static func posting(_ extra: HTTPFields = [:], form: Bool = true) -> HTTPFields {
        var h: HTTPFields = [.hostHeader: "127.0.0.1:8080", .origin: "http://127.0.0.1:8080"]
        if form { h[.contentType] = "application/x-www-form-urlencoded" }
        for field in extra { h[field.name] = field.value }
        return h
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    func withStudio<T>(_ settings: StudioSettings, _ test: @escaping @Sendable (any TestClientProtocol, Studio) async throws -> T) async throws -> T {
        let studio = Studio(settings: settings)
        let app = Application(router: studio.router())
        return try await app.test(.router) { client in try await test(client, studio) }
    }

    @Test("Home lists the scenarios; the assets are served; values are escaped")
    func home() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withStudio(Self.settings(root)) { client, _ in
            try await client.execute(uri: "/", method: .get, headers: Self.local) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response).contains("/scenario?path=desk.yaml"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            }
            for asset in ["/assets/studio.css", "/assets/studio.js", "/assets/icon.svg"] {
                try await client.execute(uri: asset, method: .get, headers: Self.local) { response in
                    #expect(response.status == .ok, "\(asset)")
                    #expect(response.body.readableBytes > 100)
                }
            }
            try await client.execute(uri: "/scenario?path=desk.yaml", method: .get, headers: Self.local) { response in
                #expect(response.status == .ok)
                let page = Self.text(response)
                #expect(page.contains("One desk &lt;b&gt;&amp; a queue&lt;/b&gt;"))
                #expect(!page.contains("<b>& a queue</b>"))
                #expect(page.contains("name=\"csrf\" value=\"csrf-secret\""))
                #expect(page.contains("stations.desk") || page.contains("field path"))
            }
        }
    }

    @Test("Another host, another origin and a missing CSRF token are refused")
    func crossSite() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withStudio(Self.settings(root)) { client, _ in
            try await client.execute(uri: "/", method: .get, headers: [.hostHeader: "evil.example:8080"]) { response in
                #expect(response.status == .forbidden)
            }
            let body = Self.form([("csrf", "csrf-secret"), ("scenario", "desk.yaml")])
            try await client.execute(uri: "/run", method: .post, headers: Self.posting([.origin: "http://evil.example"]), body: body) { response in
                #expect(response.status == .forbidden)
                #expect(Self.text(response).contains("another site"))
            }
            try await client.execute(uri: "/run", method: .post, headers: Self.posting(), body: Self.form([("scenario", "desk.yaml")])) { response in
                #expect(response.status == .forbidden)
                #expect(Self.text(response).contains("CSRF"))
            }
            try await client.execute(uri: "/api/validate?path=desk.yaml", method: .post, headers: Self.posting(form: false), body: ByteBuffer(string: Self.desk)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("With --host every request needs the token: once in the address, then the cookie")
    func accessToken() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withStudio(Self.settings(root, token: "t0k3n", host: "192.0.2.1")) { client, _ in
            let host: HTTPFields = [.hostHeader: "192.0.2.1:8080"]
            try await client.execute(uri: "/", method: .get, headers: host) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/?token=wrong", method: .get, headers: host) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/?token=t0k3n", method: .get, headers: host) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.hasPrefix("onestop_token=t0k3n;") == true)
            }
            try await client.execute(uri: "/", method: .get, headers: [.hostHeader: "192.0.2.1:8080", .cookie: "onestop_token=t0k3n"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("A path outside the root, a hidden name and a symbolic link are refused")
    func paths() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appendingPathComponent("secret.yaml")
        try Self.desk.write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("scenarios/link.yaml").path, withDestinationPath: outside.path)
        try await withStudio(Self.settings(root)) { client, _ in
            for path in ["../secret.yaml", "%2E%2E/secret.yaml", "/etc/hosts.yaml", ".hidden.yaml", "sub/../../secret.yaml"] {
                try await client.execute(uri: "/scenario?path=\(path)", method: .get, headers: Self.local) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(!Self.text(response).contains("One desk"), "\(path)")
                }
            }
            try await client.execute(uri: "/scenario?path=link.yaml", method: .get, headers: Self.local) { response in
                #expect(response.status == .notFound)
                #expect(Self.text(response).contains("symbolic link"))
            }
            try await client.execute(uri: "/outputs/..%2Fscenarios/desk.yaml", method: .get, headers: Self.local) { response in
                #expect(response.status == .notFound)
            }
            let save = Self.form([("csrf", "csrf-secret"), ("scenario", "../secret.yaml"), ("text", Self.desk)])
            try await client.execute(uri: "/scenario/save", method: .post, headers: Self.posting(), body: save) { response in
                #expect(response.status == .forbidden)
            }
            let variant = Self.form([("csrf", "csrf-secret"), ("base", "link.yaml"), ("name", "x"), ("set", "stations[desk].servers=2")])
            try await client.execute(uri: "/variants", method: .post, headers: Self.posting(), body: variant) { response in
                #expect(response.status == .forbidden)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("scenarios/x.yaml").path))
    }

    @Test("An oversized body is refused; an invalid scenario's diagnostics come back located")
    func validation() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withStudio(Self.settings(root, maximumBody: 4096)) { client, _ in
            let csrf: HTTPFields = [.csrfToken: "csrf-secret"]
            let huge = ByteBuffer(string: Self.desk + String(repeating: "# padding\n", count: 1000))
            try await client.execute(uri: "/api/validate?path=desk.yaml", method: .post, headers: Self.posting(csrf, form: false), body: huge) { response in
                #expect(response.status == .contentTooLarge)
            }
            let bad = Self.desk.replacingOccurrences(of: "rate: 0.6", with: "rate: -1")
            try await client.execute(uri: "/api/validate?path=desk.yaml", method: .post, headers: Self.posting(csrf, form: false), body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .ok)
                let text = Self.text(response)
                #expect(text.contains("\"valid\": false"))
                #expect(text.contains("\"line\": 7"))
                #expect(text.contains("\"file\": \"scenarios/desk.yaml\""))
                #expect(text.contains("must be greater than 0"))
            }
            try await client.execute(uri: "/api/validate?path=desk.yaml", method: .post, headers: Self.posting(csrf, form: false), body: ByteBuffer(string: Self.desk)) { response in
                #expect(Self.text(response).contains("\"valid\": true"))
            }
            // An invalid text is not saved.
            let save = Self.form([("csrf", "csrf-secret"), ("scenario", "desk.yaml"), ("text", bad)])
            try await client.execute(uri: "/scenario/save", method: .post, headers: Self.posting(), body: save) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
        #expect(try String(contentsOf: root.appendingPathComponent("scenarios/desk.yaml"), encoding: .utf8) == Self.desk)
    }

    @Test("Saving a variant writes only the changed fields beside the untouched base")
    func variant() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withStudio(Self.settings(root)) { client, _ in
            let body = Self.form([("csrf", "csrf-secret"), ("base", "desk.yaml"), ("name", "desk-two"), ("description", "two desks"),
                                  ("set", "stations[desk].servers=2\nrun.replications=4")])
            try await client.execute(uri: "/variants", method: .post, headers: Self.posting(), body: body) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/scenario?path=desk-two.yaml")
            }
            let again = Self.form([("csrf", "csrf-secret"), ("base", "desk.yaml"), ("name", "desk-bad"), ("set", "stations[desk].servers=-2")])
            try await client.execute(uri: "/variants", method: .post, headers: Self.posting(), body: again) { response in
                #expect(response.status == .unprocessableContent)
                #expect(Self.text(response).contains("desk-bad.yaml:"))
            }
            try await client.execute(uri: "/scenario?path=desk-two.yaml", method: .get, headers: Self.local) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response).contains("variant"))
            }
        }
        let written = try String(contentsOf: root.appendingPathComponent("scenarios/desk-two.yaml"), encoding: .utf8)
        #expect(written.contains("extends: \"desk.yaml\""))
        #expect(written.contains("  \"stations[desk].servers\": 2\n"))
        #expect(!written.contains("arrivals"))
        #expect(try String(contentsOf: root.appendingPathComponent("scenarios/desk.yaml"), encoding: .utf8) == Self.desk)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("scenarios/desk-bad.yaml").path))
    }

    /// Polls a job's status until it ends; its final JSON.
    static func finish(_ client: any TestClientProtocol, _ location: String) async throws -> String {
        for _ in 0..<600 {
            let status = try await client.execute(uri: location + "/status", method: .get, headers: local) { text($0) }
            if !status.contains("\"state\": \"queued\"") && !status.contains("\"state\": \"running\"") { return status }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the job did not end")
        return ""
    }

    @Test("A run goes through the queue, streams its progress and writes the CLI's result files")
    func run() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        try await withStudio(Self.settings(root)) { client, _ in
            let body = Self.form([("csrf", "csrf-secret"), ("scenario", "desk.yaml"), ("replications", "4"), ("seed", "3")])
            let location = try await client.execute(uri: "/run", method: .post, headers: Self.posting(), body: body) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            #expect(location.hasPrefix("/jobs/"))
            let status = try await Self.finish(client, location)
            #expect(status.contains("\"state\": \"finished\""), "\(status)")
            #expect(status.contains("\"done\": 4"))
            try await client.execute(uri: location + "/events", method: .get, headers: Self.local) { response in
                #expect(response.headers[.contentType] == "text/event-stream")
                #expect(Self.text(response).hasPrefix("data: {"))
            }
            try await client.execute(uri: location, method: .get, headers: Self.local) { response in
                #expect(Self.text(response).contains("/results/desk"))
            }
            try await client.execute(uri: "/results/desk", method: .get, headers: Self.local) { response in
                #expect(response.status == .ok)
                let page = Self.text(response)
                #expect(page.contains("/outputs/desk/summary.json"))
                #expect(page.contains("report.html"))
            }
            try await client.execute(uri: "/outputs/desk/summary.json", method: .get, headers: Self.local) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response).contains("\"replications\": 4"))
            }
            try await client.execute(uri: "/outputs/desk/report.html", method: .get, headers: Self.local) { response in
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true)
            }
            try await client.execute(uri: "/outputs/desk/.onestop", method: .get, headers: Self.local) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/results/desk/notebook", method: .get, headers: Self.local) { response in
                #expect(response.status == .ok)
                #expect(Self.text(response).contains("\"nbformat\""))
            }
            try await client.execute(uri: "/", method: .get, headers: Self.local) { response in
                #expect(Self.text(response).contains("/results/desk"))
            }
        }
        // The CLI's marker: `onestop report` and the other commands read this directory as their own.
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("outputs/desk/.onestop").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("outputs/desk/replications.csv").path))
    }

    @Test("Jobs wait their turn, a waiting one is cancelled, and a restart marks unfinished jobs interrupted")
    func queue() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let long = Self.desk.replacingOccurrences(of: "duration: 300", with: "duration: 2000000").replacingOccurrences(of: "name: desk", with: "name: long")
        try long.write(to: root.appendingPathComponent("scenarios/long.yaml"), atomically: true, encoding: .utf8)
        try await withStudio(Self.settings(root)) { client, _ in
            let first = try await client.execute(uri: "/run", method: .post, headers: Self.posting(),
                                                 body: Self.form([("csrf", "csrf-secret"), ("scenario", "long.yaml"), ("replications", "50")])) { $0.headers[.location] ?? "" }
            let second = try await client.execute(uri: "/run", method: .post, headers: Self.posting(),
                                                  body: Self.form([("csrf", "csrf-secret"), ("scenario", "desk.yaml")])) { $0.headers[.location] ?? "" }
            try await client.execute(uri: second + "/status", method: .get, headers: Self.local) { response in
                let text = Self.text(response)
                #expect(text.contains("\"state\": \"queued\""), "\(text)")
                #expect(text.contains("\"position\": 1"))
            }
            for location in [second, first] {
                try await client.execute(uri: location + "/cancel", method: .post, headers: Self.posting(), body: Self.form([("csrf", "csrf-secret")])) { response in
                    #expect(response.status == .seeOther)
                }
            }
            #expect(try await Self.finish(client, second).contains("\"state\": \"cancelled\""))
            #expect(try await Self.finish(client, first).contains("\"state\": \"cancelled\""))
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("outputs/long/summary.json").path))
        // A job recorded as running by a studio that stopped.
        let records = root.appendingPathComponent("outputs/.studio-jobs")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        try #"{"id": "abc123", "kind": "run", "scenario": "desk.yaml", "state": "running", "done": 2, "total": 9, "stage": "x", "message": "", "output": null, "created": "2026-01-01T00:00:00Z"}"#
            .write(to: records.appendingPathComponent("abc123.json"), atomically: true, encoding: .utf8)
        try await withStudio(Self.settings(root)) { client, _ in
            try await client.execute(uri: "/jobs/abc123/status", method: .get, headers: Self.local) { response in
                #expect(Self.text(response).contains("\"state\": \"interrupted\""))
            }
            try await client.execute(uri: "/", method: .get, headers: Self.local) { response in
                #expect(Self.text(response).contains("interrupted"))
            }
        }
    }

    @Test("Comparing two scenarios gives the decision view")
    func compare() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        try "extends: desk.yaml\nname: desk-two\nset:\n  stations[desk].servers: 2\n".write(to: root.appendingPathComponent("scenarios/desk-two.yaml"), atomically: true, encoding: .utf8)
        try await withStudio(Self.settings(root)) { client, _ in
            try await client.execute(uri: "/compare", method: .get, headers: Self.local) { response in
                #expect(Self.text(response).contains("desk-two.yaml"))
            }
            try await client.execute(uri: "/compare", method: .post, headers: Self.posting(), body: Self.form([("csrf", "csrf-secret"), ("scenario", "desk.yaml")])) { response in
                #expect(response.status == .badRequest)
            }
            let body = Self.form([("csrf", "csrf-secret"), ("scenario", "desk.yaml"), ("scenario", "desk-two.yaml"), ("replications", "5")])
            let location = try await client.execute(uri: "/compare", method: .post, headers: Self.posting(), body: body) { $0.headers[.location] ?? "" }
            #expect(try await Self.finish(client, location).contains("\"state\": \"finished\""))
            try await client.execute(uri: "/results/compare-desk-vs-desk-two", method: .get, headers: Self.local) { response in
                #expect(response.status == .ok)
                let page = Self.text(response)
                #expect(page.contains("desk-two against desk"))
                #expect(page.contains("Significant differences"))
                // Two servers instead of one shorten the wait: a flagged, better difference.
                #expect(page.contains("change-better"))
            }
        }
    }
}

/// The optimize route and its pages: a job with its progress page and event stream, the proposal
/// page, and the proposal saved as a variant that the CLI validates.
@Suite struct StudioOptimizeTests {
    /// Three servers against a load of up to 4.8: today's staffing misses the target by far, so the
    /// proposal always changes the staffing (with today's close to passing, whether it is kept
    /// would hang on the roster solver's time limit on a loaded machine).
    static let desk = """
        name: desk-day
        time_unit: minute
        run: {duration: 10d, warmup: 1d, replications: 4, seed: 7}
        stations:
          - id: desk
            servers:
              period: 1d
              schedule:
                - {from: "0:00", to: "8:00", servers: 0}
                - {from: "8:00", to: "17:00", servers: 3}
                - {from: "17:00", to: "24:00", servers: 0}
            service: {dist: exponential, mean: 6 min}
        arrivals:
          - to: desk
            rate_profile: {period: 1440, step: 60, rates: [0, 0, 0, 0, 0, 0, 0, 0, 0.3, 0.6, 0.8, 0.6, 0.5, 0.5, 0.4, 0.3, 0.2, 0, 0, 0, 0, 0, 0, 0]}
        """

    @Test("Optimize runs as a job with a progress page and events; the proposal page lists the changes; saving it writes a valid variant")
    func optimize() async throws {
        let root = try StudioTests.root()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.desk.write(to: root.appendingPathComponent("scenarios/desk-day.yaml"), atomically: true, encoding: .utf8)
        try await StudioTests().withStudio(StudioTests.settings(root)) { client, _ in
            // A service level outside (0, 1) and an unreadable wait are refused before any job.
            for (field, value) in [("service_level", "1.5"), ("target_wait", "soon")] {
                let body = StudioTests.form([("csrf", "csrf-secret"), ("scenario", "desk-day.yaml"), (field, value)])
                try await client.execute(uri: "/optimize", method: .post, headers: StudioTests.posting(), body: body) { response in
                    #expect(response.status == .badRequest, "\(field)=\(value)")
                }
            }
            let body = StudioTests.form([("csrf", "csrf-secret"), ("scenario", "desk-day.yaml"), ("stations", "desk"), ("target_wait", "5 min"), ("service_level", "0.8")])
            let location = try await client.execute(uri: "/optimize", method: .post, headers: StudioTests.posting(), body: body) { response in
                #expect(response.status == .seeOther)
                return response.headers[.location] ?? ""
            }
            #expect(location.hasPrefix("/jobs/"))
            try await client.execute(uri: location, method: .get, headers: StudioTests.local) { response in
                #expect(StudioTests.text(response).contains("<progress id=\"job-progress\""))
            }
            let final = try await StudioTests.finish(client, location)
            #expect(final.contains("\"state\": \"finished\""), "\(final)")
            // The stream of a finished job sends its last state once and ends.
            try await client.execute(uri: location + "/events", method: .get, headers: StudioTests.local) { response in
                #expect(response.headers[.contentType] == "text/event-stream")
                let events = StudioTests.text(response).components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }
                #expect(events.count == 1 && events[0].contains("\"state\": \"finished\""), "\(events)")
            }
            try await client.execute(uri: "/results/desk-day-optimize", method: .get, headers: StudioTests.local) { response in
                #expect(response.status == .ok)
                let page = StudioTests.text(response)
                #expect(page.contains("id=\"proposal-changes\""))
                #expect(page.contains("id=\"rules-kept\""))
                #expect(page.contains("id=\"proposal-diff\""))
            }
            let save = StudioTests.form([("csrf", "csrf-secret"), ("result", "desk-day-optimize"), ("base", "desk-day.yaml"), ("name", "desk-day-proposal")])
            try await client.execute(uri: "/variants/proposal", method: .post, headers: StudioTests.posting(), body: save) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/scenario?path=desk-day-proposal.yaml")
            }
            // Saving it again does not overwrite the first.
            try await client.execute(uri: "/variants/proposal", method: .post, headers: StudioTests.posting(), body: save) { response in
                #expect(response.status == .conflict)
            }
        }
        let variant = try String(contentsOf: root.appendingPathComponent("scenarios/desk-day-proposal.yaml"), encoding: .utf8)
        #expect(variant.contains("extends: \"desk-day.yaml\""))
        #expect(variant.contains("\"planner\": {"))
        #expect(!variant.contains("\"name\":"))
        let parsed = try Workspace(root: root).parse(variant, file: "desk-day-proposal.yaml")
        #expect(parsed.scenario.name == "desk-day-proposal")
        #expect(parsed.scenario.planner?.staffing.isEmpty == false, "\(variant)")
    }
}
