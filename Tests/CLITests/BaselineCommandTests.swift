import Foundation
import XCTest

/// `--baseline REPORT.json` end to end: findings new, unchanged or absent by image name, rule
/// and field; `--fail-on` counts only new ones; SARIF's `baselineState`.
final class BaselineCommandTests: XCTestCase {
    /// A baseline report of `source`.
    func baseline(_ source: String, in tmp: TestFolder, name: String = "baseline.json") throws -> String {
        let path = tmp.path + "/" + name
        let result = try CLI.run(["audit", source, "--format", "json", "--fail-on", "never", "--output", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        return path
    }

    func testNothingNewPassesEveryThreshold() throws {
        let tmp = try TestFolder(self)
        let base = try baseline("fixtures/workspace", in: tmp)
        let result = try CLI.run(["audit", "fixtures/workspace", "--baseline", base, "--fail-on", "info"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(tmp.normalized(result.stdout).hasSuffix(
            "\nGate: 0 findings suppressed; baseline $TMP/baseline.json: 0 new, 140 unchanged, 0 absent\n\n22 images: 0 ready, 16 review, 6 manual\n"),
            result.stdout)
        // The streamed JSON path gives the same gate.
        let json = try CLI.run(["audit", "fixtures/workspace", "--baseline", base, "--fail-on", "info", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let gate = try XCTUnwrap(try jsonObject(json.stdout)["gate"] as? [String: Any])
        XCTAssertEqual(gate["new"] as? Int, 0)
        XCTAssertEqual(gate["unchanged"] as? Int, 140)
        // Without the baseline the same run fails.
        XCTAssertEqual(try CLI.run(["audit", "fixtures/workspace", "--fail-on", "info"]).status, 3)
    }

    func testANewImageWithAReviewFindingFailsAndOnlyItsResultsAreNew() throws {
        let tmp = try TestFolder(self)
        let before = try tmp.fixtureCopy("before", without: ["fraud-custom_3.json"])
        let base = try baseline(before, in: tmp)
        let result = try CLI.run(["audit", "fixtures/workspace", "--baseline", base, "--fail-on", "review", "--format", "sarif"])
        XCTAssertEqual(result.status, 3, result.stderr)
        let sarif = try jsonObject(result.stdout)
        let results = try XCTUnwrap(((sarif["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        XCTAssertEqual(results.count, 140)
        let new = results.filter { $0["baselineState"] as? String == "new" }
        XCTAssertEqual(Set(new.map { ($0["properties"] as? [String: Any])?["image"] as? String }), ["fraud-custom:3"])
        XCTAssertEqual(new.map { $0["ruleId"] as? String }, ["custom-base-image", "registry-credentials", "conda-to-pip", "drop-injected-requirements", "azureml-import", "model-path",
                                                "not-resolved", "raise-python"])
        XCTAssertTrue(results.filter { $0["baselineState"] as? String != "new" }.allSatisfy { $0["baselineState"] as? String == "unchanged" })
        // The new finding is review: --fail-on manual passes, as every manual finding is unchanged.
        XCTAssertEqual(try CLI.run(["audit", "fixtures/workspace", "--baseline", base]).status, 0)
        // JSON marks each finding.
        let json = try jsonObject(try CLI.run(["audit", "fixtures/workspace", "--baseline", base, "--format", "json", "--fail-on", "never"]).stdout)
        let fraud = try XCTUnwrap((json["images"] as? [[String: Any]])?.first { $0["id"] as? String == "fraud-custom:3" })
        XCTAssertEqual((fraud["findings"] as? [[String: Any]])?.map { $0["baselineState"] as? String }, ["new", "new", "new", "new", "new", "new", "new", "new"])
    }

    func testFindingsGoneSinceTheBaselineAreListedAbsent() throws {
        let tmp = try TestFolder(self)
        let base = try baseline("fixtures/workspace", in: tmp)
        let after = try tmp.fixtureCopy("after", without: ["fraud-custom_3.json"])
        let result = try CLI.run(["audit", after, "--baseline", base, "--fail-on", "info"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(tmp.normalized(result.stdout).contains("""
            Gate: 0 findings suppressed; baseline $TMP/baseline.json: 0 new, 132 unchanged, 8 absent
            Absent since the baseline:
              fraud-custom:3  [info] custom-base-image (baseImage)
              fraud-custom:3  [review] registry-credentials
              fraud-custom:3  [info] conda-to-pip (condaPackages)
              fraud-custom:3  [info] drop-injected-requirements (injectedRequirements)
              fraud-custom:3  [info] azureml-import
              fraud-custom:3  [info] model-path
              fraud-custom:3  [review] not-resolved
              fraud-custom:3  [review] raise-python (condaPackages)

            """), result.stdout)
    }

    func testTheVersionIsNotPartOfTheKey() throws {
        // churn-scorer:3 replacing churn-scorer:2 (payload files alone: no artifacts): the findings they share are unchanged.
        let tmp = try TestFolder(self)
        let old = try tmp.write("old/churn.json", try String(contentsOf: CLI.packageRoot.appendingPathComponent("fixtures/workspace/images/churn-scorer_2.json"), encoding: .utf8))
        let new = try tmp.write("new/churn.json", try String(contentsOf: CLI.packageRoot.appendingPathComponent("fixtures/workspace/images/churn-scorer_3.json"), encoding: .utf8))
        let base = try baseline(old, in: tmp)
        let result = try CLI.run(["audit", new, "--baseline", base, "--format", "json", "--fail-on", "review"])
        XCTAssertEqual(result.status, 3, "image-not-built is new")
        let image = try XCTUnwrap((try jsonObject(result.stdout)["images"] as? [[String: Any]])?.first)
        XCTAssertEqual((image["findings"] as? [[String: Any]])?.map { "\($0["rule"] ?? "") \($0["baselineState"] ?? "")" }, [
            "python-runtime unchanged", "drop-injected-requirements unchanged", "image-not-built new", "conda-file-missing unchanged",
            "not-resolved unchanged", "raise-python unchanged",
        ])
    }

    func testTheProjectFileNamesTheBaselineAndTheCommandLineWins() throws {
        let tmp = try TestFolder(self)
        let before = try tmp.fixtureCopy("before", without: ["fraud-custom_3.json"])
        try FileManager.default.createDirectory(atPath: tmp.path + "/reports", withIntermediateDirectories: true)
        _ = try baseline(before, in: tmp, name: "reports/main.json")
        _ = try baseline("fixtures/workspace", in: tmp, name: "reports/all.json")
        // Relative to the project file's folder.
        let project = try tmp.write("repo/.image2env.yml", "baseline: ../reports/main.json\nfailOn: review\n")
        let fromFile = try CLI.run(["audit", "fixtures/workspace", "--project-file", project])
        XCTAssertEqual(fromFile.status, 3, "fraud-custom:3 is new")
        XCTAssertTrue(tmp.normalized(fromFile.stdout).contains("baseline $TMP/reports/main.json: 8 new, 132 unchanged, 0 absent"), fromFile.stdout)
        let overridden = try CLI.run(["audit", "fixtures/workspace", "--project-file", project, "--baseline", tmp.path + "/reports/all.json"])
        XCTAssertEqual(overridden.status, 0, overridden.stderr)
    }

    func testABaselineThatIsNotAReportIsAUsageError() throws {
        let tmp = try TestFolder(self)
        let notReport = try tmp.write("x.json", "{\"hello\": 1}\n")
        let result = try CLI.run(["audit", "fixtures/workspace", "--baseline", notReport])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.stderr, "image2env: error: --baseline: \(notReport): not an image2env JSON report (schemaVersion 1 with an images list); "
                       + "give a report written by image2env audit --format json\n")
        let missing = try CLI.run(["audit", "fixtures/workspace", "--baseline", tmp.path + "/none.json"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertEqual(missing.stderr, "image2env: error: --baseline: \(tmp.path)/none.json: no such file\n")
    }
}
