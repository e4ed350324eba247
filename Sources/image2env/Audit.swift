import ArgumentParser
import Foundation
import Pipeline
import Project
import Reports
import ScriptAnalysis
import Snapshot
import WorkspaceClient

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inventory the legacy images of a source: what each is built from, who runs it, how ready it is.",
        discussion: """
        A folder of snapshots (what pull --all-workspaces writes) is audited as one fleet: a roll-up per workspace, then each workspace's images.

        Settings come from the project file (.image2env.yml here or in a parent folder; docs/ci.md); options given here win.

        Examples:
          image2env audit fixtures/workspace
          image2env audit fixtures/workspace --format json --output audit.json
          image2env audit fixtures/workspace --format sarif --output image2env.sarif
          image2env audit fixtures/workspace --format markdown --fail-on review
          image2env audit fixtures/workspace --baseline main-audit.json --fail-on review
          image2env audit fleet/ --format html --output fleet.html
          image2env audit exported-images.json
          az ml ... | image2env audit -
        """
    )

    @OptionGroup var input: SourceOptions

    @Option(help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: the project file's, else text).")
    var format: ReportFormat?

    @Option(help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit 3 when a finding at or above this severity counts: \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")) (default: the project file's, else manual).")
    var failOn: FailOn?

    @OptionGroup var gateOptions: GateOptions

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "Solve stage") var resolveOptions: ResolveOptions

    @OptionGroup var quiet: QuietOption

    func run() async throws {
        quiet.apply()
        let settings = try ReportSettings(rules: ruleOptions, gate: gateOptions, format: format, failOn: failOn, defaultFailOn: .manual)
        let (ruleSet, failOn) = (settings.ruleSet, settings.failOn)
        let (opened, cleanUp) = try await input.openAny()
        defer { cleanUp() }
        if case .single(var stream) = opened, settings.format == .json {
            // Streamed: any number of images in bounded memory, the same bytes.
            let solve = try await resolveOptions.stage(ruleSet)
            let sink = try OutputSink(output)
            let outcome = try await AuditJSONStream.write(&stream, ruleSet: ruleSet, solve: solve, analysis: ScriptAnalyzer(tables: ruleSet.tables),
                                                          gate: settings.gate,
                                                          redact: { Redaction.text($0) }) {
                try sink.write($0)
            }
            try sink.commit()
            warnAbout(outcome.gate)
            try finish(problems: outcome.problems, failing: failOn.fails(worst: outcome.worstFinding),
                       unavailable: await resolveOptions.unavailable(solve))
            return
        }
        let solve = try await resolveOptions.stage(ruleSet)
        let report = await auditReport(opened, settings: settings, solve: solve)
        let text: String
        switch settings.format {
        case .text:
            let style = textStyle(output: output)
            text = Console.terminalSafe(AuditText.render(report, style: style), colours: style.color)
        case .json: text = try AuditJSON.render(report)
        case .markdown: text = Console.terminalSafe(Markdown.render(report))
        case .sarif: text = try SARIF.render(report.rows, ruleSet: ruleSet, lines: SourceLines.read(report.rows),
                                             toolVersion: Image2Env.configuration.version,
                                             base: FileManager.default.currentDirectoryPath, fleet: report.fleet)
        case .junit: text = JUnit.render(report, failOn: failOn)
        case .html: text = HTML.render(report)
        }
        warnAbout(report.gate)
        try finishReport(text, to: output, audit: report, rows: report.rows, failOn: failOn,
                         unavailable: await resolveOptions.unavailable(solve))
    }
}
