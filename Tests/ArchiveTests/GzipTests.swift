import XCTest

@testable import Archive

final class GzipTests: XCTestCase {
    func testConcatenatedMembers() throws {
        let bytes = try Fixture.bytes("concat.gz")
        XCTAssertEqual(try Gzip.decompress(bytes, limit: 100), Array("hello world\n".utf8))
    }

    func testZeroPaddingAfterLastMemberIsIgnored() throws {
        let bytes = try Fixture.bytes("concat.gz") + [UInt8](repeating: 0, count: 1000)
        XCTAssertEqual(try Gzip.decompress(bytes, limit: 100), Array("hello world\n".utf8))
    }

    func testTrailingGarbageIsRefused() throws {
        let bytes = try Fixture.bytes("concat.gz")
        XCTAssertEqual(bytes.count, 52)
        XCTAssertArchiveError(
            try Gzip.decompress(bytes + [0, 0] + Array("junk".utf8), limit: 100),
            "unexpected data after the end of the gzip stream at byte offset 54")
    }

    func testGzipBombIsRefusedAtTheLimit() throws {
        let bomb = try Fixture.bytes("bomb.gz")
        XCTAssertLessThan(bomb.count, 20_000)
        XCTAssertArchiveError(
            try Gzip.decompress(bomb, limit: 1 << 20),
            "gzip stream expands beyond the limit of 1048576 bytes (possible gzip bomb)")
        XCTAssertArchiveError(
            try Gzip.decompress(bomb, limit: (16 << 20) - 1),
            "gzip stream expands beyond the limit of 16777215 bytes (possible gzip bomb)")
    }

    func testOutputExactlyAtTheLimitIsAccepted() throws {
        let output = try Gzip.decompress(try Fixture.bytes("bomb.gz"), limit: 16 << 20)
        XCTAssertEqual(output.count, 16 << 20)
        XCTAssertTrue(output.allSatisfy { $0 == 0 })
    }

    func testZeroLimitAcceptsOnlyEmptyOutput() throws {
        XCTAssertArchiveError(
            try Gzip.decompress(try Fixture.bytes("concat.gz"), limit: 0),
            "gzip stream expands beyond the limit of 0 bytes (possible gzip bomb)")
    }

    func testTruncatedStream() throws {
        let bytes = try Fixture.bytes("pax.tar.gz")
        XCTAssertArchiveError(try Gzip.decompress(Array(bytes.prefix(300)), limit: 1 << 20), "truncated gzip stream")
        XCTAssertArchiveError(try Gzip.decompress(Array(bytes.dropLast(4)), limit: 1 << 20), "truncated gzip stream")
        XCTAssertArchiveError(try Gzip.decompress(Array(bytes.prefix(5)), limit: 1 << 20), "truncated gzip stream")
    }

    func testCorruptChecksum() throws {
        var bytes = try Fixture.bytes("pax.tar.gz")
        bytes[bytes.count - 8] ^= 0xFF
        XCTAssertArchiveError(
            try Gzip.decompress(bytes, limit: 1 << 20), "corrupt gzip stream: incorrect data check")
    }

    func testUnknownCompressionMethod() {
        XCTAssertArchiveError(
            try Gzip.decompress([0x1F, 0x8B, 0x09, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3], limit: 100),
            "corrupt gzip stream: unknown compression method")
    }

    func testNotGzip() throws {
        XCTAssertArchiveError(
            try Gzip.decompress(try Fixture.bytes("notgzip.tar.gz"), limit: 100),
            "not gzip data: the input does not start with the gzip magic bytes 1f 8b")
        // zlib-format data is refused although zlib's auto-detection would accept it.
        XCTAssertArchiveError(
            try Gzip.decompress([0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01], limit: 100),
            "not gzip data: the input does not start with the gzip magic bytes 1f 8b")
        XCTAssertArchiveError(
            try Gzip.decompress([0x1F], limit: 100),
            "not gzip data: the input does not start with the gzip magic bytes 1f 8b")
    }

    func testEmptyInput() throws {
        XCTAssertArchiveError(
            try Gzip.decompress(try Fixture.bytes("empty.tar.gz"), limit: 100),
            "empty input: expected gzip data, got 0 bytes")
    }

    func testTarGzLimitIsTotalBytesPlusStructure() {
        XCTAssertEqual(
            TarGz.gzipLimit(for: TarLimits(maxMembers: 10, maxTotalBytes: 1 << 20)), (1 << 20) + 20_480 + (1 << 20))
        XCTAssertEqual(TarGz.gzipLimit(for: TarLimits(maxTotalBytes: Int.max)), Int.max)
    }

    func testTarGzRefusesABomb() throws {
        let limits = TarLimits(maxMembers: 10, maxTotalBytes: 1 << 20)
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("bomb.gz"), limits: limits),
            "gzip stream expands beyond the limit of 2117632 bytes (possible gzip bomb)")
    }
}
