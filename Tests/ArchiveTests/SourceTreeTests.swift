import XCTest

@testable import Archive

final class SourceTreeTests: XCTestCase {
    private typealias File = RecoveredSourceTree.File

    private func file(_ path: String, _ text: String) -> File {
        File(path: path, data: Array(text.utf8))
    }

    private func entry(_ path: String, _ text: String = "x") -> TarEntry {
        Fixture.file(path, text)
    }

    private var projectFiles: [File] {
        [
            file("\(Fixture.longDir)/\(Fixture.longFile)", "LONG = True\n"),
            file("schema/schema.json", Fixture.schema),
            file("score.py", Fixture.score),
            file("shared/lib.py", "SHARED = 1\n"),
            file("utils/__init__.py", ""),
            file("utils/helpers.py", "def helper():\n    return 1\n"),
        ]
    }

    func testPrefixRemovedAroundTheEntryScript() throws {
        let entries = try TarGz.read(try Fixture.bytes("pax.tar.gz"))
        let tree = SourceTree.recover(tarballs: [entries], entryScript: "score.py")
        XCTAssertEqual(tree, RecoveredSourceTree(
            root: "tmp/i2e/home/alice/proj", commonPrefix: "tmp/i2e/home/alice", files: projectFiles,
            entryScript: "score.py", outsideRoot: ["shared/lib.py"], duplicates: []))
        XCTAssertEqual(tree.files.map(\.size), [12, 28, 80, 11, 0, 27])
    }

    /// IotContainerImage uploads the execution script itself as the driver: it lands at the root,
    /// the folder that holds the dependencies the user listed (a folder and a file), and wins
    /// over a tarball member at the same path.
    func testDriverScriptGoesToTheRootOfTheListedDependencies() {
        let folder = [TarEntry(path: "tmp/h/alice/edge/vibration", kind: .directory, data: [], mode: 0o755),
                      entry("tmp/h/alice/edge/vibration/__init__.py", ""), entry("tmp/h/alice/edge/vibration/model.py", "M = 1\n")]
        let loose = [entry("tmp/h/alice/edge/thresholds.json", "{}\n"), entry("tmp/h/alice/edge/main.py", "old\n")]
        let tree = SourceTree.recover(tarballs: [folder, loose], entryScript: "ignored.py", driver: file("main.py", "new\n"))
        XCTAssertEqual(tree, RecoveredSourceTree(
            root: "tmp/h/alice/edge", commonPrefix: "tmp/h/alice/edge",
            files: [file("main.py", "new\n"), file("thresholds.json", "{}\n"), file("vibration/__init__.py", ""), file("vibration/model.py", "M = 1\n")],
            entryScript: "main.py", outsideRoot: [], duplicates: ["main.py"]))
        // No dependencies: the script alone.
        XCTAssertEqual(SourceTree.recover(tarballs: [], entryScript: nil, driver: file("main.py", "x\n")),
                       RecoveredSourceTree(root: "", commonPrefix: "", files: [file("main.py", "x\n")], entryScript: "main.py",
                                           outsideRoot: [], duplicates: []))
    }

    func testAllFormatsRecoverTheSameTree() throws {
        let trees = try ["pax.tar.gz", "gnu.tar.gz", "ustar.tar.gz"].map {
            SourceTree.recover(tarballs: [try TarGz.read(try Fixture.bytes($0))], entryScript: "score.py")
        }
        XCTAssertEqual(trees[0], trees[1])
        XCTAssertEqual(trees[0], trees[2])
    }

    func testSchemaFileInASubfolder() throws {
        let entries = try TarGz.read(try Fixture.bytes("pax.tar.gz"))
        let tree = SourceTree.recover(tarballs: [entries], entryScript: "score.py")
        XCTAssertEqual(tree.files.first { $0.path == "schema/schema.json" }?.data, Array(Fixture.schema.utf8))
    }

    func testTwoTarballsWithADuplicate() throws {
        let first = try TarGz.read(try Fixture.bytes("pax.tar.gz"))
        let second = try TarGz.read(try Fixture.bytes("deps2.tar.gz"))
        let tree = SourceTree.recover(tarballs: [first, second], entryScript: "score.py")
        var expected = projectFiles
        expected[5] = file("utils/helpers.py", "def helper():\n    return 2\n")  // the later tarball wins
        expected.insert(file("extra.py", "EXTRA = 1\n"), at: 1)
        XCTAssertEqual(tree, RecoveredSourceTree(
            root: "tmp/i2e/home/alice/proj", commonPrefix: "tmp/i2e/home/alice", files: expected,
            entryScript: "score.py", outsideRoot: ["shared/lib.py"], duplicates: ["utils/helpers.py"]))
        // Reversed asset order: the first tarball's helpers.py is now the later one.
        let reversed = SourceTree.recover(tarballs: [second, first], entryScript: "score.py")
        XCTAssertEqual(reversed.files.first { $0.path == "utils/helpers.py" }?.data, Array("def helper():\n    return 1\n".utf8))
        XCTAssertEqual(reversed.duplicates, ["utils/helpers.py"])
    }

    func testNoEntryScript() throws {
        let entries = try TarGz.read(try Fixture.bytes("pax.tar.gz"))
        let expected = RecoveredSourceTree(
            root: "tmp/i2e/home/alice", commonPrefix: "tmp/i2e/home/alice",
            files: projectFiles.map { file in
                File(path: file.path == "shared/lib.py" ? file.path : "proj/" + file.path, data: file.data)
            }.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) },
            entryScript: nil, outsideRoot: [], duplicates: [])
        XCTAssertEqual(SourceTree.recover(tarballs: [entries], entryScript: nil), expected)
        XCTAssertEqual(SourceTree.recover(tarballs: [entries], entryScript: "main.py"), expected)
    }

    func testSingleFileWithoutEntryScriptKeepsItsName() {
        let tree = SourceTree.recover(tarballs: [[entry("home/a/proj/score.py")]], entryScript: nil)
        XCTAssertEqual(tree.root, "home/a/proj")
        XCTAssertEqual(tree.files.map(\.path), ["score.py"])
    }

    func testShortestMatchingEntryScriptWins() {
        let entries = [entry("h/p/sub/deep/score.py", "deep"), entry("h/p/sub/score.py", "top"), entry("h/p/other/score.py", "o")]
        let tree = SourceTree.recover(tarballs: [entries], entryScript: "score.py")
        XCTAssertEqual(tree.root, "h/p/other")  // same depth as h/p/sub: first in byte order
        XCTAssertEqual(tree.commonPrefix, "h/p")
        XCTAssertEqual(tree.files.map(\.path), ["score.py", "sub/deep/score.py", "sub/score.py"])
        XCTAssertEqual(tree.outsideRoot, ["sub/deep/score.py", "sub/score.py"])
    }

    func testEntryScriptWithADirectory() {
        let entries = [entry("h/proj/src/score.py"), entry("h/proj/lib/util.py"), entry("h/proj/score.py")]
        let tree = SourceTree.recover(tarballs: [entries], entryScript: "./src/score.py")
        XCTAssertEqual(tree.root, "h/proj")
        XCTAssertEqual(tree.entryScript, "src/score.py")
        XCTAssertEqual(tree.files.map(\.path), ["lib/util.py", "score.py", "src/score.py"])
        XCTAssertEqual(tree.outsideRoot, [])
        // An absolute or '..' name is matched by its last component.
        XCTAssertEqual(SourceTree.recover(tarballs: [entries], entryScript: "/elsewhere/score.py").root, "h/proj")
        XCTAssertEqual(SourceTree.recover(tarballs: [entries], entryScript: "../score.py").entryScript, "score.py")
    }

    func testDirectoryMembersDoNotMatchTheEntryScript() {
        let entries = [
            TarEntry(path: "h/a/score.py", kind: .directory, mode: 0o755), entry("h/b/proj/score.py"),
        ]
        let tree = SourceTree.recover(tarballs: [entries], entryScript: "score.py")
        XCTAssertEqual(tree.root, "h/b/proj")
        XCTAssertEqual(tree.commonPrefix, "h")
    }

    func testInsideRootWinsOverAnOutsideFileAtTheSamePath() {
        let entries = [entry("h/proj/score.py"), entry("h/proj/lib/a.py", "inside"), entry("h/lib/a.py", "outside")]
        let tree = SourceTree.recover(tarballs: [entries], entryScript: "score.py")
        XCTAssertEqual(tree.commonPrefix, "h")
        XCTAssertEqual(tree.files, [file("lib/a.py", "inside"), file("score.py", "x")])
        XCTAssertEqual(tree.outsideRoot, [])
        XCTAssertEqual(tree.duplicates, ["lib/a.py"])
    }

    func testSameContentTwiceIsNotADuplicate() {
        let tree = SourceTree.recover(tarballs: [[entry("h/p/a.py", "same")], [entry("h/p/a.py", "same")]], entryScript: nil)
        XCTAssertEqual(tree.files, [file("a.py", "same")])
        XCTAssertEqual(tree.duplicates, [])
    }

    func testFileUsedAsADirectoryIsDropped() {
        let tree = SourceTree.recover(
            tarballs: [[entry("h/p/score.py"), entry("h/p/utils", "file")], [entry("h/p/utils/x.py")]], entryScript: "score.py")
        XCTAssertEqual(tree.files.map(\.path), ["score.py", "utils/x.py"])
        XCTAssertEqual(tree.duplicates, ["utils"])
    }

    func testRelativePathOfAMember() throws {
        let tree = SourceTree.recover(tarballs: [try TarGz.read(try Fixture.bytes("pax.tar.gz"))], entryScript: "score.py")
        XCTAssertEqual(tree.relativePath(ofMember: "tmp/i2e/home/alice/proj/schema/schema.json"), "schema/schema.json")
        XCTAssertEqual(tree.relativePath(ofMember: "tmp/i2e/home/alice/shared/lib.py"), "shared/lib.py")
        XCTAssertEqual(tree.relativePath(ofMember: "tmp/i2e/home/alice/projects/x.py"), "projects/x.py")
        XCTAssertNil(tree.relativePath(ofMember: "tmp/i2e/home/bob/x.py"))
        XCTAssertNil(tree.relativePath(ofMember: "tmp/i2e/home/alice"))
    }

    func testEmptyInput() {
        XCTAssertEqual(
            SourceTree.recover(tarballs: [], entryScript: "score.py"),
            RecoveredSourceTree(root: "", commonPrefix: "", files: [], entryScript: nil, outsideRoot: [], duplicates: []))
        let dirsOnly = SourceTree.recover(tarballs: [[TarEntry(path: "h/p", kind: .directory, mode: 0o755)]], entryScript: nil)
        XCTAssertEqual(dirsOnly.files, [])
        XCTAssertEqual(dirsOnly.root, "")
    }

    func testTopLevelEntryScriptHasAnEmptyRoot() {
        let tree = SourceTree.recover(tarballs: [[entry("score.py"), entry("pkg/a.py")]], entryScript: "score.py")
        XCTAssertEqual(tree.root, "")
        XCTAssertEqual(tree.files.map(\.path), ["pkg/a.py", "score.py"])
        XCTAssertEqual(tree.entryScript, "score.py")
    }

    func testSortedByUTF8BytesAndDeterministic() {
        let entries = ["h/p/score.py", "h/p/\u{E9}.py", "h/p/e\u{301}.py", "h/p/Z.py", "h/p/a.py"].map { entry($0) }
        let tree = SourceTree.recover(tarballs: [entries], entryScript: "score.py")
        XCTAssertEqual(tree.files.map(\.path), ["Z.py", "a.py", "e\u{301}.py", "score.py", "\u{E9}.py"])
        XCTAssertEqual(tree, SourceTree.recover(tarballs: [entries.reversed()], entryScript: "score.py"))
    }
}
