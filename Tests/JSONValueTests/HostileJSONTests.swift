import Foundation
import XCTest
@testable import JSONValue
import SeededRandom

/// The hostile JSON corpus, generated here (never committed): deep nesting, huge strings,
/// every truncation of a real payload, numbers past 64 bits, and seeded random damage.
/// Each case must give an exact error (or value) quickly, never a crash.
final class HostileJSONTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/workspace/images/fraud-custom_3.json")

    private func error(_ bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(bytes, file: "h.json", maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    func testTenThousandLevelsOfNesting() throws {
        let arrays = Array(String(repeating: "[", count: 10_000).utf8) + Array(String(repeating: "]", count: 10_000).utf8)
        let a = try XCTUnwrap(error(arrays))
        XCTAssertEqual(a.message, "nesting deeper than 512 levels (limit of the parser)")
        XCTAssertEqual([a.line, a.column], [1, 513])
        XCTAssertEqual(a.path.components.count, 512)

        let objects = Array((String(repeating: #"{"k": "#, count: 10_000) + "1" + String(repeating: "}", count: 10_000)).utf8)
        let o = try XCTUnwrap(error(objects))
        XCTAssertEqual(o.message, "nesting deeper than 512 levels (limit of the parser)")
        XCTAssertEqual(o.path.description, "$" + String(repeating: ".k", count: 512))

        // The limit is configurable; deep documents below it are read without recursion.
        let deep = Array((String(repeating: "[", count: 9_999) + "7" + String(repeating: "]", count: 9_999)).utf8)
        var value = try JSONParser.parse(deep, file: "h.json", maxDepth: 10_000)
        for _ in 0..<9_999 { value = try XCTUnwrap(value.arrayValue?.first) }
        XCTAssertEqual(value, .int(7))
    }

    func testFiftyMegabyteString() throws {
        let size = 50 << 20
        var bytes = Array(#"{"id": "a:1", "description": ""#.utf8)
        bytes.reserveCapacity(size + 64)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: size)
        bytes += Array(#"", "end": "\u00e9"}"#.utf8)
        let start = Date()
        let json = try JSONParser.parse(bytes, file: "big.json")
        XCTAssertLessThan(Date().timeIntervalSince(start), 30, "a 50 MB string must parse in bounded time")
        XCTAssertEqual(json["description"]?.stringValue?.utf8.count, size)
        XCTAssertEqual(json["end"], .string("é"))

        // The same string cut short, or with one invalid byte at its end: exact positions.
        let cut = try XCTUnwrap(error(Array(bytes.prefix(size / 2))))
        XCTAssertEqual(cut.description, "h.json:1:\(size / 2 + 1): unexpected end of data in a string (at $.description)")
        var invalid = bytes
        invalid[31 + size - 1] = 0xFF
        XCTAssertEqual(error(invalid)?.description, "h.json:1:\(31 + size): invalid UTF-8 in string (at $.description)")
    }

    func testEveryTruncationOfARealPayload() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.fixture))
        let content = bytes.count - (bytes.reversed().firstIndex { !JSONScanner.isWhitespace($0) } ?? 0)
        XCTAssertNoThrow(try JSONParser.parse(bytes, file: "h.json"))
        var messages: Set<String> = []
        for length in 0..<content {
            guard let e = error(Array(bytes.prefix(length))) else {
                XCTFail("a prefix of \(length) bytes parsed")
                continue
            }
            XCTAssertLessThanOrEqual(e.offset, length)
            XCTAssertGreaterThanOrEqual(e.line, 1)
            messages.insert(e.message)
        }
        XCTAssertEqual(messages.sorted(), [
            "empty document", "unexpected end of data", "unexpected end of data in 'false'", "unexpected end of data in 'null'",
            "unexpected end of data in 'true'", "unexpected end of data in a string",
        ])
    }

    func testNumbersBeyondSixtyFourBits() {
        for text in ["9223372036854775808", "-9223372036854775809", "18446744073709551616", "1" + String(repeating: "0", count: 400)] {
            XCTAssertEqual(error(Array(#"{"version": \#(text)}"#.utf8))?.description,
                           "h.json:1:13: integer out of 64-bit range (at $.version)", text)
        }
        XCTAssertEqual(error(Array(#"[1e400]"#.utf8))?.description, "h.json:1:2: number out of range of a 64-bit float (at $[0])")
        XCTAssertEqual(error(Array(#"[-1e400]"#.utf8))?.description, "h.json:1:2: number out of range of a 64-bit float (at $[0])")
    }

    func testInvalidUTF8EverywhereInAString() {
        for (bad, column) in [([0xC0, 0xAF], 10), ([0xED, 0xA0, 0x80], 10), ([0xF4, 0x90, 0x80, 0x80], 10), ([0xE2, 0x82], 10),
                              ([0x80], 10), ([0xFF], 10), ([0xFE, 0xFF], 10)] as [([UInt8], Int)] {
            let doc = Array(#"{"name": "#.utf8) + [UInt8(ascii: "\"")] + bad + Array(#""}"#.utf8)
            XCTAssertEqual(error(doc)?.description, "h.json:1:\(column + 1): invalid UTF-8 in string (at $.name)", "\(bad)")
        }
        // In a key: the path cannot name the key, so it names the object.
        let key = Array(#"{""#.utf8) + [0xFF] + Array(#"": 1}"#.utf8)
        XCTAssertEqual(error(key)?.description, "h.json:1:3: invalid UTF-8 in string (at $)")
    }

    /// Seeded random damage to a real payload (bytes flipped, dropped, duplicated, spliced):
    /// every outcome is a value or an error inside the document, never a crash or a hang.
    func testSeededRandomDamage() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.fixture))
        var rng = SplitMix64(seed: 0x1_2EA5E)
        var parsed = 0, failed = 0
        let interesting: [UInt8] = Array(#"{}[]",:\u0"#.utf8) + [0, 0x7F, 0x80, 0xC3, 0xED, 0xF0, 0xFF, UInt8(ascii: "9"), UInt8(ascii: "e")]
        for _ in 0..<20_000 {
            var doc = bytes
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(doc.count))
                switch rng.next() % 4 {
                case 0: doc[at] = interesting[Int(rng.next() % UInt64(interesting.count))]
                case 1: doc.remove(at: at)
                case 2: doc.insert(contentsOf: doc[at..<min(doc.count, at + 16)], at: at)
                default: doc = Array(doc[..<at]) + Array(doc[min(doc.count, at + Int(rng.next() % 64))...])
                }
                if doc.isEmpty { doc = [0x20] }
            }
            if let e = error(doc, maxDepth: 64) {
                XCTAssertLessThanOrEqual(e.offset, doc.count)
                XCTAssertGreaterThanOrEqual(e.column, 1)
                failed += 1
            } else {
                parsed += 1
            }
        }
        XCTAssertEqual(parsed + failed, 20_000)
        XCTAssertGreaterThan(failed, 10_000)
    }
}

