import XCTest
@testable import JSONValue

/// Exact error descriptions: `<file>:<line>:<column>: <message> (at <path>)`.
final class ParserErrorTests: XCTestCase {
    private func error(_ text: String, file: String = "doc.json", maxDepth: Int = JSONParser.defaultMaxDepth,
                       line: UInt = #line) -> String? {
        error(Array(text.utf8), file: file, maxDepth: maxDepth, line: line)
    }

    private func error(_ bytes: [UInt8], file: String = "doc.json", maxDepth: Int = JSONParser.defaultMaxDepth,
                       line: UInt = #line) -> String? {
        do {
            let value = try JSONParser.parse(bytes, file: file, maxDepth: maxDepth)
            XCTFail("parsed without error: \(value)", line: line)
            return nil
        } catch {
            return error.description
        }
    }

    func testMalformedArray() {
        XCTAssertEqual(error(#"{"a": [1, 2,, 3]}"#, file: "bad.json"),
                       "bad.json:1:13: expected a value, found ',' (at $.a[2])")
    }

    func testErrorFieldsAreSeparate() throws {
        do {
            _ = try JSONParser.parse(Array("{\n  \"a\": [1, 2,, 3]}".utf8), file: "x.json")
            XCTFail("no error")
        } catch {
            XCTAssertEqual(error.file, "x.json")
            XCTAssertEqual(error.line, 2)
            XCTAssertEqual(error.column, 14)
            XCTAssertEqual(error.offset, 15)
            XCTAssertEqual(error.path, JSONPath([.key("a"), .index(2)]))
            XCTAssertEqual(error.message, "expected a value, found ','")
        }
    }

    func testTrailingCommas() {
        XCTAssertEqual(error("[1, 2,]"), "doc.json:1:7: trailing comma before ']' (at $[2])")
        XCTAssertEqual(error(#"{"a": 1,}"#), "doc.json:1:9: trailing comma before '}' (at $)")
        XCTAssertEqual(error("{\n  \"a\": [\n    1,\n  ]\n}"), "doc.json:4:3: trailing comma before ']' (at $.a[1])")
    }

    func testTruncatedDocuments() {
        XCTAssertEqual(error(#"{"a": [1, 2"#), "doc.json:1:12: unexpected end of data (at $.a)")
        XCTAssertEqual(error(#"{"a": "xy"#), "doc.json:1:10: unexpected end of data in a string (at $.a)")
        XCTAssertEqual(error(#"{"value": [{"name": "#), "doc.json:1:21: unexpected end of data (at $.value[0].name)")
        XCTAssertEqual(error("[1, tr"), "doc.json:1:7: unexpected end of data in 'true' (at $[1])")
        XCTAssertEqual(error("-"), "doc.json:1:2: unexpected end of data in a number (at $)")
    }

    func testEmptyDocuments() {
        XCTAssertEqual(error("", file: "empty.json"), "empty.json:1:1: empty document (at $)")
        XCTAssertEqual(error(" \n  ", file: "blank.json"), "blank.json:2:3: empty document (at $)")
    }

    func testInvalidUTF8InStrings() {
        // json-c notices 0xFF itself.
        XCTAssertEqual(error(Array(#"{"a": {"b": "ok "#.utf8) + [0xFF] + Array(#""}}"#.utf8)),
                       "doc.json:1:17: invalid UTF-8 in string (at $.a.b)")
        // json-c accepts an overlong NUL and an encoded surrogate; the scanner does not.
        XCTAssertEqual(error(Array(#"{"a": {"b": ""#.utf8) + [0xC0, 0x80] + Array(#""}}"#.utf8)),
                       "doc.json:1:14: invalid UTF-8 in string (at $.a.b)")
        XCTAssertEqual(error(Array(#"{"a": {"b": "x"#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}}"#.utf8)),
                       "doc.json:1:15: invalid UTF-8 in string (at $.a.b)")
        // A truncated sequence before the closing quote; and one in a key (path of the object).
        XCTAssertEqual(error(Array(#"{"a": {"b": "x"#.utf8) + [0xC3] + Array(#""}}"#.utf8)),
                       "doc.json:1:15: invalid UTF-8 in string (at $.a.b)")
        XCTAssertEqual(error(Array(#"{"a": {"k"#.utf8) + [0xE9] + Array(#"y": 1}}"#.utf8)),
                       "doc.json:1:10: invalid UTF-8 in string (at $.a)")
    }

    func testTopLevelGarbage() {
        XCTAssertEqual(error("[1] x"), "doc.json:1:5: extra data after the JSON value, found 'x' (at $)")
        XCTAssertEqual(error("{}\n{}"), "doc.json:2:1: extra data after the JSON value, found '{' (at $)")
        XCTAssertEqual(error("hello"), "doc.json:1:1: expected a value, found 'h' (at $)")
        XCTAssertEqual(error("1 2"), "doc.json:1:3: extra data after the JSON value, found '2' (at $)")
        XCTAssertEqual(error(Array("[1]".utf8) + [0]), "doc.json:1:4: extra data after the JSON value, found control character U+0000 (at $)")
        XCTAssertEqual(error("\u{FEFF}[1]"), "doc.json:1:1: unexpected UTF-8 byte order mark (at $)")
    }

    func testDepthLimit() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let path = "$" + String(repeating: "[0]", count: 512)
        XCTAssertEqual(error(deep), "doc.json:1:513: nesting deeper than 512 levels (limit of the parser) (at \(path))")

        let deepObjects = String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let objectPath = "$" + String(repeating: ".a", count: 512)
        XCTAssertEqual(error(deepObjects),
                       "doc.json:1:2561: nesting deeper than 512 levels (limit of the parser) (at \(objectPath))")

        XCTAssertEqual(error("[[[[1]]]]", maxDepth: 3), "doc.json:1:4: nesting deeper than 3 levels (limit of the parser) (at $[0][0][0])")
    }

    func testIntegersOutsideInt64() {
        XCTAssertEqual(error(#"{"a": [1, 18446744073709551616]}"#), "doc.json:1:11: integer out of 64-bit range (at $.a[1])")
        XCTAssertEqual(error("[9223372036854775808]"), "doc.json:1:2: integer out of 64-bit range (at $[0])")
        XCTAssertEqual(error("-9223372036854775809"), "doc.json:1:1: integer out of 64-bit range (at $)")
        XCTAssertEqual(error(#"{"n": 123456789012345678901234567890}"#), "doc.json:1:7: integer out of 64-bit range (at $.n)")
    }

    func testThingsJSONCAcceptsButPythonDoesNot() {
        XCTAssertEqual(error(#"{'a': 1}"#), "doc.json:1:2: single-quoted strings are not allowed in JSON (at $)")
        XCTAssertEqual(error(#"{"a": 1, 'b': 2}"#), "doc.json:1:10: single-quoted strings are not allowed in JSON (at $)")
        XCTAssertEqual(error("[\"a\tb\"]"), "doc.json:1:4: unescaped control character U+0009 in string (at $[0])")
        XCTAssertEqual(error("[-01]"), "doc.json:1:3: leading zeros are not allowed in numbers (at $[0])")
        XCTAssertEqual(error("[01]"), "doc.json:1:2: leading zeros are not allowed in numbers (at $[0])")
        XCTAssertEqual(error("[1.]"), "doc.json:1:4: expected a digit after '.', found ']' (at $[0])")
        XCTAssertEqual(error("[1.e5]"), "doc.json:1:4: expected a digit after '.', found 'e' (at $[0])")
        XCTAssertEqual(error(#"{"s": "\ud800x"}"#), #"doc.json:1:8: unpaired surrogate \ud800 in string (at $.s)"#)
        XCTAssertEqual(error(#"["\uDC00"]"#), #"doc.json:1:3: unpaired surrogate \uDC00 in string (at $[0])"#)
        XCTAssertEqual(error(#"{"a\u0000b": 1}"#), "doc.json:1:4: object key containing U+0000 is not supported (at $)")
        XCTAssertEqual(error(#"{"x": [NaN]}"#), "doc.json:1:8: NaN is not allowed in JSON (at $.x[0])")
        XCTAssertEqual(error("[Infinity]"), "doc.json:1:2: Infinity is not allowed in JSON (at $[0])")
        XCTAssertEqual(error("[1, -Infinity]"), "doc.json:1:5: -Infinity is not allowed in JSON (at $[1])")
        XCTAssertEqual(error(#"{"big": [1e400]}"#), "doc.json:1:10: number out of range of a 64-bit float (at $.big[0])")
    }

    func testOtherSyntaxErrors() {
        XCTAssertEqual(error("[1, /* c */ 2]"), "doc.json:1:5: expected a value, found '/' (at $[1])")
        XCTAssertEqual(error("[true false]"), "doc.json:1:7: expected ',' or ']' in array, found 'f' (at $)")
        XCTAssertEqual(error(#"{"a" 1}"#), "doc.json:1:6: expected ':' after object key, found '1' (at $.a)")
        XCTAssertEqual(error(#"{"a": 1 "b": 2}"#), "doc.json:1:9: expected ',' or '}' in object, found '\"' (at $)")
        XCTAssertEqual(error("{1: 2}"), "doc.json:1:2: expected a double-quoted object key, found '1' (at $)")
        XCTAssertEqual(error("[1}"), "doc.json:1:3: expected ',' or ']' in array, found '}' (at $)")
        XCTAssertEqual(error(#"["a\x"]"#), #"doc.json:1:4: invalid escape sequence '\x' in string (at $[0])"#)
        XCTAssertEqual(error(#"["\u12"]"#), #"doc.json:1:3: invalid \u escape in string (at $[0])"#)
        XCTAssertEqual(error("[tru]"), "doc.json:1:2: invalid literal (expected 'true') (at $[0])")
        XCTAssertEqual(error("[True]"), "doc.json:1:2: expected a value, found 'T' (at $[0])")
        XCTAssertEqual(error("[.5]"), "doc.json:1:2: expected a value, found '.' (at $[0])")
    }

    func testPathWithUnusualKeys() {
        XCTAssertEqual(error(#"{"a b": {"x\"y": [1,]}}"#), #"doc.json:1:21: trailing comma before ']' (at $["a b"]["x\"y"][1])"#)
        XCTAssertEqual(error(#"{"line\nbreak\u0001": [1,]}"#), #"doc.json:1:26: trailing comma before ']' (at $["line\nbreak\u0001"][1])"#)
    }
}
