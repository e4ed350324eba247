import ArgumentParser
import Foundation
import Snapshot
import WorkspaceClient

/// SOURCE, or the options of a live workspace that is pulled into a temporary snapshot first;
/// shared by `audit`, `convert` and `diff`.
struct SourceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("A JSON file, a folder of JSON files, a snapshot folder, or - for standard input. "
                                 + "Without it, the live workspace named by the workspace options (or ./config.json) is pulled first.",
                                 valueName: "source"))
    var source: String?

    @OptionGroup(title: "Live workspace (instead of SOURCE)")
    var workspace: WorkspaceOptions

    var givesWorkspace: Bool {
        !workspace.subscription.isEmpty || [workspace.config, workspace.resourceGroup, workspace.workspace, workspace.region,
                                            workspace.endpoint, workspace.tokenFile].contains { $0 != nil }
    }

    func validate() throws {
        try workspace.checkOneSubscription()
        if source != nil && givesWorkspace {
            throw ValidationError("give either SOURCE or the live workspace options, not both")
        }
    }

    /// A source opened: one (a file, folder, snapshot or live workspace), or a folder of snapshots.
    enum Opened {
        case single(SourceStream)
        case fleet(source: String, members: [FleetFolder.Member], loader: SourceLoader)
    }

    /// The source read; with a live workspace, pulled into a temporary snapshot that
    /// `cleanUp` removes.
    func load() async throws -> (workspace: LoadedWorkspace, cleanUp: () -> Void) {
        var (stream, cleanUp) = try await open()
        return (stream.readAll(), cleanUp)
    }

    /// The source opened for reading a file of images at a time (see `load`); a folder of
    /// snapshots is a usage error here (commands that take fleets use `openAny`).
    func open() async throws -> (stream: SourceStream, cleanUp: () -> Void) {
        let (opened, cleanUp) = try await openAny()
        guard case .single(let stream) = opened else {
            cleanUp()
            Console.error("\(source ?? "-"): a folder of snapshots (a fleet); give one snapshot folder of it")
            throw ExitCode(Exit.usage)
        }
        return (stream, cleanUp)
    }

    /// The source opened: a folder of snapshots (what pull --all-workspaces writes) as a fleet,
    /// anything else as one source.
    func openAny() async throws -> (opened: Opened, cleanUp: () -> Void) {
        var cleanUp: () -> Void = {}
        let path: String
        if let source {
            path = source
        } else {
            let temp = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-\(UUID().uuidString)")
            do {
                try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
            } catch {
                Console.error("cannot create a temporary folder: \(error)")
                throw ExitCode.failure
            }
            cleanUp = { try? FileManager.default.removeItem(at: temp) }
            path = temp.appendingPathComponent("snapshot").path
            do {
                _ = try await Pull.pull(PullOptions(output: path, filter: ImageFilter(names: [], tags: []), resume: false),
                                  selection: workspace.selection, settings: ClientSettings(environment: ProcessInfo.processInfo.environment))
            } catch {
                cleanUp()
                throw error
            }
        }
        let limits: InputLimits
        do {
            limits = try inputLimits()
        } catch {
            cleanUp()
            throw error
        }
        let loader = SourceLoader(limits: limits)
        if source != nil, let members = FleetFolder.members(of: path) {
            return (.fleet(source: path, members: members, loader: loader), cleanUp)
        }
        do {
            return (.single(try loader.open(path)), cleanUp)
        } catch {
            cleanUp()
            Console.error("\(error)")
            throw ExitCode(Exit.usage)
        }
    }
}
