import ArgumentParser
import Foundation
import Pipeline
import Reports
import Snapshot

struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the migration changes for each image, old → new, field by field, with unified diffs of the files.",
        discussion: """
        A folder of snapshots (what pull --all-workspaces writes) is one fleet: a roll-up per workspace, each image naming its workspace.

        Examples:
          image2env diff fixtures/workspace
          image2env diff fixtures/workspace --image churn-scorer:2
          image2env diff fixtures/workspace --format markdown --output diff.md
        """
    )

    @OptionGroup var input: SourceOptions

    @Option(name: .customLong("image"), help: ArgumentHelp("Only this image, NAME or NAME:VERSION (repeatable).", valueName: "name[:version]"))
    var images: [String] = []

    @Option(help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: the project file's, else text).")
    var format: ReportFormat?

    @Option(help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit 3 when a finding at or above this severity counts: \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")) (default: the project file's, else never).")
    var failOn: FailOn?

    @OptionGroup var gateOptions: GateOptions

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "Solve stage") var resolveOptions: ResolveOptions

    @OptionGroup var quiet: QuietOption

    func run() async throws {
        quiet.apply()
        let settings = try ReportSettings(rules: ruleOptions, gate: gateOptions, format: format, failOn: failOn, defaultFailOn: .never)
        let (ruleSet, failOn) = (settings.ruleSet, settings.failOn)
        let (opened, cleanUp) = try await input.openAny()
        defer { cleanUp() }
        let solve = try await resolveOptions.stage(ruleSet)
        let selectors = images
        let audit = await auditReport(opened, settings: settings, solve: solve,
                                      selected: { image in selectors.isEmpty || selectors.contains { $0 == image.name || $0 == image.id } })
        let report = DiffReport(audit: audit, ruleSet: ruleSet, selectors: images)
        for selector in images where !audit.rows.contains(where: { $0.image.name == selector || $0.image.id == selector }) {
            Console.error("no image \(selector) in \(audit.workspace.source)")
            throw ExitCode(Exit.usage)
        }
        let rows = report.images.map(\.row)
        let text: String
        switch settings.format {
        case .text:
            let style = textStyle(output: output)
            text = Console.terminalSafe(DiffText.render(report, style: style), colours: style.color)
        case .json: text = try DiffJSON.render(report)
        case .markdown: text = Console.terminalSafe(Markdown.render(report))
        case .sarif: text = try SARIF.render(rows, ruleSet: ruleSet, lines: SourceLines.read(rows),
                                             toolVersion: Image2Env.configuration.version,
                                             base: FileManager.default.currentDirectoryPath, fleet: audit.fleet)
        case .junit: text = JUnit.render(report, failOn: failOn)
        case .html: text = HTML.render(report)
        }
        warnAbout(audit.gate)
        try finishReport(text, to: output, audit: audit, rows: rows, failOn: failOn, unavailable: await resolveOptions.unavailable(solve))
    }
}
