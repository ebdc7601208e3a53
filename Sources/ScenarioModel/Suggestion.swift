/// "Did you mean" suggestions for names that are close to a known one.
public enum Suggestion {
    /// The known name closest to `text` by edit distance, ignoring case, when it is close enough to be a
    /// likely typo: at most 2 edits, or at most a third of the name's length, and never a whole rewrite;
    /// else the only name that `text` abbreviates (`prio` for `priority`).
    public static func closest(to text: String, among candidates: [String]) -> String? {
        typo(of: text, among: candidates) ?? abbreviated(text, among: candidates)
    }

    private static func abbreviated(_ text: String, among candidates: [String]) -> String? {
        let typed = text.lowercased()
        let longer = candidates.filter { typed.count >= 3 && $0.lowercased().hasPrefix(typed) }
        return longer.count == 1 ? longer.first : nil
    }

    private static func typo(of text: String, among candidates: [String]) -> String? {
        let typed = Array(text.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let known = Array(candidate.lowercased())
            let distance = editDistance(typed, known)
            let allowed = max(2, known.count / 3)
            guard distance <= allowed, distance < min(typed.count, known.count) || distance == 0 else { continue }
            if best == nil || distance < best?.distance ?? .max { best = (candidate, distance) }
        }
        return best?.name
    }

    /// A message for a name that is not one of `candidates`: a suggestion, or the list when it is short.
    public static func unknown(_ what: String, _ text: String, among candidates: [String]) -> String {
        "unknown \(what) '\(text)'" + hint(for: text, among: candidates)
    }

    /// `; did you mean 'x'?` or `; expected one of: a, b, c`, or nothing when neither helps.
    public static func hint(for text: String, among candidates: [String]) -> String {
        if let name = closest(to: text, among: candidates) { return "; did you mean '\(name)'?" }
        if candidates.isEmpty || candidates.count > 12 { return "" }
        return "; expected one of: " + candidates.joined(separator: ", ")
    }

    /// Levenshtein distance: the fewest insertions, deletions and substitutions turning `a` into `b`.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
