#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON value that keeps what Python's `json` module keeps: object key order and exact
/// 64-bit integers. Built by `JSONParser` (json-c's tokener) and written by `PythonJSONWriter`.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

/// An ordered JSON object. Keys keep their input order; duplicate keys keep the last value
/// at the position of the first (as Python's `json.load` does for the value).
/// Keys are compared by their exact UTF-8 bytes (as Python compares `str`), not by Swift's
/// canonical equivalence: `"\u{E9}"` and `"e\u{301}"` are two different keys.
public struct JSONObject: Sendable, Equatable {
    /// The entries in order.
    public private(set) var entries: [(key: String, value: JSON)]
    /// Position of each key, kept only once the object is larger than `indexThreshold`: most
    /// objects are small, and a linear scan of a few keys beats hashing them.
    private var index: [ExactKey: Int]?

    /// Objects with more entries than this get a hash index.
    static let indexThreshold = 12

    /// A key hashed and compared by its UTF-8 bytes.
    private struct ExactKey: Hashable, Sendable {
        let string: String
        init(_ string: String) { self.string = string }
        static func == (a: ExactKey, b: ExactKey) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }
        func hash(into hasher: inout Hasher) {
            var s = string
            s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// An empty object.
    public init() {
        entries = []
        index = nil
    }

    /// An empty object with room for `capacity` entries.
    init(reservingCapacity capacity: Int) {
        self.init()
        entries.reserveCapacity(capacity)
    }

    /// An object from pairs in order; a repeated key keeps the last value at the first position.
    public init(_ pairs: [(String, JSON)]) {
        self.init()
        entries.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    /// The keys in order.
    public var keys: [String] { entries.map(\.key) }
    /// The number of entries.
    public var count: Int { entries.count }
    /// Whether there are no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// An object from pairs whose keys the caller knows are distinct (literal keys of a
    /// document being written): no lookups while it is built.
    public init(uniqueKeys pairs: [(String, JSON)]) {
        self.init()
        entries = pairs.map { (key: $0.0, value: $0.1) }
        rebuildIndex()
    }

    /// The position of `key` in `entries`, if it is there.
    public func index(forKey key: String) -> Int? { position(of: key) }

    /// Where `key` is in `entries`.
    private func position(of key: String) -> Int? {
        if let index { return index[ExactKey(key)] }
        var key = key
        return key.withUTF8 { wanted in
            entries.firstIndex { entry in
                var k = entry.key
                return k.withUTF8 { have in
                    guard have.count == wanted.count else { return false }
                    guard let a = have.baseAddress, let b = wanted.baseAddress else { return true }  // both empty
                    return memcmp(a, b, wanted.count) == 0
                }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexThreshold else {
            index = nil
            return
        }
        var fresh: [ExactKey: Int] = [:]
        fresh.reserveCapacity(entries.count)
        for (j, e) in entries.enumerated() { fresh[ExactKey(e.key)] = j }
        index = fresh
    }

    /// Appends an entry whose key the caller knows is not in the object yet (a parser whose
    /// input has unique keys); `finishAppending()` must follow the last one.
    mutating func appendUnchecked(_ key: String, _ value: JSON) {
        entries.append((key, value))
    }

    /// Builds the key index after `appendUnchecked` calls, when the object is large.
    mutating func finishAppending() {
        rebuildIndex()
    }

    /// The value for `key`. Setting a new key appends it; setting nil removes the entry.
    public subscript(key: String) -> JSON? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let i = position(of: key) {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    entries.remove(at: i)
                    rebuildIndex()
                }
            } else if let newValue {
                entries.append((key, newValue))
                if index != nil {
                    index?[ExactKey(key)] = entries.count - 1
                } else if entries.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    /// Same entries in the same order (keys compared by bytes).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && $0.value == $1.value }
    }
}

extension JSON {
    /// The object, if this is one.
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    /// The elements, if this is an array.
    public var arrayValue: [JSON]? { if case .array(let a) = self { return a }; return nil }
    /// The string, if this is one.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    /// The boolean, if this is one.
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    /// The integer, if this is one (a double is not converted).
    public var intValue: Int64? { if case .int(let i) = self { return i }; return nil }
    /// Whether this is `null`.
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// The type name used in error messages ("object", "array", "string", ...).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The member `key` of an object; nil for a missing key or a non-object.
    public subscript(key: String) -> JSON? { objectValue?[key] }
}
