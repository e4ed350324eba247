import ArgumentParser
import Foundation
import JSONValue
import Project
import Reports
import Snapshot

/// `image2env report ...`: work on reports already written.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work on reports already written (merge the reports of separate CI jobs).",
        subcommands: [Merge.self]
    )

    struct Merge: ParsableCommand {
        static let formats: [ReportFormat] = [.text, .json, .markdown, .html]

        static let configuration = CommandConfiguration(
            abstract: "Merge audit reports (image2env audit --format json), one per workspace or fleet, into one fleet roll-up.",
            discussion: """
            The merged report is what image2env audit gives for a folder of the same snapshots: a roll-up per workspace (workspaces: [...]) and every image, service and problem naming its workspace. Each report must name its workspace (audit a snapshot: its workspace.json names it); a workspace may appear only once. Findings keep their suppressed and baselineState marks, and --fail-on counts only the findings those leave counting.

            Examples:
              image2env report merge reports/*.json --format html --output fleet.html
              image2env report merge audit-ws-a.json audit-ws-b.json --format json --output fleet.json
              image2env report merge reports/*.json --fail-on manual
            """
        )

        @Argument(help: ArgumentHelp("Reports written by image2env audit --format json.", valueName: "report.json"),
                  completion: .file(extensions: ["json"]))
        var reports: [String]

        @Option(help: "Output format: \(formats.map(\.rawValue).joined(separator: ", ")) (default: the project file's when one of these, else text).")
        var format: ReportFormat?

        @Option(help: "Write the report to this file (atomically) instead of standard output.")
        var output: String?

        @Option(name: .customLong("fail-on"), help: "Exit 3 when a counted finding at or above this severity exists: \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")) (default: the project file's, else never).")
        var failOn: FailOn?

        @Option(name: .customLong("project-file"), help: ArgumentHelp("The project file to read instead of looking for \(ProjectFile.fileName).", valueName: "file"),
                completion: .file(extensions: ["yml", "yaml"]))
        var projectFile: String?

        @OptionGroup var quiet: QuietOption

        func validate() throws {
            if reports.isEmpty { throw ValidationError("give at least one report to merge") }
            if let format, !Self.formats.contains(format) {
                throw ValidationError("--format \(format.rawValue): report merge writes \(Self.formats.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            quiet.apply()
            var options = RuleOptions()
            options.projectFile = projectFile
            let project = try options.project()
            let format = self.format ?? project?.format.flatMap { Self.formats.contains($0) ? $0 : nil } ?? .text
            let failOn = self.failOn ?? project?.failOn ?? .never
            let limits = try inputLimits()
            var read: [(file: String, json: JSON)] = []
            let merged: MergedReport
            do {
                for file in reports { read.append((file, try ReportFile.read(file, limits: limits))) }
                merged = try MergedReport.merge(read)
            } catch {
                Console.error(error.description)
                throw ExitCode(error.isMissing ? Exit.usage : Exit.dataError)
            }
            let text: String
            switch format {
            case .json: text = try merged.json()
            case .markdown: text = Console.terminalSafe(merged.markdown())
            case .html: text = merged.html()
            default: text = Console.terminalSafe(merged.text())
            }
            try emit(text, to: output)
            if failOn.fails(worst: merged.worstCountedFinding) { throw ExitCode(Exit.findings) }
        }
    }
}
