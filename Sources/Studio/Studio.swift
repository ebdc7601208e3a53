import CampusModel
import Synchronization
import Foundation
import Hummingbird
import Logging
import Interchange
import OutputFiles
import Reports
import ScenarioModel

/// `onestop serve`: the web layer over the engine, planner and reports — routes, jobs and pages.
/// It calls the libraries (never the binary) and reads and writes the same files as the CLI.
public final class Studio: Sendable {
    public let settings: StudioSettings
    let workspace: Workspace
    let jobs: JobQueue
    /// The port the server listens on, once bound (`--port 0` picks one).
    let listening = ListeningPort()

    public init(settings: StudioSettings) {
        self.settings = settings
        self.workspace = Workspace(root: settings.root)
        self.jobs = JobQueue(capacity: settings.concurrentJobs, maximumQueued: settings.maximumQueuedJobs,
                             recordDirectory: settings.root.appendingPathComponent("outputs/.studio-jobs", isDirectory: true))
    }

    /// The application listening on the settings' host and port; `onServerRunning` is told the port.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "onestop"),
                    onServerRunning: { channel in
                        let port = channel.localAddress?.port ?? 0
                        self.listening.set(port)
                        await onServerRunning(port)
                    },
                    logger: Self.logger)
    }

    /// The server's own log: warnings and errors only (the terminal shows the address, not each start-up step).
    private static var logger: Logger {
        var logger = Logger(label: "onestop.studio")
        logger.logLevel = .warning
        return logger
    }

    /// Every route, behind `RequestGuard`.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestGuard(settings: settings, listening: listening))
        router.get("/") { _, _ in self.html(HomePage.render(self.workspace, jobs: self.jobs.all, csrf: self.settings.csrfToken)) }
        router.get("/assets/studio.css") { _, _ in Self.asset(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/icon.svg") { _, _ in Self.asset(Assets.icon, type: "image/svg+xml") }
        router.get("/favicon.ico") { _, _ in Self.asset(Assets.icon, type: "image/svg+xml") }
        router.get("/assets/studio.js") { _, _ in Self.asset(Assets.js, type: "text/javascript; charset=utf-8") }
        router.get("/scenario") { request, _ in try self.scenarioPage(request) }
        router.post("/api/validate") { request, _ in try await self.validate(request) }
        router.post("/scenario/save") { request, _ in try await self.saveScenario(request) }
        router.post("/variants") { request, _ in try await self.saveVariant(request) }
        router.post("/variants/proposal") { request, _ in try await self.saveProposalVariant(request) }
        router.post("/run") { request, _ in try await self.startRun(request) }
        router.post("/optimize") { request, _ in try await self.startOptimize(request) }
        router.get("/jobs/:id") { _, context in try self.jobPage(context.parameters.require("id")) }
        router.get("/jobs/:id/events") { _, context in try self.jobEvents(context.parameters.require("id")) }
        router.get("/jobs/:id/status") { _, context in try self.jobStatus(context.parameters.require("id")) }
        router.post("/jobs/:id/cancel") { _, context in try self.cancel(context.parameters.require("id")) }
        router.get("/results/:name") { _, context in try self.resultsPage(context.parameters.require("name")) }
        router.get("/results/:name/notebook") { _, context in try self.notebook(context.parameters.require("name")) }
        router.get("/outputs/:name/:file") { _, context in try self.resultFile(context.parameters.require("name"), context.parameters.require("file")) }
        router.get("/compare") { request, _ in try self.comparePage(request) }
        router.post("/compare") { request, _ in try await self.startCompare(request) }
        return router
    }

    // MARK: Responses

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: value.rendered())))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A refusal as a page (a path outside the root, a bad form), with its reason escaped.
    func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        html(HTML.page(title: "Refused", csrf: settings.csrfToken, body: "<h1>That cannot be done</h1><p class=\"error\" id=\"problem\">\(HTML.escape(message))</p><p><a href=\"/\">Back to the scenarios</a></p>"), status: status)
    }

    static func form(_ request: Request) async throws -> Form {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 22)
        return Form(String(buffer: body))
    }

    // MARK: Scenario pages

    func scenarioPage(_ request: Request) throws -> Response {
        guard let relative = request.uri.queryParameters["path"].map(String.init) else { return problem(.badRequest, "Name a scenario: /scenario?path=FILE") }
        let text: String
        do { text = try workspace.readScenario(relative) } catch { return problem(.notFound, error.description) }
        let parsed: Result<(scenario: Scenario, warnings: [Diagnostic]), ScenarioErrors>
        do { parsed = .success(try workspace.parse(text, file: relative)) } catch { parsed = .failure(error) }
        return html(ScenarioPage.render(relative: relative, text: text, parsed: parsed, csrf: settings.csrfToken))
    }

    /// The diagnostics of a scenario text, each with its file (as the page names it), line and column.
    func diagnostics(_ text: String, file relative: String) -> [Diagnostic] {
        do {
            let (scenario, warnings) = try workspace.parse(text, file: relative)
            do {
                return warnings + (try CampusCompiler.compile(scenario)).warnings
            } catch { return warnings + error.diagnostics }
        } catch {
            return error.diagnostics
        }
    }

    func diagnosticsJSON(_ diagnostics: [Diagnostic]) -> JSONValue {
        .object([
            ("valid", .bool(!diagnostics.contains { $0.severity == .error })),
            ("diagnostics", .array(diagnostics.map { d in
                .object([("severity", .string(d.severity.rawValue)), ("file", .string(workspace.shown(d.location.file))),
                         ("line", JSONValue(d.location.line)), ("column", JSONValue(d.location.column)),
                         ("path", .string(d.path)), ("message", .string(d.message)), ("text", .string(d.description.replacingOccurrences(of: workspace.root.path + "/", with: "")))])
            })),
        ])
    }

    /// `POST /api/validate?path=FILE` with the scenario's text as the body: its diagnostics as JSON.
    func validate(_ request: Request) async throws -> Response {
        let relative = request.uri.queryParameters["path"].map(String.init) ?? "scenario.yaml"
        do { _ = try workspace.scenarioURL(relative, mustExist: false) } catch { return Self.json(.object([("error", .string(error.description))]), status: .badRequest) }
        var request = request
        let body = try await request.collectBody(upTo: Workspace.maximumScenarioBytes)
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            return Self.json(.object([("error", .string("the text is not UTF-8"))]), status: .badRequest)
        }
        return Self.json(diagnosticsJSON(diagnostics(text, file: relative)))
    }

    /// Saves the YAML editor's text over the file, only when it validates as the CLI would.
    func saveScenario(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        guard let relative = form["scenario"], let text = form["text"] else { return problem(.badRequest, "The form lacks the scenario or its text.") }
        guard text.utf8.count <= Workspace.maximumScenarioBytes else { return problem(.contentTooLarge, "The text is larger than \(Workspace.maximumScenarioBytes) bytes.") }
        do { _ = try workspace.scenarioURL(relative) } catch { return problem(.forbidden, error.description) }
        let found = diagnostics(text, file: relative)
        if found.contains(where: { $0.severity == .error }) {
            return Self.json(diagnosticsJSON(found), status: .unprocessableContent)
        }
        do { _ = try workspace.writeScenario(relative, text: text, replace: true) } catch { return problem(.forbidden, "\(error)") }
        return Self.redirect("/scenario?path=\(HTML.query(relative))")
    }

    /// Writes a variant file naming its base and only the changed fields, after validating it.
    func saveVariant(_ request: Request) async throws -> Response {
        try await saveVariant(try await Self.form(request))
    }

    func saveVariant(_ form: Form) async throws -> Response {
        guard let base = form["base"], let name = form["name"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            return problem(.badRequest, "The form lacks the base scenario or the variant's name.")
        }
        guard name.range(of: "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,80}$", options: .regularExpression) != nil, !name.hasSuffix(".") else {
            return problem(.badRequest, "A variant's name uses letters, digits, '_', '-' and '.' (at most 81 characters).")
        }
        do { _ = try workspace.scenarioURL(base) } catch { return problem(.forbidden, error.description) }
        let directory = (base as NSString).deletingLastPathComponent
        let relative = directory.isEmpty ? "\(name).yaml" : "\(directory)/\(name).yaml"
        let assignments = (form["set"] ?? "").split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !assignments.isEmpty else { return problem(.badRequest, "Nothing was changed: change a field or the grid first.") }
        var lines: [(path: String, value: String)] = []
        for assignment in assignments {
            do {
                let override = try FieldOverride(assignment: assignment)
                lines.append((override.path.description, override.value.description))
            } catch {
                return problem(.badRequest, "'\(assignment)': \(error.message)")
            }
        }
        let text = VariantText.render(base: (base as NSString).lastPathComponent, name: name, description: form["description"], changes: lines)
        let found = diagnostics(text, file: relative)
        if found.contains(where: { $0.severity == .error }) {
            return html(HTML.page(title: "Variant not saved", csrf: settings.csrfToken,
                                  body: "<h1>The variant does not validate</h1><ul class=\"diagnostics\" id=\"problem\">" + found.map { "<li>\(HTML.escape($0.description))</li>" }.joined() + "</ul><pre>\(HTML.escape(text))</pre>"),
                        status: .unprocessableContent)
        }
        do { _ = try workspace.writeScenario(relative, text: text, replace: false) } catch { return problem(.conflict, "\(error)") }
        return Self.redirect("/scenario?path=\(HTML.query(relative))")
    }

    // MARK: Jobs

    func startRun(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        guard let relative = form["scenario"] else { return problem(.badRequest, "The form lacks the scenario.") }
        do { _ = try workspace.scenarioURL(relative) } catch { return problem(.forbidden, error.description) }
        let replications = form["replications"].flatMap { Int($0) }
        if let replications, !(1...100_000).contains(replications) { return problem(.badRequest, "Replications must be from 1 to 100000.") }
        let seed = form["seed"].flatMap { UInt64($0) }
        do {
            let job = try jobs.submit(kind: .run, scenario: relative, replications: replications, seed: seed, work: RunWork.work(workspace, version: settings.version))
            return Self.redirect("/jobs/\(job.id)")
        } catch {
            return problem(.serviceUnavailable, "\(error)")
        }
    }

    func startOptimize(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        guard let relative = form["scenario"] else { return problem(.badRequest, "The form lacks the scenario.") }
        do { _ = try workspace.scenarioURL(relative) } catch { return problem(.forbidden, error.description) }
        let targetWait = form["target_wait"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let serviceLevel = form["service_level"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let serviceLevel, Double(serviceLevel).map({ $0 > 0 && $0 < 1 }) != true {
            return problem(.badRequest, "The service level is a share between 0 and 1 (such as 0.8), not '\(serviceLevel)'.")
        }
        if let targetWait, PlannerSettings.duration(targetWait, in: .second).map({ $0 > 0 }) != true {
            return problem(.badRequest, "The target wait is a duration such as 15 min, not '\(targetWait)'.")
        }
        let stations = (form["stations"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let options = OptimizeWork.Options(stations: stations, targetWait: targetWait, serviceLevel: serviceLevel.flatMap(Double.init))
        do {
            let job = try jobs.submit(kind: .optimize, scenario: relative, replications: nil, seed: nil, work: OptimizeWork.work(workspace, options: options, version: settings.version))
            return Self.redirect("/jobs/\(job.id)")
        } catch {
            return problem(.serviceUnavailable, "\(error)")
        }
    }

    func findJob(_ id: String) throws -> Job {
        guard let job = jobs.job(id) else { throw HTTPError(.notFound, message: "no such job") }
        return job
    }

    func jobPage(_ id: String) throws -> Response {
        guard let job = jobs.job(id) else { return problem(.notFound, "There is no job \(id).") }
        return html(JobPage.render(job, position: jobs.position(of: job), workspace: workspace, csrf: settings.csrfToken))
    }

    func jobStatus(_ id: String) throws -> Response {
        let job = try findJob(id)
        var value = (try? JSONValue.parse(job.json)) ?? .null
        if case .object(var entries) = value, let position = jobs.position(of: job) {
            entries.append(("position", JSONValue(position)))
            value = .object(entries)
        }
        return Self.json(value)
    }

    /// Server-sent events: the job's state whenever it changes, until it ends.
    func jobEvents(_ id: String) throws -> Response {
        let job = try findJob(id)
        let queue = jobs
        let body = ResponseBody { writer in
            var last = ""
            while true {
                var event = job.json
                if let position = queue.position(of: job) { event = String(event.dropLast()) + ",\"position\":\(position)}" }
                if event != last {
                    try await writer.write(ByteBuffer(string: "data: \(event)\n\n"))
                    last = event
                }
                let state = job.snapshot.state
                if state != .queued && state != .running { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    func cancel(_ id: String) throws -> Response {
        let job = try findJob(id)
        job.requestCancel()
        jobs.record(job)
        return Self.redirect("/jobs/\(job.id)")
    }

    // MARK: Results

    func resultsPage(_ name: String) throws -> Response {
        let directory: OutputDirectory
        do { directory = OutputDirectory(path: try workspace.outputURL(name).path) } catch { return problem(.notFound, error.description) }
        let files = directory.listedFiles() ?? []
        if files.contains("compare.json") {
            guard let text = try? directory.readResult("compare.json"), let document = try? JSONValue.parse(text) else {
                return problem(.conflict, "\(name)'s compare.json cannot be read.")
            }
            return html(ResultsPage.comparison(name: name, document: document, files: files, csrf: settings.csrfToken))
        }
        if files.contains("optimize.json") {
            guard let text = try? directory.readResult("optimize.json"), let document = try? JSONValue.parse(text) else {
                return problem(.conflict, "\(name)'s optimize.json cannot be read.")
            }
            let summary = ((try? directory.readResult("summary.txt")) ?? nil) ?? ""
            let proposal = ((try? directory.readResult("proposal.yaml")) ?? nil) ?? ""
            let scenario = ((try? directory.readResult("scenario.txt")) ?? nil)?.trimmingCharacters(in: .whitespacesAndNewlines)
            var original = ""
            if let scenario, let text = try? workspace.readScenario(scenario) { original = (try? workspace.resolvedText(text, file: scenario)) ?? text }
            func body(_ text: String) -> String {   // without the leading comment block, which differs by design
                text.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("#") || $0.isEmpty }.joined(separator: "\n")
            }
            return html(ResultsPage.optimize(name: name, document: document, summary: summary, diff: LineDiff.html(from: body(original), to: body(proposal)),
                                             scenario: scenario, files: files, csrf: settings.csrfToken))
        }
        guard let summary = ResultSummary.read(workspace, name) else { return problem(.notFound, "\(name) holds no readable summary.json.") }
        return html(ResultsPage.render(name: name, summary: summary, files: files, csrf: settings.csrfToken))
    }

    /// Saves an optimization's proposal as a variant of the scenario it optimized: every change the
    /// proposal makes (optimize.json's `changes`), each as one overridden field.
    func saveProposalVariant(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        guard let result = form["result"], let base = form["base"], let name = form["name"] else { return problem(.badRequest, "The form lacks the result, the base or the name.") }
        let changes: [JSONValue]
        let planner: String?
        do {
            let directory = OutputDirectory(path: try workspace.outputURL(result).path)
            guard let text = try directory.readResult("optimize.json"), let document = try? JSONValue.parse(text) else { return problem(.notFound, "\(result) holds no readable optimize.json.") }
            changes = document["changes"]?.items ?? []
            let proposal = try directory.readResult("proposal.yaml") ?? ""
            planner = (try? ScenarioParser.value(at: FieldPath(parsing: "planner"), in: proposal, file: "proposal.yaml").value).map { $0.description }
        } catch { return problem(.notFound, "\(error)") }
        // Every changed field but the name (the variant names itself), and the proposal's planner:
        // section, which holds the counters' staffing.
        var lines = changes.compactMap { c -> String? in
            guard let path = c["path"]?.text, path != "name", let to = c["to"]?.text else { return nil }
            return "\(path)=\(to)"
        }
        if let planner { lines.append("planner=\(planner)") }
        guard !lines.isEmpty else { return problem(.unprocessableContent, "The proposal changes nothing: the scenario already meets its targets at least cost.") }
        var fields = Form("")
        fields.fields = [("base", base), ("name", name), ("description", "The proposal of optimize (\(result)): \(lines.count) change\(lines.count == 1 ? "" : "s")."),
                         ("set", lines.joined(separator: "\n"))]
        return try await saveVariant(fields)
    }

    func notebook(_ name: String) throws -> Response {
        do {
            let directory = try workspace.outputURL(name)
            guard let text = try OutputDirectory(path: directory.path).readResult("summary.json") else { return problem(.notFound, "\(name) holds no summary.json.") }
            let notebook = Notebook.ipynb(try Notebook.Run(summaryJSON: text), resultsPath: "outputs/\(name)", exporterVersion: settings.version)
            return Response(status: .ok, headers: [.contentType: "application/x-ipynb+json", .contentDisposition: "attachment; filename=\"\(name).ipynb\""],
                            body: .init(byteBuffer: ByteBuffer(string: notebook)))
        } catch {
            return problem(.notFound, "\(error)")
        }
    }

    /// A result file as written (only files the directory's marker lists); HTML files are sandboxed.
    func resultFile(_ name: String, _ file: String) throws -> Response {
        let url: URL
        do { url = try workspace.resultFile(name, file) } catch { return problem(.notFound, error.description) }
        guard let text = try? OutputDirectory(path: url.deletingLastPathComponent().path).readResult(file) else {
            return problem(.conflict, "\(file) does not match the other results of \(name); run again.")
        }
        let type = file.hasSuffix(".html") ? "text/html; charset=utf-8" : file.hasSuffix(".json") || file.hasSuffix(".ipynb") ? "application/json; charset=utf-8"
            : file.hasSuffix(".csv") ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8"
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        if file.hasSuffix(".html") {
            headers[.contentSecurityPolicy] = "sandbox allow-scripts; default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The port a server bound, handed from its start to the request checks.
final class ListeningPort: Sendable {
    private let value = Mutex<Int?>(nil)
    func set(_ port: Int) { value.withLock { $0 = port } }
    var port: Int? { value.withLock { $0 } }
}

extension String {
    /// nil for an empty string (a form field left blank).
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
