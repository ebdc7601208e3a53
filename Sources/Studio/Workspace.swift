import Foundation
import Interchange
import OutputFiles
import ScenarioModel

/// The files the studio may touch: scenario files under the root's `scenarios/` and result
/// directories under its `outputs/`. A path that leaves them (an absolute path, `..`, a hidden
/// name) or passes through a symbolic link is refused before any file is opened.
struct Workspace: Sendable {
    let root: URL

    var scenariosDirectory: URL { root.appendingPathComponent("scenarios", isDirectory: true) }
    var outputsDirectory: URL { root.appendingPathComponent("outputs", isDirectory: true) }

    /// Why a path was refused, in words a planner reads.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// Largest scenario file read or written, in bytes.
    static let maximumScenarioBytes = 1 << 20

    /// The scenario file at `relative` (such as `campus-baseline.yaml` or `sweeps/x.yaml`) under `scenarios/`.
    func scenarioURL(_ relative: String, mustExist: Bool = true) throws(Refusal) -> URL {
        let parts = try Self.components(relative)
        guard let last = parts.last, [".yaml", ".yml", ".json"].contains(where: { last.hasSuffix($0) }) else {
            throw Refusal(description: "'\(relative)' is not a scenario file: its name ends in .yaml, .yml or .json")
        }
        return try Self.checked(base: scenariosDirectory, parts, mustExist: mustExist)
    }

    /// The result directory `name` (one name, no slashes) under `outputs/`.
    func outputURL(_ name: String, mustExist: Bool = true) throws(Refusal) -> URL {
        let parts = try Self.components(name)
        guard parts.count == 1 else { throw Refusal(description: "'\(name)' is not a result name") }
        return try Self.checked(base: outputsDirectory, parts, mustExist: mustExist)
    }

    /// A result file of the directory `name`: only the files its `.onestop` marker lists.
    func resultFile(_ name: String, _ file: String) throws(Refusal) -> URL {
        let directory = try outputURL(name)
        guard FileName.problem(file) == nil, !file.hasPrefix("."), !file.contains("/") else { throw Refusal(description: "'\(file)' is not a result file") }
        guard OutputDirectory(path: directory.path).listedFiles()?.contains(file) == true else {
            throw Refusal(description: "\(name) has no result file '\(file)'")
        }
        return try Self.checked(base: outputsDirectory, [name, file], mustExist: true)
    }

    /// The path split at `/`, each part checked.
    private static func components(_ relative: String) throws(Refusal) -> [String] {
        guard !relative.isEmpty, relative.utf8.count <= 1024 else { throw Refusal(description: "the path is empty or too long") }
        guard !relative.hasPrefix("/"), !relative.contains("\\"), !relative.contains("\0") else {
            throw Refusal(description: "'\(relative)' is not a path under the root (absolute paths are refused)")
        }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for part in parts {
            guard !part.isEmpty, part != ".", part != "..", !part.hasPrefix(".") else {
                throw Refusal(description: "'\(relative)' leaves the root's scenarios/ and outputs/ (paths with '..', '.' or hidden names are refused)")
            }
            if let problem = FileName.problem(part) { throw Refusal(description: "'\(relative)': the name \(problem)") }
        }
        return parts
    }

    /// `base` joined with `parts`, refused when any step (the base included) is a symbolic link.
    private static func checked(base: URL, _ parts: [String], mustExist: Bool) throws(Refusal) -> URL {
        var url = base
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw Refusal(description: "\(base.lastPathComponent)/ is missing or is not a directory")
        }
        for (i, part) in parts.enumerated() {
            url.appendPathComponent(part)
            guard lstat(url.path, &info) == 0 else {
                if mustExist || i < parts.count - 1 { throw Refusal(description: "no such file: \(base.lastPathComponent)/\(parts[...i].joined(separator: "/"))") }
                return url
            }
            let type = info.st_mode & S_IFMT
            if type == S_IFLNK { throw Refusal(description: "\(base.lastPathComponent)/\(parts[...i].joined(separator: "/")) is a symbolic link; the studio does not follow links") }
            if i < parts.count - 1, type != S_IFDIR { throw Refusal(description: "\(parts[...i].joined(separator: "/")) is not a directory") }
            if i == parts.count - 1, type != S_IFREG, type != S_IFDIR { throw Refusal(description: "\(parts.joined(separator: "/")) is not a regular file") }
        }
        return url
    }

    /// The text of a scenario file, at most `maximumScenarioBytes`, UTF-8.
    func readScenario(_ relative: String) throws(Refusal) -> String {
        try Self.readText(try scenarioURL(relative), label: relative)
    }

    static func readText(_ url: URL, label: String) throws(Refusal) -> String {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw Refusal(description: "\(label) is not a regular file") }
        guard Int(info.st_size) <= maximumScenarioBytes else { throw Refusal(description: "\(label) holds \(info.st_size) bytes; the studio reads at most \(maximumScenarioBytes)") }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(validating: data, as: UTF8.self) else {
            throw Refusal(description: "cannot read \(label) as UTF-8 text")
        }
        return text
    }

    /// Parses `text` as the scenario file `relative` (a variant's bases read through the same checks),
    /// exactly as `onestop run` validates a file.
    func parse(_ text: String, file relative: String, overrides: [FieldOverride] = []) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [Diagnostic]) {
        let stem = URL(fileURLWithPath: relative).deletingPathExtension().lastPathComponent
        let file = scenariosDirectory.appendingPathComponent(relative).path
        return try ScenarioParser.parse(text, file: file, defaultName: stem, overrides: overrides, boundary: scenariosDirectory.path, read: baseReader)
    }

    /// The whole scenario a file stands for, as YAML: the file itself, or for a variant its base with
    /// the changes written in (comments and layout of the base are not kept in this text).
    func resolvedText(_ text: String, file relative: String) throws(ScenarioErrors) -> String {
        guard ScenarioVariant.isVariant(text) else { return text }
        let file = scenariosDirectory.appendingPathComponent(relative).path
        let resolved = try ScenarioVariant.resolve(text, file: file, boundary: scenariosDirectory.path, read: baseReader)
        return try ScenarioParser.text(resolved.baseText, file: resolved.baseFile, applying: resolved.overrides)
    }

    /// Reads a variant's base through the same checks as any scenario file.
    var baseReader: ScenarioVariant.Reader {
        { path, location throws(ScenarioErrors) in
            let prefix = scenariosDirectory.path + "/"
            guard path.hasPrefix(prefix) else {
                throw ScenarioErrors([Diagnostic(.error, at: location, path: "extends", "the base \(path) is outside scenarios/")])
            }
            do {
                return try readScenario(String(path.dropFirst(prefix.count)))
            } catch {
                throw ScenarioErrors([Diagnostic(.error, at: location, path: "extends", "the base: \(error)")])
            }
        }
    }

    /// A path under the root as the pages show it (`scenarios/x.yaml`).
    func shown(_ path: String) -> String {
        path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path
    }

    /// Every scenario file under `scenarios/` (links and hidden names skipped), by relative path.
    func scenarioFiles() -> [String] {
        var found: [String] = []
        func walk(_ url: URL, _ prefix: String, depth: Int) {
            guard depth < 4, let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = url.appendingPathComponent(name)
                var info = stat()
                guard lstat(child.path, &info) == 0 else { continue }
                let type = info.st_mode & S_IFMT
                if type == S_IFDIR { walk(child, prefix + name + "/", depth: depth + 1) }
                else if type == S_IFREG, name.hasSuffix(".yaml") || name.hasSuffix(".yml") { found.append(prefix + name) }
            }
        }
        walk(scenariosDirectory, "", depth: 0)
        return found
    }

    /// Every result directory under `outputs/` of a run, a comparison or an optimization.
    func resultNames() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: outputsDirectory.path) else { return [] }
        return names.sorted().filter { name in
            guard !name.hasPrefix("."), let url = try? outputURL(name) else { return false }
            let listed = OutputDirectory(path: url.path).listedFiles() ?? []
            return listed.contains("summary.json") || listed.contains("compare.json") || listed.contains("optimize.json")
        }
    }

    /// Writes `text` to the scenario file `relative` whole or not at all (a temporary file renamed into place).
    func writeScenario(_ relative: String, text: String, replace: Bool) throws -> URL {
        let url = try scenarioURL(relative, mustExist: false)
        if !replace, FileManager.default.fileExists(atPath: url.path) {
            throw Refusal(description: "scenarios/\(relative) exists; choose another name")
        }
        let (temporary, fd) = try OutputDirectory.createTemporary(besides: url.path)
        do {
            try OutputDirectory.writeWhole(Data(text.utf8), to: fd, path: temporary)
            guard rename(temporary, url.path) == 0 else { throw Refusal(description: "cannot write scenarios/\(relative): \(String(cString: strerror(errno)))") }
            Interruption.unregister(temporaryFile: temporary)
        } catch {
            unlink(temporary)
            Interruption.unregister(temporaryFile: temporary)
            throw error
        }
        return url
    }
}
