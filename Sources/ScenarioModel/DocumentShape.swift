// CYaml is Yams' own libyaml target, not one of its products (Yams 6 exports only `Yams`), so
// Package.swift cannot name it: the import resolves because SwiftPM builds it for Yams. Yams' public
// API gives composed nodes only, and composing is what this pre-scan must run before.
internal import CYaml

/// The size and depth of a YAML document with its aliases expanded, measured from the parser's
/// events before the document is composed into nodes.
///
/// Composing is where a hostile document does its harm: Yams hashes every mapping key to find
/// duplicates, so a key that is an alias of an alias of ... ("billion laughs") takes exponential
/// time, and a document nested a hundred thousand levels deep overflows the stack of the recursive
/// composer. Events come from libyaml's parser, which keeps its own explicit stack; this walk keeps
/// one number per anchor, so it runs in time linear in the text and stops at the first value past a
/// limit.
enum DocumentShape {
    /// The first place where a document passes a limit.
    struct Excess: Equatable {
        enum Kind: Equatable {
            /// More values than `maximumValues`, aliases expanded.
            case values
            /// Nested deeper than `maximumDepth`, aliases expanded.
            case depth
        }

        var kind: Kind
        /// 1-based, as Yams reports marks.
        var line: Int
        var column: Int
    }

    /// The first excess in `text`, or `nil` when the document is within both limits or is not
    /// well-formed YAML (composing then reports the syntax error where it is).
    ///
    /// - Complexity: O(n) in the length of `text`.
    static func firstExcess(in text: String, maximumValues: Int, maximumDepth: Int) -> Excess? {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> Excess? in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var walk = Walk(maximumValues: maximumValues, maximumDepth: maximumDepth)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let excess = walk.take(event) { return excess }
            }
        }
    }

    /// The running count over the events of a stream.
    private struct Walk {
        /// An open sequence or map: the count before it started, the height of its tallest child so
        /// far, and its anchor.
        struct Open {
            var countBefore: Int
            var tallestChild: Int
            var anchor: String?
        }

        let maximumValues: Int
        let maximumDepth: Int
        /// Values so far, every alias counted as the values it stands for.
        var count = 0
        var open: [Open] = []
        /// Size and height of each anchored value; a later anchor of the same name replaces it, as
        /// it does for aliases that follow.
        var anchors: [String: (size: Int, height: Int)] = [:]

        init(maximumValues: Int, maximumDepth: Int) {
            self.maximumValues = maximumValues
            self.maximumDepth = maximumDepth
        }

        mutating func take(_ event: yaml_event_t) -> Excess? {
            let mark = event.start_mark
            func excess(_ kind: Excess.Kind) -> Excess {
                Excess(kind: kind, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
            }
            switch event.type {
            case YAML_SCALAR_EVENT:
                count += 1
                if let anchor = Self.string(event.data.scalar.anchor) { anchors[anchor] = (1, 1) }
                return add(height: 1, excess)
            case YAML_ALIAS_EVENT:
                // An undefined alias counts as one value; composing reports it.
                let target = Self.string(event.data.alias.anchor).flatMap { anchors[$0] } ?? (1, 1)
                count += target.size
                return add(height: target.height, excess)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? Self.string(event.data.sequence_start.anchor) : Self.string(event.data.mapping_start.anchor)
                open.append(Open(countBefore: count, tallestChild: 0, anchor: anchor))
                count += 1
                if count > maximumValues { return excess(.values) }
                if open.count > maximumDepth { return excess(.depth) }
                return nil
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { return nil }
                let height = closed.tallestChild + 1
                if let anchor = closed.anchor { anchors[anchor] = (count - closed.countBefore, height) }
                return add(height: height, excess)
            default:
                return nil
            }
        }

        /// Records a finished child of `height` in the innermost open value, checking both limits.
        private mutating func add(height: Int, _ excess: (Excess.Kind) -> Excess) -> Excess? {
            if count > maximumValues { return excess(.values) }
            if open.count + height > maximumDepth { return excess(.depth) }
            if !open.isEmpty { open[open.count - 1].tallestChild = max(open[open.count - 1].tallestChild, height) }
            return nil
        }

        private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
    }
}
