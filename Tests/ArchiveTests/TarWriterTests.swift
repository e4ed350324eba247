import XCTest

@testable import Archive

final class TarWriterTests: XCTestCase {
    private let entries = [
        TarEntry(path: "source", kind: .directory, mode: 0o755),
        TarEntry(path: "source/score.py", kind: .file, data: Array("def init():\n    pass\n".utf8), mode: 0o644),
        TarEntry(path: "source/utils", kind: .directory, mode: 0o755),
        TarEntry(path: "source/utils/empty.txt", kind: .file, data: [], mode: 0o600),
    ]

    func testRoundTripThroughTheReader() throws {
        let archive = try TarGz.read(try Gzip.compress(try TarWriter.archive(entries)))
        XCTAssertEqual(archive, entries)
    }

    func testOutputIsDeterministicAndBlockAligned() throws {
        let a = try TarWriter.archive(entries)
        XCTAssertEqual(a, try TarWriter.archive(entries))
        XCTAssertEqual(a.count % 512, 0)
        // 4 headers, one data block for score.py, two zero blocks.
        XCTAssertEqual(a.count, 7 * 512)
        XCTAssertEqual(try Gzip.compress(a), try Gzip.compress(a))
    }

    func testLongPathsUseThePrefixOrAPaxRecord() throws {
        let folder = String(repeating: "d", count: 120)
        let viaPrefix = TarEntry(path: "\(folder)/\(String(repeating: "f", count: 90)).py", kind: .file, data: [1], mode: 0o644)
        let viaPax = TarEntry(path: "source/" + String(repeating: "x", count: 300), kind: .file, data: [2, 3], mode: 0o644)
        let bytes = try TarWriter.archive([viaPrefix, viaPax])
        XCTAssertEqual(try TarReader.read(bytes), [viaPrefix, viaPax])
        XCTAssertEqual(Array(bytes[345..<465]), Array(folder.utf8), "ustar prefix field")
    }

    func testPaxRecordLengthCountsItself() {
        XCTAssertEqual(String(decoding: TarWriter.paxRecord("path", Array("abc".utf8)), as: UTF8.self), "12 path=abc\n")
        let long = [UInt8](repeating: 0x61, count: 93)
        let record = TarWriter.paxRecord("path", long)
        XCTAssertEqual(record.count, 103)
        XCTAssertEqual(String(decoding: record.prefix(4), as: UTF8.self), "103 ")
    }

    func testUnsafePathsAreRefused() {
        for path in ["", "/etc/passwd", "a/../b", "a//b", "./a"] {
            XCTAssertThrowsError(try TarWriter.archive([TarEntry(path: path, kind: .file, mode: 0o644)]), path)
        }
    }

    func testCompressedBytesInflateBack() throws {
        let data = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7 % 251) }
        let gz = try Gzip.compress(data)
        XCTAssertEqual(Array(gz.prefix(4)), [0x1F, 0x8B, 8, 0])
        XCTAssertEqual(try Gzip.decompress(gz, limit: data.count), data)
    }
}
