import Foundation
import XCTest

/// `image2env audit` end to end: the built binary over the bundled fixtures and bad input.
final class AuditCommandTests: XCTestCase {
    func testTextAuditOfFixtures() throws {
        let result = try CLI.run(["audit", "fixtures/workspace"] + CLI.solve)
        XCTAssertEqual(result.status, 3, "manual findings fail the default --fail-on manual; " + result.stderr)
        XCTAssertEqual(result.stderr, "")
        try CLI.assertGolden(result.stdout, "audit-fixtures.txt")
        XCTAssertTrue(result.stdout.hasSuffix("\n22 images: 2 ready, 9 review, 11 manual\n"), result.stdout)
    }

    func testJSONAuditOfFixtures() throws {
        let result = try CLI.run(["audit", "fixtures/workspace", "--format", "json", "--fail-on", "never"] + CLI.solve)
        XCTAssertEqual(result.status, 0, result.stderr)
        try CLI.assertGolden(result.stdout, "audit-fixtures.json")

        // Every image with its entry script and source files; every service with its image.
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let images = try XCTUnwrap(doc["images"] as? [[String: Any]])
        XCTAssertEqual(images.count, 22)
        let churn = try XCTUnwrap(images.first { $0["id"] as? String == "churn-scorer:1" })
        XCTAssertEqual(churn["entryScript"] as? String, "score.py")
        XCTAssertEqual(churn["sourceFiles"] as? [String], ["schema.json", "score.py", "shared/common.py", "utils/__init__.py", "utils/features.py", "utils/io.py"])
        let services = try XCTUnwrap(doc["services"] as? [[String: Any]])
        XCTAssertEqual(services.map { "\($0["name"] ?? "") -> \($0["imageId"] ?? "")" }, [
            "churn-aci -> churn-scorer:2", "churn-aks-prod -> churn-scorer:2", "edge-anomaly-iot -> edge-anomaly:1",
            "fraud-aci -> fraud-custom:3", "ocr-aci -> ocr-tesseract:1", "vision-aks -> resnet-cuda100:1",
        ])
    }

    func testNoSecretFromTheFixturesReachesTheReports() throws {
        for format in ["text", "json"] {
            let result = try CLI.run(["audit", "fixtures/workspace", "--format", format])
            for secret in ["FAKE-REGISTRY-PASSWORD", "FAKESIGNATURE", "sig="] {
                XCTAssertFalse(result.stdout.contains(secret), "\(format) output contains \(secret)")
            }
        }
    }

    func testOutputFileAndStdin() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("audit.json").path
        let result = try CLI.run(["audit", "fixtures/workspace/images/export.json", "--format", "json", "--output", out, "--fail-on", "never"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["audit.json"], "no temporary file left behind")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(written.contains("\"sourceKind\": \"file\""))

        let input = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("fixtures/workspace/images/export.json"))
        let piped = try CLI.run(["audit", "-", "--fail-on", "never"], stdin: input)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertTrue(piped.stdout.hasPrefix("Source: - (stdin)\n"))
        XCTAssertTrue(piped.stdout.hasSuffix("\n3 images: 0 ready, 2 review, 1 manual\n"), piped.stdout)
    }

    func testUsageErrorsExit64() throws {
        let missing = try CLI.run(["audit", "no/such/folder"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertEqual(missing.stderr, "image2env: error: no/such/folder: no such file or folder\n")
        XCTAssertEqual(missing.stdout, "")

        let badFormat = try CLI.run(["audit", "fixtures/workspace", "--format", "yaml"])
        XCTAssertEqual(badFormat.status, 64)
        XCTAssertTrue(badFormat.stderr.contains("yaml"), badFormat.stderr)

        let noSource = try CLI.run(["audit"])
        XCTAssertEqual(noSource.status, 64)
    }

    func testBadDataExits65AfterAuditingTheRest() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("fixtures/workspace/images/export.json"))
        try good.write(to: dir.appendingPathComponent("a.json"))
        try Data(#"{"id": "x:1", "name": "x", "version": "x"}"#.utf8).write(to: dir.appendingPathComponent("b.json"))
        try Data().write(to: dir.appendingPathComponent("c.json"))
        let result = try CLI.run(["audit", dir.path])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stdout.hasSuffix("\n3 images: 0 ready, 2 review, 1 manual\n"), result.stdout)
        XCTAssertEqual(result.stderr.replacingOccurrences(of: dir.path, with: "DIR"), """
        image2env: error: DIR/b.json: $.version: expected an integer, found string "x"
        image2env: error: DIR/c.json:1:1: empty document (at $)

        """)
    }

    func testHelpHasExamples() throws {
        let help = try CLI.run(["audit", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("image2env audit fixtures/workspace --format json --output audit.json"))
    }

    /// `IMAGE2ENV_PROFILE=1`: one line per part of the run on stderr, the report unchanged; the
    /// parts' shares never exceed the process's CPU.
    func testProfilePrintsEachPartOfTheRun() throws {
        let plain = try CLI.run(["audit", "fixtures/serving", "--format", "json", "--fail-on", "never"])
        let profiled = try CLI.run(["audit", "fixtures/serving", "--format", "json", "--fail-on", "never"], env: ["IMAGE2ENV_PROFILE": "1"])
        XCTAssertEqual(profiled.status, 0, profiled.stderr)
        XCTAssertEqual(profiled.stdout, plain.stdout)
        XCTAssertEqual(plain.stderr, "")
        let lines = profiled.stderr.split(separator: "\n").map(String.init)
        let labels = lines.map { $0.replacingOccurrences(of: #"\s+[0-9]+\.[0-9]{3} s(\s+[0-9]+\.[0-9] %)?$"#, with: "", options: .regularExpression) }
        XCTAssertEqual(labels, [
            "profile: image files (parse and decode)",
            "profile: artifact reads",
            "profile: conda files",
            "profile: tarballs (inflate, tar, source tree)",
            "profile: script analysis (in process)",
            "profile: rules",
            "profile: render",
            "profile: output (files written)",
            "profile: other (start-up, scheduling, the rest)",
            "profile: process CPU (user + system)",
            "profile: child processes' CPU (helper, uv)",
        ], profiled.stderr)
        let shares = lines.dropLast(2).compactMap { line in
            line.range(of: #"[0-9.]+(?= %$)"#, options: .regularExpression).flatMap { Double(line[$0]) }
        }
        XCTAssertEqual(shares.count, 9)
        XCTAssertEqual(shares.reduce(0, +), 100, accuracy: 0.6, profiled.stderr)
    }
}
