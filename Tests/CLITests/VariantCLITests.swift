import Foundation
import Testing

/// `onestop run variant.yaml`: a variant file runs its base with its changes, as `--set` would,
/// and its errors are located in the file that wrote them.
@Suite struct VariantCLITests {
    static let base = """
        name: desk
        run: {duration: 200, replications: 3, seed: 5}
        stations:
          - {id: desk, servers: 1, service: {dist: exponential, mean: 1}}
        arrivals:
          - {to: desk, rate: 0.6}
        """

    /// A temporary root holding scenarios/base.yaml and scenarios/<name> with `variant`.
    static func files(_ variant: String, named name: String = "two.yaml") throws -> (root: URL, variant: URL) {
        let root = CLITests.temporaryDirectory()
        let scenarios = root.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        try base.write(to: scenarios.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        let file = scenarios.appendingPathComponent(name)
        try variant.write(to: file, atomically: true, encoding: .utf8)
        return (root, file)
    }

    @Test("A variant runs as its base with --set, under its own name")
    func runsLikeSet() throws {
        let (root, variant) = try Self.files("extends: base.yaml\nname: two-desks\nset:\n  stations[desk].servers: 2\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let viaVariant = root.appendingPathComponent("out-variant"), viaSet = root.appendingPathComponent("out-set")
        let a = try CLITests.onestop(["run", variant.path, "--out", viaVariant.path, "--quiet"])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try CLITests.onestop(["run", root.appendingPathComponent("scenarios/base.yaml").path, "--out", viaSet.path, "--quiet",
                                      "--set", "stations[desk].servers=2", "--set", "name=two-desks"])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(try CLITests.contents(viaVariant, "replications.csv") == CLITests.contents(viaSet, "replications.csv"))
        let summary = try JSONSerialization.jsonObject(with: CLITests.contents(viaVariant, "summary.json")) as? [String: Any]
        #expect(summary?["scenario"] as? String == "two-desks")
        // The base's text is untouched.
        #expect(try String(contentsOf: root.appendingPathComponent("scenarios/base.yaml"), encoding: .utf8) == Self.base)
    }

    @Test("validate locates a bad change in the variant and a loop at its extends, exit 2")
    func locatesErrors() throws {
        let (root, variant) = try Self.files("extends: base.yaml\nset:\n  stations[desk].servers: -3\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let bad = try CLITests.onestop(["validate", variant.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("\(variant.path):3:3: error: stations[desk].servers:"), "\(bad.stderr)")
        let loop = root.appendingPathComponent("scenarios/loop.yaml")
        try "extends: loop.yaml\nset: {run.replications: 2}\n".write(to: loop, atomically: true, encoding: .utf8)
        let looped = try CLITests.onestop(["validate", loop.path])
        #expect(looped.status == 2)
        #expect(looped.stderr.contains("loop.yaml:1:10: error: extends: 'loop.yaml' leads back to"), "\(looped.stderr)")
        let outside = root.appendingPathComponent("scenarios/out.yaml")
        try "extends: ../base.yaml\n".write(to: outside, atomically: true, encoding: .utf8)
        let escaped = try CLITests.onestop(["validate", outside.path])
        #expect(escaped.status == 2)
        #expect(escaped.stderr.contains("is outside the scenarios' directory"), "\(escaped.stderr)")
    }
}
