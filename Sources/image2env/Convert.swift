import ArgumentParser
import Foundation
import LegacyImage
import MigrationRules
import Reports
import Snapshot
import WorkspaceClient

extension ConversionTarget: ExpressibleByArgument {}

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn each legacy image into an Environment (SDK v1 folder and v2 YAML).",
        discussion: """
        For each image writes OUT/<image name>/<version>/: migration.json (readiness, findings, which rule set which field); unless the image is manual, v1/ (what Environment.save_to_directory writes), v2/ (environment.yml for azure-ai-ml) and source/ (the recovered source tree). The whole folder is written at once at the end; an existing non-empty OUT needs --force.

        Examples:
          image2env convert fixtures/workspace --out out
          image2env convert fixtures/workspace --out out --target v2 --image churn-scorer:2
          image2env convert exported.json --out out --rules team-rules/ --force
          image2env convert --config config.json --out out      # pull the live workspace first
        """
    )

    @OptionGroup var input: SourceOptions

    @Option(help: "The folder to write.")
    var out: String

    @Option(help: "Formats to write: v1, v2 or both.")
    var target: ConversionTarget = .both

    @Option(name: .customLong("image"), help: ArgumentHelp("Convert only this image (NAME or NAME:VERSION; repeatable).", valueName: "image"))
    var images: [String] = []

    @Flag(help: "Replace the content of a non-empty --out folder.")
    var force = false

    @OptionGroup var ruleOptions: RuleOptions

    func run() throws {
        let ruleSet = try ruleOptions.load()
        let (workspace, cleanUp) = try input.load()
        defer { cleanUp() }
        let report = AuditReport(workspace: workspace, ruleSet: ruleSet)
        let rows = report.rows.filter { row in images.isEmpty || images.contains { $0 == row.image.name || $0 == row.image.id } }
        for wanted in images where !report.rows.contains(where: { wanted == $0.image.name || wanted == $0.image.id }) {
            Console.error("--image \(wanted): no such image in \(workspace.source)")
            throw ExitCode(Exit.usage)
        }
        let folder = try outputFolder(out, force: force)
        var problems = report.problems
        var written: [AuditRow] = []
        for row in rows {
            guard let base = Self.folderName(row.image.name) else {
                problems.append(InputProblem(.error, file: row.resolved.record.origin.file, location: row.resolved.record.origin.path.description + ".name",
                                             message: "image name \(quotedForMessage(row.image.name)) cannot be a folder name; not converted", imageId: row.image.id))
                continue
            }
            do {
                for file in try Conversion.files(for: row.resolved, migration: row.migration, ruleSet: ruleSet, target: target) {
                    // The generated files are redacted; the user's own source files are copied as they are.
                    let bytes = file.path.hasPrefix("source/") ? file.bytes : Self.redacted(file.bytes)
                    try folder.write("\(base)/\(row.image.version)/\(file.path)", bytes)
                }
                written.append(row)
            } catch let error as AtomicFile.WriteError {
                Console.error(error.description)
                throw ExitCode.failure
            } catch {
                problems.append(InputProblem(.error, file: row.resolved.record.origin.file, location: row.resolved.record.origin.path.description,
                                             message: "cannot write the Environment: \(error)", imageId: row.image.id))
            }
        }
        do {
            try folder.commit()
        } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
        let counts = Readiness.allCases.map { r in "\(written.filter { $0.readiness == r }.count) \(r.rawValue)" }.joined(separator: ", ")
        emitLines("Wrote \(written.count) image\(written.count == 1 ? "" : "s") to \(out): \(counts)\n")
        for problem in problems where problem.severity == .error { Console.error(problem.description) }
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode(Exit.dataError) }
    }

    /// `bytes` with SAS signatures and bearer tokens redacted, when they are UTF-8 text.
    static func redacted(_ bytes: [UInt8]) -> [UInt8] {
        guard let text = String(validating: bytes, as: UTF8.self) else { return bytes }
        let clean = Redaction.text(text)
        return clean == text ? bytes : Array(clean.utf8)
    }

    /// An image name usable as one folder name: not `.` or `..`, no `/` and no control character
    /// (NUL, escape sequences, newlines), at most 255 bytes.
    static func folderName(_ name: String) -> String? {
        guard !name.isEmpty, name != ".", name != "..", name.utf8.count <= 255,
              !name.unicodeScalars.contains(where: { $0 == "/" || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            return nil
        }
        return name
    }
}
