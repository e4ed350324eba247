import CYaml
import LegacyImage
import Yams

/// Bounds on a YAML document (a conda file or a rule file), checked before a tree is built.
public struct YAMLLimits: Sendable, Equatable {
    /// The largest document, in UTF-8 bytes.
    public var maxBytes: Int
    /// The deepest nesting of sequences and mappings, counting what aliases refer to.
    public var maxDepth: Int
    /// The most nodes (scalars, sequences, mappings), every alias counted as a copy of what it
    /// refers to: a "billion laughs" document of nested aliases is refused here.
    public var maxNodes: Int

    public init(maxBytes: Int = 4 << 20, maxDepth: Int = 64, maxNodes: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    /// 4 MiB, 64 levels, 100 000 nodes.
    public static let `default` = YAMLLimits()
}

/// A YAML document over a limit: where (1-based line and column) and which limit.
public struct YAMLLimitError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(line):\(column): \(message)" }
}

/// Walks a YAML document with libyaml's event parser (the one Yams composes with) and refuses
/// it when it breaks a `YAMLLimits` bound, before Yams builds (and hashes) the node tree.
/// Syntax errors are not reported here: the walk stops at the first one and leaves it to Yams,
/// whose message is the one users see.
public enum YAMLGuard {
    public static func check(_ text: String, limits: YAMLLimits) throws(YAMLLimitError) {
        let count = text.utf8.count
        guard count <= limits.maxBytes else {
            throw YAMLLimitError(line: 1, column: 1, message: tooBigMessage(count, limits))
        }
        var copy = text
        let result: YAMLLimitError? = copy.withUTF8 { buffer in
            var walker = Walker(limits: limits)
            return walker.run(buffer)
        }
        if let result { throw result }
    }

    // The limit messages, shared with the conda event reader (CondaEventReader).
    static func tooBigMessage(_ count: Int, _ limits: YAMLLimits) -> String {
        "the YAML document is \(count) bytes, more than the limit of \(limits.maxBytes) bytes (IMAGE2ENV_MAX_YAML_BYTES)"
    }

    static func tooDeepMessage(_ limits: YAMLLimits) -> String {
        "the YAML nests deeper than \(limits.maxDepth) levels (IMAGE2ENV_MAX_YAML_DEPTH)"
    }

    static func tooManyMessage(_ limits: YAMLLimits) -> String {
        "the YAML has more than \(limits.maxNodes) nodes with its aliases expanded (IMAGE2ENV_MAX_YAML_NODES)"
    }

    /// An open sequence or mapping: its expanded size and height so far, and its anchor.
    private struct Frame {
        var size = 1
        var height = 1
        var anchor: String?
    }

    private struct Walker {
        let limits: YAMLLimits
        var stack: [Frame] = []
        /// Anchor → (expanded size, height) of the node it names.
        var anchors: [String: (size: Int, height: Int)] = [:]
        var total = 0

        init(limits: YAMLLimits) { self.limits = limits }

        mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) -> YAMLLimitError? {
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }  // Yams reports it
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                let failure = { (message: String) in
                    YAMLLimitError(line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: message)
                }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    if let problem = add(size: 1, height: 0, anchor: Self.string(event.data.scalar.anchor)) {
                        return failure(problem)
                    }
                case YAML_ALIAS_EVENT:
                    // An alias to an anchor not (yet) complete is Yams' "undefined alias" error.
                    let target = Self.string(event.data.alias.anchor).flatMap { anchors[$0] } ?? (1, 0)
                    if stack.count + target.height > limits.maxDepth {
                        return failure("an alias nests the YAML deeper than \(limits.maxDepth) levels (IMAGE2ENV_MAX_YAML_DEPTH)")
                    }
                    if let problem = add(size: target.size, height: target.height, anchor: nil) { return failure(problem) }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT
                        ? Self.string(event.data.sequence_start.anchor) : Self.string(event.data.mapping_start.anchor)
                    if stack.count + 1 > limits.maxDepth {
                        return failure(YAMLGuard.tooDeepMessage(limits))
                    }
                    total += 1
                    if total > limits.maxNodes { return failure(tooMany) }
                    stack.append(Frame(anchor: anchor))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let frame = stack.popLast() else { return nil }
                    if let anchor = frame.anchor { anchors[anchor] = (frame.size, frame.height) }
                    if !stack.isEmpty {
                        stack[stack.count - 1].size += frame.size
                        stack[stack.count - 1].height = max(stack[stack.count - 1].height, frame.height + 1)
                    }
                default:
                    break
                }
            }
        }

        var tooMany: String { YAMLGuard.tooManyMessage(limits) }

        /// Adds a complete node (a scalar or an alias' expansion) to the open container.
        mutating func add(size: Int, height: Int, anchor: String?) -> String? {
            let (sum, overflow) = total.addingReportingOverflow(size)
            if overflow || sum > limits.maxNodes { return tooMany }
            total = sum
            if let anchor { anchors[anchor] = (size, height) }
            if !stack.isEmpty {
                let top = stack.count - 1
                stack[top].size = min(stack[top].size &+ size, Int.max / 2)
                stack[top].height = max(stack[top].height, height + 1)
            }
            return nil
        }

        static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            guard let pointer else { return nil }
            return String(cString: pointer)
        }
    }
}

/// A Yams error as a message and a place, never quoting the document itself (Yams' own
/// descriptions of some errors include the whole text, which may be megabytes or hold a token).
public struct YAMLErrorText: Sendable, Equatable {
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(_ error: any Error) {
        guard let error = error as? YamlError else {
            self.init(line: nil, column: nil, message: "invalid YAML")
            return
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            self.init(line: mark.line, column: mark.column, message: "invalid YAML: " + (context.map { "\($0.text) " } ?? "") + problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { quotedForMessage($0, limit: 60) }.joined(separator: ", ")
            self.init(line: context.mark.line, column: context.mark.column,
                      message: "invalid YAML: duplicate key\(duplicates.count == 1 ? "" : "s") \(keys) in a mapping")
        case .reader(let problem, let offset, _, _):
            self.init(line: nil, column: nil, message: "invalid YAML: \(problem)" + (offset.map { " at byte \($0)" } ?? ""))
        case .memory:
            self.init(line: nil, column: nil, message: "invalid YAML: out of memory")
        default:
            self.init(line: nil, column: nil, message: "invalid YAML: \(error)")
        }
    }

    init(line: Int?, column: Int?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}
