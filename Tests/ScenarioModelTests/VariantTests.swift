import ScenarioModel
import Testing

/// Variant files (`extends:` with `set:`): the base with only the listed fields changed, validated
/// as one scenario, errors located in the file that wrote them, and loops and escapes refused.
@Suite struct VariantTests {
    static let base = """
        name: desk
        run: {duration: 100, replications: 3}
        stations:
          - {id: desk, servers: 1, service: {dist: exponential, mean: 1}}
        arrivals:
          - {to: desk, rate: 0.5}
        """

    /// Parses `text` as `/s/<file>` with the files of `tree` readable, inside the boundary `/s`.
    static func parse(_ text: String, file: String = "variant.yaml", tree: [String: String]) throws(ScenarioErrors) -> Scenario {
        let read: ScenarioVariant.Reader = { path, location throws(ScenarioErrors) in
            guard let text = tree[path] else { throw ScenarioErrors([Diagnostic(.error, at: location, path: "extends", "no such file \(path)")]) }
            return text
        }
        let stem = String(file.split(separator: "/").last!.split(separator: ".").first!)
        return try ScenarioParser.parse(text, file: "/s/" + file, defaultName: stem, overrides: [], boundary: "/s", read: read).scenario
    }

    static func errors(_ text: String, file: String = "variant.yaml", tree: [String: String]) -> [String] {
        do {
            let scenario = try parse(text, file: file, tree: tree)
            Issue.record("expected errors, parsed \(scenario.name)")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test("A variant is its base with the set fields changed, under its own name")
    func appliesChanges() throws {
        let variant = """
            extends: base.yaml
            name: two-desks
            set:
              stations[desk].servers: 2
              run.replications: 5
            """
        let scenario = try Self.parse(variant, tree: ["/s/base.yaml": Self.base])
        #expect(scenario.name == "two-desks")
        #expect(scenario.stations.first?.servers == .fixed(2))
        #expect(scenario.run.replications == 5)
        #expect(ScenarioVariant.isVariant(variant))
        #expect(!ScenarioVariant.isVariant(Self.base))
    }

    @Test("Without a name the variant's file stem names it, not the base's name")
    func stemNames() throws {
        let scenario = try Self.parse("extends: base.yaml\nset:\n  stations[desk].servers: 3\n", file: "three.yaml", tree: ["/s/base.yaml": Self.base])
        #expect(scenario.name == "three")
        #expect(scenario.stations.first?.servers == .fixed(3))
    }

    @Test("An invalid changed value is an error at the variant's line; one of the base at the base's")
    func locatesErrorsInBothFiles() {
        let variant = "extends: base.yaml\nset:\n  stations[desk].servers: -1\n"
        let inVariant = Self.errors(variant, tree: ["/s/base.yaml": Self.base])
        #expect(inVariant.count == 1)
        #expect(inVariant.first?.hasPrefix("/s/variant.yaml:3:3: error: stations[desk].servers:") == true, "\(inVariant)")
        let badBase = Self.base.replacingOccurrences(of: "rate: 0.5", with: "rate: -2")
        let inBase = Self.errors("extends: base.yaml\nset:\n  stations[desk].servers: 2\n", tree: ["/s/base.yaml": badBase])
        #expect(inBase == ["/s/base.yaml:6:22: error: arrivals[0].rate: must be greater than 0, found -2"])
    }

    @Test("A path that names nothing, an unknown key and a missing extends are located errors")
    func badVariantFiles() {
        let tree = ["/s/base.yaml": Self.base]
        let nothing = Self.errors("extends: base.yaml\nset:\n  stations[counter].servers: 2\n", tree: tree)
        #expect(nothing.count == 1 && nothing[0].hasPrefix("/s/variant.yaml:3:3: error: stations[counter].servers: names nothing"), "\(nothing)")
        let unknown = Self.errors("extends: base.yaml\nsets: {}\n", tree: tree)
        #expect(unknown == ["/s/variant.yaml:2:1: error: sets: a variant file holds only extends, name, description, set; did you mean 'set'?"])
        let missing = Self.errors("extends: nowhere.yaml\n", tree: tree)
        #expect(missing == ["/s/variant.yaml:1:10: error: extends: no such file /s/nowhere.yaml"])
    }

    @Test("A chain applies the base's variant first and this file's changes last")
    func chains() throws {
        let tree = [
            "/s/base.yaml": Self.base,
            "/s/more/b.yaml": "extends: ../base.yaml\nset:\n  stations[desk].servers: 2\n  run.replications: 7\n",
        ]
        let scenario = try Self.parse("extends: b.yaml\nset:\n  stations[desk].servers: 4\n", file: "more/c.yaml", tree: tree)
        #expect(scenario.stations.first?.servers == .fixed(4))
        #expect(scenario.run.replications == 7)
        #expect(scenario.name == "c")
    }

    @Test("A loop and a base outside the scenarios' tree are refused")
    func loopsAndEscapes() {
        let tree = ["/s/a.yaml": "extends: b.yaml\nset: {run.replications: 2}\n", "/s/b.yaml": "extends: a.yaml\nset: {run.replications: 3}\n"]
        let loop = Self.errors("extends: b.yaml\nset: {run.replications: 2}\n", file: "a.yaml", tree: tree)
        #expect(loop.count == 1 && loop[0].hasPrefix("/s/b.yaml:1:10: error: extends: 'a.yaml' leads back to /s/a.yaml"), "\(loop)")
        let outside = Self.errors("extends: ../etc/base.yaml\n", tree: ["/etc/base.yaml": Self.base])
        #expect(outside.count == 1 && outside[0].contains("is outside the scenarios' directory /s"), "\(outside)")
        let absolute = Self.errors("extends: /s/base.yaml\n", tree: ["/s/base.yaml": Self.base])
        #expect(absolute == ["/s/variant.yaml:1:10: error: extends: '/s/base.yaml' is an absolute path; name the base relative to the variant's directory"])
    }

    @Test("The boundary is the nearest enclosing scenarios directory, else the file's own")
    func boundary() {
        #expect(ScenarioVariant.defaultBoundary(for: "/r/scenarios/sub/v.yaml") == "/r/scenarios")
        #expect(ScenarioVariant.defaultBoundary(for: "/r/elsewhere/v.yaml") == "/r/elsewhere")
    }
}
