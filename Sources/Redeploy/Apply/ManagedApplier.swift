import Foundation
import JSONValue
import Snapshot
import WorkspaceClient

/// Creates the managed online endpoints of a plan folder over the resource manager
/// (`--apply --to v2`), with the requests of each `plan.json` and no others: checks first
/// (workspace and its region, old services unchanged, endpoint names free or ours, models
/// there), then per service the environment version, the code version (uploaded unless the
/// workspace has that content), the endpoint, the deployment and, with `traffic`, its share of
/// the endpoint's traffic; every step goes to the journal before the next relies on it. Old
/// services are only read.
public struct ManagedApplier: Sendable {
    public let session: WorkspaceSession
    public let options: ApplyOptions
    let say: @Sendable (String) -> Void

    public init(session: WorkspaceSession, options: ApplyOptions, say: @escaping @Sendable (String) -> Void) {
        self.session = session
        self.options = options
        self.say = say
    }

    /// What the checks found about one service.
    public struct Checked: Sendable {
        public var plan: LoadedPlan
        /// The requests; nil when the service is skipped.
        public var requests: ManagedRequests?
        /// Why the service is not applied (no v2 files), when it is not.
        public var skipped: String?
        /// The endpoint of the new name, when it exists and was made by this plan.
        public var endpoint: JSONObject?
        /// Whether an endpoint of the name exists that is not ours (replaced with --overwrite).
        public var replaces = false
        /// The deployment, when it exists and was made by this plan.
        public var deployment: JSONObject?
    }

    /// Reads only; throws `ApplyRefusal` with every reason.
    public func check(_ plans: [LoadedPlan], planWorkspace: WorkspaceInfo?) async throws -> [Checked] {
        if let refusal = ApplyChecks.workspace(planWorkspace, session.workspace) { throw ApplyRefusal(reasons: [refusal]) }
        var reasons: [String] = []
        var checked: [Checked] = []
        var location: String?
        for plan in plans {
            let requests: ManagedRequests
            switch plan.managed {
            case .unavailable(let why):
                checked.append(Checked(plan: plan, skipped: why))
                continue
            case .invalid(let why):
                throw PlanFolderError(why)
            case .ready(let r):
                requests = r
            }
            if location == nil {
                let path = session.workspace.resourcePath.removingPercentEncoding ?? session.workspace.resourcePath
                guard let ws = try await session.armGet(path, what: "reading the workspace") else {
                    throw ApplyRefusal(reasons: ["the workspace \(session.workspace.workspaceName) is not in the resource manager; check the workspace options"])
                }
                location = ws["location"]?.stringValue ?? ""
            }
            let planned = requests.endpoint.body["location"]?.stringValue ?? ""
            if planned.lowercased() != location?.lowercased() {
                reasons.append("\(plan.service): the plan is for region \(planned), the workspace is in \(location ?? "?"); make the plan again")
            }
            let old = try await ApplyChecks.oldService(plan, session: session)
            reasons += old.reasons
            var item = Checked(plan: plan, requests: requests)
            if let endpoint = try await session.armGet(requests.endpoint.path, what: "looking up endpoint \(requests.endpointName)") {
                if Self.isOurs(endpoint, requests) {
                    item.endpoint = endpoint
                    item.deployment = try await session.armGet(requests.deployment.path,
                                                               what: "looking up deployment \(requests.deploymentName)").flatMap {
                        Self.isOurs($0, requests) ? $0 : nil
                    }
                } else if options.overwrite {
                    item.replaces = true
                } else {
                    reasons.append("\(requests.endpointName): an online endpoint of that name already exists (not made by this plan); "
                                   + "give --overwrite to update it, or plan again with another --name-suffix")
                }
            }
            if let model = requests.modelId, try await session.armGet(model, what: "looking up model \(model)") == nil {
                reasons.append("\(plan.service): the model \(model.split(separator: "/").suffix(3).joined(separator: "/")) is not in the "
                               + "workspace; register it, or plan again")
            }
            checked.append(item)
        }
        if !reasons.isEmpty { throw ApplyRefusal(reasons: reasons) }
        return checked
    }

    /// The whole run: the checks, then `confirm`, then each service in plan order.
    public func run(_ plans: [LoadedPlan], planWorkspace: WorkspaceInfo?, journal: ApplyJournal,
                    confirm: ([Checked]) -> Bool) async throws -> [(service: String, outcome: ApplyOutcome)]? {
        let checked = try await check(plans, planWorkspace: planWorkspace)
        guard confirm(checked) else { return nil }
        var journal = journal
        var outcomes: [(service: String, outcome: ApplyOutcome)] = []
        for item in checked {
            guard let requests = item.requests else {
                outcomes.append((item.plan.newService, .skipped(item.skipped ?? "no v2 requests")))
                continue
            }
            var run = ManagedRun(applier: self, item: item, requests: requests, journal: journal)
            let outcome: ApplyOutcome
            do {
                outcome = try await run.apply()
            } catch let error as WorkspaceClientError where error.kind == .rejected || error.kind == .invalidResponse {
                let text = Redaction.text(error.message)
                try run.record(.pending, error: text, "refused; \(text)")
                say("\(requests.endpointName): not created: \(text)")
                outcome = .notCreated(text)
            }
            journal = run.journal
            outcomes.append((requests.endpointName, outcome))
        }
        return outcomes
    }

    /// Whether a resource carries this plan's `image2env.plan` property.
    static func isOurs(_ resource: JSONObject, _ requests: ManagedRequests) -> Bool {
        guard let digest = requests.digest else { return false }
        return resource["properties"]?["properties"]?["image2env.plan"]?.stringValue == digest
    }

    /// `provisioningState` of a resource.
    static func state(_ resource: JSONObject?) -> String { resource?["properties"]?["provisioningState"]?.stringValue ?? "" }
}
