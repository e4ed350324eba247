import Foundation
import Snapshot
import XCTest

final class AtomicFileTests: XCTestCase {
    func testWritesNewAndReplacesExistingFilesLeavingNoTemporaries() throws {
        let dir = try TempDir()
        let path = dir.path + "/report.json"
        try AtomicFile.write("first\n", to: path)
        try AtomicFile.write("second\n", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["report.json"])
        XCTAssertThrowsError(try AtomicFile.write("x", to: dir.path + "/no/such/folder/f.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix(dir.path + "/no/such/folder/f.json: cannot write: "), "\(error)")
        }
    }

    func testOutputFolderRefusesNonEmptyWithoutForceAndCommitsWhole() throws {
        let dir = try TempDir()
        try dir.write("out/old.txt", "old")
        XCTAssertThrowsError(try OutputFolder(dir.path + "/out", force: false)) { error in
            XCTAssertEqual("\(error)", "\(dir.path)/out: folder is not empty; use --force to replace its content")
        }
        let folder = try OutputFolder(dir.path + "/out", force: true)
        try folder.write("a/b.txt", Array("b".utf8))
        XCTAssertThrowsError(try folder.write("../escape.txt", []))
        XCTAssertEqual(try String(contentsOfFile: dir.path + "/out/old.txt", encoding: .utf8), "old", "untouched until commit")
        try folder.commit()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out"), ["a"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["out", "src"].filter { FileManager.default.fileExists(atPath: dir.path + "/" + $0) })
    }
}
