import EnvironmentSpec

/// Field access on the v2 YAML files image2env writes, read back as PyYAML reads them.
extension YAMLNode {
    subscript(key: String) -> YAMLNode? {
        guard case .mapping(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var intValue: Int64? {
        if case .plain(let p) = self { return Int64(p) }
        return nil
    }

    var boolValue: Bool? {
        if case .plain(let p) = self, p == "true" || p == "false" { return p == "true" }
        return nil
    }

    var isNull: Bool { self == .plain("null") }

    /// A mapping of strings (tags, properties), in order.
    var stringPairs: [(String, String)]? {
        guard case .mapping(let entries) = self else { return nil }
        var out: [(String, String)] = []
        for entry in entries {
            guard let value = entry.value.stringValue else { return nil }
            out.append((entry.key, value))
        }
        return out
    }

    var keys: [String] {
        if case .mapping(let entries) = self { return entries.map(\.key) }
        return []
    }
}
