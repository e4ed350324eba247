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
        [workspace.config, workspace.subscription, workspace.resourceGroup, workspace.workspace, workspace.region,
         workspace.endpoint, workspace.tokenFile].contains { $0 != nil }
    }

    func validate() throws {
        if source != nil && givesWorkspace {
            throw ValidationError("give either SOURCE or the live workspace options, not both")
        }
    }

    /// The source read; with a live workspace, pulled into a temporary snapshot that
    /// `cleanUp` removes.
    func load() async throws -> (workspace: LoadedWorkspace, cleanUp: () -> Void) {
        var (stream, cleanUp) = try await open()
        return (stream.readAll(), cleanUp)
    }

    /// The source opened for reading a file of images at a time (see `load`).
    func open() async throws -> (stream: SourceStream, cleanUp: () -> Void) {
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
        do {
            return (try SourceLoader(limits: limits).open(path), cleanUp)
        } catch {
            cleanUp()
            Console.error("\(error)")
            throw ExitCode(Exit.usage)
        }
    }
}
