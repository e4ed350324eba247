import XCTest
@testable import JSONValue

final class WriterTests: XCTestCase {
    func testNaNAndInfinityAreRefusedWithTheirPath() {
        let value = JSON.object(JSONObject([("x", .array([.int(1), .double(.nan)]))]))
        XCTAssertThrowsError(try PythonJSONWriter.write(value)) { error in
            XCTAssertEqual("\(error)", "out of range float value NaN is not JSON compliant (at $.x[1])")
        }
        XCTAssertThrowsError(try PythonJSONWriter.write(.double(-.infinity), indent: nil)) { error in
            XCTAssertEqual("\(error)", "out of range float value -Infinity is not JSON compliant (at $)")
        }
        let nested = JSON.array([.object(JSONObject([("a b", .double(.infinity))]))])
        XCTAssertThrowsError(try PythonJSONWriter.write(nested)) { error in
            XCTAssertEqual("\(error)", #"out of range float value Infinity is not JSON compliant (at $[0]["a b"])"#)
        }
    }

    func testLayout() throws {
        let value = JSON.object(JSONObject([
            ("a", .array([.int(1), .array([]), .object(JSONObject())])),
            ("b", .object(JSONObject([("c", .null)]))),
        ]))
        XCTAssertEqual(try PythonJSONWriter.write(value),
                       "{\n    \"a\": [\n        1,\n        [],\n        {}\n    ],\n    \"b\": {\n        \"c\": null\n    }\n}")
        XCTAssertEqual(try PythonJSONWriter.write(value, indent: nil), #"{"a": [1, [], {}], "b": {"c": null}}"#)
        XCTAssertEqual(try PythonJSONWriter.write(value, indent: 0),
                       "{\n\"a\": [\n1,\n[],\n{}\n],\n\"b\": {\n\"c\": null\n}\n}")
        XCTAssertEqual(try PythonJSONWriter.write(.array([.bool(true)]), indent: 2), "[\n  true\n]")
    }

    func testStringEscapes() throws {
        XCTAssertEqual(try PythonJSONWriter.write(.string("é\u{0}\u{7F}\u{2028}😀\"\\/\u{1F}\t")),
                       #""\u00e9\u0000\u007f\u2028\ud83d\ude00\"\\/\u001f\t""#)
    }

    func testFloatRepr() {
        let cases: [(Double, String)] = [
            (1, "1.0"), (-0.0, "-0.0"), (0, "0.0"), (1e-5, "1e-05"), (1e-4, "0.0001"), (1e16, "1e+16"),
            (1234567890123456, "1234567890123456.0"), (0.1, "0.1"), (1.2345678901234568e17, "1.2345678901234568e+17"),
            (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"), (100, "100.0"),
            (-1.5e-7, "-1.5e-07"), (1e22, "1e+22"), (0.30000000000000004, "0.30000000000000004"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(PythonFloatRepr.repr(value), expected, "\(value)")
        }
    }

    func testDeepValueIsWrittenWithoutRecursion() throws {
        var value = JSON.int(1)
        for _ in 0..<5_000 { value = .array([value]) }
        let text = try PythonJSONWriter.write(value, indent: nil)
        XCTAssertEqual(text, String(repeating: "[", count: 5_000) + "1" + String(repeating: "]", count: 5_000))
    }
}
