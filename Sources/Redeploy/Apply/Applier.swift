import Foundation
import JSONValue
import LegacyImage
import Snapshot
import WorkspaceClient

/// How `--apply` runs.
public struct ApplyOptions: Sendable {
    /// Replace an existing service of the new name (never one on a legacy image).
    public var overwrite: Bool
    public var pollInterval: Duration
    /// How long to wait for one deployment before leaving it to a rerun.
    public var deployTimeout: Duration
    /// `--to v2`: the share of the endpoint's traffic the new deployment gets once it
    /// succeeded (0: none, so nothing changes for callers).
    public var traffic: Int64

    public init(overwrite: Bool = false, pollInterval: Duration = .seconds(5), deployTimeout: Duration = .seconds(1800),
                traffic: Int64 = 0) {
        self.overwrite = overwrite
        self.pollInterval = pollInterval
        self.deployTimeout = deployTimeout
        self.traffic = traffic
    }
}

/// Why `--apply` stopped before it created anything: every reason found, one per line.
public struct ApplyRefusal: Error, Sendable, CustomStringConvertible {
    public var reasons: [String]
    public var description: String { reasons.joined(separator: "\n") }
}

/// How one service ended.
public enum ApplyOutcome: Sendable, Equatable {
    /// Created in this run and healthy.
    case created(scoringUri: String?)
    /// Created by an earlier run (found with this plan's digest).
    case alreadyCreated
    /// Its deployment ended badly: the service's error text.
    case failed(String)
    /// The create was refused or not answered; nothing was created, a rerun tries again.
    case notCreated(String)
    /// Still deploying when `deployTimeout` ran out; a rerun keeps waiting.
    case stillDeploying(operationId: String)
    /// Not attempted, and why (`--to v2` for a service without v2 files).
    case skipped(String)

    public var isSuccess: Bool {
        switch self {
        case .created, .alreadyCreated: return true
        default: return false
        }
    }
}

/// Creates the services of a plan folder over REST, as the plan says and no other way: checks
/// first (workspace, old services unchanged since the plan, new names free or ours), then per
/// service uploads its assets, posts it once, and polls its deployment, with every step in the
/// journal. Old services are only read.
public struct Applier: Sendable {
    public let session: WorkspaceSession
    public let options: ApplyOptions
    /// Progress lines for people.
    let say: @Sendable (String) -> Void

    public init(session: WorkspaceSession, options: ApplyOptions, say: @escaping @Sendable (String) -> Void) {
        self.session = session
        self.options = options
        self.say = say
    }

    /// What the checks found about one service's new name.
    public struct Checked: Sendable {
        public var plan: LoadedPlan
        /// The service of the new name, when it exists and carries this plan's digest.
        public var ours: JSONObject?
        /// Whether a service of the new name exists that is not ours (replaced with --overwrite).
        public var replaces: Bool
    }

    /// The checks before anything is created: the plan's workspace is the session's, every old
    /// service is as planned, and each new name is free, ours, or replaceable with --overwrite.
    /// Reads only; throws `ApplyRefusal` with every reason.
    public func check(_ plans: [LoadedPlan], planWorkspace: WorkspaceInfo?) async throws -> [Checked] {
        if let refusal = ApplyChecks.workspace(planWorkspace, session.workspace) { throw ApplyRefusal(reasons: [refusal]) }
        var reasons: [String] = []
        var checked: [Checked] = []
        for plan in plans {
            let old = try await ApplyChecks.oldService(plan, session: session)
            reasons += old.reasons
            if old.gone { continue }
            let existing = try await session.serviceIfExists(name: plan.newService)
            var ours: JSONObject?
            var replaces = false
            if let existing {
                if existing["properties"]?["image2env.plan"]?.stringValue == plan.digest {
                    ours = existing
                } else if let legacy = try? Webservice.decode(.object(existing), at: .root), legacy.imageId != nil, !legacy.usesEnvironment {
                    reasons.append("\(plan.newService): a service of that name runs the legacy image \(existing["imageId"]?.stringValue ?? "?"); "
                                   + "it is never replaced: plan again with another --name-suffix")
                } else if !options.overwrite {
                    reasons.append("\(plan.newService): a service of that name already exists (not made by this plan); "
                                   + "give --overwrite to replace it, or plan again with another --name-suffix")
                } else {
                    replaces = true
                }
            }
            checked.append(Checked(plan: plan, ours: ours, replaces: replaces))
        }
        if !reasons.isEmpty { throw ApplyRefusal(reasons: reasons) }
        return checked
    }

    /// The whole run: the checks, then `confirm` (given what will be done; false stops with
    /// nothing created: nil), then each service in plan order.
    public func run(_ requests: [PreparedRequest], planWorkspace: WorkspaceInfo?, journal: ApplyJournal,
                    confirm: ([Checked]) -> Bool) async throws -> [(service: String, outcome: ApplyOutcome)]? {
        let checked = try await check(requests.map(\.plan), planWorkspace: planWorkspace)
        guard confirm(checked) else { return nil }
        var journal = journal
        var outcomes: [(service: String, outcome: ApplyOutcome)] = []
        for (item, request) in zip(checked, requests) {
            outcomes.append((item.plan.newService, try await apply(item, request: request, journal: &journal)))
        }
        return outcomes
    }

    /// Creates (or finishes) one service; every step goes to `journal` first.
    public func apply(_ item: Checked, request: PreparedRequest, journal: inout ApplyJournal) async throws -> ApplyOutcome {
        let plan = item.plan
        let name = plan.newService
        let entry = journal.entry(plan.service)
        func record(_ state: ApplyJournal.State, operation: String? = nil, error: String? = nil, _ step: String) throws {
            do {
                try journal.record(plan.service, newService: name, state: state, operationId: operation, error: error, step: step)
            } catch {
                throw WorkspaceClientError(.io, "cannot write the journal: \(error.description); stopped before going on")
            }
        }

        if let ours = item.ours {
            let state = ours["state"]?.stringValue ?? ""
            switch state.lowercased() {
            case "healthy":
                if entry?.state != .succeeded { try record(.succeeded, "found healthy, created by an earlier run") }
                say("\(name): already created by an earlier run (Healthy)")
                return .alreadyCreated
            case "failed", "unhealthy":
                if !options.overwrite {
                    let text = Self.errorText(ours) ?? "state \(state)"
                    try record(.failed, error: text, "found \(state), created by an earlier run")
                    say("\(name): created by an earlier run, but \(state): \(text) (fix the cause, then rerun with --overwrite to replace it)")
                    return .failed(text)
                }
            default:
                guard let operation = entry?.operationId ?? ours["operationId"]?.stringValue else {
                    return try await waitForService(item, record: record)
                }
                if entry?.state != .deploying || entry?.operationId != operation {
                    try record(.deploying, operation: operation, "found deploying, created by an earlier run")
                }
                say("\(name): created by an earlier run; waiting for its deployment")
                return try await waitForOperation(operation, item: item, request: request, record: record)
            }
        }

        // After an earlier run's upload the artifacts are there (content-addressed: same place, same bytes).
        let uploaded: Set<ApplyJournal.State> = [.uploaded, .creating, .deploying]
        if !(entry.map { uploaded.contains($0.state) } ?? false) {
            for asset in plan.assets {
                let parts = asset.artifactPath.split(separator: "/", maxSplits: 2).map(String.init)
                try await session.uploadArtifact(origin: parts[0], container: parts[1], path: parts[2], bytes: asset.bytes)
            }
            try record(.uploaded, "uploaded " + plan.assets.map(\.id).joined(separator: ", "))
            say("\(name): uploaded \(plan.assets.map(\.id).joined(separator: " and "))")
        }

        // Replacing: a service of the name that is not ours, or ours after a failed deployment.
        let overwrite = item.replaces || item.ours != nil
        try record(.creating, "POST /services" + (overwrite ? " (overwrite)" : ""))
        switch await session.createService(body: request.bytes(overwrite: overwrite), name: name) {
        case .accepted(let operation):
            try record(.deploying, operation: operation, "accepted: operation \(operation)")
            say("\(name): accepted; deploying (operation \(operation))")
            return try await waitForOperation(operation, item: item, request: request, record: record)
        case .refused(let status, let message):
            let text = request.redact(message)
            try record(.pending, error: text, "refused (\(status)); nothing was created")
            say("\(name): not created: \(text)")
            return .notCreated(text)
        case .noAnswer(let message):
            // The create may have gone through: look before anything else.
            if let found = try await session.serviceIfExists(name: name),
               found["properties"]?["image2env.plan"]?.stringValue == plan.digest {
                say("\(name): the create was not answered, but the service exists; waiting for its deployment")
                if let operation = found["operationId"]?.stringValue {
                    try record(.deploying, operation: operation, "no answer, but created: operation \(operation)")
                    return try await waitForOperation(operation, item: item, request: request, record: record)
                }
                return try await waitForService(item, record: record)
            }
            let text = request.redact(message) + "; the service was not created; rerun to try again"
            try record(.pending, error: text, "no answer; not created")
            say("\(name): not created: \(text)")
            return .notCreated(text)
        }
    }

    private func waitForOperation(_ operation: String, item: Checked, request: PreparedRequest,
                                  record: Recorder) async throws -> ApplyOutcome {
        let name = item.plan.newService
        let clock = ContinuousClock()
        let deadline = clock.now + options.deployTimeout
        while true {
            let state: String
            let answer: JSONObject
            do {
                answer = try await session.operation(id: operation)
                state = answer["state"]?.stringValue ?? ""
            } catch let error as WorkspaceClientError where error.status == 404 {
                return try await waitForService(item, record: record)
            }
            switch state {
            case "Succeeded":
                let service = try await session.serviceIfExists(name: name)
                let uri = service?["scoringUri"]?.stringValue
                try record(.succeeded, operation, nil, "deployment Succeeded")
                say("\(name): Succeeded" + (uri.map { " (\($0))" } ?? ""))
                return .created(scoringUri: uri)
            case "Failed", "Cancelled", "TimedOut":
                let service = try await session.serviceIfExists(name: name)
                var parts: [String] = []
                if let text = Self.errorText(answer) { parts.append(text) }
                if let service, let text = Self.errorText(service), !parts.contains(text) { parts.append("service error: \(text)") }
                let text = request.redact("deployment \(state)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: "; ")))
                try record(.failed, operation, text, "deployment \(state)")
                say("\(name): \(text)")
                return .failed(text)
            default:
                if clock.now + options.pollInterval > deadline {
                    say("\(name): still deploying after \(options.deployTimeout); rerun --apply to keep waiting")
                    return .stillDeploying(operationId: operation)
                }
                try await Task.sleep(for: options.pollInterval)
            }
        }
    }

    /// Waits on the service's own state when its operation is unknown.
    private func waitForService(_ item: Checked, record: Recorder) async throws -> ApplyOutcome {
        let name = item.plan.newService
        let clock = ContinuousClock()
        let deadline = clock.now + options.deployTimeout
        while true {
            let service = try await session.serviceIfExists(name: name)
            switch service?["state"]?.stringValue?.lowercased() {
            case "healthy"?:
                try record(.succeeded, nil, nil, "service Healthy")
                say("\(name): Succeeded")
                return .created(scoringUri: service?["scoringUri"]?.stringValue)
            case "failed"?, "unhealthy"?:
                let text = service.flatMap(Self.errorText) ?? "state \(service?["state"]?.stringValue ?? "?")"
                try record(.failed, nil, text, "service failed")
                say("\(name): deployment failed: \(text)")
                return .failed(text)
            case nil where service == nil:
                try record(.pending, nil, "the service disappeared while deploying", "service gone")
                return .notCreated("the service disappeared while deploying; rerun to create it again")
            default:
                if clock.now + options.pollInterval > deadline {
                    return .stillDeploying(operationId: service?["operationId"]?.stringValue ?? "")
                }
                try await Task.sleep(for: options.pollInterval)
            }
        }
    }

    /// Writes a journal step: state, operation id, error text, what happened.
    private typealias Recorder = (ApplyJournal.State, String?, String?, String) throws -> Void

    /// `error.message` (with `error.code`), as MMS reports a failure.
    static func errorText(_ object: JSONObject) -> String? {
        guard let error = object["error"], !error.isNull else { return nil }
        let message = error["message"]?.stringValue ?? error.stringValue
        let code = error["code"]?.stringValue
        switch (code, message) {
        case let (code?, message?): return "\(code): \(message)"
        case let (nil, message?): return message
        case let (code?, nil): return code
        default: return nil
        }
    }

}
