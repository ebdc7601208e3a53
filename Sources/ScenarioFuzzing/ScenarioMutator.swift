import Foundation
internal import Yams

/// A scenario file that cases are made from.
public struct FuzzSeed: Sendable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// The `.yaml` files in `directory`, by name.
    public static func files(in directory: String) throws -> [FuzzSeed] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
            return FuzzSeed(name: name, text: String(decoding: data, as: UTF8.self))
        }
    }
}

/// One case: the bytes of a scenario file, most likely broken, and how they were made.
public struct FuzzCase: Sendable {
    public var index: Int
    public var seedFile: String
    /// The mutations applied, in order, in words.
    public var mutations: [String]
    public var bytes: [UInt8]
}

/// Makes case `i` of a run from the seed files, deterministically from (seed, i).
///
/// Most cases apply one to three mutations to a seed file, each either on its YAML tree (a key
/// deleted, duplicated, renamed; a value retyped, set to an extreme number, emptied, nested deep,
/// multiplied) or on its bytes (lines deleted, duplicated or swapped; invalid UTF-8, control
/// characters, YAML syntax inserted; truncation; bit flips). The rest are made whole: alias bombs
/// (as values, as keys, through merge keys), deep nesting, binary junk.
public struct ScenarioMutator: Sendable {
    public var seeds: [FuzzSeed]
    public var seed: UInt64

    public init(seeds: [FuzzSeed], seed: UInt64) {
        precondition(!seeds.isEmpty, "the fuzzer needs at least one seed file")
        self.seeds = seeds
        self.seed = seed
    }

    public func makeCase(_ index: Int) -> FuzzCase {
        var random = FuzzRandom(seed: seed, case: index)
        let base = random.pick(seeds)
        var mutations: [String] = []
        var bytes = Array(base.text.utf8)
        if random.chance(0.1) {
            let (made, description) = Self.generated(base: base.text, &random)
            return FuzzCase(index: index, seedFile: base.name, mutations: [description], bytes: made)
        }
        let count = random.chance(0.5) ? 1 : random.chance(0.6) ? 2 : 3
        for _ in 0..<count {
            if random.chance(0.7), bytes.count < 2_000_000, let text = String(validating: bytes, as: UTF8.self),
               let (mutated, description) = Self.treeMutation(text, &random)
            {
                bytes = Array(mutated.utf8)
                mutations.append(description)
            } else {
                mutations.append(Self.byteMutation(&bytes, &random))
            }
        }
        return FuzzCase(index: index, seedFile: base.name, mutations: mutations, bytes: bytes)
    }

    // MARK: Values

    /// Keys the scenario format knows, and a few it does not.
    static let keys = [
        "name", "description", "time_unit", "run", "classes", "stations", "arrivals", "routing", "campus",
        "duration", "customers", "warmup", "replications", "seed", "sample_every",
        "id", "priority", "servers", "service", "capacity", "patience", "discipline", "period", "schedule",
        "from", "to", "to ", "class", "rate", "interarrival", "rate_profile", "rate_function", "batch", "step",
        "rates", "base", "amplitude", "dist", "mean", "value", "min", "max", "mode", "k", "shape", "scale", "sd",
        "values", "weights", "p", "<<", "exit", "default", "Stations", "durations", "", "x",
    ]

    /// Numbers at and past the edges: zero, negative, huge, tiny, not finite, past Int and UInt64.
    static let numbers = [
        "0", "-0", "-1", "1", "0.5", "-0.5", "1e-9", "4.9e-324", "1e-300", "1e300", "-1e300", "1.7976931348623157e308",
        "1e309", ".nan", ".NaN", ".inf", "-.inf", "+.inf", "2147483648", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551615", "18446744073709551616", "99999999999999999999999999",
        "1e12", "1e7", "1000000", "1000001", "0x7fffffffffffffff", "0o17", "1_000", "8:30", "190:20:30", "0.1e1",
        "1e9 w", "0 min", "-5 min", "1e300 h", "5 parsecs", "infinite", "exit", "default", "true", "~", "''",
    ]

    /// Values of every YAML type, to put where another type belongs.
    static func retyped(_ random: inout FuzzRandom) -> (Node, String) {
        switch random.below(13) {
        case 0: return (Node("a string"), "a string")
        case 1: return (Node("true", .implicit, .plain), "a boolean")
        case 2: return (Node("~", .implicit, .plain), "null")
        case 3: return (Node([(Node, Node)]()), "an empty map")
        case 4: return (Node([Node]()), "an empty list")
        case 5: return (Node([(Node("x"), Node("1", .implicit, .plain))]), "a map")
        case 6: return (Node([Node("1", .implicit, .plain), Node("2", .implicit, .plain)]), "a list")
        case 7: return (Node(String(repeating: "long ", count: 4000)), "a 20000-character string")
        case 8: return (Node("Ünïcødé ✓ \u{1F600}"), "a non-ASCII string")
        case 9:
            let hidden = random.pick(["\u{7}", "\u{1B}[2J", "\u{7F}", "\u{85}", "\u{202E}", "\u{2066}"])
            return (Node("desk" + hidden), "a string with a control or bidirectional formatting character")
        case 10:
            let path = random.pick(["../../../x/thesis", "/tmp/owned", "a/b", "..", ".", "a\\b", "desk\u{0}x"])
            return (Node(path), "a name with a path separator or a dot name")
        case 11:
            let formula = random.pick(["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "=1+1"])
            return (Node(formula), "a name with a formula prefix")
        default: return (Node(""), "an empty string")
        }
    }

    // MARK: Tree mutations

    /// A mutation of the YAML tree of `text`, or `nil` when `text` is not YAML that Yams can compose.
    static func treeMutation(_ text: String, _ random: inout FuzzRandom) -> (String, String)? {
        guard let root = try? Yams.compose(yaml: text) else { return nil }
        let all = preorder(root)
        let maps = all.indices.filter { if case .mapping(let m) = all[$0] { return !m.isEmpty } else { return false } }
        let lists = all.indices.filter { if case .sequence(let s) = all[$0] { return !s.isEmpty } else { return false } }
        let scalars = all.indices.filter { if case .scalar = all[$0] { return true } else { return false } }
        var description = ""
        var target = random.below(all.count)
        let transform: (Node) -> Node
        var choice = random.below(15)
        if maps.isEmpty, [0, 1, 2, 10].contains(choice) { choice = 3 }
        if scalars.isEmpty, [4, 5].contains(choice) { choice = 3 }
        if lists.isEmpty, [6, 8].contains(choice) { choice = 3 }
        switch choice {
        case 0, 1, 2:
            target = random.pick(maps)
            guard case .mapping(let mapping) = all[target] else { return nil }
            var pairs = Array(mapping.map { ($0.key, $0.value) })
            let i = random.below(pairs.count)
            let key = pairs[i].0.string ?? "?"
            switch choice {
            case 0:
                pairs.remove(at: i)
                description = "deleted key '\(key)'"
            case 1:
                pairs.insert(pairs[i], at: random.below(pairs.count + 1))
                description = "duplicated key '\(key)'"
            default:
                let renamed = random.chance(0.5) ? random.pick(keys) : typo(key, &random)
                pairs[i].0 = Node(renamed)
                description = "renamed key '\(key)' to '\(renamed)'"
            }
            transform = { _ in Node(pairs, mapping.tag, mapping.style) }
        case 3:
            let (value, what) = retyped(&random)
            description = "replaced a value with \(what)"
            transform = { _ in value }
        case 4, 5:
            target = random.pick(scalars)
            let number = random.pick(numbers)
            description = "set '\(all[target].string ?? "")' to \(number)"
            transform = { _ in Node(number, .implicit, .plain) }
        case 6:
            target = random.pick(lists)
            description = "emptied a list"
            transform = { _ in Node([Node]()) }
        case 7:
            let depth = random.pick([2, 8, 63, 64, 65, 200])
            let asMaps = random.chance(0.5)
            description = "nested a value \(depth) deep in \(asMaps ? "maps" : "lists")"
            transform = { node in
                (0..<depth).reduce(node) { inner, _ in asMaps ? Node([(Node("x"), inner)]) : Node([inner]) }
            }
        case 8:
            target = random.pick(lists)
            let copies = random.pick([2, 3, 100, 2001, 12000])
            description = "repeated a list's first item \(copies) times"
            transform = { node in
                guard case .sequence(let sequence) = node, let first = sequence.first else { return node }
                return Node(Array(repeating: first, count: copies) + Array(sequence.dropFirst()))
            }
        case 11, 12, 13:
            // A plausible change of a number: most such cases stay valid and run.
            let numeric = scalars.filter { Double(all[$0].string ?? "") != nil }
            guard !numeric.isEmpty else { return nil }
            target = random.pick(numeric)
            let old = Double(all[target].string ?? "") ?? 1
            let factor = random.pick([0.0, 0.1, 0.5, 0.99, 1.01, 2.0, 10.0, 1000.0, -1.0])
            let new = old * factor
            let text = new == new.rounded() && abs(new) < 1e15 ? String(Int(new)) : String(new)
            description = "scaled \(all[target].string ?? "") by \(factor) to \(text)"
            transform = { _ in Node(text, .implicit, .plain) }
        case 14:
            // An extreme value for one parameter of a distribution (a map with `dist`).
            let distributions = maps.filter { index in
                guard case .mapping(let m) = all[index] else { return false }
                return m.contains { $0.key.string == "dist" } && m.contains { $0.key.string != "dist" && $0.value.scalar != nil }
            }
            guard let chosen = distributions.isEmpty ? nil : random.pick(distributions),
                  case .mapping(let mapping) = all[chosen] else { return nil }
            target = chosen
            var pairs = Array(mapping.map { ($0.key, $0.value) })
            let parameters = pairs.indices.filter { pairs[$0].0.string != "dist" && pairs[$0].1.scalar != nil }
            let i = random.pick(parameters)
            let extreme = random.pick(["4.9e-324", "1e-300", "1e-12", "1e9", "1.0000001e9", "1e300", "1.7976931348623157e308", "-1e-300"])
            description = "set the distribution parameter '\(pairs[i].0.string ?? "")' to \(extreme)"
            pairs[i].1 = Node(extreme, .implicit, .plain)
            transform = { _ in Node(pairs, mapping.tag, mapping.style) }
        case 9:
            let other = random.below(all.count)
            let replacement = all[other]
            description = "copied one value over another"
            transform = { _ in replacement }
        default:
            target = random.pick(maps)
            let key = random.pick(keys)
            let (value, what) = random.chance(0.5) ? (Node(random.pick(numbers), .implicit, .plain), "a number") : retyped(&random)
            description = "added key '\(key)' with \(what)"
            transform = { node in
                guard case .mapping(let mapping) = node else { return node }
                return Node(Array(mapping.map { ($0.key, $0.value) }) + [(Node(key), value)], mapping.tag, mapping.style)
            }
        }
        if description.isEmpty { return nil }
        var counter = 0
        let mutated = replacing(root, at: target, counter: &counter, with: transform)
        guard let text = try? Yams.serialize(node: mutated) else { return nil }
        return (text, description)
    }

    /// Every node, parents before children, keys before values.
    static func preorder(_ root: Node) -> [Node] {
        var result: [Node] = []
        var pending = [root]
        while let node = pending.popLast() {
            result.append(node)
            switch node {
            case .mapping(let mapping): pending += mapping.flatMap { [$0.key, $0.value] }.reversed()
            case .sequence(let sequence): pending += sequence.reversed()
            default: break
            }
        }
        return result
    }

    /// `node` with its `target`-th node (in `preorder` order, counting from `counter`) replaced by
    /// `transform` of it.
    static func replacing(_ node: Node, at target: Int, counter: inout Int, with transform: (Node) -> Node) -> Node {
        let index = counter
        counter += 1
        if index == target { return transform(node) }
        guard index < target else { return node }
        switch node {
        case .mapping(let mapping):
            var pairs: [(Node, Node)] = []
            for (key, value) in mapping {
                let newKey = replacing(key, at: target, counter: &counter, with: transform)
                pairs.append((newKey, replacing(value, at: target, counter: &counter, with: transform)))
            }
            return Node(pairs, mapping.tag, mapping.style)
        case .sequence(let sequence):
            return Node(sequence.map { replacing($0, at: target, counter: &counter, with: transform) }, sequence.tag, sequence.style)
        default:
            return node
        }
    }

    /// `word` with one letter dropped, doubled, swapped with the next, or changed.
    static func typo(_ word: String, _ random: inout FuzzRandom) -> String {
        var letters = Array(word)
        guard !letters.isEmpty else { return "x" }
        let i = random.below(letters.count)
        switch random.below(4) {
        case 0: letters.remove(at: i)
        case 1: letters.insert(letters[i], at: i)
        case 2 where i + 1 < letters.count: letters.swapAt(i, i + 1)
        default: letters[i] = random.pick(Array("abcdefghijklmnopqrstuvwxyz_ -ABC"))
        }
        return String(letters)
    }

    // MARK: Byte mutations

    static let tokens = [
        " &a ", " *a ", "*a", "&a [*a, *a]", "!!str ", "!!int ", "!!float ", "!!map ", "!custom ", "? ", "|\n", ">\n",
        "{", "}", "[", "]", ",", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "<<: *a\n", "<<: 1\n",
        "\"", "'", "#", ": ", "- ", "\t", "\\", "\u{FEFF}", "\r", "\r\n", "\u{2028}", "@", "`",
    ]

    /// One mutation of the file's bytes, in words.
    static func byteMutation(_ bytes: inout [UInt8], _ random: inout FuzzRandom) -> String {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        let position = bytes.isEmpty ? 0 : random.below(bytes.count + 1)
        func join() { bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")])) }
        switch random.below(10) {
        case 0 where lines.count > 1:
            let i = random.below(lines.count)
            lines.remove(at: i)
            join()
            return "deleted line \(i + 1)"
        case 1:
            let i = random.below(lines.count)
            lines.insert(lines[i], at: i)
            join()
            return "duplicated line \(i + 1)"
        case 2 where lines.count > 1:
            let i = random.below(lines.count), j = random.below(lines.count)
            lines.swapAt(i, j)
            join()
            return "swapped lines \(i + 1) and \(j + 1)"
        case 3:
            let junk: [UInt8] = random.pick([[0xFF], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                             [0x00], [0x1B], [0x07], [0x7F], [0xFE, 0xFF]])
            bytes.insert(contentsOf: junk, at: position)
            return "inserted bytes \(junk.map { String($0, radix: 16) }) at \(position)"
        case 4:
            let token = random.pick(tokens)
            bytes.insert(contentsOf: Array(token.utf8), at: position)
            return "inserted \(token.debugDescription) at \(position)"
        case 5:
            bytes.removeSubrange(position...)
            return "truncated at byte \(position)"
        case 6 where !bytes.isEmpty:
            let i = random.below(bytes.count)
            bytes[i] ^= UInt8(1) << UInt8(random.below(8))
            return "flipped a bit of byte \(i)"
        case 7:
            let i = random.below(lines.count)
            if random.chance(0.5) {
                lines[i].insert(contentsOf: Array(repeating: UInt8(ascii: " "), count: 1 + random.below(3)), at: 0)
            } else {
                lines[i].removeFirst(Swift.min(lines[i].count, 1 + random.below(3)))
            }
            join()
            return "changed the indentation of line \(i + 1)"
        case 8:
            // A number in the text, replaced as text (inside flow maps, too).
            guard let start = bytes.indices.dropFirst(position).first(where: { (0x30...0x39).contains(bytes[$0]) })
                ?? bytes.indices.first(where: { (0x30...0x39).contains(bytes[$0]) })
            else { return byteMutation(&bytes, &random) }
            var end = start
            while end < bytes.count, (0x30...0x39).contains(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            let number = random.pick(numbers)
            bytes.replaceSubrange(start..<end, with: Array(number.utf8))
            return "replaced a number in the text with \(number)"
        default:
            let count = 1 + random.below(16)
            let junk = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes.insert(contentsOf: junk, at: position)
            return "inserted \(count) random bytes at \(position)"
        }
    }

    // MARK: Whole files

    /// A file made whole: alias bombs, deep nesting, binary junk, nearly empty files.
    static func generated(base: String, _ random: inout FuzzRandom) -> ([UInt8], String) {
        switch random.below(9) {
        case 0, 1, 2:
            let width = 2 + random.below(9), depth = 3 + random.below(10)
            var lines = ["x0: &x0 [\(Array(repeating: "lol", count: width).joined(separator: ", "))]"]
            for level in 1...depth {
                lines.append("x\(level): &x\(level) [\(Array(repeating: "*x\(level - 1)", count: width).joined(separator: ", "))]")
            }
            let top = "*x\(depth)"
            let (use, how) = [("bomb: {\(top) : 1}", "as a mapping key"), ("bomb: {<<: [\(top), \(top)]}", "through a merge key"),
                              ("bomb: \(top)", "as a value"), ("? \(top)\n: 1", "as a top-level key")][random.below(4)]
            let text = lines.joined(separator: "\n") + "\n" + use + "\n" + (random.chance(0.5) ? base : "")
            return (Array(text.utf8), "alias bomb \(width)^\(depth) \(how)")
        case 3:
            let depth = random.pick([64, 65, 999, 1000, 5000, 100_000])
            let text = "run: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n" + base
            return (Array(text.utf8), "flow lists nested \(depth) deep")
        case 4:
            let depth = random.pick([63, 65, 300])
            let text = (0..<depth).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n") + " 1\n"
            return (Array(text.utf8), "block maps nested \(depth) deep")
        case 5:
            let depth = random.pick([10, 70, 1400])
            var lines = ["x0: &x0 [lol]"]
            for level in 1..<depth { lines.append("x\(level): &x\(level) [*x\(level - 1)]") }
            return (Array(lines.joined(separator: "\n").utf8), "alias chain \(depth) deep")
        case 6:
            let count = random.below(4097)
            return ((0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }, "\(count) random bytes")
        case 7:
            let text = random.pick(["", " ", "\n\n", "\u{FEFF}", "~", "---", "--- |\n  text", "[]", "{}", "-", ":", "null", "0"])
            return (Array(text.utf8), "the file \(text.debugDescription)")
        default:
            // The seed as JSON-like flow text, cut anywhere.
            let cut = random.below(base.utf8.count + 1)
            return (Array(base.utf8.prefix(cut)), "the first \(cut) bytes")
        }
    }
}
