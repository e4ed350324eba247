import Foundation
import XCTest

/// The hostile-input corpus end to end: every case gives an error naming the input and the
/// place, the other images are still converted, the run exits 65, nothing is written outside
/// --out, no half-written file is left, and each run ends within seconds.
final class HostileInputCLITests: XCTestCase {
    /// Runs the CLI and checks it ended within `seconds`.
    func run(_ args: [String], env: [String: String] = [:], within seconds: Double = 60) throws -> CLIResult {
        let start = Date()
        let result = try CLI.run(args, env: env)
        XCTAssertLessThan(Date().timeIntervalSince(start), seconds, "image2env \(args.joined(separator: " ")) took too long")
        return result
    }

    func testHostileTarballsAndNamesInOneSnapshot() throws {
        let snap = try HostileSnapshot()
        var payloads: [String] = []
        for (name, fixture) in [("absolute", "absolute.tar.gz"), ("dotdot", "dotdot.tar.gz"), ("symlink", "symlink.tar.gz"),
                                ("hardlink", "hardlink.tar.gz"), ("chardev", "chardev.tar.gz"), ("fifo", "fifo.tar.gz"),
                                ("notgzip", "notgzip.tar.gz"), ("truncated", "truncated.tar.gz"), ("zerobytes", "empty.tar.gz"),
                                ("bomb", "bomb.gz")] {
            payloads.append(HostileSnapshot.payload(name: name, version: 1, tarball: try snap.archiveFixture(fixture, as: "\(name)/\(fixture)")))
        }
        let good = "aml://artifact/LocalUpload/t1/src.tar.gz"
        for name in ["a/b", "..", "nul\u{0}name", String(repeating: "n", count: 300), "esc\u{1B}[31mred"] {
            payloads.append(HostileSnapshot.payload(name: name, version: 1, tarball: good))
        }
        try snap.write("images/hostile.json", "[" + payloads.joined(separator: ",\n") + "]")

        let out = snap.root.appendingPathComponent("out").path
        // A low tarball limit, so that the 16 MiB gzip bomb is refused (the default is 1 GiB).
        let result = try run(["convert", snap.path, "--out", out],
                             env: ["IMAGE2ENV_MAX_TAR_BYTES": "1048576", "IMAGE2ENV_MAX_TAR_MEMBERS": "100"])
        XCTAssertEqual(result.status, 65, result.stderr)
        let snapPath = snap.path
        let stderr = result.stderr.replacingOccurrences(of: snapPath, with: "SNAP")
        let referenced = "(asset deps.tar.gz, referenced at SNAP/images/hostile.json"
        XCTAssertEqual(stderr, """
        image2env: error: SNAP/artifacts/LocalUpload/absolute/absolute.tar.gz: tar member '/etc/passwd' has an absolute path \(referenced) $[0].assets[1].url)
        image2env: error: SNAP/artifacts/LocalUpload/dotdot/dotdot.tar.gz: tar member '../evil' has a '..' path component \(referenced) $[1].assets[1].url)
        image2env: error: SNAP/artifacts/LocalUpload/symlink/symlink.tar.gz: link member 'tmp/i2e/home/alice/proj/etc' (symbolic link to '/etc') is not supported \(referenced) $[2].assets[1].url)
        image2env: error: SNAP/artifacts/LocalUpload/hardlink/hardlink.tar.gz: link member 'tmp/i2e/home/alice/proj/x' (hard link to '../x') is not supported \(referenced) $[3].assets[1].url)
        image2env: error: SNAP/artifacts/LocalUpload/chardev/chardev.tar.gz: tar member 'dev/null' is a character device, which is not supported \(referenced) $[4].assets[1].url)
        image2env: error: SNAP/artifacts/LocalUpload/fifo/fifo.tar.gz: tar member 'tmp/i2e/home/alice/proj/pipe' is a FIFO, which is not supported \(referenced) $[5].assets[1].url)
        image2env: error: SNAP/artifacts/LocalUpload/notgzip/notgzip.tar.gz: not gzip data: the input does not start with the gzip magic bytes 1f 8b \(referenced) $[6].assets[1].url)
        image2env: error: SNAP/artifacts/LocalUpload/truncated/truncated.tar.gz: truncated tar member 'home/a/x.py': header says 1200 bytes, 512 available \(referenced) $[7].assets[1].url)
        image2env: error: SNAP/artifacts/LocalUpload/zerobytes/empty.tar.gz: artifact is empty (0 bytes; referenced at SNAP/images/hostile.json $[8].assets[1].url)
        image2env: error: SNAP/artifacts/LocalUpload/bomb/bomb.gz: gzip stream expands beyond the limit of 2301952 bytes (possible gzip bomb) \(referenced) $[9].assets[1].url)
        image2env: error: SNAP/images/hostile.json: $[11].name: image name ".." cannot be a folder name; not converted
        image2env: error: SNAP/images/hostile.json: $[10].name: image name "a/b" cannot be a folder name; not converted
        image2env: error: SNAP/images/hostile.json: $[14].name: image name "esc\\u{1b}[31mred" cannot be a folder name; not converted
        image2env: error: SNAP/images/hostile.json: $[13].name: image name "\(String(repeating: "n", count: 100))…" cannot be a folder name; not converted
        image2env: error: SNAP/images/hostile.json: $[12].name: image name "nul\\u{0}name" cannot be a folder name; not converted

        """)
        // The good image and the ten with a refused tarball are converted (without sources).
        XCTAssertEqual(result.stdout, "Wrote 11 images to \(out): 0 ready, 11 review, 0 manual\n")
        let written = snap.writtenOutsideSnapshot()
        XCTAssertEqual(written.filter { !$0.hasPrefix("out/") }, ["out"], "nothing beside --out, no staging folder left")
        XCTAssertEqual(written.filter { $0.hasSuffix("/migration.json") }.count, 11)
        XCTAssertEqual(written.filter { $0.contains("/source/") }, ["out/good/1/source/score.py"])
        XCTAssertEqual(written.filter { $0.hasPrefix("out/") && $0.split(separator: "/").count == 2 }.sorted(), [
            "out/absolute", "out/bomb", "out/chardev", "out/dotdot", "out/fifo", "out/good", "out/hardlink",
            "out/notgzip", "out/symlink", "out/truncated", "out/zerobytes",
        ])

        // The text and Markdown reports show the hostile name escaped: no input reaches the terminal raw.
        for format in ["text", "markdown"] {
            let audit = try run(["audit", snap.path, "--format", format, "--fail-on", "never"])
            XCTAssertEqual(audit.status, 65)
            XCTAssertFalse(audit.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, format)
            XCTAssertTrue(audit.stdout.contains("esc\\u{1b}[31mred:1"), format)
        }
    }

    func testHostileJSONFilesInAFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        func image(_ name: String, _ extra: String = "") -> String {
            #"{"id": "\#(name):1", "name": "\#(name)", "version": 1, "imageFlavor": "WebApiContainer", "targetRuntime": {"runtimeType": "Python", "properties": {}}\#(extra)}"#
        }
        try write("a-good.json", Array(image("ok").utf8))
        try write("b-deep.json", Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8))
        try write("c-truncated.json", Array(image("cut").utf8.prefix(70)))
        try write("d-duplicate-keys.json", Array(image("dup", #", "version": 2"#).utf8))
        try write("e-bigint.json", Array(image("big", #", "modelIds": [], "size": 18446744073709551616"#).utf8))
        try write("f-utf8.json", Array(image("u").utf8.prefix(24)) + [0xED, 0xA0, 0x80] + Array(image("u").utf8.dropFirst(24)))
        try write("g-types.json", Array(#"[{"id": 1, "name": ["x"], "version": "1", "assets": {}, "targetRuntime": []}, \#(image("second"))]"#.utf8))
        XCTAssertEqual(mkfifo(dir.appendingPathComponent("h-fifo.json").path, 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("i-zero.json").path, withDestinationPath: "/dev/zero")
        var huge = Array(image("huge", #", "description": ""#).utf8)
        huge += [UInt8](repeating: UInt8(ascii: "d"), count: 50 << 20)
        huge += Array(#""}"#.utf8)
        try write("j-huge.json", huge)

        let result = try run(["audit", dir.path, "--fail-on", "never"])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertEqual(result.stderr.replacingOccurrences(of: dir.path, with: "DIR"), """
        image2env: error: DIR/b-deep.json:1:513: nesting deeper than 512 levels (limit of the parser) (at $\(String(repeating: "[0]", count: 512)))
        image2env: error: DIR/c-truncated.json:1:71: unexpected end of data in a string (at $.imageFlavor)
        image2env: error: DIR/d-duplicate-keys.json: $.id: id "dup:1" does not match name "dup" and version 2 (expected "dup:2")
        image2env: error: DIR/e-bigint.json:1:166: integer out of 64-bit range (at $.size)
        image2env: error: DIR/f-utf8.json:1:25: invalid UTF-8 in string (at $.name)
        image2env: error: DIR/g-types.json: $[0].id: expected a string, found integer
        image2env: error: DIR/g-types.json: $[0].name: expected a string, found array
        image2env: error: DIR/g-types.json: $[0].version: expected an integer, found string "1"
        image2env: error: DIR/g-types.json: $[0].targetRuntime: expected targetRuntime as a JSON object, found array
        image2env: error: DIR/g-types.json: $[0].assets: expected an array, found object
        image2env: error: DIR/h-fifo.json: is a FIFO, not a regular file; refused
        image2env: error: DIR/i-zero.json: is a character device, not a regular file; refused

        """)
        // The readable images are all audited, the 50 MB description included.
        XCTAssertTrue(result.stdout.hasSuffix("\n3 images: 0 ready, 0 review, 3 manual\n") || result.stdout.contains("3 images:"), result.stdout)
        for name in ["huge:1", "ok:1", "second:1"] { XCTAssertTrue(result.stdout.contains(name), name) }

        // The JSON size limit is configurable; over it, the file is refused with its size.
        let limited = try run(["audit", dir.path, "--fail-on", "never"], env: ["IMAGE2ENV_MAX_JSON_BYTES": "1048576"])
        XCTAssertEqual(limited.status, 65)
        XCTAssertTrue(limited.stderr.contains("image2env: error: \(dir.path)/j-huge.json: is \(huge.count) bytes, more than the limit of 1048576 bytes (raise it with IMAGE2ENV_MAX_JSON_BYTES)\n"), limited.stderr)
        // The root is level 1, its members level 2: a member of targetRuntime is level 3.
        let shallow = try run(["audit", dir.path + "/a-good.json", "--fail-on", "never"], env: ["IMAGE2ENV_MAX_JSON_DEPTH": "2"])
        XCTAssertEqual(shallow.stderr, "image2env: error: \(dir.path)/a-good.json:1:111: nesting deeper than 2 levels (limit of the parser) (at $.targetRuntime.runtimeType)\n")
        let piped = try CLI.run(["audit", "-", "--fail-on", "never"], stdin: Data(huge), env: ["IMAGE2ENV_MAX_JSON_BYTES": "1048576"])
        XCTAssertEqual(piped.status, 65)
        XCTAssertEqual(piped.stderr, "image2env: error: <stdin>: standard input is more than 1048576 bytes (raise the limit with IMAGE2ENV_MAX_JSON_BYTES)\n")
    }

    func testLimitsComeFromTheEnvironmentAndAreChecked() throws {
        for (variable, value) in [("IMAGE2ENV_MAX_JSON_DEPTH", "abc"), ("IMAGE2ENV_MAX_TAR_BYTES", "-1"), ("IMAGE2ENV_MAX_YAML_NODES", "0")] {
            let result = try run(["audit", "fixtures/workspace"], env: [variable: value])
            XCTAssertEqual(result.status, 64)
            XCTAssertEqual(result.stderr, "image2env: error: \(variable)=\(value): expected a positive whole number (see docs/security.md)\n")
        }
        let rules = try run(["rules", "list"], env: ["IMAGE2ENV_MAX_YAML_NODES": "10"])
        XCTAssertEqual(rules.status, 64)
        XCTAssertTrue(rules.stderr.hasPrefix("image2env: error: "), rules.stderr)
        XCTAssertTrue(rules.stderr.contains("00-tables.yml:"), rules.stderr)
        XCTAssertTrue(rules.stderr.hasSuffix(": the YAML has more than 10 nodes with its aliases expanded (IMAGE2ENV_MAX_YAML_NODES)\n"), rules.stderr)
    }

    func testArtifactsThatLeaveTheSnapshotOrAreNotFiles() throws {
        let snap = try HostileSnapshot()
        try FileManager.default.removeItem(atPath: snap.path + "/artifacts/LocalUpload/c1/env.yml")
        try FileManager.default.createSymbolicLink(atPath: snap.path + "/artifacts/LocalUpload/c1/env.yml", withDestinationPath: "/etc/passwd")
        try FileManager.default.removeItem(atPath: snap.path + "/artifacts/LocalUpload/d1/main.py")
        try FileManager.default.createSymbolicLink(atPath: snap.path + "/artifacts/LocalUpload/d1/main.py", withDestinationPath: "../c1")
        let out = snap.root.appendingPathComponent("out").path
        let result = try run(["convert", snap.path, "--out", out])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.stderr.replacingOccurrences(of: snap.path, with: "SNAP"), """
        image2env: error: SNAP/artifacts/LocalUpload/c1/env.yml: artifact leads outside the snapshot's artifacts folder (a symbolic link); refused (referenced at SNAP/images/good_1.json $.targetRuntime.properties.condaEnvFile)
        image2env: error: SNAP/artifacts/LocalUpload/d1/main.py: artifact is a folder, not a regular file; refused (referenced at SNAP/images/good_1.json $.assets[0].url)

        """)
        let written = snap.writtenOutsideSnapshot()
        XCTAssertFalse(written.contains { $0.hasSuffix("conda_dependencies.yml") && (try? String(contentsOfFile: snap.root.path + "/" + $0, encoding: .utf8))?.contains("root:") == true })
    }

    /// A run killed with SIGKILL leaves only its staging folder beside --out, never a half --out;
    /// the next run removes staging folders whose process is gone and keeps a live one's.
    func testAKilledRunLeavesNoHalfFolderAndIsCleanedUp() throws {
        let snap = try HostileSnapshot()
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let abandoned = snap.root.appendingPathComponent(".out.partial-\(dead.processIdentifier)")
        try FileManager.default.createDirectory(at: abandoned.appendingPathComponent("good/1"), withIntermediateDirectories: true)
        try Data("{".utf8).write(to: abandoned.appendingPathComponent("good/1/migration.json"))
        let live = snap.root.appendingPathComponent(".out.partial-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        XCTAssertFalse(FileManager.default.fileExists(atPath: snap.root.appendingPathComponent("out").path), "no half --out")

        let result = try run(["convert", snap.path, "--out", snap.root.appendingPathComponent("out").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: abandoned.path), "the dead run's staging is removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live.path), "a live run's staging is kept")
        XCTAssertEqual(try String(contentsOf: snap.root.appendingPathComponent("out/good/1/migration.json"), encoding: .utf8).first, "{")
        XCTAssertEqual(snap.writtenOutsideSnapshot().filter { !$0.hasPrefix("out/") }, [".out.partial-\(ProcessInfo.processInfo.processIdentifier)", "out"])
    }
}
