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
    }
}
