import Foundation
import XCTest

/// The project file and suppressions, end to end: glob, reason, expiry, every format marks a
/// suppressed finding, and suppressed findings never count for `--fail-on`.
final class GateCommandTests: XCTestCase {
    static let project = """
    failOn: review
    suppress:
      - rule: raise-python
        image: "churn-*"
        reason: Python 3.8 checked for the churn models (PLAT-101)
      - rule: docker-steps
        image: ocr-tesseract:1
        reason: the apt steps were reviewed (PLAT-102)
        until: 2999-12-31
      - rule: schema-file
        image: "churn-scorer:[12]"
        reason: an old acceptance
        until: 2000-01-01
      - rule: cuda-9-*
        image: no-such-image
        reason: nothing matches this one

    """

    func testSuppressionsByGlobWithReasonAndExpiryInJSON() throws {
        let tmp = try TestFolder(self)
        let project = try tmp.write("team/.image2env.yml", Self.project)
        let result = try CLI.run(["audit", "fixtures/workspace", "--project-file", project, "--format", "json"])
        // failOn: review from the project file, and review findings remain.
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertEqual(tmp.normalized(result.stderr), """
            image2env: warning: the suppression at $TMP/team/.image2env.yml:10:5 (schema-file on churn-scorer:[12]) expired after 2000-01-01; its findings count again
            image2env: warning: the suppression at $TMP/team/.image2env.yml:14:5 (cuda-9-* on no-such-image) matches no finding; remove it

            """)
        let doc = try jsonObject(result.stdout)
        let images = try XCTUnwrap(doc["images"] as? [[String: Any]])
        func finding(_ image: String, _ rule: String) throws -> [String: Any] {
            let row = try XCTUnwrap(images.first { $0["id"] as? String == image }, image)
            return try XCTUnwrap((row["findings"] as? [[String: Any]])?.first { $0["rule"] as? String == rule }, "\(image) \(rule)")
        }
        // The glob matches the name: every churn-scorer version, and nothing else.
        for image in ["churn-scorer:1", "churn-scorer:2", "churn-scorer:3"] {
            let f = try finding(image, "raise-python")
            XCTAssertEqual(f["suppressed"] as? Bool, true, image)
            let suppression = try XCTUnwrap(f["suppression"] as? [String: Any])
            XCTAssertEqual(suppression["reason"] as? String, "Python 3.8 checked for the churn models (PLAT-101)")
            XCTAssertEqual(tmp.normalized(suppression["source"] as? String ?? ""), "$TMP/team/.image2env.yml:3:5")
            XCTAssertEqual(suppression["expired"] as? Bool, false)
        }
        XCTAssertNil(try finding("forecast-py:1", "raise-python")["suppressed"])
        // name:version, with a date still to come.
        let docker = try finding("ocr-tesseract:1", "docker-steps")
        XCTAssertEqual(docker["suppressed"] as? Bool, true)
        XCTAssertEqual((docker["suppression"] as? [String: Any])?["until"] as? String, "2999-12-31")
        XCTAssertNil(try finding("edge-anomaly:1", "docker-steps")["suppressed"])
        // Expired: it says so, and the finding is not suppressed; churn-scorer:3 is not in [12].
        let expired = try finding("churn-scorer:1", "schema-file")
        XCTAssertEqual(expired["suppressed"] as? Bool, false)
        XCTAssertEqual((expired["suppression"] as? [String: Any])?["expired"] as? Bool, true)
        XCTAssertNil(try finding("churn-scorer:3", "schema-file")["suppression"])

        let gate = try XCTUnwrap(doc["gate"] as? [String: Any])
        XCTAssertEqual(gate["suppressed"] as? Int, 4)
        XCTAssertEqual((gate["expiredSuppressions"] as? [[String: Any]])?.map { $0["rule"] as? String }, ["schema-file"])
        XCTAssertEqual((gate["unusedSuppressions"] as? [[String: Any]])?.map { $0["rule"] as? String }, ["cuda-9-*"])
        XCTAssertTrue(gate["baseline"] is NSNull)
        // Suppression changes no readiness: the summary is the audit's.
        let summary = try XCTUnwrap(doc["summary"] as? [String: Any])
        XCTAssertEqual([summary["ready"], summary["review"], summary["manual"]] as? [Int], [0, 16, 6])
    }

    func testEveryFormatMarksSuppressedFindings() throws {
        let tmp = try TestFolder(self)
        let project = try tmp.write(".image2env.yml", Self.project)
        for (format, ext) in [("text", "txt"), ("markdown", "md"), ("sarif", "sarif"), ("junit", "junit.xml"), ("html", "html")] {
            let result = try CLI.run(["audit", "fixtures/workspace", "--project-file", project, "--format", format, "--fail-on", "never"])
            XCTAssertEqual(result.status, 0, result.stderr)
            try CLI.assertGolden(tmp.normalized(result.stdout), "audit-suppressed.\(ext)")
        }
        let sarif = try jsonObject(try CLI.run(["audit", "fixtures/workspace", "--project-file", project, "--format", "sarif"]).stdout)
        let results = try XCTUnwrap(((sarif["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        let suppressed = results.filter { $0["suppressions"] != nil }
        XCTAssertEqual(suppressed.count, 4)
        for result in suppressed {
            let s = try XCTUnwrap((result["suppressions"] as? [[String: Any]])?.first)
            XCTAssertEqual(s["kind"] as? String, "external")
            XCTAssertNotNil(s["justification"] as? String)
        }
    }

    func testSuppressedFindingsNeverCountForFailOn() throws {
        // Every finding suppressed from the command line: even --fail-on info passes.
        let all = try CLI.run(["audit", "fixtures/workspace", "--suppress", "*@*=accepted for this test", "--fail-on", "info"])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertTrue(all.stdout.contains("\nGate: 140 findings suppressed\n"), all.stdout)
        // The manual findings of edge-anomaly and resnet50-fpga suppressed: the other manual images still fail the default gate.
        let some = try CLI.run(["audit", "fixtures/workspace", "--format", "json", "--suppress", "flavor-*@*=edge and FPGA move later"])
        XCTAssertEqual(some.status, 3)
        let junit = try CLI.run(["audit", "fixtures/workspace", "--format", "junit", "--suppress", "flavor-*@*=edge and FPGA move later",
                                 "--suppress", "architecture-not-amd64@edge-anomaly=edge moves later"])
        XCTAssertEqual(junit.status, 3)
        XCTAssertTrue(junit.stdout.contains("<skipped message=\"suppressed: flavor-iot: edge and FPGA move later; architecture-not-amd64: edge moves later\"/>"),
                      junit.stdout)
        XCTAssertTrue(junit.stdout.contains("skipped=\"3\""), junit.stdout)
        let bad = try CLI.run(["audit", "fixtures/workspace", "--suppress", "no-reason@*"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--suppress \"no-reason@*\": expected RULE@IMAGE=REASON"), bad.stderr)
    }

    func testProjectFileIsFoundUpwardAndTheCommandLineWins() throws {
        let tmp = try TestFolder(self)
        try tmp.write(".image2env.yml", "format: json\nfailOn: review\ndisableRules: [raise-python]\n")
        let cwd = tmp.url.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        let fixture = CLI.packageRoot.appendingPathComponent("fixtures/workspace").path
        let found = try CLI.run(["audit", fixture], cwd: cwd)
        XCTAssertEqual(found.status, 3)
        let doc = try jsonObject(found.stdout)
        let rules = Set(((doc["images"] as? [[String: Any]]) ?? []).flatMap { ($0["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String } })
        XCTAssertFalse(rules.contains("raise-python"), "disableRules from the project file")
        let overridden = try CLI.run(["audit", fixture, "--format", "text", "--fail-on", "never", "--disable-rule", "schema-file"], cwd: cwd)
        XCTAssertEqual(overridden.status, 0)
        XCTAssertTrue(overridden.stdout.hasPrefix("Source: "), "--format wins")
        XCTAssertTrue(overridden.stdout.contains("raise-python"), "--disable-rule replaces the project's list")
        XCTAssertFalse(overridden.stdout.contains("schema-file:"))
    }

    func testMistakesInTheProjectFileAreUsageErrorsWithLineAndColumn() throws {
        let tmp = try TestFolder(self)
        let cases: [(String, String)] = [
            ("failon: review\n", "1:1: unknown key \"failon\" (known: rules, disableRules, failOn, format, baseline, suppress)"),
            ("failOn: sometimes\n", "1:9: failOn must be one of manual, review, info, never, not \"sometimes\""),
            ("suppress:\n  - rule: docker-steps\n    image: \"*\"\n", "2:5: suppress[0]: \"reason\" is required (say why the finding is accepted, e.g. a ticket)"),
            ("suppress:\n  - rule: docker-steps\n    image: \"*\"\n    reason: \"  \"\n",
             "4:13: suppress[0]: \"reason\" must not be empty (say why the finding is accepted, e.g. a ticket)"),
            ("suppress:\n  - rule: docker-steps\n    image: x\n    reason: ok\n    until: 2026-02-30\n",
             "5:12: suppress[0]: until must be a date written YYYY-MM-DD, not \"2026-02-30\""),
            ("suppress:\n  - rule: docker-steps\n    images: x\n    reason: ok\n",
             "3:5: suppress[0]: unknown key \"images\" (known: rule, image, reason, until)"),
            ("suppress: docker-steps\n", "1:11: expected \"suppress\" to be a list"),
            ("- rules\n", "1:1: expected the project file (a mapping of rules, disableRules, failOn, format, baseline, suppress) to be a mapping"),
        ]
        for (i, (text, message)) in cases.enumerated() {
            let file = try tmp.write("p\(i).yml", text)
            let result = try CLI.run(["audit", "fixtures/workspace", "--project-file", file])
            XCTAssertEqual(result.status, 64, text)
            XCTAssertEqual(result.stderr, "image2env: error: \(file):\(message)\n", text)
            XCTAssertEqual(result.stdout, "")
        }
        let missing = try CLI.run(["audit", "fixtures/workspace", "--project-file", tmp.path + "/none.yml"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertEqual(missing.stderr, "image2env: error: --project-file \(tmp.path)/none.yml: no such file\n")
    }
}
