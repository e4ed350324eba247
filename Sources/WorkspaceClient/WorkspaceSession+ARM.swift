import Foundation
import JSONValue
import Snapshot

/// The resource manager's answer to a `PUT`: the resource as answered and where its
/// provisioning is followed.
public struct ArmAccepted: Sendable {
    public var status: Int
    public var resource: JSONObject?
    /// The `Azure-AsyncOperation` header: a status to poll.
    public var asyncOperation: String?
    /// The `Location` header: polled when there is no `Azure-AsyncOperation`.
    public var location: String?
}

/// How a `PUT` ended.
public enum ArmPutOutcome: Sendable {
    /// 200 or 201.
    case accepted(ArmAccepted)
    /// It went unanswered (or the service failed) and a lookup found the resource as this PUT
    /// makes it: follow the resource's own `provisioningState`.
    case found(JSONObject)
}

/// Where a long operation stands.
public enum ArmOperationStatus: Sendable, Equatable {
    case inProgress
    case succeeded
    /// `Failed` or `Canceled`, with the service's error text.
    case failed(String)
}

/// Azure Resource Manager requests on the workspace's resources (`ArmAPI.version`), with the
/// same token, retries and deadline as the rest of the session.
extension WorkspaceSession {
    /// `{arm}{path}?api-version=...`, each segment of `path` percent-encoded.
    public func armURL(_ path: String, query: [(String, String)] = []) -> String {
        let encoded = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.segment(String($0)) }.joined(separator: "/")
        let pairs = query + [("api-version", ArmAPI.version)]
        return endpoints.armHost + encoded + "?" + pairs.map { PercentEncoding.value($0.0) + "=" + PercentEncoding.value($0.1) }
            .joined(separator: "&")
    }

    /// The resource at `path`, or nil when there is none (404).
    public func armGet(_ path: String, what: String) async throws -> JSONObject? {
        do {
            let json = try await rest.json(.init(url: armURL(path), token: try await tokens.token(using: rest), what: what))
            guard let object = json.objectValue else {
                throw WorkspaceClientError(.invalidResponse, "\(what): expected a JSON object, found \(json.typeName)")
            }
            return object
        } catch let error as WorkspaceClientError where error.status == 404 {
            return nil
        }
    }

    /// Every item of a paged list at `path` (`nextLink` must stay on the resource manager's host).
    public func armList(_ path: String, query: [(String, String)], what: String) async throws -> [JSONObject] {
        try await rest.allItems(armURL(path, query: query), host: endpoints.armHost, hostName: "the resource manager", what: what) {
            try await self.tokens.token(using: self.rest)
        }
    }

    /// `POST` of a JSON body (an action: `listSecrets`, `startPendingUpload`, `getLogs`), retried.
    public func armPost(_ path: String, body: JSON, what: String) async throws -> JSON {
        let bytes = Array(((try? PythonJSONWriter.write(body, indent: nil)) ?? "{}").utf8)
        return try await rest.json(.init(method: "POST", url: armURL(path), headers: [("Content-Type", "application/json")],
                                         body: bytes, token: try await tokens.token(using: rest), what: what))
    }

    /// `PUT` of `body` to `path`. It is never sent again blindly: after an unanswered attempt or
    /// a service failure the resource is looked up first, and one that `isOurs` recognises as made
    /// by this PUT is taken as the answer; otherwise the PUT is retried (with backoff) up to the
    /// session's attempts. Other 4xx answers fail at once with the service's message.
    public func armPut(_ path: String, body: [UInt8], what: String,
                       isOurs: (JSONObject) -> Bool) async throws -> ArmPutOutcome {
        let url = armURL(path)
        var lastFailure = "no attempt was made"
        let policy = settings.retry
        for attempt in 1...policy.maxAttempts {
            let call = RestClient.Call(method: "PUT", url: url, headers: [("Content-Type", "application/json")], body: body,
                                       token: try await tokens.token(using: rest), what: what)
            var retryAfter: Duration?
            switch try await rest.sendOnce(call) {
            case .answered(let status, let reason, let headers, let answer):
                func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
                if (200..<300).contains(status) {
                    return .accepted(ArmAccepted(status: status, resource: (try? JSONParser.parse(answer, file: "answer"))?.objectValue,
                                                 asyncOperation: header("Azure-AsyncOperation"), location: header("Location")))
                }
                let detail = RestClient.errorDetail(answer)
                guard RetryPolicy.isRetryable(status: status) else {
                    throw RestClient.refusal(call, status: status, reason: reason, detail: detail)
                }
                retryAfter = RetryPolicy.parseRetryAfter(header("Retry-After"))
                lastFailure = "HTTP \(status) \(reason)" + (detail.isEmpty ? "" : ": \(detail)")
            case .noAnswer(let message):
                lastFailure = message
            }
            // It may have taken effect: look before sending it again.
            if let found = try await armGet(path, what: what + " (looking it up after: \(lastFailure))"), isOurs(found) {
                return .found(found)
            }
            if attempt == policy.maxAttempts { break }
            try await Task.sleep(for: policy.delay(afterAttempt: attempt, retryAfter: retryAfter))
        }
        throw WorkspaceClientError(.unavailable, "\(what): PUT \(url) failed \(policy.maxAttempts) times; last error: \(lastFailure). "
                                   + "The resource manager is unreachable or overloaded: rerun --apply to continue")
    }

    /// One poll of an `Azure-AsyncOperation` URL (`{"status": "InProgress" | "Succeeded" | ...}`).
    public func armOperation(asyncOperation url: String, what: String) async throws -> ArmOperationStatus {
        try checkArmHost(url, what: what)
        let json = try await rest.json(.init(url: url, token: try await tokens.token(using: rest), what: what))
        switch json["status"]?.stringValue?.lowercased() {
        case "succeeded"?: return .succeeded
        case "failed"?, "canceled"?, "cancelled"?:
            return .failed(Self.armErrorText(json["error"]) ?? "the operation ended \(json["status"]?.stringValue ?? "")")
        default: return .inProgress
        }
    }

    /// One poll of a `Location` URL: 202 while the operation runs, 200 or 204 when it is done.
    public func armOperation(location url: String, what: String) async throws -> ArmOperationStatus {
        try checkArmHost(url, what: what)
        let call = RestClient.Call(url: url, token: try await tokens.token(using: rest), what: what)
        return try await rest.perform(call) { response in response.status.code == 202 ? .inProgress : .succeeded }
    }

    /// `error.code: error.message` of a resource manager error object.
    public static func armErrorText(_ error: JSON?) -> String? {
        guard let error, !error.isNull else { return nil }
        let message = error["message"]?.stringValue
        switch (error["code"]?.stringValue, message) {
        case let (code?, message?): return "\(code): \(message)"
        case let (nil, message?): return message
        case let (code?, nil): return code
        default: return nil
        }
    }

    /// The token goes to the resource manager's host only.
    private func checkArmHost(_ url: String, what: String) throws(WorkspaceClientError) {
        guard url.hasPrefix(endpoints.armHost + "/") else {
            throw WorkspaceClientError(.invalidResponse, "\(what): the operation URL \(url) is not on the resource manager's host "
                                       + "\(endpoints.armHost); refused (the token is only sent there)")
        }
    }
}
