import Foundation
import LegacyImage
import Snapshot
import XCTest

/// Every bad-input case of the audit: one clear problem naming the file and the place, the
/// other images still read.
final class BadInputTests: XCTestCase {
    let goodImage = #"{"id": "ok:1", "name": "ok", "version": 1, "imageFlavor": "WebApiContainer", "driverProgram": "driver", "targetRuntime": {"runtimeType": "Python", "properties": {"condaEnvFile": "aml://artifact/LocalUpload/c1/env.yml"}}, "assets": [{"id": "driver", "mimeType": "application/x-python", "unpack": false, "url": "aml://artifact/LocalUpload/d1/main.py"}, {"id": "t1.tar.gz", "mimeType": "application/octet-stream", "unpack": true, "url": "aml://artifact/LocalUpload/t1/t1.tar.gz"}]}"#

    func problems(_ dir: TempDir) throws -> (LoadedWorkspace, [ResolvedImage], [String]) {
        let ws = try SourceLoader().load(dir.path)
        let resolver = ImageResolver(store: ws.artifacts)
        let resolved = ws.images.map(resolver.resolve)
        let all = (ws.problems + resolved.flatMap(\.problems)).map { "\($0.severity.rawValue): \($0)".replacingOccurrences(of: dir.path, with: "SNAP") }
        return (ws, resolved, all)
    }

    func snapshotWithGoodImage() throws -> TempDir {
        let dir = try TempDir()
        try dir.write("images/ok_1.json", goodImage)
        try dir.write("artifacts/LocalUpload/c1/env.yml", "name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.6.2\n  - pip:\n    - azureml-defaults\n")
        try dir.write("artifacts/LocalUpload/d1/main.py", "import os\nscript_location = os.path.join(os.path.dirname(os.path.realpath(__file__)), 'score.py')\n")
        try dir.write("src/home/al/proj/score.py", "def init(): pass\ndef run(x): return x\n")
        _ = try dir.tarGz("artifacts/LocalUpload/t1/t1.tar.gz", root: "src", members: ["home/al/proj/score.py"])
        return dir
    }

    func testGoodSnapshotResolves() throws {
        let dir = try snapshotWithGoodImage()
        let (ws, resolved, problems) = try problems(dir)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(ws.kind, .snapshot)
        XCTAssertEqual(resolved.first?.entryScript, "score.py")
        XCTAssertEqual(resolved.first?.conda?.pythonVersion, "3.6.2")
        XCTAssertEqual(resolved.first?.conda?.pipPackages, ["azureml-defaults"])
        XCTAssertEqual(resolved.first?.sourceTree?.root, "home/al/proj")
        XCTAssertEqual(resolved.first?.sourceTree?.files.map(\.path), ["score.py"])
    }

    func testMalformedJSONEmptyFileWrongTypeMissingId() throws {
        let dir = try snapshotWithGoodImage()
        try dir.write("images/malformed.json", "{\"id\": \"a:1\", \"name\": \"a\",\n \"version\": [1, 2,, 3]}")
        try dir.write("images/empty.json", "")
        try dir.write("images/mixed.json", #"[{"id": "v:1", "name": "v", "version": "x"}, {"name": "noid", "version": 1}, {"id": "fine:2", "name": "fine", "version": 2}]"#)
        try dir.write("images/utf8.json", bytes: Array(#"{"id": "u:1", "name": "u"#.utf8) + [0xC3, 0x28] + Array(#"", "version": 1}"#.utf8))
        let (ws, _, problems) = try problems(dir)
        XCTAssertEqual(ws.images.map(\.image.id), ["fine:2", "ok:1"])
        XCTAssertEqual(problems, [
            "error: SNAP/images/empty.json:1:1: empty document (at $)",
            "error: SNAP/images/malformed.json:2:19: expected a value, found ',' (at $.version[2])",
            #"error: SNAP/images/mixed.json: $[0].version: expected an integer, found string "x""#,
            "error: SNAP/images/mixed.json: $[1].id: required field is missing",
            "error: SNAP/images/utf8.json:1:25: invalid UTF-8 in string (at $.name)",
        ])
    }

    func testZeroByteInvalidUTF8AndTruncatedArtifacts() throws {
        let dir = try snapshotWithGoodImage()
        try dir.write("artifacts/LocalUpload/c1/env.yml", bytes: Array("name: x\ndependencies:\n  - ".utf8) + [0xFF, 0x0A])
        try dir.write("artifacts/LocalUpload/d1/main.py", "")
        let tar = try [UInt8](Data(contentsOf: dir.url.appendingPathComponent("artifacts/LocalUpload/t1/t1.tar.gz")))
        try dir.write("artifacts/LocalUpload/t1/t1.tar.gz", bytes: Array(tar.prefix(tar.count / 2)))
        let (ws, resolved, problems) = try problems(dir)
        XCTAssertEqual(ws.images.count, 1, "the image itself is still audited")
        XCTAssertEqual(resolved.first?.entryScript, nil)
        XCTAssertEqual(problems, [
            "error: SNAP/artifacts/LocalUpload/c1/env.yml: byte 26: artifact is not valid UTF-8 text (referenced at SNAP/images/ok_1.json $.targetRuntime.properties.condaEnvFile)",
            "error: SNAP/artifacts/LocalUpload/d1/main.py: artifact is empty (0 bytes; referenced at SNAP/images/ok_1.json $.assets[0].url)",
            "error: SNAP/artifacts/LocalUpload/t1/t1.tar.gz: truncated gzip stream (asset t1.tar.gz, referenced at SNAP/images/ok_1.json $.assets[1].url)",
        ])
    }

    func testMissingArtifactIsANoteNotAnError() throws {
        let dir = try snapshotWithGoodImage()
        try FileManager.default.removeItem(atPath: dir.path + "/artifacts/LocalUpload/c1/env.yml")
        let (_, resolved, problems) = try problems(dir)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(resolved.first?.notes.map(\.code), ["artifact-missing"])
        XCTAssertEqual(resolved.first?.notes.first?.field, "$.targetRuntime.properties.condaEnvFile")
        XCTAssertEqual(resolved.first?.notes.first?.message.replacingOccurrences(of: dir.path, with: "SNAP"),
                       "artifact is missing from the snapshot (expected at SNAP/artifacts/LocalUpload/c1/env.yml)")
    }

    func testArtifactURLCannotLeaveTheSnapshot() throws {
        let dir = try snapshotWithGoodImage()
        try dir.write("images/ok_1.json", goodImage.replacingOccurrences(of: "LocalUpload/c1/env.yml", with: "LocalUpload/..%2F..%2Fx/env.yml"))
        let (_, _, problems) = try problems(dir)
        XCTAssertEqual(problems, [
            #"error: SNAP/images/ok_1.json: $.targetRuntime.properties.condaEnvFile: artifact URL "aml://artifact/LocalUpload/..%2F..%2Fx/env.yml" has an empty, "." or ".." path component; refused"#,
        ])
    }

    func testBadCondaYAML() throws {
        let dir = try snapshotWithGoodImage()
        try dir.write("artifacts/LocalUpload/c1/env.yml", "name: x\ndependencies:\n  - numpy\n   - pandas: [\n")
        let (_, _, problems) = try problems(dir)
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].hasPrefix("error: SNAP/artifacts/LocalUpload/c1/env.yml:4:"), problems[0])
        XCTAssertTrue(problems[0].contains(": invalid conda file: invalid YAML: "), problems[0])
    }

    func testSourceThatDoesNotExist() {
        XCTAssertThrowsError(try SourceLoader().load("/nonexistent/images.json")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/images.json: no such file or folder")
        }
    }

    func testDuplicateImageKeepsTheFirst() throws {
        let dir = try snapshotWithGoodImage()
        try dir.write("images/zz.json", "[" + goodImage + "]")
        let (ws, _, problems) = try problems(dir)
        XCTAssertEqual(ws.images.map(\.origin.file).map { $0.replacingOccurrences(of: dir.path, with: "SNAP") }, ["SNAP/images/ok_1.json"])
        XCTAssertEqual(problems, ["warning: SNAP/images/zz.json: $[0]: image ok:1 appears again (first in SNAP/images/ok_1.json at $); the first is used"])
    }

    func testStdinAndPlainFile() throws {
        let ws = try SourceLoader().load("-", stdin: { Array(("[" + self.goodImage + "]").utf8) })
        XCTAssertEqual(ws.kind, .stdin)
        XCTAssertEqual(ws.images.map(\.origin.file), ["<stdin>"])
        XCTAssertNil(ws.artifacts)
        let resolved = ImageResolver(store: nil).resolve(ws.images[0])
        XCTAssertEqual(resolved.notes.map(\.code), ["artifacts-unavailable"])
    }
}
