/// A small YAML document for the v2 files (environment, endpoint, deployment): block mappings
/// and sequences of strings, numbers and booleans, written with the same emitter as the
/// environment files. Strings that YAML 1.1 or 1.2 readers would take for another type are
/// quoted; lines are never folded.
public indirect enum YAMLNode: Sendable, Equatable {
    /// A string (quoted when it would read back as something else).
    case string(String)
    /// A number or boolean written as is (`2`, `0.5`, `true`).
    case plain(String)
    /// A block mapping, in order.
    case mapping([Entry])
    /// A block sequence.
    case sequence([YAMLNode])

    /// One key of a mapping.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: YAMLNode
        public init(_ key: String, _ value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    public static func int(_ value: Int64) -> YAMLNode { .plain(String(value)) }
    public static func bool(_ value: Bool) -> YAMLNode { .plain(value ? "true" : "false") }

    /// The document's text (a mapping at the top level; ends with a line break).
    public var text: String {
        var e = RuamelEmitter(bestWidth: Int.max, readers: .yaml11And12)
        write(&e, indent: 0, afterIndicator: false)
        e.finish()
        return String(e.output)
    }

    func write(_ e: inout RuamelEmitter, indent: Int, afterIndicator: Bool) {
        switch self {
        case .string(let text):
            e.writeScalar(text, indent: indent + 2)
        case .plain(let text):
            if !e.whitespace { e.append(" ") }
            e.append(text)
            e.column += text.unicodeScalars.count
            e.whitespace = false
            e.indention = false
        case .mapping(let entries):
            if entries.isEmpty {
                e.writeEmptyFlow("{}")
                return
            }
            let inner = afterIndicator ? indent + 2 : indent
            for entry in entries {
                e.writeKey(entry.key, indent: inner)
                entry.value.write(&e, indent: inner, afterIndicator: true)
            }
        case .sequence(let items):
            if items.isEmpty {
                e.writeEmptyFlow("[]")
                return
            }
            for item in items {
                e.writeSequenceDash(indent: indent)
                item.write(&e, indent: indent + 2, afterIndicator: false)
            }
        }
    }
}
