import Yams

/// What PyYAML reads and writes, for the bodies azure-ai-ml builds from YAML files: an
/// environment's `condaFile` is `yaml.dump(yaml.safe_load(conda_file), sort_keys=True)`.
extension YAMLNode {
    /// Why a YAML document cannot be read the way `yaml.safe_load` reads it (for what we
    /// reproduce: strings, nulls, booleans, decimal integers, mappings with string keys, sequences).
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// `text` as PyYAML's `safe_load` sees it: quoted scalars and plain ones its resolvers leave
    /// alone are strings; plain `null`/`~`/empty, booleans and decimal integers keep the form
    /// `yaml.dump` gives them. Floats, timestamps and other integer notations are refused, as
    /// are non-string keys.
    public init(pythonLoading text: String) throws(LoadError) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, Resolver.basic, .default, .utf8)
        } catch {
            throw LoadError(description: "not valid YAML: \(error)")
        }
        guard let node else { throw LoadError(description: "the document is empty") }
        self = try Self.convert(node)
    }

    private static func convert(_ node: Node) throws(LoadError) -> YAMLNode {
        switch node {
        case .scalar(let scalar):
            return try Self.scalar(scalar)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let k) = key, case .string(let name) = try Self.scalar(k) else {
                    throw LoadError(description: "line \(key.mark?.line ?? 0): a key that is not a string")
                }
                entries.append(Entry(name, try convert(value)))
            }
            return .mapping(entries)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence { items.append(try convert(item)) }
            return .sequence(items)
        case .alias:
            throw LoadError(description: "an alias the composer did not resolve")
        }
    }

    private static func scalar(_ scalar: Node.Scalar) throws(LoadError) -> YAMLNode {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        if YAMLImplicitTypes.isPlainString(text, readers: .pyyaml) { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .plain("null")
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return .plain("true")
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return .plain("false")
        default: break
        }
        if text.wholeMatch(of: #/[-+]?(?:0|[1-9][0-9]*)/#) != nil, let value = Int64(text) {
            return .plain(String(value))
        }
        throw LoadError(description: "line \(scalar.mark?.line ?? 0): \(text) reads as a number or date in YAML 1.1, "
                        + "which image2env does not reproduce; quote it")
    }

    /// PyYAML 6's `yaml.dump(value, sort_keys=True)` with its other defaults (block style, indent
    /// 2, width 80, `allow_unicode=False`): mapping keys sorted by code point, sequences under a
    /// key not indented, strings plain unless PyYAML's resolvers would read them as something
    /// else (then single quotes; double quotes with escapes for non-ASCII and control text).
    public var pythonDump: String {
        var e = RuamelEmitter(bestWidth: 80, readers: .pyyaml, flavor: .pyyaml)
        sortedKeys.write(&e, indent: 0, afterIndicator: false)
        e.finish()
        return String(e.output)
    }

    private var sortedKeys: YAMLNode {
        switch self {
        case .mapping(let entries):
            return .mapping(entries.map { Entry($0.key, $0.value.sortedKeys) }
                .sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) })
        case .sequence(let items):
            return .sequence(items.map(\.sortedKeys))
        case .string, .plain:
            return self
        }
    }
}
