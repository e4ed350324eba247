import JSONValue

/// Reads typed fields out of one JSON object, collecting every type error with its JSON path
/// instead of stopping at the first. Keys read are remembered so the rest can be reported
/// as unknown fields.
struct ObjectReader {
    let object: JSONObject
    let path: JSONPath
    private(set) var issues: [DecodeIssue] = []
    /// Which entries (by position) a reader asked for.
    private var seen: [Bool]

    init(_ object: JSONObject, at path: JSONPath) {
        self.object = object
        self.path = path
        self.seen = [Bool](repeating: false, count: object.count)
    }

    /// Reads `json` as an object, or records an issue.
    static func make(_ json: JSON, at path: JSONPath, what: String) throws(DecodeFailure) -> ObjectReader {
        guard let object = json.objectValue else {
            throw DecodeFailure([DecodeIssue(path: path, message: "expected \(what) as a JSON object, found \(json.typeName)")])
        }
        return ObjectReader(object, at: path)
    }

    /// Takes over the issues found by a reader of a nested object.
    mutating func absorb(_ more: [DecodeIssue]) {
        issues += more
    }

    mutating func fail(_ key: String, _ message: String) {
        issues.append(DecodeIssue(path: path.appending(key), message: message))
    }

    /// The raw value; `nil` when absent or null.
    mutating func raw(_ key: String) -> JSON? {
        guard let i = object.index(forKey: key) else { return nil }
        seen[i] = true
        let v = object.entries[i].value
        return v.isNull ? nil : v
    }

    mutating func has(_ key: String) -> Bool {
        guard let i = object.index(forKey: key) else { return false }
        seen[i] = true
        return true
    }

    mutating func string(_ key: String) -> String? {
        guard let v = raw(key) else { return nil }
        guard let s = v.stringValue else {
            fail(key, "expected a string, found \(v.typeName)")
            return nil
        }
        return s
    }

    /// A string where `""` means absent (the IoT builder sends `"dockerFileUri": ""`).
    mutating func nonEmptyString(_ key: String) -> String? {
        guard let s = string(key), !s.isEmpty else { return nil }
        return s
    }

    mutating func requiredString(_ key: String) -> String? {
        guard let s = string(key) else {
            if object[key] == nil || object[key]?.isNull == true { fail(key, "required field is missing") }
            return nil
        }
        if s.isEmpty { fail(key, "required field is empty") }
        return s
    }

    mutating func int(_ key: String) -> Int64? {
        guard let v = raw(key) else { return nil }
        guard let i = v.intValue else {
            fail(key, "expected an integer, found \(v.typeName)\(Self.show(v))")
            return nil
        }
        return i
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let v = raw(key) else { return nil }
        guard let b = v.boolValue else {
            fail(key, "expected a boolean, found \(v.typeName)\(Self.show(v))")
            return nil
        }
        return b
    }

    /// A boolean that old services sometimes returned as the strings "true"/"True"/"false"/"False".
    mutating func lenientBool(_ key: String) -> Bool? {
        guard let v = raw(key) else { return nil }
        if let b = v.boolValue { return b }
        if let s = v.stringValue {
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        fail(key, "expected a boolean (or \"true\"/\"false\"), found \(v.typeName)\(Self.show(v))")
        return nil
    }

    /// A number given as a string ("10.0") or as a JSON number (10.0).
    mutating func versionString(_ key: String) -> String? {
        guard let v = raw(key) else { return nil }
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        default:
            fail(key, "expected a version string, found \(v.typeName)")
            return nil
        }
    }

    mutating func object(_ key: String) -> JSONObject? {
        guard let v = raw(key) else { return nil }
        guard let o = v.objectValue else {
            fail(key, "expected an object, found \(v.typeName)")
            return nil
        }
        return o
    }

    mutating func array(_ key: String) -> [JSON]? {
        guard let v = raw(key) else { return nil }
        guard let a = v.arrayValue else {
            fail(key, "expected an array, found \(v.typeName)")
            return nil
        }
        return a
    }

    mutating func stringArray(_ key: String) -> [String]? {
        guard let items = array(key) else { return nil }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if let s = item.stringValue {
                out.append(s)
            } else {
                issues.append(DecodeIssue(path: path.appending(key).appending(i), message: "expected a string, found \(item.typeName)"))
            }
        }
        return out
    }

    /// A string → string map such as `kvTags`; non-string values are kept as their JSON text.
    mutating func stringMap(_ key: String) -> [KeyValue]? {
        guard let o = object(key) else { return nil }
        return o.entries.map { entry in
            switch entry.value {
            case .string(let s): return KeyValue(key: entry.key, value: s)
            case .null: return KeyValue(key: entry.key, value: "")
            default: return KeyValue(key: entry.key, value: Self.text(entry.value))
            }
        }
    }

    mutating func nested<T>(_ key: String, _ decode: (JSON, JSONPath) throws(DecodeFailure) -> T) -> T? {
        guard let v = raw(key) else { return nil }
        do {
            return try decode(v, path.appending(key))
        } catch {
            issues += error.issues
            return nil
        }
    }

    mutating func nestedArray<T>(_ key: String, _ decode: (JSON, JSONPath) throws(DecodeFailure) -> T) -> [T]? {
        guard let items = array(key) else { return nil }
        var out: [T] = []
        for (i, item) in items.enumerated() {
            do {
                out.append(try decode(item, path.appending(key).appending(i)))
            } catch {
                issues += error.issues
            }
        }
        return out
    }

    /// Keys of the object that no reader asked for, in input order.
    var unknownKeys: [String] { object.entries.indices.filter { !seen[$0] }.map { object.entries[$0].key } }

    func finish() throws(DecodeFailure) {
        if !issues.isEmpty { throw DecodeFailure(issues) }
    }

    /// A value as text: strings as they are, anything else as compact JSON.
    static func text(_ v: JSON) -> String {
        if let s = v.stringValue { return s }
        return (try? PythonJSONWriter.write(v, indent: nil)) ?? v.typeName
    }

    private static func show(_ v: JSON) -> String {
        if case .string(let s) = v { return " \"\(s.count > 40 ? String(s.prefix(40)) + "..." : s)\"" }
        return ""
    }
}
