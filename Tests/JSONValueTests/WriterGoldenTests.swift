import Foundation
import XCTest
@testable import JSONValue

/// Parses each `Golden/writer-input-N.json` and writes it back; the bytes must equal what
/// CPython's `json.dumps` produced (`Golden/make_golden.py` explains how to regenerate).
final class WriterGoldenTests: XCTestCase {
    private static let expectedDocumentCount = 9

    private func goldenFolder() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Golden", withExtension: nil), "Golden resources missing")
    }

    private func inputNumbers() throws -> [Int] {
        let names = try FileManager.default.contentsOfDirectory(atPath: goldenFolder().path)
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("writer-input-"), name.hasSuffix(".json") else { return nil }
            return Int(name.dropFirst("writer-input-".count).dropLast(".json".count))
        }.sorted()
    }

    private func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: goldenFolder().appendingPathComponent(name)))
    }

    func testAllGoldenDocumentsArePresent() throws {
        XCTAssertEqual(try inputNumbers(), Array(1...Self.expectedDocumentCount))
    }

    func testIndentedOutputMatchesPython() throws {
        for n in try inputNumbers() {
            let value = try JSONParser.parse(bytes("writer-input-\(n).json"), file: "writer-input-\(n).json")
            let written = try PythonJSONWriter.write(value)
            let expected = try bytes("writer-expected-\(n).json")
            assertSameBytes(Array(written.utf8), expected, "writer-input-\(n).json, indent=4")
        }
    }

    func testCompactOutputMatchesPython() throws {
        for n in try inputNumbers() {
            let value = try JSONParser.parse(bytes("writer-input-\(n).json"), file: "writer-input-\(n).json")
            let written = try PythonJSONWriter.write(value, indent: nil)
            let expected = try bytes("writer-expected-compact-\(n).json")
            assertSameBytes(Array(written.utf8), expected, "writer-input-\(n).json, indent=None")
        }
    }

    /// The expected output is itself JSON: reading and writing it again changes nothing.
    func testWritingIsStableOnItsOwnOutput() throws {
        for n in try inputNumbers() {
            let expected = try bytes("writer-expected-\(n).json")
            let value = try JSONParser.parse(expected, file: "writer-expected-\(n).json")
            assertSameBytes(Array(try PythonJSONWriter.write(value).utf8), expected, "writer-expected-\(n).json")
        }
    }

    private func assertSameBytes(_ got: [UInt8], _ expected: [UInt8], _ what: String, line: UInt = #line) {
        guard got != expected else { return }
        let i = zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, expected.count)
        let context = { (b: [UInt8]) in String(decoding: b[max(0, i - 60)..<min(b.count, i + 60)], as: UTF8.self) }
        XCTFail("\(what): \(got.count) bytes written, \(expected.count) expected; first difference at byte \(i):\n"
                + " got: \(context(got))\nwant: \(context(expected))", line: line)
    }
}
