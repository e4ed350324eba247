import Foundation
import JSONValue
import MigrationRules
import Pipeline
import Project
import Snapshot
import XCTest

@testable import Reports

/// Suppressions, baselines and the project file as values: globs, dates, keys, parse errors.
final class GateTests: XCTestCase {
    func testSuppressionGlobsMatchTheNameOrTheIdAndRulesByGlob() {
        let s = Suppression(rule: "cuda-9-*", image: "resnet-cuda9?", reason: "r", source: "test")
        XCTAssertTrue(s.matches(rule: "cuda-9-retired", imageName: "resnet-cuda90", imageId: "resnet-cuda90:1"))
        XCTAssertFalse(s.matches(rule: "cuda-9-retired", imageName: "resnet-cuda100", imageId: "resnet-cuda100:1"))
        XCTAssertFalse(s.matches(rule: "raise-python", imageName: "resnet-cuda90", imageId: "resnet-cuda90:1"))
        let version = Suppression(rule: "schema-file", image: "churn-scorer:[12]", reason: "r", source: "test")
        XCTAssertTrue(version.matches(rule: "schema-file", imageName: "churn-scorer", imageId: "churn-scorer:2"))
        XCTAssertFalse(version.matches(rule: "schema-file", imageName: "churn-scorer", imageId: "churn-scorer:3"))
        XCTAssertFalse(Suppression(rule: "x", image: "churn", reason: "r", source: "t").matches(rule: "x", imageName: "churn-scorer", imageId: "churn-scorer:1"),
                       "a glob matches the whole name")
    }

    func testDatesAndExpiry() {
        for good in ["2026-12-31", "2024-02-29", "2000-02-29"] { XCTAssertTrue(Suppression.isDate(good), good) }
        for bad in ["2026-02-29", "1900-02-29", "2026-13-01", "2026-1-05", "26-01-05", "2026-01-5", "2026-01-05T00:00", "tomorrow", "２０２６-01-01"] {
            XCTAssertFalse(Suppression.isDate(bad), bad)
        }
        let s = Suppression(rule: "x", image: "*", reason: "r", until: "2026-06-30", source: "t")
        XCTAssertFalse(s.isExpired(today: "2026-06-30"), "the last day still applies")
        XCTAssertTrue(s.isExpired(today: "2026-07-01"))
        XCTAssertEqual(Suppression.today(Date(timeIntervalSince1970: 86_400 * 365)), "1971-01-01")
    }

    func testBaselineKeysLeaveOutTheVersionAndListAbsentFindingsOnce() throws {
        let json = try JSONParser.parse(Array("""
        {"schemaVersion": 1, "workspace": {"subscriptionId": "s", "resourceGroup": "g", "workspaceName": "w"},
         "images": [
          {"id": "churn:2", "name": "churn", "findings": [{"rule": "raise-python", "severity": "review", "message": "m", "field": "condaPackages"}]},
          {"id": "churn:1", "name": "churn", "findings": [{"rule": "raise-python", "severity": "review", "message": "m", "field": "condaPackages"},
                                                          {"rule": "schema-file", "severity": "review", "message": "m", "field": null}]}]}
        """.utf8), file: "b.json")
        let baseline = try Baseline.parse(json, file: "b.json")
        XCTAssertTrue(baseline.contains(FindingKey(workspace: "", image: "churn", rule: "raise-python", field: "condaPackages")))
        XCTAssertFalse(baseline.contains(FindingKey(workspace: "", image: "churn", rule: "raise-python", field: nil)))
        XCTAssertTrue(baseline.contains(FindingKey(workspace: "s/g/w", image: "churn", rule: "schema-file", field: nil)))
        let absent = baseline.absent(seen: [FindingKey(workspace: "", image: "churn", rule: "raise-python", field: "condaPackages")])
        XCTAssertEqual(absent.map { "\($0.imageId) \($0.rule)" }, ["churn:1 schema-file"])

        XCTAssertThrowsError(try Baseline.parse(try JSONParser.parse(Array(#"{"schemaVersion": 1, "images": [{"id": 3}]}"#.utf8), file: "c.json"),
                                                file: "c.json")) { error in
            XCTAssertEqual("\(error)", "c.json: $.images[0].id: expected a string, found integer")
        }
    }

    func testProjectFileResolvesPathsAgainstItsFolder() throws {
        let project = try ProjectFile.parse("""
        rules: [team-rules, /abs/rules]
        disableRules: raise-python
        failOn: info
        format: sarif
        baseline: ../reports/main.json
        suppress:
          - {rule: docker-steps, image: "ocr-*", reason: reviewed, until: 2030-01-01}
        """, file: "repo/.image2env.yml", folder: "/work/repo")
        XCTAssertEqual(project.rules, ["/work/repo/team-rules", "/abs/rules"])
        XCTAssertEqual(project.disableRules, ["raise-python"])
        XCTAssertEqual(project.failOn, .info)
        XCTAssertEqual(project.format, .sarif)
        XCTAssertEqual(project.baseline, "/work/reports/main.json")
        XCTAssertEqual(project.suppress, [Suppression(rule: "docker-steps", image: "ocr-*", reason: "reviewed", until: "2030-01-01",
                                                      source: "repo/.image2env.yml:7:5")])
        XCTAssertEqual(try ProjectFile.parse("", file: "e.yml", folder: "/"), ProjectFile(path: "e.yml"))
    }

    func testGateMarksFindingsWithoutChangingThemAndCountsOnlyWhatItLeaves() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let rules = try RuleSet.load(builtIn: root.appendingPathComponent("rules").path)
        var report = AuditReport(workspace: try SourceLoader().load(root.appendingPathComponent("fixtures/workspace").path), ruleSet: rules)
        let before = report.rows.map(\.migration)
        XCTAssertTrue(FailOn.manual.fails(report.rows))
        FindingGate(suppressions: [Suppression(rule: "*", image: "*", reason: "all", source: "t")]).apply(to: &report)
        XCTAssertEqual(report.rows.map(\.migration), before, "the findings stay")
        XCTAssertFalse(FailOn.info.fails(report.rows))
        XCTAssertEqual(report.gate?.suppressed, 108)
        XCTAssertEqual(report.count(.manual), 6, "readiness is the migration's")
    }

    func testStreamedJSONWithAGateIsTheWholeReportsBytes() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixture = root.appendingPathComponent("fixtures/workspace").path
        let rules = try RuleSet.load(builtIn: root.appendingPathComponent("rules").path)
        let workspace = FleetWorkspace(subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroup: "rg-ml", workspaceName: "ws-legacy")
        let baseline = Baseline(file: "b.json", entries: [
            Baseline.Entry(workspace: workspace, imageId: "churn-scorer:1", imageName: "churn-scorer", rule: "raise-python", severity: "review",
                           message: "m", field: "condaPackages"),
            Baseline.Entry(workspace: nil, imageId: "tiny-slim:1", imageName: "tiny-slim", rule: "python-slim-runtime", severity: "review",
                           message: "m", field: nil),
            Baseline.Entry(workspace: workspace, imageId: "gone:1", imageName: "gone", rule: "raise-python", severity: "review", message: "m",
                           field: "condaPackages"),
        ])
        let gate = FindingGate(suppressions: [Suppression(rule: "raise-python", image: "churn-*", reason: "accepted", source: "t:1:1"),
                                              Suppression(rule: "docker-steps", image: "*", reason: "old", until: "2000-01-01", source: "t:5:1")],
                               baseline: baseline, today: "2026-01-01")
        var report = AuditReport(workspace: try SourceLoader().load(fixture), ruleSet: rules)
        gate.apply(to: &report)
        let whole = try AuditJSON.render(report)
        var stream = try SourceLoader().open(fixture)
        var bytes: [UInt8] = []
        let outcome = try await AuditJSONStream.write(&stream, ruleSet: rules, batch: 5, gate: gate, redact: { $0 }) { bytes += $0 }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), whole)
        XCTAssertEqual(outcome.gate?.new, report.gate?.new)
        // Unchanged: raise-python of all three churn-scorer versions (the key has the name, in the
        // workspace the entry names) and python-slim-runtime (an entry of no workspace matches anywhere).
        XCTAssertEqual(report.gate?.unchanged, 4)
        XCTAssertEqual(report.gate?.absent.map(\.imageId), ["gone:1"])
        XCTAssertEqual(report.gate?.expired.map(\.rule), ["docker-steps"])
        XCTAssertEqual(outcome.worstFinding, .manual)
    }
}
