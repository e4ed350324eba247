import ArgumentParser
import Dispatch
import Foundation
import WorkspaceClient

struct Pull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a live workspace's legacy images, models, webservices and artifacts into a snapshot folder.",
        discussion: """
        The snapshot (docs/snapshot.md) is built in .<name>.partial/ beside --out and renamed into place when complete. An interrupted pull leaves only that folder; --resume continues it and fetches only what is missing (verified by size and SHA-256).

        Credentials, first found wins: --token-file, AZURE_ACCESS_TOKEN, a service principal from AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET, then `az account get-access-token`. Tokens are never printed.

        Examples:
          # the workspace of ./config.json (or .azureml/config.json, or a parent's)
          image2env pull --out snapshot
          image2env pull --out snapshot --config ~/ws/config.json
          image2env pull --out snapshot --subscription SUB --resource-group rg-ml \\
              --workspace ws-legacy --region westeurope
          image2env pull --out snapshot --images churn-scorer fraud-custom:3
          image2env pull --out snapshot --tags stage=prod --tags team
          image2env pull --out snapshot --resume --deadline 600 --concurrency 4
          # a local emulator (image2env-emulator fixtures/workspace --token t)
          image2env pull --out snapshot --endpoint http://127.0.0.1:54321 \\
              --token-file token.txt --config config.json
          # every workspace of every subscription the token sees, or of some
          image2env pull --all-workspaces --out fleet
          image2env pull --all-workspaces --out fleet --subscription SUB1 --subscription SUB2
          image2env pull --all-workspaces --out fleet --resume

        With --all-workspaces the workspaces of each subscription are listed over the resource manager (every page) and pulled --concurrency fetches at a time (that many workspaces at once, the fetches shared among them) into OUT/<subscription>/<resource group>/<workspace>/, each snapshot whole or not at all. A workspace that fails does not stop the others; --resume keeps the workspaces already pulled and finishes the rest. audit, diff and convert read OUT as one fleet.

        Exit codes: 0 success; 64 usage (no workspace, no credentials, --out exists); 69 the service is unreachable or kept failing, or --deadline passed; 1 anything else (refused credentials, ...). For a fleet, the first of 64, 69, 1 among the workspaces that failed.
        """
    )

    @OptionGroup(title: "Workspace")
    var workspace: WorkspaceOptions

    @Option(help: ArgumentHelp("The snapshot folder to create; it must not exist (with --all-workspaces: the fleet folder, "
                               + "new or empty unless --resume).", valueName: "folder"), completion: .directory)
    var out: String

    @Flag(name: .customLong("all-workspaces"), help: "Pull every workspace of the subscriptions (--subscription, repeatable; default: every subscription the token can see) into OUT/<subscription>/<resource group>/<workspace>/.")
    var allWorkspaces = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Only these images: names, or name:version ids.", valueName: "name"))
    var images: [String] = []

    @Option(help: ArgumentHelp("Only images with this tag (key=value, or key for any value); repeatable, all must hold.",
                               valueName: "k=v"))
    var tags: [String] = []

    @Flag(help: "Continue an interrupted pull (its .<name>.partial/ folder).")
    var resume = false

    @Option(help: "At most this many model and artifact fetches at once.")
    var concurrency: Int = 8

    @Option(help: ArgumentHelp("Give up (exit 69) when the whole pull takes longer than this many seconds.", valueName: "seconds"))
    var deadline: Double?

    @OptionGroup var quiet: QuietOption

    mutating func validate() throws {
        if allWorkspaces {
            if workspace.config != nil || workspace.resourceGroup != nil || workspace.workspace != nil || workspace.region != nil {
                throw ValidationError("--all-workspaces lists the workspaces itself: leave out --config, --resource-group, --workspace and --region")
            }
        } else {
            try workspace.checkOneSubscription()
        }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        if let deadline, deadline <= 0 { throw ValidationError("--deadline must be a positive number of seconds") }
        for tag in tags where tag.isEmpty || tag.hasPrefix("=") {
            throw ValidationError("--tags \"\(tag)\": expected key=value or key")
        }
    }

    func run() async throws {
        quiet.apply()
        let settings = ClientSettings(concurrency: concurrency, deadlineSeconds: deadline,
                                      environment: ProcessInfo.processInfo.environment)
        if allWorkspaces {
            try await FleetPullRun(command: self, settings: settings).run()
            return
        }
        let options = PullOptions(output: out, filter: ImageFilter(names: images, tags: tags), resume: resume)
        let summary = try await Self.pull(options, selection: workspace.selection, settings: settings)
        emitLines(Self.describe(summary) + "\n")
    }

    /// `Pulled N images, ... into OUT`.
    static func describe(_ summary: PullSummary) -> String {
        var line = "Pulled \(summary.images) images, \(summary.services) services, \(summary.models) models, "
            + "\(summary.artifacts) artifacts (\(summary.bytes) bytes) into \(summary.output)"
        if summary.reused > 0 { line += " (\(summary.reused) files reused from the interrupted pull)" }
        return line
    }

    /// Pulls a workspace into a snapshot folder, with progress on a terminal; warnings and
    /// errors go to standard error, errors as their exit codes (64, 69, 1).
    static func pull(_ options: PullOptions, selection: WorkspaceSelection, settings: ClientSettings) async throws -> PullSummary {
        try await withProgress { progress in
            let summary = try await Puller.pull(options, selection: selection, settings: settings, progress: progress)
            for warning in summary.warnings {
                Console.warning(warning)
            }
            return summary
        }
    }

    /// Runs `body` with the progress display (a terminal, not `--quiet`); its errors on
    /// standard error, as their exit codes (64, 69, 1).
    static func withProgress<T>(_ body: (TerminalProgress?) async throws -> T) async throws -> T {
        let progress = Console.quiet ? nil : TerminalProgress.forStandardError()
        do {
            return try await body(progress)
        } catch let error as WorkspaceClientError {
            if progress != nil { FileHandle.standardError.write(Data("\n".utf8)) }
            Console.error(error.message)
            throw error.exitCode
        } catch {
            Console.error("pull failed: \(error)")
            throw ExitCode.failure
        }
    }
}
