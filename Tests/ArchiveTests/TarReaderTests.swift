import XCTest

@testable import Archive

/// Hand-built archives for header details and hostile inputs `tarfile` will not write.
final class TarReaderTests: XCTestCase {
    private func file(_ path: String, _ text: String, mode: UInt32 = 0o644) -> TarEntry {
        Fixture.file(path, text, mode: mode)
    }

    func testEmptyAndAllZeroArchives() throws {
        XCTAssertEqual(try TarReader.read([]), [])
        XCTAssertEqual(try TarReader.read([UInt8](repeating: 0, count: 10_240)), [])
        XCTAssertEqual(try TarReader.read([UInt8](repeating: 0, count: 100)), [])
    }

    func testEndsAtEndOfDataWithoutZeroBlocksOrPadding() throws {
        var tar = TestTar()
        tar.add("a.txt", data: Array("abc".utf8))
        XCTAssertEqual(try TarReader.read(tar.bytes), [file("a.txt", "abc")])
        XCTAssertEqual(try TarReader.read(Array(tar.bytes.prefix(515))), [file("a.txt", "abc")])
    }

    func testStopsAtFirstZeroBlockLikeTarfile() throws {
        var tar = TestTar()
        tar.add("a.txt", data: Array("abc".utf8))
        tar.raw([UInt8](repeating: 0, count: 512))
        tar.raw([UInt8](repeating: 0x41, count: 700))  // garbage after the end is ignored
        XCTAssertEqual(try TarReader.read(tar.bytes), [file("a.txt", "abc")])
    }

    func testTruncatedHeader() {
        var tar = TestTar()
        tar.add("a.txt", data: Array("abc".utf8))
        tar.raw([UInt8](repeating: 0x41, count: 300))
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes), "truncated tar header at offset 1024: 512 bytes needed, 300 available")
    }

    func testZeroByteFileAndNormalisedPaths() throws {
        var tar = TestTar()
        tar.add("./", type: "5", mode: "0000755")
        tar.add("./pkg//sub/./", type: "5", mode: "0000755")
        tar.add("./pkg//sub/./empty.py")
        tar.add("old/dir/", type: "\0", mode: "0000755")  // V7: regular type + trailing '/'
        tar.add("old/file", type: "\0", data: [1, 2])
        tar.add("contiguous", type: "7", data: [3], mode: "0104755")
        tar.end()
        XCTAssertEqual(try TarReader.read(tar.bytes), [
            TarEntry(path: "pkg/sub", kind: .directory, mode: 0o755),
            TarEntry(path: "pkg/sub/empty.py", kind: .file, data: [], mode: 0o644),
            TarEntry(path: "old/dir", kind: .directory, mode: 0o755),
            TarEntry(path: "old/file", kind: .file, data: [1, 2], mode: 0o644),
            TarEntry(path: "contiguous", kind: .file, data: [3], mode: 0o4755),
        ])
    }

    func testDuplicatePathsAreKeptInOrder() throws {
        var tar = TestTar()
        tar.add("a", data: [1])
        tar.add("a", data: [2])
        XCTAssertEqual(try TarReader.read(tar.bytes).map(\.data), [[1], [2]])
    }

    func testBase256Size() throws {
        var tar = TestTar()
        tar.add("big", data: Array("hello".utf8), sizeField: [0x80] + [UInt8](repeating: 0, count: 10) + [5])
        XCTAssertEqual(try TarReader.read(tar.bytes), [file("big", "hello")])
    }

    func testBase256SizeLargerThanTheData() {
        var tar = TestTar()
        tar.add("big", data: [1], sizeField: [0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0])
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes), "truncated tar member 'big': header says 4096 bytes, 512 available")
    }

    func testInvalidSizeFields() {
        let bad: [[UInt8]] = [
            [UInt8](repeating: 0xFF, count: 12),  // negative base-256
            [0x80] + [UInt8](repeating: 0xFF, count: 11),  // beyond Int.max
            Array("0000000012x\0".utf8),  // not octal
            Array("-0000000012\0".utf8),
        ]
        for field in bad {
            var tar = TestTar()
            tar.add("a", sizeField: field)
            XCTAssertArchiveError(
                try TarReader.read(tar.bytes),
                "invalid tar header at offset 0 (member 'a'): the size field is not a valid number")
        }
    }

    func testBlankAndSpacePaddedOctalFields() throws {
        var tar = TestTar()
        tar.add("a", data: [7], sizeField: Array("   1 \0\0\0\0\0\0\0".utf8), mode: "   644 ")
        tar.add("b", sizeField: [UInt8](repeating: 0, count: 12))
        XCTAssertEqual(try TarReader.read(tar.bytes), [
            TarEntry(path: "a", kind: .file, data: [7], mode: 0o644),
            TarEntry(path: "b", kind: .file, data: [], mode: 0o644),
        ])
    }

    func testInvalidModeField() {
        var tar = TestTar()
        tar.add("a", mode: "0000948")
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes), "invalid tar header at offset 0 (member 'a'): the mode field is not a valid number")
    }

    func testChecksumFieldNotOctal() {
        var tar = TestTar()
        tar.add("a", checksum: { _ in Array("zzzzzz\0 ".utf8) })
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes),
            "invalid tar header at offset 0 (member 'a'): the checksum field is not a valid number")
    }

    func testSignedChecksumIsAccepted() throws {
        // Bytes >= 0x80 make the signed sum differ; old tars stored that one.
        let name = "caf\u{E9}.py"
        var tar = TestTar()
        tar.add(name, checksum: { unsigned in
            let signed = unsigned - 2 * 256  // two bytes >= 0x80 in "é"
            return TestTar.octal(signed, width: 7) + [0x20]
        })
        XCTAssertEqual(try TarReader.read(tar.bytes).map(\.path), [name])
    }

    func testRandomBytesFailTheChecksum() {
        let garbage = (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        let error = XCTAssertThrowsArchiveError(try TarReader.read(garbage))
        XCTAssertTrue(error?.description.hasPrefix("invalid tar header at offset 0") == true, "\(String(describing: error))")
    }

    func testUstarPrefixOnlyForPosixMagic() throws {
        var tar = TestTar()
        tar.add("file.py", data: [1], prefix: "home/alice/proj")
        tar.add("other.py", data: [2], prefix: "ignored/atime", magic: .gnu)
        tar.add("v7.py", data: [3], prefix: "ignored", magic: .v7)
        XCTAssertEqual(try TarReader.read(tar.bytes).map(\.path), ["home/alice/proj/file.py", "other.py", "v7.py"])
    }

    func testGnuLongNameAndLongLink() throws {
        let long = String(repeating: "d/", count: 80) + "file.py"
        var tar = TestTar()
        tar.add("././@LongLink", type: "L", data: Array(long.utf8) + [0], magic: .gnu)
        tar.add(String(long.prefix(100)), data: [9], magic: .gnu)
        XCTAssertEqual(try TarReader.read(tar.bytes).map(\.path), [long])

        let target = "/" + String(repeating: "t", count: 150)
        var links = TestTar()
        links.add("././@LongLink", type: "K", data: Array(target.utf8) + [0], magic: .gnu)
        links.add("link", type: "2", linkName: String(target.prefix(100)), magic: .gnu)
        XCTAssertArchiveError(
            try TarReader.read(links.bytes), "link member 'link' (symbolic link to '\(target)') is not supported")
    }

    func testPaxPathAndSizeOverrideTheHeader() throws {
        let long = "home/alice/" + String(repeating: "x", count: 300) + ".py"
        var tar = TestTar()
        tar.pax([("mtime", "1700000000.5"), ("path", long), ("size", "3"), ("comment", "a=b")])
        tar.add("short-name", data: Array("abc".utf8), sizeField: TestTar.octal(0, width: 12))
        tar.add("next", data: [1])
        XCTAssertEqual(try TarReader.read(tar.bytes), [file(long, "abc"), TarEntry(path: "next", kind: .file, data: [1], mode: 0o644)])
    }

    func testEmptyPaxValuesUnsetTheKeyword() throws {
        var tar = TestTar()
        tar.pax([("path", "pax/name"), ("size", "99")])
        tar.add("././@PaxHeader", type: "x", data: Array("8 path=\n8 size=\n".utf8))
        tar.add("header/name", data: [1])
        XCTAssertEqual(try TarReader.read(tar.bytes), [TarEntry(path: "header/name", kind: .file, data: [1], mode: 0o644)])
    }

    func testPaxPathWinsOverGnuLongName() throws {
        var tar = TestTar()
        tar.add("././@LongLink", type: "L", data: Array("gnu/name".utf8) + [0], magic: .gnu)
        tar.pax([("path", "pax/name")])
        tar.add("header/name", data: [1])
        XCTAssertEqual(try TarReader.read(tar.bytes).map(\.path), ["pax/name"])
    }

    func testPaxLinkpath() {
        var tar = TestTar()
        tar.pax([("linkpath", "../../outside")])
        tar.add("lnk", type: "1", linkName: "short")
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes), "link member 'lnk' (hard link to '../../outside') is not supported")
    }

    func testPaxGlobalHeaderIsIgnored() throws {
        var tar = TestTar()
        tar.pax([("path", "global/ignored")], type: "g")
        tar.add("a", data: [1])
        XCTAssertEqual(try TarReader.read(tar.bytes).map(\.path), ["a"])
    }

    func testMalformedPaxRecords() {
        let cases: [([UInt8], String)] = [
            (Array("5 path=abc\n".utf8), "record at byte 0 has a length of 5 that does not end at a newline"),
            (Array("99 path=abc\n".utf8), "record at byte 0 has a length of 99 that does not end at a newline"),
            (Array("path=abc\n".utf8), "record at byte 0 does not start with '<length> '"),
            (Array("12 path=abc\n7 noeq\n".utf8), "record at byte 12 has no 'key=value'"),
            (Array("99999999999999999999 a=b\n".utf8), "record at byte 0 has an oversized length"),
            (Array("12 size=1x2\n".utf8), "invalid size value '1x2'"),
            (Array("12 size=-12\n".utf8) + [0], "invalid size value '-12'"),
        ]
        for (data, reason) in cases {
            var tar = TestTar()
            tar.add("././@PaxHeader", type: "x", data: data)
            tar.add("a", data: [1])
            XCTAssertArchiveError(try TarReader.read(tar.bytes), "invalid PAX extended header at offset 0: \(reason)")
        }
    }

    func testPaxNulPaddingIsAllowedAndNulInPathIsRefused() throws {
        var padded = TestTar()
        padded.add("././@PaxHeader", type: "x", data: Array("12 path=abc\n".utf8) + [0, 0, 0])
        padded.add("a", data: [1])
        XCTAssertEqual(try TarReader.read(padded.bytes).map(\.path), ["abc"])

        var nul = TestTar()
        nul.add("././@PaxHeader", type: "x", data: Array("12 path=a".utf8) + [0] + Array("b\n".utf8))
        nul.add("a", data: [1])
        XCTAssertArchiveError(
            try TarReader.read(nul.bytes), "tar member name 'a\\u{0}b' is not valid UTF-8 or contains a NUL byte")
    }

    func testDanglingExtendedHeader() {
        var tar = TestTar()
        tar.add("a", data: [1])
        tar.pax([("path", "b")])
        tar.end()
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes),
            "tar archive ends after the extended header at offset 1024 without the member it describes")
    }

    func testTruncatedExtendedHeader() {
        var tar = TestTar()
        tar.add("././@LongLink", type: "L", data: [UInt8](repeating: 0x61, count: 1000), magic: .gnu)
        XCTAssertArchiveError(
            try TarReader.read(Array(tar.bytes.prefix(600))),
            "truncated tar member '././@LongLink': header says 1000 bytes, 88 available")
    }

    func testSparseFilesAreRefused() {
        var gnu = TestTar()
        gnu.add("sparse.bin", type: "S", magic: .gnu)
        XCTAssertArchiveError(
            try TarReader.read(gnu.bytes), "tar member 'sparse.bin' is a sparse file, which is not supported")
        var pax = TestTar()
        pax.pax([("GNU.sparse.major", "1"), ("GNU.sparse.minor", "0")])
        pax.add("GNUSparseFile.0/data.bin")
        XCTAssertArchiveError(
            try TarReader.read(pax.bytes),
            "tar member 'GNUSparseFile.0/data.bin' is a sparse file, which is not supported")
    }

    func testBlockDeviceAndUnknownTypes() {
        var block = TestTar()
        block.add("dev/sda", type: "4")
        XCTAssertArchiveError(
            try TarReader.read(block.bytes), "tar member 'dev/sda' is a block device, which is not supported")
        var volume = TestTar()
        volume.add("label", type: "V")
        XCTAssertArchiveError(try TarReader.read(volume.bytes), "tar member 'label' has unsupported type 'V'")
        var control = TestTar()
        control.add("odd", type: "\u{1B}")
        XCTAssertArchiveError(try TarReader.read(control.bytes), "tar member 'odd' has unsupported type 0x1b")
    }

    func testDirectoryWithDataAndFileWithSlash() {
        var dir = TestTar()
        dir.add("d/", type: "5", data: [1, 2, 3, 4, 5])
        XCTAssertArchiveError(try TarReader.read(dir.bytes), "directory member 'd/' declares 5 bytes of data")
        var slash = TestTar()
        slash.add("a/", type: "0", data: [1])
        XCTAssertArchiveError(try TarReader.read(slash.bytes), "file member 'a/' has a name ending in '/'")
    }

    func testEmptyFileName() {
        var tar = TestTar()
        tar.add("a", data: [1])
        tar.add(".", data: [1])
        XCTAssertArchiveError(try TarReader.read(tar.bytes), "tar member at offset 1024 has an empty name")
    }

    func testHostileNamesAreEscapedInMessages() {
        var tar = TestTar()
        tar.add("/x\u{1B}[31m\nfake: ok")
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes), "tar member '/x\\u{1b}[31m\\u{a}fake: ok' has an absolute path")
        var dotdot = TestTar()
        dotdot.add("a/b/../../../c", data: [1])
        XCTAssertArchiveError(try TarReader.read(dotdot.bytes), "tar member 'a/b/../../../c' has a '..' path component")
    }

    func testInvalidUTF8InHeaderName() {
        var tar = TestTar()
        tar.add("", rawName: [0x61, 0xC3, 0x28])
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes), "tar member name 'a\u{FFFD}(' is not valid UTF-8 or contains a NUL byte")
    }

    func testMemberLimit() throws {
        var tar = TestTar()
        tar.pax([("mtime", "1")])  // extended headers do not count
        tar.add("a", data: [1])
        tar.add("b", type: "5")
        tar.add("c", data: [1])
        XCTAssertEqual(try TarReader.read(tar.bytes, limits: TarLimits(maxMembers: 3)).count, 3)
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes, limits: TarLimits(maxMembers: 2)), "tar archive has more than 2 members")
    }

    func testTotalBytesLimitIsExact() throws {
        var tar = TestTar()
        tar.add("a", data: [1, 2, 3])
        tar.add("b", data: [4, 5])
        XCTAssertEqual(try TarReader.read(tar.bytes, limits: TarLimits(maxTotalBytes: 5)).count, 2)
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes, limits: TarLimits(maxTotalBytes: 4)),
            "tar archive holds more than 4 bytes of file data (limit reached at member 'b')")
    }

    func testNameLengthLimit() throws {
        var tar = TestTar()
        tar.add("abcdefghijk", data: [1])
        XCTAssertEqual(try TarReader.read(tar.bytes, limits: TarLimits(maxNameLength: 11)).count, 1)
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes, limits: TarLimits(maxNameLength: 10)),
            "tar member name 'abcdefghijk' is 11 bytes, more than the limit of 10 bytes")

        var pax = TestTar()
        pax.pax([("path", String(repeating: "p", count: 5000))])
        pax.add("p", data: [1])
        XCTAssertArchiveError(
            try TarReader.read(pax.bytes),
            "tar member name '\(String(repeating: "p", count: 100))…' is 5000 bytes, more than the limit of 4096 bytes")
    }

    func testExtendedHeaderLimit() {
        var tar = TestTar()
        tar.pax([("comment", String(repeating: "c", count: 600))])
        tar.add("a", data: [1])
        XCTAssertArchiveError(
            try TarReader.read(tar.bytes, limits: TarLimits(maxExtendedHeaderBytes: 512)),
            "extended header at offset 0 is 613 bytes, more than the limit of 512 bytes")
    }
}

/// Returns the `ArchiveError` thrown by `expression`, failing when there is none.
func XCTAssertThrowsArchiveError<T>(
    _ expression: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line
) -> ArchiveError? {
    do {
        _ = try expression()
        XCTFail("expected an error", file: file, line: line)
    } catch let error as ArchiveError {
        return error
    } catch {
        XCTFail("expected ArchiveError, got \(error)", file: file, line: line)
    }
    return nil
}
