import ArgumentParser
import Foundation
import Pipeline
import Reports
import Snapshot
import WorkspaceClient

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inventory the legacy images of a source: what each is built from, who runs it, how ready it is.",
        discussion: """
        Examples:
          image2env audit fixtures/workspace
          image2env audit fixtures/workspace --format json --output audit.json
          image2env audit fixtures/workspace --format sarif --output image2env.sarif
          image2env audit fixtures/workspace --format markdown --fail-on review
          image2env audit exported-images.json
          az ml ... | image2env audit -
        """
    )

    @OptionGroup var input: SourceOptions

    @Option(help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit 3 when a finding at or above this severity exists: \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")).")
    var failOn: FailOn = .manual

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "Solve stage") var resolveOptions: ResolveOptions

    func run() async throws {
        if format == .json {
            // Streamed: any number of images in bounded memory, the same bytes.
            var (stream, cleanUp) = try await input.open()
            defer { cleanUp() }
            let ruleSet = try ruleOptions.load()
            let solve = try await resolveOptions.stage(ruleSet)
            let sink = try OutputSink(output)
            let outcome = try await AuditJSONStream.write(&stream, ruleSet: ruleSet, solve: solve, redact: { Redaction.text($0) }) {
                try sink.write($0)
            }
            try sink.commit()
            try finish(problems: outcome.problems, failing: failOn.fails(worst: outcome.worstFinding),
                       unavailable: await resolveOptions.unavailable(solve))
            return
        }
        let (workspace, cleanUp) = try await input.load()
        defer { cleanUp() }
        let ruleSet = try ruleOptions.load()
        let solve = try await resolveOptions.stage(ruleSet)
        let report = await AuditReport.parallel(workspace: workspace, ruleSet: ruleSet, solve: solve)
        let text: String
        switch format {
        case .text:
            let style = textStyle(output: output)
            text = Console.terminalSafe(AuditText.render(report, style: style), colours: style.color)
        case .json: text = try AuditJSON.render(report)  // (streamed above)
        case .markdown: text = Console.terminalSafe(Markdown.render(report))
        case .sarif: text = try SARIF.render(report.rows, ruleSet: ruleSet, lines: SourceLines.read(report.rows),
                                             toolVersion: Image2Env.configuration.version,
                                             base: FileManager.default.currentDirectoryPath)
        case .junit: text = JUnit.render(report, failOn: failOn)
        case .html: text = HTML.render(report)
        }
        try finishReport(text, to: output, audit: report, rows: report.rows, failOn: failOn,
                         unavailable: await resolveOptions.unavailable(solve))
    }
}
