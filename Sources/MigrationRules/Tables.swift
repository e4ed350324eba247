/// Lookup tables that change with Azure ML's lifecycle (default images, CUDA version → image,
/// retired images → replacements, obsolete packages), kept as data in the rule files.
public struct Tables: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case string(String)
        case list([String])
    }

    /// Table name → ordered entries.
    public private(set) var tables: [String: [(key: String, value: Value)]] = [:]
    /// Where each table was (last) defined.
    public private(set) var origins: [String: String] = [:]

    public init() {}

    /// Adds a table; entries of a table already present are replaced key by key (user folders
    /// layer over the built-in tables).
    public mutating func merge(_ name: String, _ entries: [(key: String, value: Value)], from file: String) {
        var current = tables[name] ?? []
        for entry in entries {
            if let i = current.firstIndex(where: { $0.key == entry.key }) {
                current[i].value = entry.value
            } else {
                current.append(entry)
            }
        }
        tables[name] = current
        origins[name] = file
    }

    public func value(_ table: String, _ key: String) -> Value? {
        tables[table]?.first(where: { $0.key == key })?.value
    }

    public func string(_ table: String, _ key: String) -> String? {
        if case .string(let s)? = value(table, key) { return s }
        return nil
    }

    public func list(_ table: String, _ key: String) -> [String]? {
        switch value(table, key) {
        case .list(let l)?: return l
        case .string(let s)?: return [s]
        case nil: return nil
        }
    }

    public static func == (a: Tables, b: Tables) -> Bool {
        a.tables.keys.sorted() == b.tables.keys.sorted()
            && a.tables.allSatisfy { name, entries in
                let other = b.tables[name] ?? []
                return entries.count == other.count && zip(entries, other).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            }
    }
}
