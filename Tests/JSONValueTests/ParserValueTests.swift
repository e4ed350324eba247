import XCTest
@testable import JSONValue

final class ParserValueTests: XCTestCase {
    private func parse(_ text: String) throws -> JSON {
        try JSONParser.parse(Array(text.utf8), file: "doc.json")
    }

    func testScalarsAtTopLevel() throws {
        XCTAssertEqual(try parse("42"), .int(42))
        XCTAssertEqual(try parse(" -0 "), .int(0))
        XCTAssertEqual(try parse("1.5\n"), .double(1.5))
        XCTAssertEqual(try parse("-0.0"), .double(-0.0))
        XCTAssertEqual(try parse("1E2"), .double(100))
        XCTAssertEqual(try parse(#""x""#), .string("x"))
        XCTAssertEqual(try parse("true"), .bool(true))
        XCTAssertEqual(try parse("false"), .bool(false))
        XCTAssertEqual(try parse("null"), .null)
    }

    func testInt64Limits() throws {
        XCTAssertEqual(try parse("[9223372036854775807, -9223372036854775808]"),
                       .array([.int(Int64.max), .int(Int64.min)]))
    }

    func testDuplicateKeysKeepLastValueAtFirstPosition() throws {
        let object = try XCTUnwrap(parse(#"{"a": 1, "b": 2, "a": {"c": 3}}"#).objectValue)
        XCTAssertEqual(object.keys, ["a", "b"])
        XCTAssertEqual(object["a"], .object(JSONObject([("c", .int(3))])))
        XCTAssertEqual(object["b"], .int(2))
    }

    func testKeysAreComparedByBytes() throws {
        let object = try XCTUnwrap(parse(#"{"\u00e9": 1, "e\u0301": 2}"#).objectValue)
        XCTAssertEqual(object.count, 2)
        XCTAssertEqual(object["\u{E9}"], .int(1))
        XCTAssertEqual(object["e\u{301}"], .int(2))
    }

    func testStringsKeepNULAndEscapes() throws {
        let value = try parse(#"["a\u0000b", "\ud83d\ude00", "tab\there", "\/"]"#)
        XCTAssertEqual(value, .array([.string("a\u{0}b"), .string("\u{1F600}"), .string("tab\there"), .string("/")]))
        XCTAssertEqual(value.arrayValue?.first?.stringValue?.utf8.count, 3)
    }

    func testExactlyMaxDepthIsAccepted() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        var value = try parse(text)
        var depth = 1
        while case .array(let items) = value, let first = items.first {
            value = first
            depth += 1
        }
        XCTAssertEqual(depth, 512)
    }

    func testLargeArrayKeepsOrder() throws {
        let text = "[" + (0..<3_000).map { #"{"i": \#($0), "s": "v\#($0)"}"# }.joined(separator: ",") + "]"
        let items = try XCTUnwrap(parse(text).arrayValue)
        XCTAssertEqual(items.count, 3_000)
        XCTAssertEqual(items[2_999]["i"], .int(2_999))
        XCTAssertEqual(items[1_234]["s"], .string("v1234"))
    }

    func testLineOfValue() {
        let text = """
        {
          "value": [
            {"name": "a"},
            {
              "name": "b",
              "targetRuntime": "python"
            }
          ],
          "a\\"b": [[], [7]]
        }
        """
        let bytes = Array(text.utf8)
        func line(_ components: [JSONPath.Component]) -> Int? {
            JSONParser.lineOfValue(at: JSONPath(components), in: bytes)
        }
        XCTAssertEqual(line([]), 1)
        XCTAssertEqual(line([.key("value")]), 2)
        XCTAssertEqual(line([.key("value"), .index(0)]), 3)
        XCTAssertEqual(line([.key("value"), .index(0), .key("name")]), 3)
        XCTAssertEqual(line([.key("value"), .index(1)]), 4)
        XCTAssertEqual(line([.key("value"), .index(1), .key("targetRuntime")]), 6)
        XCTAssertEqual(line([.key("a\"b"), .index(1), .index(0)]), 9)
        XCTAssertNil(line([.key("value"), .index(2)]))
        XCTAssertNil(line([.key("missing")]))
        XCTAssertNil(line([.key("value"), .index(0), .index(0)]))
    }

    func testLineOfValueInBrokenDocument() {
        let bytes = Array("[\n1,\n2,\n,\n3]".utf8)
        XCTAssertEqual(JSONParser.lineOfValue(at: JSONPath([.index(1)]), in: bytes), 3)
        XCTAssertNil(JSONParser.lineOfValue(at: JSONPath([.index(3)]), in: bytes))
    }
}
