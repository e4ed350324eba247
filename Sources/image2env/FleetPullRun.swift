import ArgumentParser
import Foundation
import WorkspaceClient

/// `pull --all-workspaces`: the fleet pulled, one line per workspace, failures on standard error.
struct FleetPullRun {
    var command: Pull
    var settings: ClientSettings

    func run() async throws {
        let options = FleetPullOptions(output: command.out, subscriptions: command.workspace.subscription,
                                       filter: ImageFilter(names: command.images, tags: command.tags), resume: command.resume)
        let summary = try await Pull.withProgress { progress in
            try await FleetPuller.pull(options, endpoint: command.workspace.endpoint, tokenFile: command.workspace.tokenFile,
                                       settings: settings, progress: progress)
        }
        var text = ""
        var pulled = 0
        for outcome in summary.outcomes {
            let label = "\(outcome.workspace.subscriptionId)/\(outcome.workspace.resourceGroup)/\(outcome.workspace.workspaceName)"
            switch outcome.result {
            case .pulled(let one):
                pulled += 1
                for warning in one.warnings { Console.warning("workspace \(label): \(warning)") }
                text += "  pulled   \(label): " + [(one.images, "image"), (one.services, "service"), (one.models, "model"), (one.artifacts, "artifact")]
                    .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: ", ")
                    + " (\(one.bytes) bytes)" + (one.reused > 0 ? ", \(one.reused) files reused" : "") + "\n"
            case .alreadyPulled:
                pulled += 1
                text += "  kept     \(label) (pulled by an earlier run)\n"
            case .failed:
                text += "  failed   \(label)\n"
            }
        }
        let total = summary.outcomes.count
        emitLines("Pulled \(pulled) of \(total) workspace\(total == 1 ? "" : "s") into \(command.out)\n" + text)
        let failures = summary.failures
        for failure in failures { Console.error(failure.message) }
        // The first of 64, 69, 1 among the failures.
        if failures.contains(where: { $0.kind == .usage }) { throw ExitCode(Exit.usage) }
        if failures.contains(where: { $0.kind == .unavailable }) { throw ExitCode(Exit.unavailable) }
        if !failures.isEmpty { throw ExitCode.failure }
    }
}
