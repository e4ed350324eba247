import Foundation
import JSONValue
import LegacyImage
import XCTest

/// Wrong types at every level: each value of a full REST payload (and the payload itself) is
/// replaced by each JSON type it is not, and the decoder's verdict is compared with the golden
/// file `Golden/wrong-types.txt` (UPDATE_GOLDEN=1 rewrites it). Every error must point at the
/// value replaced, inside it, or at the object holding it.
final class WrongTypeTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/wrong-types.txt")
    static let replacements: [JSON] = [.null, .bool(true), .int(7), .string("x"), .array([]), .object(JSONObject())]

    /// Every path of `json`, in document order (the root first).
    func paths(_ json: JSON, at path: JSONPath = .root) -> [JSONPath] {
        var out = [path]
        switch json {
        case .object(let o): for (k, v) in o.entries { out += paths(v, at: path.appending(k)) }
        case .array(let a): for (i, v) in a.enumerated() { out += paths(v, at: path.appending(i)) }
        default: break
        }
        return out
    }

    func replacing(_ json: JSON, at components: ArraySlice<JSONPath.Component>, with value: JSON) -> JSON {
        guard let first = components.first else { return value }
        switch (json, first) {
        case (.object(var o), .key(let k)):
            o[k] = replacing(o[k] ?? .null, at: components.dropFirst(), with: value)
            return .object(o)
        case (.array(var a), .index(let i)):
            a[i] = replacing(a[i], at: components.dropFirst(), with: value)
            return .array(a)
        default:
            return json
        }
    }

    func value(at path: JSONPath, in json: JSON) -> JSON? {
        var current: JSON? = json
        for c in path.components {
            switch c {
            case .key(let k): current = current?[k]
            case .index(let i): current = current?.arrayValue.flatMap { i < $0.count ? $0[i] : nil }
            }
        }
        return current
    }

    func testEveryValueWithEveryWrongType() throws {
        let payload = try parse(restPayload)
        var lines: [String] = []
        for path in paths(payload) {
            guard let original = value(at: path, in: payload) else { continue }
            for replacement in Self.replacements where replacement.typeName != original.typeName {
                let mutated = replacing(payload, at: path.components[...], with: replacement)
                let verdict: String
                do {
                    let image = try LegacyImage.decode(mutated, at: .root)
                    verdict = "accepted" + (image.unknownFields.isEmpty ? "" : " (unknown: \(image.unknownFields.joined(separator: ", ")))")
                } catch {
                    for issue in error.issues {
                        let p = issue.path.components, m = path.components
                        let related = p.starts(with: m) || m.starts(with: p) || ["$.id", "$.version"].contains(issue.path.description)
                        XCTAssertTrue(related, "\(path) -> \(replacement.typeName): issue at \(issue.path) is unrelated")
                    }
                    verdict = error.issues.map(\.description).joined(separator: "; ")
                }
                lines.append("\(path) = \(replacement.typeName): \(verdict)")
            }
        }
        XCTAssertGreaterThan(lines.count, 250)
        let text = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: Self.golden)
        }
        XCTAssertEqual(text, try String(contentsOf: Self.golden, encoding: .utf8), "see Golden/wrong-types.txt (UPDATE_GOLDEN=1)")
    }
}
