import MigrationRules
import Pipeline
@testable import Reports
import Snapshot
import XCTest

/// The diff model and the renderers, as a library, over fixtures/workspace.
final class DiffReportTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func report() throws -> (AuditReport, RuleSet) {
        let folder = Self.root.appendingPathComponent("rules").path
        let ruleSet = try RuleSet.load(builtIn: folder, userFolders: [], disabled: [])
        let workspace = try SourceLoader().load(Self.root.appendingPathComponent("fixtures/workspace").path)
        return (AuditReport(workspace: workspace, ruleSet: ruleSet), ruleSet)
    }

    func testChangesCarryTheRuleThatMadeThem() throws {
        let (audit, ruleSet) = try report()
        let diff = DiffReport(audit: audit, ruleSet: ruleSet, selectors: ["resnet-cuda90:1"])
        let image = try XCTUnwrap(diff.images.first)
        let gpu = try XCTUnwrap(image.changes.first { $0.section == "gpu" })
        XCTAssertEqual(gpu.old, "cuda 9.0")
        XCTAssertEqual(gpu.rule, "cuda-9-retired")
        let python = try XCTUnwrap(image.changes.first { $0.section == "condaPackages" && $0.item == "python" })
        XCTAssertEqual(python.kind, .changed)
        XCTAssertEqual(python.rule, "raise-python")
        XCTAssertNotNil(python.message)
        XCTAssertTrue(image.changes.contains { $0.section == "injectedRequirements" && $0.kind == .dropped })
        XCTAssertEqual(image.files.map(\.title), ["conda", "docker"])
    }

    func testManualImagesAreNotConverted() throws {
        let (audit, ruleSet) = try report()
        let diff = DiffReport(audit: audit, ruleSet: ruleSet)
        for image in diff.images where image.row.readiness == .manual {
            let conda = try XCTUnwrap(image.files.first { $0.title == "conda" })
            XCTAssertFalse(conda.lines.contains { $0.hasPrefix("+") && !$0.hasPrefix("+++") }, image.row.image.id)
        }
    }

    func testFailOnAndJUnitFailures() throws {
        let (audit, _) = try report()
        XCTAssertTrue(FailOn.manual.fails(audit.rows))
        XCTAssertFalse(FailOn.never.fails(audit.rows))
        let ready = audit.rows.filter { $0.readiness == .ready }
        XCTAssertFalse(FailOn.review.fails(ready))
        for row in audit.rows {
            XCTAssertEqual(JUnit.fails(row, failOn: .manual), row.readiness == .manual)
            XCTAssertEqual(JUnit.fails(row, failOn: .review), row.readiness != .ready)
            XCTAssertEqual(JUnit.fails(row, failOn: .never), row.readiness == .manual)
        }
    }

    func testRenderersArePureAndEscape() throws {
        let (audit, ruleSet) = try report()
        let diff = DiffReport(audit: audit, ruleSet: ruleSet)
        XCTAssertEqual(HTML.render(diff), HTML.render(diff))
        XCTAssertEqual(Markdown.render(diff), Markdown.render(diff))
        XCTAssertEqual(HTML.e("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        XCTAssertEqual(JUnit.attr("a\"<\n\u{1}"), "a&quot;&lt;&#10;\u{FFFD}")
        XCTAssertEqual(SARIF.level(.manual), "error")
        XCTAssertEqual(SARIF.level(.review), "warning")
        XCTAssertEqual(SARIF.level(.info), "note")
        XCTAssertFalse(DiffText.render(diff, style: .plain).contains("\u{1B}["))
        XCTAssertTrue(DiffText.render(diff, style: TextStyle(color: true)).contains("\u{1B}[32m"))
    }
}
