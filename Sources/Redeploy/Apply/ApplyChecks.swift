import JSONValue
import Snapshot
import WorkspaceClient

/// The checks both `--apply` targets make before anything is created.
enum ApplyChecks {
    /// Why the plan's workspace is not the session's, if it is not (names compared as Azure does).
    static func workspace(_ planned: WorkspaceInfo?, _ ws: WorkspaceRef) -> String? {
        guard let planned, !same(planned.subscriptionId, ws.subscriptionId) || !same(planned.resourceGroup, ws.resourceGroup)
            || !same(planned.workspaceName, ws.workspaceName) else { return nil }
        return "the plan is for workspace \(planned.subscriptionId ?? "?")/\(planned.resourceGroup ?? "?")/\(planned.workspaceName ?? "?"), "
            + "not \(ws.subscriptionId)/\(ws.resourceGroup)/\(ws.workspaceName); check --config and the workspace options"
    }

    /// Whether the old service is still there with the settings the plan recorded (read only).
    static func oldService(_ plan: LoadedPlan, session: WorkspaceSession) async throws -> (reasons: [String], gone: Bool) {
        guard let old = try await session.serviceIfExists(name: plan.service) else {
            return (["\(plan.service): the old service no longer exists in the workspace; make the plan again"], true)
        }
        let live = RecordedSettings(compute: plan.recorded.compute, payload: old)
        return (plan.recorded.differences(from: live).map { "\(plan.service): changed since the plan: \($0)" }, false)
    }

    private static func same(_ a: String?, _ b: String) -> Bool { a?.lowercased() == b.lowercased() }
}
