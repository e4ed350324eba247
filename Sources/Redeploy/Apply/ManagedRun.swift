import Foundation
import JSONValue
import Snapshot
import WorkspaceClient

/// One service's managed online endpoint, created (or finished) step by step: environment,
/// code, endpoint, deployment, traffic. Each resource has a name fixed by the plan, so a rerun
/// after a kill finds what an earlier run made instead of making it twice; every step is in
/// the journal before the next relies on it.
struct ManagedRun {
    let applier: ManagedApplier
    let item: ManagedApplier.Checked
    let requests: ManagedRequests
    var journal: ApplyJournal

    private var session: WorkspaceSession { applier.session }
    private var options: ApplyOptions { applier.options }
    private var name: String { requests.endpointName }
    private var entry: ApplyJournal.Entry? { journal.entry(item.plan.service) }
    private var rank: Int { entry?.state.managedRank ?? 0 }
    private func say(_ line: String) { applier.say(line) }

    init(applier: ManagedApplier, item: ManagedApplier.Checked, requests: ManagedRequests, journal: ApplyJournal) {
        self.applier = applier
        self.item = item
        self.requests = requests
        self.journal = journal
    }

    mutating func record(_ state: ApplyJournal.State, operation: String? = nil, error: String? = nil,
                         values: [String: String] = [:], _ step: String) throws {
        do {
            try journal.record(item.plan.service, newService: name, state: state, operationId: operation, error: error,
                               values: values, step: step)
        } catch {
            throw WorkspaceClientError(.io, "cannot write the journal: \(error.description); stopped before going on")
        }
    }

    mutating func apply() async throws -> ApplyOutcome {
        let wanted = options.traffic
        let endpointState = ManagedApplier.state(item.endpoint)
        let deploymentState = ManagedApplier.state(item.deployment)
        if let endpoint = item.endpoint, endpointState == "Succeeded", deploymentState == "Succeeded",
           wanted == 0 || trafficShare(endpoint) == wanted {
            if entry?.state != .succeeded { try record(.succeeded, "found in place, created by an earlier run") }
            say("\(name): already created by an earlier run (endpoint and deployment \(requests.deploymentName) Succeeded)")
            return .alreadyCreated
        }
        if !options.overwrite {
            for (what, state, resource) in [("deployment \(requests.deploymentName)", deploymentState, item.deployment),
                                            ("endpoint", endpointState, item.endpoint)] where state == "Failed" || state == "Canceled" {
                let text = entry?.error ?? "\(what) ended \(state)"
                    + (WorkspaceSession.armErrorText(resource?["properties"]?["error"]).map { ": " + $0 } ?? "")
                try record(.failed, error: text, "found \(state), created by an earlier run")
                say("\(name): created by an earlier run, but \(text) (fix the cause, then rerun with --overwrite to replace it)")
                return .failed(text)
            }
        }
        if rank < ApplyJournal.State.environment.managedRank { try await environment() }
        let codeId = try await code()
        if endpointState != "Succeeded" || item.replaces, let failure = try await endpoint() { return failure }
        let scoringUri: String?
        switch try await deployment(codeId: codeId) {
        case .success(let uri): scoringUri = uri
        case .failure(let end): return end.outcome
        }
        if wanted > 0, let failure = try await traffic(wanted) { return failure }
        try record(.succeeded, "in place")
        return .created(scoringUri: scoringUri)
    }

    // MARK: Steps

    private mutating func environment() async throws {
        var body = requests.environment.body
        if let context = requests.buildContext {
            let version = requests.environment.path.split(separator: "/").last.map(String.init) ?? ""
            let uri = try await ManagedUploads(session: session, say: applier.say)
                .buildContext(context, workspacePath: requests.workspacePath, name: ManagedRequests.anonymousEnvironmentName,
                              version: version, label: name)
            body = Self.setting(body, ["properties", "build", "contextUri"], to: uri)
        }
        _ = try await session.armPut(requests.environment.path, body: Self.bytes(body), what: "\(name): creating the environment version") {
            $0["properties"]?["image"] == body["properties"]?["image"] && $0["properties"]?["build"] == body["properties"]?["build"]
        }
        let id = requests.environmentId
        try record(.environment, values: ["environmentId": id], "environment version in place")
        say("\(name): environment \(Self.short(id, "environments")) in place")
    }

    /// The code version's id: an existing one with the same content (azure-ai-ml looks it up by
    /// hash), or this plan's, uploaded and created.
    private mutating func code() async throws -> String {
        if rank >= ApplyJournal.State.code.managedRank, let id = entry?.values["codeId"] { return id }
        let versions = requests.workspacePath + "/codes/" + (requests.code.path.split(separator: "/").dropLast(2).last.map(String.init) ?? "")
            + "/versions"
        let found = try await session.armList(versions, query: [("hash", requests.codeUpload.hash),
                                                                ("hashVersion", String(ContentHash.codeHashVersion))],
                                              what: "\(name): looking up the code by its hash")
        if let existing = found.first?["id"]?.stringValue {
            try record(.code, values: ["codeId": existing], "code version found with the same content")
            say("\(name): code \(Self.short(existing, "codes")) has this content already; nothing uploaded")
            return existing
        }
        var uri = rank >= ApplyJournal.State.codeUploaded.managedRank ? entry?.values["codeUri"] : nil
        if uri == nil {
            let codeName = requests.code.path.split(separator: "/").dropLast(2).last.map(String.init) ?? ""
            let uploaded = try await ManagedUploads(session: session, say: applier.say)
                .code(requests.codeUpload, codePath: requests.code.path, name: codeName, label: name)
            try record(.codeUploaded, values: ["codeUri": uploaded], "code uploaded")
            uri = uploaded
        }
        let body = Self.setting(requests.code.body, ["properties", "codeUri"], to: uri ?? "")
        _ = try await session.armPut(requests.code.path, body: Self.bytes(body), what: "\(name): creating the code version") {
            $0["properties"]?["codeUri"] == body["properties"]?["codeUri"]
        }
        try record(.code, values: ["codeId": requests.codeId], "code version in place")
        say("\(name): code \(Self.short(requests.codeId, "codes")) in place")
        return requests.codeId
    }

    /// The endpoint provisioned; the outcome when it is not.
    private mutating func endpoint() async throws -> ApplyOutcome? {
        let existing = item.endpoint
        let state = ManagedApplier.state(existing)
        var wait: (operation: String?, location: String?)
        if existing != nil && (state == "Succeeded" || state == "Creating" || state == "Updating") {
            wait = (entry?.state == .endpointCreating ? entry?.operationId : nil, nil)
        } else {
            try record(.endpointCreating, "PUT endpoint" + (item.replaces || existing != nil ? " (update)" : ""))
            say("\(name): creating endpoint (auth \(requests.endpoint.body["properties"]?["authMode"]?.stringValue ?? "?"))")
            wait = try await put(requests.endpoint, what: "creating endpoint \(name)")
            try record(.endpointCreating, operation: wait.operation, "endpoint accepted")
        }
        switch try await provisioned(requests.endpoint.path, wait, what: "endpoint \(name)") {
        case .succeeded:
            try record(.endpoint, "endpoint Succeeded")
            say("\(name): endpoint Succeeded")
            return nil
        case .failed(let text):
            try record(.failed, error: "endpoint " + text, "endpoint provisioning failed")
            say("\(name): endpoint \(text)")
            return .failed("endpoint " + text)
        case .stillRunning(let operation):
            say("\(name): endpoint still provisioning after \(options.deployTimeout); rerun --apply to keep waiting")
            return .stillDeploying(operationId: operation ?? "")
        }
    }

    /// The deployment succeeded (its scoring URI), or how it ended.
    private mutating func deployment(codeId: String) async throws -> Result<String?, DeploymentEnd> {
        var request = requests.deployment
        request.body = Self.setting(request.body, ["properties", "codeConfiguration", "codeId"], to: codeId)
        let existing = item.deployment
        let state = ManagedApplier.state(existing)
        var wait: (operation: String?, location: String?)
        let label = "\(name): deployment \(requests.deploymentName)"
        if existing != nil && state != "Failed" && state != "Canceled" {
            wait = (entry?.state == .deploying ? entry?.operationId : nil, nil)
            if state != "Succeeded" { say("\(label): created by an earlier run; waiting for it") }
        } else {
            try record(.deploymentCreating, "PUT deployment" + (existing != nil ? " (replacing a failed one)" : ""))
            let sku = request.body["sku"]?["capacity"]?.intValue.map { " x\($0)" } ?? ""
            say("\(label): creating (\(request.body["properties"]?["instanceType"]?.stringValue ?? "?")\(sku))")
            wait = try await put(request, what: "creating deployment \(requests.deploymentName) of endpoint \(name)")
            try record(.deploying, operation: wait.operation, "deployment accepted")
        }
        switch try await provisioned(request.path, wait, what: "deployment \(requests.deploymentName)") {
        case .succeeded:
            try record(.deploying, "deployment Succeeded")
            let uri = try await session.armGet(requests.endpoint.path, what: "reading endpoint \(name)")?["properties"]?["scoringUri"]?.stringValue
            say("\(label): Succeeded" + (uri.map { " (\($0))" } ?? ""))
            return .success(uri)
        case .failed(let text):
            let logs = try await logTail()
            let message = "deployment \(requests.deploymentName) " + text
            try record(.failed, error: message, "deployment failed")
            say("\(label): \(text)" + (logs.isEmpty ? "" : "\n\(name): the deployment's logs end with:\n" + logs))
            return .failure(DeploymentEnd(.failed(message)))
        case .stillRunning(let operation):
            say("\(label): still deploying after \(options.deployTimeout); rerun --apply to keep waiting")
            return .failure(DeploymentEnd(.stillDeploying(operationId: operation ?? "")))
        }
    }

    /// The endpoint's traffic to the deployment set to `percent` (after the deployment succeeded).
    private mutating func traffic(_ percent: Int64) async throws -> ApplyOutcome? {
        let current = try await session.armGet(requests.endpoint.path, what: "reading endpoint \(name)")
        if let current, trafficShare(current) == percent { return nil }
        var request = requests.endpoint
        request.body = Self.setting(request.body, ["properties", "traffic"], to: .object(JSONObject([(requests.deploymentName, .int(percent))])))
        try record(.trafficSetting, "PUT endpoint traffic \(requests.deploymentName)=\(percent)")
        let wait = try await put(request, what: "setting the traffic of endpoint \(name)")
        try record(.trafficSetting, operation: wait.operation, "traffic accepted")
        switch try await provisioned(requests.endpoint.path, wait, what: "the traffic of endpoint \(name)") {
        case .succeeded:
            say("\(name): traffic \(requests.deploymentName)=\(percent)")
            return nil
        case .failed(let text):
            try record(.failed, error: "traffic " + text, "traffic update failed")
            return .failed("traffic " + text)
        case .stillRunning(let operation):
            return .stillDeploying(operationId: operation ?? "")
        }
    }

    // MARK: Helpers

    /// A `PUT` whose resource carries this plan's digest once made; where to follow it.
    private func put(_ request: ManagedRequests.Request, what: String) async throws -> (operation: String?, location: String?) {
        let requests = self.requests
        switch try await session.armPut(request.path, body: Self.bytes(request.body), what: what,
                                        isOurs: { ManagedApplier.isOurs($0, requests) }) {
        case .accepted(let answer): return (answer.asyncOperation, answer.asyncOperation == nil ? answer.location : nil)
        case .found: return (nil, nil)
        }
    }

    enum Provisioned { case succeeded, failed(String), stillRunning(String?) }

    /// Waits (every `pollInterval`, up to `deployTimeout`) until the resource at `path` is
    /// provisioned: through its operation when known, else its own `provisioningState`.
    private func provisioned(_ path: String, _ wait: (operation: String?, location: String?), what: String) async throws -> Provisioned {
        let clock = ContinuousClock()
        let deadline = clock.now + options.deployTimeout
        var operation = wait.operation
        var location = wait.location
        while true {
            var status = ArmOperationStatus.inProgress
            do {
                if let operation {
                    status = try await session.armOperation(asyncOperation: operation, what: "following \(what)")
                } else if let location {
                    status = try await session.armOperation(location: location, what: "following \(what)")
                } else {
                    let resource = try await session.armGet(path, what: "following \(what)")
                    switch ManagedApplier.state(resource) {
                    case "Succeeded": status = .succeeded
                    case "Failed", "Canceled":
                        status = .failed("ended \(ManagedApplier.state(resource))" + (WorkspaceSession.armErrorText(resource?["properties"]?["error"]).map { ": " + $0 } ?? ""))
                    case "" where resource == nil: status = .failed("is gone")
                    default: status = .inProgress
                    }
                }
            } catch let error as WorkspaceClientError where error.status == 404 && (operation != nil || location != nil) {
                operation = nil
                location = nil
                continue
            }
            switch status {
            case .succeeded: return .succeeded
            case .failed(let text): return .failed(text.hasPrefix("ended") || text == "is gone" ? text : "Failed: " + text)
            case .inProgress:
                if clock.now + options.pollInterval > deadline { return .stillRunning(operation) }
                try await Task.sleep(for: options.pollInterval)
            }
        }
    }

    /// The last lines of the deployment's logs (`getLogs`), indented; empty when there are none.
    private func logTail() async throws -> String {
        let answer = try? await session.armPost(requests.deployment.path + "/getLogs", body: .object(JSONObject([("tail", .int(20))])),
                                                what: "\(name): reading the deployment's logs")
        let text = Redaction.text(answer?["content"]?.stringValue ?? "")
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }.map { "    " + $0 }
            .joined(separator: "\n")
    }

    private func trafficShare(_ endpoint: JSONObject) -> Int64 {
        endpoint["properties"]?["traffic"]?[requests.deploymentName]?.intValue ?? 0
    }

    /// `name:version` of an ARM id, the version shortened (`CliV2AnonymousEnvironment:83484ff55b36`).
    static func short(_ id: String, _ kind: String) -> String {
        let parts = id.split(separator: "/").map(String.init)
        guard let i = parts.lastIndex(of: kind), i + 3 < parts.count else { return id }
        return parts[i + 1] + ":" + String(parts[i + 3].prefix(12))
    }

    static func bytes(_ body: JSONObject) -> [UInt8] {
        Array(((try? PythonJSONWriter.write(.object(body), indent: nil)) ?? "{}").utf8)
    }

    static func setting(_ object: JSONObject, _ path: [String], to value: String) -> JSONObject {
        setting(object, path, to: .string(value))
    }

    static func setting(_ object: JSONObject, _ path: [String], to value: JSON) -> JSONObject {
        guard let key = path.first else { return object }
        var copy = object
        if path.count == 1 {
            copy[key] = value
        } else {
            copy[key] = .object(setting(object[key]?.objectValue ?? JSONObject(), Array(path.dropFirst()), to: value))
        }
        return copy
    }
}

/// How a deployment ended when it did not succeed.
struct DeploymentEnd: Error {
    var outcome: ApplyOutcome
    init(_ outcome: ApplyOutcome) { self.outcome = outcome }
}
