import Foundation
import Redeploy
import Snapshot
import WorkspaceClient

/// `redeploy --apply --to v2`: managed online endpoints over the Azure Resource Manager.
extension ApplyRun {
    func applyManaged(_ loaded: (workspace: WorkspaceInfo?, plans: [LoadedPlan]), journal: ApplyJournal,
                      options: ApplyOptions) async throws -> [(service: String, outcome: ApplyOutcome)]? {
        let settings = ClientSettings(environment: ProcessInfo.processInfo.environment)
        let confirm = !command.yes
        return try await reportingFailures {
            try await WorkspaceSession.open(command.input.workspace.selection, settings: settings) { session in
                let applier = ManagedApplier(session: session, options: options) { line in
                    if !Console.quiet { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
                }
                return try await applier.run(loaded.plans, planWorkspace: loaded.workspace, journal: journal) { checked in
                    if confirm || !Console.quiet { Self.describe(checked, workspace: session.workspace, traffic: options.traffic) }
                    return !confirm || Self.confirmed()
                }
            }
        }
    }

    private static func describe(_ checked: [ManagedApplier.Checked], workspace: WorkspaceRef, traffic: Int64) {
        var text = "Workspace \(workspace.subscriptionId)/\(workspace.resourceGroup)/\(workspace.workspaceName) (managed online endpoints):\n"
        for item in checked {
            guard let r = item.requests else {
                text += "  skip: \(item.plan.newService) from \(item.plan.service): \(item.skipped ?? "")\n"
                continue
            }
            let action = item.endpoint != nil ? "continue (created by an earlier run)" : item.replaces ? "update (--overwrite)" : "create"
            let type = r.deployment.body["properties"]?["instanceType"]?.stringValue ?? "?"
            let count = r.deployment.body["sku"]?["capacity"]?.intValue.map { " x\($0)" } ?? ""
            text += "  \(action): endpoint \(r.endpointName), deployment \(r.deploymentName) (\(type)\(count)) from \(item.plan.service)"
                + (traffic > 0 ? ", then \(traffic)% of its traffic" : "") + "\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
