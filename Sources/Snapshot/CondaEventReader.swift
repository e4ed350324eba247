import CYaml

/// Reads a conda file straight from libyaml's event stream into a `CondaSpec`, in one pass that
/// also enforces `YAMLLimits` (the checks and messages of `YAMLGuard`), without building a
/// Yams node tree.
///
/// It handles the plain common case only: a mapping at the root, untagged plain or quoted
/// scalars, sequences and mappings without anchors. On anything else (an anchor, an alias, a
/// tag, a merge key, a duplicate or non-scalar key, a libyaml error, an empty stream, a second
/// document, a value of the wrong type, ...) it answers `.fallback` and the caller runs the Yams
/// path, whose result (value or error) is then the one users see. So the two paths give the same
/// answer for every input: a spec read here is the spec the Yams path reads, and a limit error
/// reported here is the first one `YAMLGuard.check` finds, at the same place.
enum CondaEventReader {
    enum Outcome: Equatable {
        case spec(CondaSpec)
        case limit(YAMLLimitError)
        /// Not a case this reader takes; the Yams path decides.
        case fallback
    }

    /// `text` without a byte order mark (`CondaSpec.parse` strips it).
    static func read(_ text: String, limits: YAMLLimits) -> Outcome {
        let count = text.utf8.count
        guard count <= limits.maxBytes else {
            return .limit(YAMLLimitError(line: 1, column: 1, message: YAMLGuard.tooBigMessage(count, limits)))
        }
        var copy = text
        return copy.withUTF8 { buffer in
            var reader = Reader(limits: limits)
            return reader.run(buffer)
        }
    }

    private enum Stop: Error {
        case fallback
        case limit(YAMLLimitError)
    }

    private struct Reader {
        let limits: YAMLLimits
        var parser = yaml_parser_t()
        var event = yaml_event_t()
        /// Open sequences and mappings.
        var depth = 0
        /// Nodes so far (scalars, sequences, mappings), as `YAMLGuard` counts them.
        var total = 0

        init(limits: YAMLLimits) { self.limits = limits }

        mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Outcome {
            guard yaml_parser_initialize(&parser) == 1 else { return .fallback }
            defer {
                yaml_event_delete(&event)
                yaml_parser_delete(&parser)
            }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)  // as Yams' Parser (.utf8)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            do throws(Stop) {
                return .spec(try document())
            } catch {
                switch error {
                case .fallback: return .fallback
                case .limit(let limit): return .limit(limit)
                }
            }
        }

        /// The next event, checked against the limits; `.fallback` on what this reader leaves to Yams.
        mutating func next() throws(Stop) -> yaml_event_type_t {
            yaml_event_delete(&event)
            guard yaml_parser_parse(&parser, &event) == 1 else { throw .fallback }
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.anchor == nil, scalar.tag == nil else { throw .fallback }
                if scalar.length >= 3, let value = scalar.value, value[0] == 0xEF, value[1] == 0xBB, value[2] == 0xBF {
                    // Yams reads scalars with String(bytes:encoding:), which drops a leading BOM.
                    throw .fallback
                }
                if scalar.style == YAML_PLAIN_SCALAR_STYLE, scalar.length == 2, let value = scalar.value,
                   value[0] == UInt8(ascii: "<"), value[1] == UInt8(ascii: "<") {
                    throw .fallback  // a merge key (resolved by Yams' resolver)
                }
                total += 1
                if total > limits.maxNodes { throw limit(YAMLGuard.tooManyMessage(limits)) }
            case YAML_ALIAS_EVENT:
                throw .fallback
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if event.type == YAML_SEQUENCE_START_EVENT {
                    guard event.data.sequence_start.anchor == nil, event.data.sequence_start.tag == nil else { throw .fallback }
                } else {
                    guard event.data.mapping_start.anchor == nil, event.data.mapping_start.tag == nil else { throw .fallback }
                }
                if depth + 1 > limits.maxDepth { throw limit(YAMLGuard.tooDeepMessage(limits)) }
                total += 1
                if total > limits.maxNodes { throw limit(YAMLGuard.tooManyMessage(limits)) }
                depth += 1
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                depth -= 1
            default:
                break
            }
            return event.type
        }

        func limit(_ message: String) -> Stop {
            .limit(YAMLLimitError(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1, message: message))
        }

        /// The current event's scalar text, as Yams reads it.
        func scalarText() -> String {
            let scalar = event.data.scalar
            return String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
        }

        mutating func expect(_ type: yaml_event_type_t) throws(Stop) {
            guard try next() == type else { throw .fallback }
        }

        mutating func document() throws(Stop) -> CondaSpec {
            try expect(YAML_STREAM_START_EVENT)
            try expect(YAML_DOCUMENT_START_EVENT)  // not an empty stream
            try expect(YAML_MAPPING_START_EVENT)
            var spec = CondaSpec()
            var keys = Set<String>()
            while true {
                let type = try next()
                if type == YAML_MAPPING_END_EVENT { break }
                guard type == YAML_SCALAR_EVENT else { throw .fallback }
                let key = scalarText()
                guard keys.insert(key).inserted else { throw .fallback }
                switch key {
                case "name":
                    try expect(YAML_SCALAR_EVENT)
                    spec.name = scalarText()
                case "channels":
                    spec.channels = try strings()
                case "dependencies":
                    try expect(YAML_SEQUENCE_START_EVENT)
                    while true {
                        let item = try next()
                        if item == YAML_SEQUENCE_END_EVENT { break }
                        if item == YAML_SCALAR_EVENT {
                            spec.condaPackages.append(scalarText())
                        } else if item == YAML_MAPPING_START_EVENT {
                            // A mapping of one key, "pip", whose value is a list of strings.
                            try expect(YAML_SCALAR_EVENT)
                            guard scalarText() == "pip" else { throw .fallback }
                            for line in try strings() {
                                if line.hasPrefix("-") { spec.pipOptions.append(line) } else { spec.pipPackages.append(line) }
                            }
                            try expect(YAML_MAPPING_END_EVENT)
                        } else {
                            throw .fallback
                        }
                    }
                default:
                    spec.otherKeys.append(key)
                    try skip(try next())
                }
            }
            try expect(YAML_DOCUMENT_END_EVENT)
            try expect(YAML_STREAM_END_EVENT)  // a single document
            return spec
        }

        /// A sequence of scalars (the next node).
        mutating func strings() throws(Stop) -> [String] {
            try expect(YAML_SEQUENCE_START_EVENT)
            var out: [String] = []
            while true {
                let type = try next()
                if type == YAML_SEQUENCE_END_EVENT { return out }
                guard type == YAML_SCALAR_EVENT else { throw .fallback }
                out.append(scalarText())
            }
        }

        /// Skips the node that starts with the current event (of `type`), checking its mappings
        /// for duplicate keys as Yams does.
        mutating func skip(_ type: yaml_event_type_t) throws(Stop) {
            switch type {
            case YAML_SCALAR_EVENT:
                return
            case YAML_SEQUENCE_START_EVENT:
                while true {
                    let item = try next()
                    if item == YAML_SEQUENCE_END_EVENT { return }
                    try skip(item)
                }
            case YAML_MAPPING_START_EVENT:
                var keys = Set<String>()
                while true {
                    let key = try next()
                    if key == YAML_MAPPING_END_EVENT { return }
                    guard key == YAML_SCALAR_EVENT, keys.insert(scalarText()).inserted else { throw .fallback }
                    try skip(try next())
                }
            default:
                throw .fallback
            }
        }
    }
}
