import Foundation
import Planner

/// Damaged copies of the files onestop reads back that someone else may have written: optimize
/// journals (checked in process) and shards (checked through the binary, `BinaryCheck`).
public enum DamagedFiles {
    /// A journal of a few entries damaged by one to three byte mutations (lines deleted, duplicated
    /// or swapped, bytes flipped, truncation, junk) and read back. The promise: the damage is refused
    /// by its line, or what is read back holds only entries exactly as they were written (a last line
    /// cut short is left out). Returns the damage done and the broken promises.
    public static func checkJournal(case index: Int, seed: UInt64) -> (damage: String, problems: [String]) {
        var random = FuzzRandom(seed: seed ^ 0x6A6F_7572_6E61_6C00, case: index)
        let inputs = String(random.next(), radix: 16)
        let candidates: [Double] = [0, 1, 0.25, 3, 17, 1e300, -1, .nan, .infinity, 4.9e-324, 0.1 + 0.2]
        var written: [String: [Double]] = [:]
        var text = "# onestop optimize journal/2; inputs \(inputs)\n"
        for entry in 0..<(1 + random.below(6)) {
            let key = "rooms \(entry),\(random.below(100)) replications 0..<\(1 + random.below(9))"
            let values = (0..<random.below(8)).map { _ in random.pick(candidates) }
            written[key] = values
            text += SearchJournal.line(key: key, values: values, inputs: inputs)
        }
        var bytes = Array(text.utf8)
        var damage: [String] = []
        for _ in 0..<(1 + random.below(3)) { damage.append(ScenarioMutator.byteMutation(&bytes, &random)) }
        let damaged = String(decoding: bytes, as: UTF8.self)
        guard let body = damaged.firstIndex(of: "\n").map({ damaged[damaged.index(after: $0)...] }) else {
            return (damage.joined(separator: "; "), [])
        }
        var problems: [String] = []
        do {
            let read = try SearchJournal.entries(from: body, inputs: inputs)
            for (key, values) in read {
                guard let original = written[key] else {
                    problems.append("the journal read back an entry never written: \(key.prefix(80))")
                    continue
                }
                if original.map(\.bitPattern) != values.map(\.bitPattern) {
                    problems.append("the journal read back \(key.prefix(80)) with other values: \(values.prefix(8))")
                }
            }
        } catch {
            if error.line < 1 || error.reason.isEmpty { problems.append("a damaged journal was refused without its line: \(error)") }
        }
        return (damage.joined(separator: "; "), problems)
    }

    /// `bytes` of a shard file damaged once: a byte flipped, cut short, a number replaced by an
    /// extreme one, or a line deleted; the damage in words.
    static func damagedShard(_ bytes: [UInt8], _ random: inout FuzzRandom) -> ([UInt8], String) {
        var out = bytes
        switch random.below(4) {
        case 0 where !out.isEmpty:
            let i = random.below(out.count)
            out[i] ^= UInt8(1 << random.below(8))
            return (out, "flipped a bit of byte \(i)")
        case 1 where !out.isEmpty:
            let n = random.below(out.count)
            return (Array(out.prefix(n)), "cut short at \(n) bytes")
        case 2:
            let text = String(decoding: out, as: UTF8.self)
            let digits = text.indices.filter { text[$0].isNumber }
            guard let at = digits.isEmpty ? nil : random.pick(digits) else { return (out, "unchanged") }
            let extreme = random.pick(["1e300", "-1", "nan", "9", "1.7976931348623157e308", "0"])
            var changed = text
            changed.replaceSubrange(at...at, with: extreme)
            return (Array(changed.utf8), "replaced a digit with \(extreme)")
        default:
            var lines = out.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            guard lines.count > 1 else { return (out, "unchanged") }
            let i = random.below(lines.count)
            lines.remove(at: i)
            out = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            return (out, "deleted line \(i + 1)")
        }
    }
}
