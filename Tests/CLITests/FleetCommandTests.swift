import Foundation
import XCTest

/// Fleets end to end: a folder of snapshots audited, diffed and converted as one, `report
/// merge` of per-workspace reports, and `pull --all-workspaces` through the emulator.
final class FleetCommandTests: XCTestCase {
    static let subscriptionA = "00000000-0000-0000-0000-000000000000"
    static let subscriptionB = "11111111-1111-1111-1111-111111111111"

    /// Three snapshots in two subscriptions (`image2env dev fleet`).
    func fleet(_ tmp: TestFolder) throws -> String {
        let out = tmp.path + "/fleet"
        let result = try CLI.run(["dev", "fleet", "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        return out
    }

    /// `workspaces` of a JSON report as `sub/rg/ws images ready review manual` lines.
    func rollup(_ doc: [String: Any]) -> [String] {
        ((doc["workspaces"] as? [[String: Any]]) ?? []).map { w in
            let s = w["summary"] as? [String: Int] ?? [:]
            return "\(w["subscriptionId"] ?? "")/\(w["resourceGroup"] ?? "")/\(w["workspaceName"] ?? "") "
                + "\(s["images"] ?? -1) \(s["ready"] ?? -1) \(s["review"] ?? -1) \(s["manual"] ?? -1)"
        }
    }

    lazy var expectedRollup = [
        "\(Self.subscriptionA)/rg-ml/ws-churn 3 0 3 0",
        "\(Self.subscriptionA)/rg-ml/ws-legacy 22 0 16 6",
        "\(Self.subscriptionB)/rg-vision/ws-vision 4 0 3 1",
    ]

    func testFleetAuditRollsUpPerWorkspaceAndEveryRowNamesItsWorkspace() throws {
        let tmp = try TestFolder(self)
        let fleet = try fleet(tmp)
        let json = try CLI.run(["audit", fleet, "--format", "json", "--fail-on", "never"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let doc = try jsonObject(json.stdout)
        XCTAssertEqual(doc["sourceKind"] as? String, "fleet")
        XCTAssertEqual(rollup(doc), expectedRollup)
        let summary = try XCTUnwrap(doc["summary"] as? [String: Int])
        XCTAssertEqual([summary["images"], summary["ready"], summary["review"], summary["manual"], summary["services"]], [29, 0, 22, 7, 9])
        let images = try XCTUnwrap(doc["images"] as? [[String: Any]])
        XCTAssertEqual(images.count, 29)
        XCTAssertEqual(images.map { ($0["workspace"] as? [String: Any])?["workspaceName"] as? String ?? "?" },
                       Array(repeating: "ws-churn", count: 3) + Array(repeating: "ws-legacy", count: 22) + Array(repeating: "ws-vision", count: 4))
        XCTAssertEqual(images.prefix(3).map { $0["id"] as? String }, ["churn-scorer:1", "churn-scorer:2", "churn-scorer:3"])
        for kind in ["services", "problems"] {
            XCTAssertTrue(((doc[kind] as? [[String: Any]]) ?? []).allSatisfy { $0["workspace"] is [String: Any] }, kind)
        }

        for (format, ext) in [("text", "txt"), ("markdown", "md")] {
            let result = try CLI.run(["audit", fleet, "--format", format, "--fail-on", "never"])
            XCTAssertEqual(result.status, 0, result.stderr)
            try CLI.assertGolden(tmp.normalized(result.stdout), "audit-fleet.\(ext)")
        }
        let html = try CLI.run(["audit", fleet, "--format", "html", "--fail-on", "never"]).stdout
        let chart = try XCTUnwrap(html.range(of: "<svg class=\"chart\" id=\"readiness-chart\""))
        let table = try XCTUnwrap(html.range(of: "<table id=\"images\">"))
        XCTAssertLessThan(try XCTUnwrap(html.range(of: "<table id=\"workspaces\">")).lowerBound, chart.lowerBound)
        XCTAssertLessThan(chart.lowerBound, table.lowerBound, "the roll-up and the chart open the report")
        XCTAssertTrue(html.contains("<title>\(Self.subscriptionB)/rg-vision/ws-vision: 1 manual</title>"), html)
        // The same bytes whatever the order the folders were made in.
        XCTAssertEqual(try CLI.run(["audit", fleet, "--format", "json", "--fail-on", "never"]).stdout, json.stdout)
        // The default gate: manual images fail.
        XCTAssertEqual(try CLI.run(["audit", fleet]).status, 3)
    }

    func testReportMergeGivesTheSameRollUpAsTheFleetAudit() throws {
        let tmp = try TestFolder(self)
        let fleet = try fleet(tmp)
        let whole = try jsonObject(try CLI.run(["audit", fleet, "--format", "json", "--fail-on", "never"]).stdout)
        // One report per workspace, as separate CI jobs write them; given to merge in any order.
        var reports: [String] = []
        for (i, folder) in ["\(Self.subscriptionB)/rg-vision/ws-vision", "\(Self.subscriptionA)/rg-ml/ws-legacy",
                            "\(Self.subscriptionA)/rg-ml/ws-churn"].enumerated() {
            let report = tmp.path + "/job-\(i).json"
            let job = try CLI.run(["audit", fleet + "/" + folder, "--format", "json", "--fail-on", "never", "--output", report])
            XCTAssertEqual(job.status, 0, job.stderr)
            reports.append(report)
        }
        let merged = try CLI.run(["report", "merge"] + reports + ["--format", "json"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        var doc = try jsonObject(merged.stdout)
        XCTAssertEqual(rollup(doc), expectedRollup)
        XCTAssertEqual(doc["workspaces"] as? NSArray, whole["workspaces"] as? NSArray)
        // Everything else but where it came from is the fleet audit's too.
        XCTAssertEqual(doc["sourceKind"] as? String, "merge")
        var expected = whole
        for key in ["source", "sourceKind"] { doc[key] = nil; expected[key] = nil }
        XCTAssertEqual(doc as NSDictionary, expected as NSDictionary)

        let text = try CLI.run(["report", "merge"] + reports)
        XCTAssertEqual(text.status, 0, text.stderr)
        try CLI.assertGolden(tmp.normalized(text.stdout), "merge-fleet.txt")
        XCTAssertEqual(try CLI.run(["report", "merge"] + reports + ["--fail-on", "manual"]).status, 3)
        let html = try CLI.run(["report", "merge"] + reports + ["--format", "html"])
        XCTAssertTrue(html.stdout.contains("<svg class=\"chart\" id=\"readiness-chart\""))

        let twice = try CLI.run(["report", "merge", reports[0], reports[0]])
        XCTAssertEqual(twice.status, 65)
        XCTAssertEqual(twice.stderr, "image2env: error: \(reports[0]): workspace \(Self.subscriptionB)/rg-vision/ws-vision is also in "
                       + "\(reports[0]); merge each workspace's report once\n")
        let diff = tmp.path + "/diff.json"
        XCTAssertEqual(try CLI.run(["diff", fleet + "/\(Self.subscriptionA)/rg-ml/ws-churn", "--format", "json", "--output", diff]).status, 0)
        let wrongKind = try CLI.run(["report", "merge", diff])
        XCTAssertEqual(wrongKind.status, 65)
        XCTAssertEqual(wrongKind.stderr, "image2env: error: \(diff): a diff report; report merge reads audit reports (image2env audit --format json)\n")
        XCTAssertEqual(try CLI.run(["report", "merge", tmp.path + "/none.json"]).status, 64)
        XCTAssertEqual(try CLI.run(["report", "merge", reports[0], "--format", "sarif"]).status, 64)
    }

    func testFleetConvertAndDiff() throws {
        let tmp = try TestFolder(self)
        let fleet = try fleet(tmp)
        let out = tmp.path + "/out"
        let convert = try CLI.run(["convert", fleet, "--out", out])
        XCTAssertEqual(convert.status, 0, convert.stderr)
        XCTAssertEqual(convert.stdout, "Wrote 29 images to \(out): 0 ready, 22 review, 7 manual\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), ["ws-churn", "ws-legacy", "ws-vision"])
        for file in ["ws-churn/churn-scorer/2/v1/azureml_environment.json", "ws-legacy/churn-scorer/2/v1/azureml_environment.json",
                     "ws-vision/resnet50-fpga/1/migration.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + file), file)
        }
        XCTAssertEqual(try CLI.run(["convert", fleet, "--out", tmp.path + "/one", "--image", "resnet-gpu:1"]).stdout,
                       "Wrote 2 images to \(tmp.path)/one: 0 ready, 2 review, 0 manual\n")

        let diff = try CLI.run(["diff", fleet, "--format", "json", "--image", "churn-scorer:2"])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        let doc = try jsonObject(diff.stdout)
        XCTAssertEqual(rollup(doc), ["\(Self.subscriptionA)/rg-ml/ws-churn 1 0 1 0", "\(Self.subscriptionA)/rg-ml/ws-legacy 1 0 1 0",
                                     "\(Self.subscriptionB)/rg-vision/ws-vision 0 0 0 0"])
        XCTAssertEqual(((doc["images"] as? [[String: Any]]) ?? []).map { ($0["workspace"] as? [String: Any])?["workspaceName"] as? String },
                       ["ws-churn", "ws-legacy"])
        // redeploy works on one workspace at a time.
        let redeploy = try CLI.run(["redeploy", fleet, "--out", tmp.path + "/plan"])
        XCTAssertEqual(redeploy.status, 64)
        XCTAssertTrue(redeploy.stderr.contains("a folder of snapshots (a fleet); give one snapshot folder of it"), redeploy.stderr)
    }
}
