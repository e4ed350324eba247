import JSONValue
import LegacyImage

/// A keyword argument of `deploy_configuration(...)`, as deploy.py passes it and the REST body
/// carries it.
public enum ConfigValue: Sendable, Equatable {
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    /// A `dict[str, str]` (tags, properties).
    case map([KeyValue])
    /// The value of an environment variable, read when the deployment runs (a file path).
    case environment(String)

    /// The value in a REST body (an environment variable's value is not known: null).
    var json: JSON {
        switch self {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .map(let pairs): return .object(JSONObject(pairs.map { ($0.key, JSON.string($0.value)) }))
        case .environment: return .null
        }
    }

    /// The value as Python source.
    var python: String {
        switch self {
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return (try? PythonJSONWriter.write(.double(d), indent: nil)) ?? String(d)
        case .string(let s): return PythonSource.string(s)
        case .map(let pairs): return PythonSource.dict(pairs)
        case .environment(let name): return "os.environ[\(PythonSource.string(name))]"
        }
    }
}

/// Python literals for generated scripts.
enum PythonSource {
    /// A double-quoted string literal; non-ASCII text is kept (the script is UTF-8).
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += scalar.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                        : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A dict literal of strings, in order.
    static func dict(_ pairs: [KeyValue]) -> String {
        "{" + pairs.map { string($0.key) + ": " + string($0.value) }.joined(separator: ", ") + "}"
    }
}
