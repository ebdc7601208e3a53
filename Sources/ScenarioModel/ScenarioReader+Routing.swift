internal import Yams

extension ScenarioReader {
    /// The `routing:` map from station id to branches, or to a map from class id to branches.
    ///
    /// A class that a per-class entry leaves out leaves the network after service there, as a station
    /// without any entry does.
    mutating func routing(_ node: Node, at path: FieldPath) -> [Routing] {
        let errorsBefore = errorCount
        defer { if errorCount > errorsBefore { referencesIntact = false } }
        guard let fields = entries(of: node, at: path, expecting: "a map from station ids to routes") else { return [] }
        var routes: [Routing] = []
        for entry in fields.entries {
            let entryPath = path.key(entry.key)
            let from = stationReference(entry.keyNode, at: entryPath)
            let branches = routeBranches(entry.value, at: entryPath)
            if let from, let branches {
                routes.append(Routing(from: from, branches: branches, location: location(of: entry.keyNode)))
            }
        }
        return routes
    }

    private mutating func routeBranches(_ node: Node, at path: FieldPath) -> ClassSpecific<[Routing.Branch]>? {
        guard case .mapping = node else {
            guard case .sequence = node else {
                error(at: node, path, "expected a list of {to, p} branches, or a map from class ids to such lists, found \(describe(node))")
                return nil
            }
            return branches(node, at: path).map { .all($0) }
        }
        guard let fields = entries(of: node, at: path) else { return nil }
        if fields.entries.contains(where: { ["to", "p"].contains($0.key) && !classIds.contains($0.key) }) {
            error(at: node, path, "expected a list of {to, p} branches, found a single map; write it as a list: [{to: ..., p: ...}]")
            return nil
        }
        var perClass: [(classId: String, value: [Routing.Branch])] = []
        var complete = true
        for entry in fields.entries {
            let entryPath = path.key(entry.key)
            let classId = classReference(entry.keyNode, at: entryPath)
            let branches = branches(entry.value, at: entryPath)
            if let classId, let branches { perClass.append((classId, branches)) } else { complete = false }
        }
        if fields.entries.isEmpty {
            error(at: node, path, "expected a list of {to, p} branches, or a map from class ids to such lists, found an empty map")
            complete = false
        }
        return complete ? .perClass(perClass) : nil
    }

    /// `[{to, p}]`, with probabilities from 0 to 1 that add up to 1.
    private mutating func branches(_ node: Node, at path: FieldPath) -> [Routing.Branch]? {
        guard let nodes = list(node, at: path, of: "{to, p} branches") else { return nil }
        let branches = nodes.enumerated().map { index, node in branch(node, at: path.index(index)) }
        let read = branches.compactMap { $0 }
        guard read.count == branches.count else { return nil }
        let sum = read.reduce(0) { $0 + $1.probability }
        guard abs(sum - 1) <= 1e-9 else {
            let shown = (sum * 1e12).rounded() / 1e12
            error(at: node, path, "probabilities add up to \(formatted(shown)), not 1")
            return nil
        }
        return read
    }

    private mutating func branch(_ node: Node, at path: FieldPath) -> Routing.Branch? {
        guard let fields = fields(of: node, at: path, keys: ["to", "p"]) else { return nil }
        // The outer optional is "read or not"; the inner `nil` is `exit`.
        var destination: String?? = nil
        if let toNode = required(fields, "to"), let id = text(toNode, at: path.key("to")) {
            if id == "exit" {
                destination = .some(nil)
            } else if stationIdSet.contains(id) {
                destination = .some(id)
            } else if stationsRead {
                error(at: toNode, path.key("to"), unknownStation(id, orExit: true))
            }
        }
        var probability = required(fields, "p").flatMap { number($0, at: path.key("p")) }
        if let p = probability, !(0...1).contains(p), let pNode = fields["p"] {
            error(at: pNode, path.key("p"), "must be from 0 to 1, found \(formatted(p))")
            probability = nil
        }
        guard let destination, let probability else { return nil }
        return Routing.Branch(to: destination, probability: probability)
    }
}
