import XCTest

@testable import Archive

/// Real tarballs written by Python's `tarfile` as the legacy SDK wrote them.
final class TarFixtureTests: XCTestCase {
    func testPaxFormat() throws {
        XCTAssertEqual(try TarGz.read(try Fixture.bytes("pax.tar.gz")), Fixture.sdkEntries)
    }

    func testGnuFormatWithLongLink() throws {
        XCTAssertEqual(try TarGz.read(try Fixture.bytes("gnu.tar.gz")), Fixture.sdkEntries)
    }

    func testUstarFormatWithPrefix() throws {
        XCTAssertEqual(try TarGz.read(try Fixture.bytes("ustar.tar.gz")), Fixture.sdkEntries)
    }

    func testLongNameIsOverAHundredBytes() {
        XCTAssertGreaterThan(Fixture.sdkEntries[6].path.utf8.count, 100)
    }

    func testSecondDependencyTarball() throws {
        XCTAssertEqual(try TarGz.read(try Fixture.bytes("deps2.tar.gz")), [
            Fixture.file("\(Fixture.home)/proj/score.py", Fixture.score),
            Fixture.file("\(Fixture.home)/proj/utils/helpers.py", "def helper():\n    return 2\n", mode: 0o600),
            Fixture.file("\(Fixture.home)/proj/extra.py", "EXTRA = 1\n"),
        ])
    }

    func testParentTraversalIsRefused() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("dotdot.tar.gz")), "tar member '../evil' has a '..' path component")
    }

    func testAbsolutePathIsRefused() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("absolute.tar.gz")), "tar member '/etc/passwd' has an absolute path")
    }

    func testSymlinkOutOfTheTreeIsRefused() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("symlink.tar.gz")),
            "link member 'tmp/i2e/home/alice/proj/etc' (symbolic link to '/etc') is not supported")
    }

    func testSymlinkInsideTheTreeIsRefusedToo() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("innerlink.tar.gz")),
            "link member 'tmp/i2e/home/alice/proj/main.py' (symbolic link to 'score.py') is not supported")
    }

    func testHardLinkIsRefused() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("hardlink.tar.gz")),
            "link member 'tmp/i2e/home/alice/proj/x' (hard link to '../x') is not supported")
    }

    func testCharacterDeviceIsRefused() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("chardev.tar.gz")),
            "tar member 'dev/null' is a character device, which is not supported")
    }

    func testFifoIsRefused() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("fifo.tar.gz")),
            "tar member 'tmp/i2e/home/alice/proj/pipe' is a FIFO, which is not supported")
    }

    func testNonUTF8NameIsRefused() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("nonutf8.tar.gz")),
            "tar member name 'tmp/i2e/bad\u{FFFD}.py' is not valid UTF-8 or contains a NUL byte")
    }

    func testTruncatedMember() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("truncated.tar.gz")),
            "truncated tar member 'home/a/x.py': header says 1200 bytes, 512 available")
    }

    func testBadChecksum() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("badchecksum.tar.gz")),
            "invalid tar header at offset 1024 (member 'tmp/i2e/home/alice/proj/b.py'): "
                + "checksum mismatch (header says 6674, computed 6675)")
    }

    func testTotalBytesLimit() throws {
        let bytes = try Fixture.bytes("bigfile.tar.gz")
        XCTAssertArchiveError(
            try TarGz.read(bytes, limits: TarLimits(maxTotalBytes: 1 << 20)),
            "tar archive holds more than 1048576 bytes of file data (limit reached at member 'big.bin')")
        let entries = try TarGz.read(bytes, limits: TarLimits(maxTotalBytes: 3 << 20))
        XCTAssertEqual(entries.map(\.path), ["big.bin"])
        XCTAssertEqual(entries.first?.data.count, 3 << 20)
    }

    func testNotGzipAndEmptyFiles() throws {
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("notgzip.tar.gz")),
            "not gzip data: the input does not start with the gzip magic bytes 1f 8b")
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("empty.tar.gz")), "empty input: expected gzip data, got 0 bytes")
    }

    func testErrorsAreTypedAndNameTheMember() throws {
        let bytes = try Fixture.bytes("truncated.tar.gz")
        do {
            _ = try TarGz.read(bytes)
            XCTFail("expected an error")
        } catch {
            // `error` is an ArchiveError: the read functions use typed throws.
            XCTAssertEqual(error.member, "home/a/x.py")
            XCTAssertEqual(error.message, "truncated tar member 'home/a/x.py': header says 1200 bytes, 512 available")
        }
        XCTAssertNil(ArchiveError.truncatedGzip.member)
        XCTAssertNil(ArchiveError.badChecksum(offset: 0, name: "", stored: 1, computed: 2).member)
        XCTAssertEqual(ArchiveError.badChecksum(offset: 0, name: "a", stored: 1, computed: 2).member, "a")
    }

    func testGzipThatIsNotTar() throws {
        // concat.gz decompresses to "hello world\n": 12 non-zero bytes where a header is expected.
        XCTAssertArchiveError(
            try TarGz.read(try Fixture.bytes("concat.gz")),
            "truncated tar header at offset 0: 512 bytes needed, 12 available")
    }
}
