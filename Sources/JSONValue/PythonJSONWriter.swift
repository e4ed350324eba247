/// Writes `JSON` byte for byte as CPython 3.11's `json.dumps` does with its defaults
/// (`ensure_ascii=True`, `allow_nan=False` aside: NaN and infinities are refused).
///
/// - `indent: 4` gives `json.dumps(obj, indent=4)`: one item per line, `","` at line ends,
///   `": "` between key and value, empty containers as `[]` and `{}`.
/// - `indent: nil` gives `json.dumps(obj)`: one line, `", "` and `": "`.
/// - Strings: every character outside U+0020...U+007E is escaped; `\"`, `\\`, `\n`, `\r`,
///   `\t`, `\b`, `\f` in short form, others as `\u00e9` (lowercase hex), characters beyond
///   the BMP as surrogate pairs (`\ud83d\ude00`).
/// - Integers as is; doubles as Python's `repr(float)` (`1.0`, `1e-05`, `1e+16`, `-0.0`).
/// - Object keys in their stored order. No trailing newline.
///
/// Deep nesting is fine: the writer keeps its own stack instead of recursing.
public enum PythonJSONWriter {
    private enum Frame {
        case array([JSON], next: Int)
        case object([(key: String, value: JSON)], next: Int)

        /// The component of the item written last.
        var component: JSONPath.Component {
            switch self {
            case .array(_, let next): return .index(next - 1)
            case .object(let entries, let next): return .key(entries[next - 1].key)
            }
        }
    }

    /// Writes `value` as `json.dumps(value, indent=indent)` would.
    ///
    /// - Parameters:
    ///   - indent: spaces per level (Python's `indent=`), or nil for a single line.
    ///   - level: the nesting level `value` sits at inside a larger document: its inner lines are
    ///     indented as they would be there (the first line is not indented).
    /// - Throws: `JSONWriteError` for NaN or an infinity, naming its path.
    public static func write(_ value: JSON, indent: Int? = 4, level: Int = 0) throws(JSONWriteError) -> String {
        var out: [UInt8] = []
        var stack: [Frame] = []
        let itemSeparator: [UInt8] = indent == nil ? Array(", ".utf8) : [UInt8(ascii: ",")]
        // "\n" followed by spaces, long enough for the deepest level so far.
        var lineStart: [UInt8] = [UInt8(ascii: "\n")]
        func newline(depth: Int) {
            guard let indent else { return }
            let count = 1 + max(0, indent) * depth
            if lineStart.count < count {
                lineStart.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count - lineStart.count))
            }
            lineStart.withUnsafeBufferPointer { out.append(contentsOf: $0[0..<count]) }
        }

        var pending: JSON? = value
        while true {
            if let item = pending {
                pending = nil
                switch item {
                case .null: out.append(contentsOf: "null".utf8)
                case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
                case .int(let i): out.append(contentsOf: String(i).utf8)
                case .double(let d):
                    guard d.isFinite else {
                        let name = d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity")
                        throw JSONWriteError(path: JSONPath(stack.map(\.component)),
                                             message: "out of range float value \(name) is not JSON compliant")
                    }
                    out.append(contentsOf: PythonFloatRepr.repr(d).utf8)
                case .string(let s): appendString(s, to: &out)
                case .array(let items):
                    if items.isEmpty {
                        out.append(contentsOf: "[]".utf8)
                    } else {
                        out.append(UInt8(ascii: "["))
                        stack.append(.array(items, next: 0))
                    }
                case .object(let object):
                    if object.isEmpty {
                        out.append(contentsOf: "{}".utf8)
                    } else {
                        out.append(UInt8(ascii: "{"))
                        stack.append(.object(object.entries, next: 0))
                    }
                }
            }
            // Start the next item of the innermost container, or close it.
            guard let top = stack.popLast() else { break }
            switch top {
            case .array(let items, let next):
                if next < items.count {
                    if next > 0 { out.append(contentsOf: itemSeparator) }
                    newline(depth: level + stack.count + 1)
                    pending = items[next]
                    stack.append(.array(items, next: next + 1))
                } else {
                    newline(depth: level + stack.count)
                    out.append(UInt8(ascii: "]"))
                }
            case .object(let entries, let next):
                if next < entries.count {
                    if next > 0 { out.append(contentsOf: itemSeparator) }
                    newline(depth: level + stack.count + 1)
                    appendString(entries[next].key, to: &out)
                    out.append(contentsOf: ": ".utf8)
                    pending = entries[next].value
                    stack.append(.object(entries, next: next + 1))
                } else {
                    newline(depth: level + stack.count)
                    out.append(UInt8(ascii: "}"))
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a quoted ASCII-only JSON string (Python's `ensure_ascii=True`).
    static func appendString(_ s: String, to out: inout [UInt8]) {
        var s = s
        out.append(UInt8(ascii: "\""))
        s.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                let b = utf8[i]
                if b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                    out.append(b)
                    i += 1
                    continue
                }
                guard b >= 0x80 else {
                    appendASCIIEscape(b, to: &out)
                    i += 1
                    continue
                }
                // A valid multi-byte sequence (String holds valid UTF-8): decode the scalar.
                let width = b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : 2)
                var v = UInt32(b) & (0xFF >> (width + 1))
                for k in 1..<width where i + k < utf8.count {
                    v = v << 6 | (UInt32(utf8[i + k]) & 0x3F)
                }
                if v < 0x10000 {
                    appendEscape(v, to: &out)
                } else {
                    let u = v - 0x10000
                    appendEscape(0xD800 | (u >> 10), to: &out)
                    appendEscape(0xDC00 | (u & 0x3FF), to: &out)
                }
                i += width
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Escapes one ASCII byte that cannot be written as is (quote, backslash, controls, DEL).
    private static func appendASCIIEscape(_ b: UInt8, to out: inout [UInt8]) {
        let short: UInt8
        switch b {
        case UInt8(ascii: "\""): short = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): short = UInt8(ascii: "\\")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        default:
            appendEscape(UInt32(b), to: &out)
            return
        }
        out.append(UInt8(ascii: "\\"))
        out.append(short)
    }

    /// Appends `\uXXXX` with four lowercase hex digits.
    private static func appendEscape(_ unit: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            let d = UInt8((unit >> UInt32(shift)) & 0xF)
            out.append(d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") + d - 10)
        }
    }
}
