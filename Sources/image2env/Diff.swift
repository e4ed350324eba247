import ArgumentParser
import Foundation
import Pipeline
import Reports
import Snapshot

struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the migration changes for each image, old → new, field by field, with unified diffs of the files.",
        discussion: """
        Examples:
          image2env diff fixtures/workspace
          image2env diff fixtures/workspace --image churn-scorer:2
          image2env diff fixtures/workspace --format markdown --output diff.md
        """
    )

    @OptionGroup var input: SourceOptions

    @Option(name: .customLong("image"), help: ArgumentHelp("Only this image, NAME or NAME:VERSION (repeatable).", valueName: "name[:version]"))
    var images: [String] = []

    @Option(help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit 3 when a finding at or above this severity exists: \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")).")
    var failOn: FailOn = .never

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "Solve stage") var resolveOptions: ResolveOptions

    func run() async throws {
        let (workspace, cleanUp) = try await input.load()
        defer { cleanUp() }
        let ruleSet = try ruleOptions.load()
        let solve = try await resolveOptions.stage(ruleSet)
        let selectors = images
        let pipeline = AuditPipeline(workspace: workspace, ruleSet: ruleSet, solve: solve,
                                     selected: { image in selectors.isEmpty || selectors.contains { $0 == image.name || $0 == image.id } })
        let audit = AuditReport(workspace: workspace, rows: await pipeline.map(workspace.images) { $0 })
        let report = DiffReport(audit: audit, ruleSet: ruleSet, selectors: images)
        for selector in images where !audit.rows.contains(where: { $0.image.name == selector || $0.image.id == selector }) {
            Console.error("no image \(selector) in \(workspace.source)")
            throw ExitCode(Exit.usage)
        }
        let rows = report.images.map(\.row)
        let text: String
        switch format {
        case .text:
            let style = textStyle(output: output)
            text = Console.terminalSafe(DiffText.render(report, style: style), colours: style.color)
        case .json: text = try DiffJSON.render(report)
        case .markdown: text = Console.terminalSafe(Markdown.render(report))
        case .sarif: text = try SARIF.render(rows, ruleSet: ruleSet, lines: SourceLines.read(rows),
                                             toolVersion: Image2Env.configuration.version,
                                             base: FileManager.default.currentDirectoryPath)
        case .junit: text = JUnit.render(report, failOn: failOn)
        case .html: text = HTML.render(report)
        }
        try finishReport(text, to: output, audit: audit, rows: rows, failOn: failOn, unavailable: await resolveOptions.unavailable(solve))
    }
}
