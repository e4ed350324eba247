import ArgumentParser
import Emit
import Foundation
import LegacyImage
import MigrationRules
import Pipeline
import Reports
import ScriptAnalysis
import Snapshot
import Solve
import Verify
import WorkspaceClient

extension ConversionTarget: ExpressibleByArgument {}

struct Convert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn each legacy image into an Environment (SDK v1 folder and v2 YAML).",
        discussion: """
        For each image writes OUT/<image name>/<version>/ (for a folder of snapshots, a fleet: OUT/<workspace>/<image name>/<version>/): migration.json (readiness, findings, which rule set which field); unless the image is manual, v1/ (what Environment.save_to_directory writes), v2/ (environment.yml for azure-ai-ml) and source/ (the recovered source tree). The whole folder is written at once at the end; an existing non-empty OUT needs --force.

        Examples:
          image2env convert fixtures/workspace --out out
          image2env convert fixtures/workspace --out out --target v2 --image churn-scorer:2
          image2env convert exported.json --out out --rules team-rules/ --force
          image2env convert --config config.json --out out      # pull the live workspace first
          image2env convert fixtures/serving --out out --verify --model-dir fixtures/serving-inputs/models
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

    @Flag(help: ArgumentHelp("Then serve each converted image that has a model folder under --model-dir and declares its sample input "
                             + "(inference_schema), as image2env verify does (docs/verify.md).", valueName: "verify"))
    var verify = false

    @Option(name: .customLong("model-dir"),
            help: ArgumentHelp("With --verify: the models, laid out like azureml-models/ (<model name>/<version>/<files>).", valueName: "dir"))
    var modelDir: String?

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "Solve stage") var resolveOptions: ResolveOptions

    @OptionGroup var quiet: QuietOption

    func validate() throws {
        if verify, modelDir == nil { throw ValidationError("--verify needs --model-dir") }
        if !verify, modelDir != nil { throw ValidationError("--model-dir is for --verify") }
    }

    func run() async throws {
        quiet.apply()
        let ruleSet = try ruleOptions.load()
        let (opened, cleanUp) = try await input.openAny()
        defer { cleanUp() }
        let solve = try await resolveOptions.stage(ruleSet)
        let conversion = ConversionRun(ruleSet: ruleSet, target: target, selectors: images, solve: solve,
                                       analysis: ScriptAnalyzer(tables: ruleSet.tables), redact: { Redaction.text($0) })
        let outcome: ConversionRun.Outcome
        let source: String
        switch opened {
        case .single(var stream):
            source = stream.workspace.source
            let folder = try outputFolder(out, force: force)
            outcome = await conversion.run(&stream, into: folder)
            try commit(outcome, folder: folder, source: source)
        case .fleet(let fleet, let members, let loader):
            source = fleet
            let workspaces: [(stream: SourceStream, folder: String)]
            do {
                workspaces = try FleetConversion.open(members, loader: loader)
            } catch {
                Console.error(error.description)
                throw ExitCode(Exit.usage)
            }
            let folder = try outputFolder(out, force: force)
            outcome = await FleetConversion.run(workspaces, conversion: conversion, into: folder)
            try commit(outcome, folder: folder, source: source)
        }
        let written = outcome.writtenCount
        let counts = Readiness.allCases.map { r in "\(outcome.written[r] ?? 0) \(r.rawValue)" }.joined(separator: ", ")
        emitLines("Wrote \(written) image\(written == 1 ? "" : "s") to \(out): \(counts)\n")
        var failing = false
        var unavailable = await resolveOptions.unavailable(solve)
        if verify, let modelDir {
            (failing, unavailable) = try await verifyAll(modelDir: modelDir, unavailable: unavailable)
        }
        try finish(problems: outcome.problems, failing: failing, unavailable: unavailable)
    }

    /// Puts the output folder in place, unless the run failed to write or missed an `--image`.
    private func commit(_ outcome: ConversionRun.Outcome, folder: OutputFolder, source: String) throws {
        if let failure = outcome.writeFailure {
            Console.error(failure)
            throw ExitCode.failure
        }
        if let wanted = outcome.unmatched.first {
            Console.error("--image \(wanted): no such image in \(source)")
            throw ExitCode(Exit.usage)
        }
        do {
            try folder.commit()
        } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
    }

    /// `--verify`: every converted image with a model folder under `modelDir`, one after the
    /// other; answers whether one failed and why none could run here (exit 69), if so.
    private func verifyAll(modelDir: String, unavailable: String?) async throws -> (Bool, String?) {
        let uv: ResolverTool
        switch await ResolverTool.locate(explicit: resolveOptions.resolver) {
        case .success(let found): uv = found
        case .failure(let why): return (false, unavailable ?? "--verify needs uv to make the venvs: \(why.message)")
        }
        VerifyCommand.stopServersOnSignals()
        var failed = false, cannot = unavailable
        let verifyTarget: VerifyTarget = target == .v1 ? .v1 : .v2
        var ran = 0
        let limits = try inputLimits()
        for folder in VerifyRun.imageFolders(under: out) {
            var run = VerifyRun(folder: folder, modelDir: modelDir, sample: nil, target: verifyTarget, uv: uv)
            run.limits = limits
            guard run.hasModelFolders() else { continue }
            ran += 1
            let result = await run.run()
            emitLines(result.summary)
            switch result.result {
            case .passed, .noSample: break
            case .cannotRunHere: cannot = cannot ?? result.reason
            default: failed = true
            }
        }
        emitLines("Verified \(ran) image\(ran == 1 ? "" : "s") with a model folder under \(modelDir)\n")
        return (failed, cannot)
    }
}
