import Foundation
import JSONValue
import MigrationRules
import Pipeline
import ScriptAnalysis
import Snapshot
import Synth
import XCTest

@testable import Reports

/// The streamed, parallel paths give exactly what the whole-report, one-at-a-time paths give.
final class StreamingTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func synthetic(_ images: Int, seed: UInt64 = 3) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SnapshotSynthesizer(images: images, seed: seed).write(template: Self.root.appendingPathComponent("fixtures/workspace").path,
                                                                      to: folder)
        return folder
    }

    func ruleSet() throws -> RuleSet {
        try RuleSet.load(builtIn: Self.root.appendingPathComponent("rules").path)
    }

    func testStreamedJSONAuditIsByteForByteTheWholeReport() async throws {
        let snapshot = try synthetic(700)
        let rules = try ruleSet()
        let whole = try AuditJSON.render(AuditReport(workspace: try SourceLoader().load(snapshot), ruleSet: rules))
        for batch in [1, 97, 5000] {
            var stream = try SourceLoader().open(snapshot)
            var bytes: [UInt8] = []
            let outcome = try await AuditJSONStream.write(&stream, ruleSet: rules, batch: batch, redact: { $0 }) { bytes += $0 }
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), whole, "batch \(batch)")
            XCTAssertEqual(outcome.images, 700)
        }
    }

    func testParallelRowsDoNotDependOnTheWidth() async throws {
        let snapshot = try synthetic(300)
        let workspace = try SourceLoader().load(snapshot)
        let pipeline = AuditPipeline(workspace: workspace, ruleSet: try ruleSet())
        let one = await pipeline.map(workspace.images, width: 1) { try? PythonJSONWriter.write(AuditJSON.image($0), indent: nil) }
        for width in [2, 3, 8, 1000] {
            let many = await pipeline.map(workspace.images, width: width) { try? PythonJSONWriter.write(AuditJSON.image($0), indent: nil) }
            XCTAssertEqual(many, one, "width \(width)")
        }
        XCTAssertEqual(one.count, 300)
    }

    /// Batches overlap (one prepared while the one before is completed): with the script
    /// analysis (the real helper) every batch size gives the rows of one pass over all images.
    func testPipelinedBatchesWithScriptAnalysisGiveTheRowsOfOnePass() async throws {
        let snapshot = try synthetic(400)
        let rules = try ruleSet()
        let workspace = try SourceLoader().load(snapshot)
        let render: @Sendable (AuditRow) -> String = { row in
            "\(row.image.id) \(row.migration.script) " + ((try? PythonJSONWriter.write(AuditJSON.image(row), indent: nil)) ?? "")
        }
        let one = await AuditPipeline(workspace: workspace, ruleSet: rules, analysis: ScriptAnalyzer(tables: rules.tables))
            .map(workspace.images, width: 1, render)
        XCTAssertEqual(one.count, 400)
        XCTAssertGreaterThan(one.filter { $0.contains("(status: MigrationRules.ScriptFacts.Status.analysed,") }.count, 300,
                             one.prefix(2).joined(separator: "\n"))
        for batch in [1, 37, 150, 5000] {
            var stream = try SourceLoader().open(snapshot)
            let pipeline = AuditPipeline(workspace: stream.workspace, ruleSet: rules, analysis: ScriptAnalyzer(tables: rules.tables))
            var rows: [String] = []
            var calls = 0
            let count = await pipeline.forEachBatch(of: &stream, batch: batch, render) { part in
                rows += part
                calls += 1
            }
            XCTAssertEqual(count, 400, "batch \(batch)")
            XCTAssertEqual(rows, one, "batch \(batch)")
            if batch < 400 { XCTAssertGreaterThan(calls, 1, "batch \(batch)") } else { XCTAssertEqual(calls, 1) }
        }
    }

    func testSynthesizerIsDeterministicAndVaried() throws {
        let a = try synthetic(120, seed: 9), b = try synthetic(120, seed: 9)
        let files = (FileManager.default.enumerator(atPath: a)?.compactMap { $0 as? String } ?? []).sorted()
        XCTAssertEqual(files, (FileManager.default.enumerator(atPath: b)?.compactMap { $0 as? String } ?? []).sorted())
        for file in files {
            XCTAssertEqual(FileManager.default.contents(atPath: a + "/" + file), FileManager.default.contents(atPath: b + "/" + file), file)
        }
        let workspace = try SourceLoader().load(a)
        XCTAssertEqual(workspace.images.count, 120)
        XCTAssertFalse(workspace.hasErrors, workspace.problems.map(\.description).joined(separator: "\n"))
        let report = AuditReport(workspace: workspace, ruleSet: try ruleSet())
        // Every flavor and runtime of the templates, every readiness, sources recovered.
        XCTAssertEqual(Set(report.rows.map { $0.image.flavor.description }), ["WebApiContainer", "AccelContainer", "IoTContainer", "Unknown"])
        XCTAssertEqual(Set(report.rows.compactMap { $0.image.targetRuntime?.runtimeType.description }),
                       ["Python", "SparkPython", "PythonSlim", "PythonCustom"])
        // Every readiness the rules give before the solve stage (resolution is off here, so no row is ready).
        let rules = try ruleSet()
        XCTAssertEqual(Set(report.rows.map { rules.migrate(ImageFacts($0.resolved)).readiness }), Set(Readiness.allCases))
        XCTAssertEqual(Set(report.rows.map(\.readiness)), [.review, .manual])
        let condaSizes = report.rows.compactMap { $0.resolved.conda.map { $0.condaPackages.count + $0.pipPackages.count } }
        XCTAssertGreaterThanOrEqual(condaSizes.min() ?? 0, 5)
        XCTAssertLessThanOrEqual(condaSizes.max() ?? 0, 62, "60 dependencies, python and pip")
        XCTAssertGreaterThan(report.rows.filter { $0.resolved.sourceTree?.entryScript != nil }.count, 80)
        XCTAssertGreaterThan(workspace.services.count, 10)
    }

    /// `dev synth --dependency-sets 5 --template-image iris-unpinned:1`: every image from that
    /// template, its conda file one of exactly five sets of real pins (benchmarks/run's solve stage).
    func testSynthesizerWithDependencySetsSharesExactlyThoseSets() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sets-\(UUID().uuidString)").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        _ = try SnapshotSynthesizer(images: 23, seed: 4, templateImage: "iris-unpinned:1", dependencySets: 5)
            .write(template: Self.root.appendingPathComponent("fixtures/workspace").path, to: folder)
        let workspace = try SourceLoader().load(folder)
        XCTAssertFalse(workspace.hasErrors, workspace.problems.map(\.description).joined(separator: "\n"))
        let report = AuditReport(workspace: workspace, ruleSet: try ruleSet())
        XCTAssertEqual(report.rows.count, 23)
        XCTAssertEqual(Set(report.rows.map { $0.image.name.hasPrefix("iris-unpinned") }), [true])
        let sets = report.rows.compactMap { $0.resolved.conda.map { $0.pipPackages.map(\.description).joined(separator: " ") } }
        XCTAssertEqual(sets.count, 23)
        XCTAssertEqual(Set(sets).sorted(), [
            "azureml-defaults scikit-learn pandas==2.1.4", "azureml-defaults scikit-learn==1.3.2 pandas==2.1.4",
            "azureml-defaults scikit-learn==1.4.2 pandas==2.1.4", "azureml-defaults scikit-learn==1.5.2 pandas==2.1.4",
            "azureml-defaults scikit-learn==1.6.1 pandas==2.1.4",
        ])
        XCTAssertThrowsError(try SnapshotSynthesizer(images: 2, templateImage: "no-such:1").write(
            template: Self.root.appendingPathComponent("fixtures/workspace").path, to: folder + "-none")) {
            XCTAssertEqual("\($0)", Self.root.path + "/fixtures/workspace/images holds no image payloads with the id no-such:1")
        }
    }
}
