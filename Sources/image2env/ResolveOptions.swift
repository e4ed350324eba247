import ArgumentParser
import Foundation
import MigrationRules
import Solve

extension SolveOptions.Mode: ExpressibleByArgument {}

/// `--resolve`, `--exclude-newer`, `--resolver`, `--resolve-jobs`: the solve stage of every
/// command that makes Environments.
struct ResolveOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Solve each Environment against the package index with uv: auto (when the resolver and the index can be reached; "
                               + "default, or IMAGE2ENV_RESOLVE), offline (the resolver's cache only), off. Without a solve no image is ready.",
                               valueName: "auto|offline|off"))
    var resolve: SolveOptions.Mode?

    @Option(name: .customLong("exclude-newer"),
            help: ArgumentHelp("Only packages uploaded before this date (2026-11-01 or 2026-11-01T00:00:00Z): the same input gives the same "
                               + "bytes. Default: the start of today (UTC), recorded in migration.json.", valueName: "date"))
    var excludeNewer: String?

    @Option(help: ArgumentHelp("The resolver (uv) to run. Default: IMAGE2ENV_UV, then uv on PATH, then .tools/uv/bin/uv (make deps).",
                               valueName: "path"))
    var resolver: String?

    @Option(name: .customLong("resolve-jobs"), help: ArgumentHelp("Resolver processes at once (default: the number of cores).", valueName: "n"))
    var resolveJobs: Int?

    func validate() throws {
        if let excludeNewer, SolveOptions.normalizedDate(excludeNewer) == nil {
            throw ValidationError("--exclude-newer \(excludeNewer): not a date (2026-11-01 or 2026-11-01T00:00:00Z)")
        }
        if let resolveJobs, resolveJobs < 1 { throw ValidationError("--resolve-jobs must be 1 or more") }
        if resolve == nil, let text = ProcessInfo.processInfo.environment["IMAGE2ENV_RESOLVE"], !text.isEmpty,
           SolveOptions.Mode(rawValue: text) == nil {
            throw ValidationError("IMAGE2ENV_RESOLVE=\(text): expected auto, offline or off")
        }
    }

    /// The mode: `--resolve`, else `IMAGE2ENV_RESOLVE`, else auto.
    var mode: SolveOptions.Mode {
        resolve ?? ProcessInfo.processInfo.environment["IMAGE2ENV_RESOLVE"].flatMap(SolveOptions.Mode.init(rawValue:)) ?? .auto
    }

    /// Resolution was asked for on the command line (`--resolve auto|offline`): then a run in
    /// which nothing at all could be resolved exits 69.
    var explicit: Bool { resolve != nil && resolve != .off }

    /// The solve stage, or exit 64 with what is wrong with the rule tables it reads.
    func stage(_ ruleSet: RuleSet) async throws -> SolveStage {
        var options = SolveOptions(mode: mode, excludeNewer: excludeNewer.flatMap(SolveOptions.normalizedDate), resolver: resolver)
        if let resolveJobs { options.jobs = resolveJobs }
        do {
            return try await SolveStage.make(options, ruleSet: ruleSet)
        } catch {
            Console.error(error.description)
            throw ExitCode(Exit.usage)
        }
    }

    /// Exit 69's message, when resolution was asked for explicitly and nothing could be resolved.
    /// With `IMAGE2ENV_RESOLVE_STATS` set, the stage's figures go to standard error first
    /// (`benchmarks/run` reads them).
    func unavailable(_ stage: SolveStage) async -> String? {
        if ProcessInfo.processInfo.environment["IMAGE2ENV_RESOLVE_STATS"] != nil {
            let counts = await stage.counts() ?? CompileService.Counts()
            let line = "resolve: \(await stage.requests) requests (\(await stage.distinctRequests) distinct), "
                + "\(counts.resolverCalls) resolver calls, \(counts.cacheHits) cache hits, \(counts.shared) shared\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        guard explicit, await stage.nothingAnswered else { return nil }
        let why = await stage.firstUnanswered
        return "nothing could be resolved: " + (stage.unavailableReason ?? why ?? "the resolver or the package index cannot be reached")
    }
}
