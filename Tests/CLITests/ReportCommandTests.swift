import Foundation
import XCTest

/// `audit` and `diff` in every format over fixtures/workspace (golden files), `--fail-on`, colour.
final class ReportCommandTests: XCTestCase {
    func testAuditFormatsGolden() throws {
        for (format, ext) in [("markdown", "md"), ("sarif", "sarif"), ("junit", "junit.xml"), ("html", "html")] {
            let result = try CLI.run(["audit", "fixtures/workspace", "--format", format, "--fail-on", "never"] + CLI.solve)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stderr, "")
            try CLI.assertGolden(result.stdout, "audit-fixtures.\(ext)")
        }
    }

    func testDiffFormatsGolden() throws {
        for (format, ext) in [("text", "txt"), ("json", "json"), ("markdown", "md"), ("sarif", "sarif"), ("junit", "junit.xml"), ("html", "html")] {
            let result = try CLI.run(["diff", "fixtures/workspace", "--format", format] + CLI.solve)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stderr, "")
            try CLI.assertGolden(result.stdout, "diff-fixtures.\(ext)")
        }
    }

    /// A conda file the SDK once wrote (its comments, its layout) whose only change is the
    /// Python pin: the unified diff shows that one line, the comments and order are kept.
    func testCondaDiffShowsOnlyThePythonPin() throws {
        let result = try CLI.run(["diff", "fixtures/workspace", "--image", "iris-classifier:1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try CLI.assertGolden(result.stdout, "diff-iris-classifier-1.txt")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try XCTUnwrap(lines.firstIndex(of: "--- a/iris-classifier/1/conda (image)"))
        XCTAssertEqual(Array(lines[start...].prefix { !$0.isEmpty }), [
            "--- a/iris-classifier/1/conda (image)",
            "+++ b/iris-classifier/1/v1/conda_dependencies.yml",
            "@@ -8,7 +8,7 @@",
            " dependencies:",
            "   # The python interpreter version.",
            "   # Currently Azure ML only supports 3.5.2 and later.",
            "-- python=3.6.2",
            "+- python=3.9",
            " ",
            " - pip:",
            "     # Required packages for AzureML execution, history, and data preparation.",
        ])
        XCTAssertEqual(lines[start...].prefix { !$0.isEmpty }.filter { $0.hasPrefix("+") || $0.hasPrefix("-") }.count, 4,
                       "two headers, one line out, one line in")
    }

    func testDiffOfOneImageShowsRulesAndUnifiedDiffs() throws {
        let result = try CLI.run(["diff", "fixtures/workspace", "--image", "churn-scorer:2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("== churn-scorer:2 -> "), result.stdout)
        XCTAssertTrue(result.stdout.contains("+++ b/churn-scorer/2/v1/conda_dependencies.yml"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("\n1 image: 0 ready, 1 review, 0 manual\n") || result.stdout.hasSuffix("\n1 image: 1 ready, 0 review, 0 manual\n"), result.stdout)

        let missing = try CLI.run(["diff", "fixtures/workspace", "--image", "no-such-image"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("no-such-image"), missing.stderr)
    }

    func testFailOnThresholds() throws {
        // fixtures/workspace (resolution off): 0 ready, 16 review, 6 manual; info findings exist too.
        for (level, status) in [("manual", 3), ("review", 3), ("info", 3), ("never", 0)] as [(String, Int32)] {
            let audit = try CLI.run(["audit", "fixtures/workspace", "--format", "json", "--fail-on", level])
            XCTAssertEqual(audit.status, status, "audit --fail-on \(level)")
            let diff = try CLI.run(["diff", "fixtures/workspace", "--format", "json", "--fail-on", level])
            XCTAssertEqual(diff.status, status, "diff --fail-on \(level)")
        }
        // A ready-only selection passes even --fail-on review.
        let json = try CLI.run(["audit", "fixtures/workspace", "--format", "json", "--fail-on", "never"] + CLI.solve)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let images = try XCTUnwrap(doc["images"] as? [[String: Any]])
        let ready = try XCTUnwrap(images.first { $0["readiness"] as? String == "ready" }?["id"] as? String)
        let pass = try CLI.run(["diff", "fixtures/workspace", "--image", ready, "--fail-on", "review"] + CLI.solve)
        XCTAssertEqual(pass.status, 0, pass.stdout)
        let bad = try CLI.run(["audit", "fixtures/workspace", "--fail-on", "sometimes"])
        XCTAssertEqual(bad.status, 64)
    }

    func testDataErrorsWinOverFindings() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("fixtures/workspace/images/export.json"))
        try good.write(to: dir.appendingPathComponent("a.json"))
        try Data().write(to: dir.appendingPathComponent("c.json"))
        XCTAssertEqual(try CLI.run(["audit", dir.path]).status, 65)
        XCTAssertEqual(try CLI.run(["diff", dir.path, "--fail-on", "info"]).status, 65)
    }

    func testTextIsPlainWhenNotATerminal() throws {
        for args in [["audit", "fixtures/workspace"], ["diff", "fixtures/workspace"]] {
            let result = try CLI.run(args)
            XCTAssertFalse(result.stdout.contains("\u{1B}["), "\(args[0]) wrote ANSI codes to a file")
        }
    }

    func testNoSecretReachesAnyFormat() throws {
        for command in ["audit", "diff"] {
            for format in ["text", "json", "markdown", "sarif", "junit", "html"] {
                let result = try CLI.run([command, "fixtures/workspace", "--format", format, "--fail-on", "never"])
                for secret in ["FAKE-REGISTRY-PASSWORD", "FAKESIGNATURE", "sig="] {
                    XCTAssertFalse(result.stdout.contains(secret), "\(command) \(format) output contains \(secret)")
                }
            }
        }
    }

    func testSameInputSameBytes() throws {
        let a = try CLI.run(["diff", "fixtures/workspace", "--format", "json"])
        let b = try CLI.run(["diff", "fixtures/workspace", "--format", "json"])
        XCTAssertEqual(a.stdout, b.stdout)
    }
}
