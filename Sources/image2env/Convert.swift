import ArgumentParser
import Emit
import Foundation
import LegacyImage
import MigrationRules
import Pipeline
import Reports
import Snapshot
import WorkspaceClient

extension ConversionTarget: ExpressibleByArgument {}

struct Convert: AsyncParsableCommand {
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

    @OptionGroup(title: "Solve stage") var resolveOptions: ResolveOptions

    func run() async throws {
        let ruleSet = try ruleOptions.load()
        var (stream, cleanUp) = try await input.open()
        defer { cleanUp() }
        let solve = try await resolveOptions.stage(ruleSet)
        let folder = try outputFolder(out, force: force)
        let conversion = ConversionRun(ruleSet: ruleSet, target: target, selectors: images, solve: solve, redact: { Redaction.text($0) })
        let outcome = await conversion.run(&stream, into: folder)
        if let failure = outcome.writeFailure {
            Console.error(failure)
            throw ExitCode.failure
        }
        if let wanted = outcome.unmatched.first {
            Console.error("--image \(wanted): no such image in \(stream.workspace.source)")
            throw ExitCode(Exit.usage)
        }
        do {
            try folder.commit()
        } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
        let written = outcome.writtenCount
        let counts = Readiness.allCases.map { r in "\(outcome.written[r] ?? 0) \(r.rawValue)" }.joined(separator: ", ")
        emitLines("Wrote \(written) image\(written == 1 ? "" : "s") to \(out): \(counts)\n")
        try finish(problems: outcome.problems, failing: false, unavailable: await resolveOptions.unavailable(solve))
    }
}
