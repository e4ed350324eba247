import ArgumentParser
import Foundation
import Reports
import Snapshot

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inventory the legacy images of a source: what each is built from, who runs it, how ready it is.",
        discussion: """
        Examples:
          image2env audit fixtures/workspace
          image2env audit fixtures/workspace --format json --output audit.json
          image2env audit exported-images.json
          az ml ... | image2env audit -
        """
    )

    @Argument(help: "A JSON file, a folder of JSON files, a snapshot folder, or - for standard input.")
    var source: String

    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Option(help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let workspace: LoadedWorkspace
        do {
            workspace = try SourceLoader().load(source)
        } catch {
            Console.error("\(error)")
            throw ExitCode(Exit.usage)
        }
        let report = AuditReport(workspace: workspace, ruleSet: try ruleOptions.load())
        let text: String
        switch format {
        case .text: text = AuditText.render(report)
        case .json: text = try AuditJSON.render(report)
        }
        try emit(text, to: output)
        for problem in report.problems where problem.severity == .error {
            Console.error(problem.description)
        }
        if report.hasErrors { throw ExitCode(Exit.dataError) }
    }
}
