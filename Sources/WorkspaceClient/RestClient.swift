import AsyncHTTPClient
import Foundation
import JSONValue
import Snapshot

/// Sends requests with retries (connection errors, 408, 429, 5xx; exponential backoff with
/// jitter; `Retry-After` honoured up to a cap), a per-request timeout and the whole-run
/// deadline. Other 4xx answers become clear errors at once.
struct RestClient: Sendable {
    /// One request to send.
    struct Call: Sendable {
        var method: String = "GET"
        var url: String
        var headers: [(String, String)] = []
        var body: [UInt8]?
        /// Sent as `Authorization: Bearer ...`; nil sends no `Authorization` header at all.
        var token: AccessToken?
        /// What the request is for, for messages ("listing images").
        var what: String
    }

    /// A failure worth another attempt (a truncated body, garbled JSON).
    struct TransientFailure: Error, CustomStringConvertible {
        var description: String
    }

    let http: HTTPClient
    let policy: RetryPolicy
    let deadline: RunDeadline
    let requestTimeout: Duration
    /// The largest JSON answer read into memory.
    var maxJSONBytes = 256 * 1024 * 1024

    /// Sends `call` until it succeeds (2xx) and `handle` accepts the answer, or fails for good.
    func perform<T: Sendable>(_ call: Call, handle: (HTTPClientResponse) async throws -> T) async throws -> T {
        var lastFailure = "no attempt was made"
        for attempt in 1...policy.maxAttempts {
            try deadline.check(call.what)
            if Task.isCancelled { throw CancellationError() }
            var retryAfter: Duration?
            do {
                let response = try await http.execute(try request(for: call), timeout: .nanoseconds(Int64(timeout().nanoseconds)))
                let status = Int(response.status.code)
                if (200..<300).contains(status) {
                    return try await handle(response)
                }
                let detail = await Self.errorDetail(of: response)
                if !RetryPolicy.isRetryable(status: status) {
                    throw Self.refusal(call, status: status, reason: response.status.reasonPhrase, detail: detail)
                }
                retryAfter = RetryPolicy.parseRetryAfter(response.headers.first(name: "Retry-After"))
                lastFailure = "HTTP \(status) \(response.status.reasonPhrase)" + (detail.isEmpty ? "" : ": \(detail)")
            } catch let error as WorkspaceClientError {
                throw error
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                if let remaining = deadline.remaining, remaining <= .zero { throw deadline.expired(call.what) }
                guard Self.isRetryable(error) else {
                    throw WorkspaceClientError(.usage, "\(call.what): \(call.method) \(call.url): \(error); check --endpoint")
                }
                lastFailure = "\(error)"
            }
            if attempt == policy.maxAttempts { break }
            let pause = policy.delay(afterAttempt: attempt, retryAfter: retryAfter)
            if let remaining = deadline.remaining, pause >= remaining { throw deadline.expired(call.what) }
            try await Task.sleep(for: pause)
        }
        throw WorkspaceClientError(.unavailable, "\(call.what): \(call.method) \(call.url) failed \(policy.maxAttempts) times; "
                                   + "last error: \(lastFailure). The service is unreachable or overloaded: check the network "
                                   + "and the workspace endpoint, then rerun (with --resume to keep what was fetched)")
    }

    /// Sends `call` and parses the JSON answer.
    func json(_ call: Call) async throws -> JSON {
        let limit = maxJSONBytes
        return try await perform(call) { response in
            let body = try await Self.collect(response, upTo: limit, what: call.what)
            do {
                return try JSONParser.parse(body, file: Redaction.url(call.url))
            } catch let error as JSONParseError {
                throw TransientFailure(description: "the answer is not valid JSON (\(error.message) at \(error.line):\(error.column))")
            }
        }
    }

    /// The per-request timeout, shortened to what is left of the deadline.
    private func timeout() -> Duration {
        guard let remaining = deadline.remaining else { return requestTimeout }
        return max(min(requestTimeout, remaining), .milliseconds(1))
    }

    func request(for call: Call) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: call.url)
        request.method = .init(rawValue: call.method)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "image2env/0.1")
        for (name, value) in call.headers { request.headers.add(name: name, value: value) }
        if let token = call.token { request.headers.add(name: "Authorization", value: token.authorizationHeader) }
        if let body = call.body {
            request.body = .bytes(body)
            request.headers.add(name: "Content-Length", value: String(body.count))
        }
        return request
    }

    /// The whole body, checked against `Content-Length` (a short body is a transient failure).
    static func collect(_ response: HTTPClientResponse, upTo limit: Int, what: String) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in response.body {
            bytes.append(contentsOf: chunk.readableBytesView)
            if bytes.count > limit {
                throw WorkspaceClientError(.invalidResponse, "\(what): the answer is larger than \(limit) bytes; refused")
            }
        }
        if let expected = response.headers.first(name: "Content-Length").flatMap(Int.init), expected != bytes.count {
            throw TransientFailure(description: "the answer ended after \(bytes.count) of \(expected) bytes")
        }
        return bytes
    }

    /// A short, single-line, redacted reason from an error body (JSON `message`,
    /// `error.message`, `error_description`, or the text itself).
    static func errorDetail(of response: HTTPClientResponse) async -> String {
        guard let bytes = try? await collect(response, upTo: 64 * 1024, what: "") else { return "" }
        return errorDetail(bytes)
    }

    /// The same, from an error body already read.
    static func errorDetail(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if let json = try? JSONParser.parse(bytes, file: "error") {
            if let m = json["message"]?.stringValue {
                text = m
            } else if let m = json["error"]?["message"]?.stringValue {
                // The resource manager's {"error": {"code", "message"}}.
                text = (json["error"]?["code"]?.stringValue.map { $0 + ": " } ?? "") + m
            } else if let m = json["error_description"]?.stringValue ?? json["error"]?.stringValue {
                text = m
            }
        } else if let start = text.range(of: "<Message>"), let end = text.range(of: "</Message>"), start.upperBound <= end.lowerBound {
            text = String(text[start.upperBound..<end.lowerBound])
        }
        text = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        if text.count > 300 { text = String(text.prefix(300)) + "..." }
        return Redaction.text(text)
    }

    /// The error for a non-retryable answer.
    static func refusal(_ call: Call, status: Int, reason: String, detail: String) -> WorkspaceClientError {
        let head = "\(call.what): \(call.method) \(call.url) answered \(status) \(reason)" + (detail.isEmpty ? "" : ": \(detail)")
        switch status {
        case 401, 403:
            return WorkspaceClientError(.authentication, head + ". The credentials were refused: check that the token is for "
                                        + "\(CredentialSource.resource), has not expired, and gives access to the workspace",
                                        status: status)
        case 404:
            return WorkspaceClientError(.rejected, head + ". Check the subscription, resource group, workspace and region",
                                        status: status)
        default:
            return WorkspaceClientError(.rejected, head, status: status)
        }
    }

    /// Connection problems, timeouts and truncated answers are retried; a malformed URL is not.
    static func isRetryable(_ error: any Error) -> Bool {
        if let e = error as? HTTPClientError {
            return !(e == .invalidURL || e == .emptyHost || e == .emptyScheme || e == .cancelled)
        }
        return true
    }
}

extension RestClient {
    /// What one attempt of a request gave.
    enum Attempt: Sendable {
        /// An answer: status, headers and the body (read up to `maxJSONBytes`).
        case answered(status: Int, reason: String, headers: [(String, String)], body: [UInt8])
        /// No answer: the connection failed, dropped or timed out. The request may have taken effect.
        case noAnswer(String)
    }

    /// Sends `call` once, without retrying: for requests whose effect must be looked up before
    /// they are sent again.
    func sendOnce(_ call: Call) async throws -> Attempt {
        try deadline.check(call.what)
        let response: HTTPClientResponse
        do {
            response = try await http.execute(try request(for: call), timeout: .nanoseconds(Int64(timeout().nanoseconds)))
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            guard Self.isRetryable(error) else {
                throw WorkspaceClientError(.usage, "\(call.what): \(call.method) \(call.url): \(error); check --endpoint")
            }
            return .noAnswer("\(error)")
        }
        do {
            let body = try await Self.collect(response, upTo: maxJSONBytes, what: call.what)
            return .answered(status: Int(response.status.code), reason: response.status.reasonPhrase,
                             headers: response.headers.map { ($0.name, $0.value) }, body: body)
        } catch let error as WorkspaceClientError {
            throw error
        } catch {
            return .noAnswer("the answer was cut off: \(error)")
        }
    }
}
