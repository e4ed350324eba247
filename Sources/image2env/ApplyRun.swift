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
        defer { withExtendedLifetime(lock) {} }
        do {
            journal = try ApplyJournal.open(folder: folder, name: command.target == .v2 ? ApplyJournal.managedFileName : ApplyJournal.fileName)
        } catch {
            Console.error(error.description)
            throw ExitCode(Exit.dataError)
        }
        let options = ApplyOptions(overwrite: command.overwrite, pollInterval: .milliseconds(Int64(command.pollInterval * 1000)),
                                   deployTimeout: .milliseconds(Int64(command.deployTimeout * 1000)), traffic: command.traffic ?? 0)
        let outcomes: [(service: String, outcome: ApplyOutcome)]?
        if command.target == .v2 {
            outcomes = try await applyManaged(loaded, journal: journal, options: options)
        } else {
            outcomes = try await applyWebservices(loaded, journal: journal, options: options, environment: environment)
        }
        guard let outcomes else {
            emitLines("Nothing was created.\n")
            throw ExitCode.failure
        }
        try finish(outcomes, journal: journal)
    }

    /// `--to v1`: the ACI/AKS webservices over MMS.
    private func applyWebservices(_ loaded: (workspace: WorkspaceInfo?, plans: [LoadedPlan]), journal: ApplyJournal, options: ApplyOptions,
                                  environment: [String: String]) async throws -> [(service: String, outcome: ApplyOutcome)]? {
        let requests: [PreparedRequest]
        do {
            requests = try PreparedRequest.prepare(loaded.plans, environment: environment)
        } catch {
            for line in error.description.split(separator: "\n") { Console.error(String(line)) }
            throw ExitCode(Exit.usage)
        }
        let settings = ClientSettings(environment: environment)
        let confirm = !command.yes
        return try await reportingFailures {
            try await WorkspaceSession.open(command.input.workspace.selection, settings: settings) { session in
                let applier = Applier(session: session, options: options) { line in
                    if !Console.quiet { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
                }
                return try await applier.run(requests, planWorkspace: loaded.workspace, journal: journal) { checked in
                    // What is about to be created is shown whenever it must be confirmed.
                    if confirm || !Console.quiet { Self.describe(checked, workspace: session.workspace) }
                    return !confirm || Self.confirmed()
                }
            }
        }
    }

    /// Runs `body`, turning what stops a run into messages and exit codes.
    func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ApplyRefusal {
            Console.error("nothing was created: the checks before --apply failed:")
            for reason in error.reasons { Console.error("  " + reason) }
            throw ExitCode.failure
        } catch let error as WorkspaceClientError {
            Console.error(error.message)
            throw error.exitCode
        } catch let error as PlanFolderError {
            Console.error(error.description)
            throw ExitCode(Exit.dataError)
        } catch {
            Console.error("--apply failed: \(error)")
            throw ExitCode.failure
        }
    }

    private static func describe(_ checked: [Applier.Checked], workspace: WorkspaceRef) {
        var text = "Workspace \(workspace.subscriptionId)/\(workspace.resourceGroup)/\(workspace.workspaceName):\n"
        for item in checked {
            let action = item.ours != nil ? "continue (created by an earlier run)" : item.replaces ? "replace (--overwrite)" : "create"
            text += "  \(action): \(item.plan.newService) from \(item.plan.service)\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func confirmed() -> Bool {
        FileHandle.standardOutput.write(Data("Go ahead? The old services are not touched. [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }

    private func finish(_ outcomes: [(service: String, outcome: ApplyOutcome)], journal: ApplyJournal) throws {
        let good = outcomes.filter { $0.outcome.isSuccess }.count
        let what = command.target == .v2 ? "as managed online endpoint" + (outcomes.count == 1 ? "" : "s") : "in place"
        var text = "\(good) of \(outcomes.count) service\(outcomes.count == 1 ? "" : "s") \(what); journal: \(journal.path)\n"
        for (name, outcome) in outcomes where !outcome.isSuccess {
            switch outcome {
            case .failed(let message): text += "  failed: \(name): \(message)\n"
            case .notCreated(let message): text += "  not created: \(name): \(message)\n"
            case .stillDeploying: text += "  still deploying: \(name) (rerun --apply to keep waiting)\n"
            case .skipped(let why): text += "  skipped: \(name): \(why) (--to v1 recreates it as a webservice; --services leaves it out)\n"
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
