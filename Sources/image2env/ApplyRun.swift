import ArgumentParser
import Foundation
import Pipeline
import Redeploy
import Reports
import ScriptAnalysis
import Snapshot
import WorkspaceClient

/// `redeploy --apply`: creates the services of the plan in `--out` over REST.
struct ApplyRun {
    var command: RedeployCommand

    func run() async throws {
        let folder = command.out
        let environment = ProcessInfo.processInfo.environment
        if command.input.source != nil {
            Console.error("--apply creates the services of the plan in --out, from the live workspace: leave out SOURCE "
                          + "(make the plan with image2env redeploy SOURCE --out \(folder) first, review it, then apply it)")
            throw ExitCode(Exit.usage)
        }
        let terminal = isatty(STDIN_FILENO) == 1
        let inCI = environment["CI"]?.lowercased() == "true"
        if !command.yes && (!terminal || inCI) {
            Console.error("--apply needs --yes when there is no terminal to confirm on" + (inCI ? " (CI=true)" : ""))
            throw ExitCode(Exit.usage)
        }
        if !FileManager.default.fileExists(atPath: folder + "/" + PlanFolder.indexFile) {
            // No plan yet: plan from the live workspace into the folder first.
            let ruleSet = try command.ruleOptions.load()
            let (workspace, cleanUp) = try await command.input.load()
            defer { cleanUp() }
            let solve = try await command.resolveOptions.stage(ruleSet)
            let report = await AuditReport.parallel(workspace: workspace, ruleSet: ruleSet, solve: solve,
                                                    analysis: ScriptAnalyzer(tables: ruleSet.tables))
            try command.write(try command.plan(report, ruleSet: ruleSet))
            emitLines("Planned from the live workspace into \(folder).\n")
        }
        let loaded: (workspace: WorkspaceInfo?, plans: [LoadedPlan])
        let lock: ApplyLock
        let journal: ApplyJournal
        let requests: [PreparedRequest]
        do {
            loaded = try LoadedPlan.loadAll(folder, services: command.services)
        } catch {
            Console.error(error.description)
            throw ExitCode(Exit.dataError)
        }
        do {
            lock = try ApplyLock(folder: folder)  // another run at work on this folder: exit 1
        } catch {
            Console.error(error.description)
            throw ExitCode.failure
        }
        do {
            journal = try ApplyJournal.open(folder: folder)
        } catch {
            Console.error(error.description)
            throw ExitCode(Exit.dataError)
        }
        do {
            requests = try PreparedRequest.prepare(loaded.plans, environment: environment)
        } catch {
            for line in error.description.split(separator: "\n") { Console.error(String(line)) }
            throw ExitCode(Exit.usage)
        }
        let options = ApplyOptions(overwrite: command.overwrite, pollInterval: .milliseconds(Int64(command.pollInterval * 1000)),
                                   deployTimeout: .milliseconds(Int64(command.deployTimeout * 1000)))
        let settings = ClientSettings(environment: environment)
        let confirm = !command.yes
        defer { withExtendedLifetime(lock) {} }
        let outcomes: [(service: String, outcome: ApplyOutcome)]?
        do {
            outcomes = try await WorkspaceSession.open(command.input.workspace.selection, settings: settings) { session in
                let applier = Applier(session: session, options: options) { line in
                    if !Console.quiet { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
                }
                return try await applier.run(requests, planWorkspace: loaded.workspace, journal: journal) { checked in
                    // What is about to be created is shown whenever it must be confirmed.
                    if confirm || !Console.quiet { Self.describe(checked, workspace: session.workspace) }
                    return !confirm || Self.confirmed()
                }
            }
        } catch let error as ApplyRefusal {
            Console.error("nothing was created: the checks before --apply failed:")
            for reason in error.reasons { Console.error("  " + reason) }
            throw ExitCode.failure
        } catch let error as WorkspaceClientError {
            Console.error(error.message)
            throw error.exitCode
        } catch {
            Console.error("--apply failed: \(error)")
            throw ExitCode.failure
        }
        guard let outcomes else {
            emitLines("Nothing was created.\n")
            throw ExitCode.failure
        }
        try finish(outcomes)
    }

    private static func describe(_ checked: [Applier.Checked], workspace: WorkspaceRef) {
        var text = "Workspace \(workspace.subscriptionId)/\(workspace.resourceGroup)/\(workspace.workspaceName):\n"
        for item in checked {
            let action = item.ours != nil ? "continue (created by an earlier run)" : item.replaces ? "replace (--overwrite)" : "create"
            text += "  \(action): \(item.plan.newService) from \(item.plan.service)\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private static func confirmed() -> Bool {
        FileHandle.standardOutput.write(Data("Go ahead? The old services are not touched. [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }

    private func finish(_ outcomes: [(service: String, outcome: ApplyOutcome)]) throws {
        let good = outcomes.filter { $0.outcome.isSuccess }.count
        var text = "\(good) of \(outcomes.count) service\(outcomes.count == 1 ? "" : "s") in place; journal: \(command.out)/\(ApplyJournal.fileName)\n"
        for (name, outcome) in outcomes where !outcome.isSuccess {
            switch outcome {
            case .failed(let message): text += "  failed: \(name): \(message)\n"
            case .notCreated(let message): text += "  not created: \(name): \(message)\n"
            case .stillDeploying: text += "  still deploying: \(name) (rerun --apply to keep waiting)\n"
            default: break
            }
        }
        if Console.quiet {
            // --quiet: only what went wrong, as errors.
            for line in text.split(separator: "\n").dropFirst() { Console.error(line.trimmingCharacters(in: .whitespaces)) }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if good < outcomes.count { throw ExitCode.failure }
    }
}
