import Foundation
import Hummingbird
import JSONValue

/// Routes every request: latency, faults, authentication, then MMS, artifact, blob or token.
struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext

    let state: EmulatorState

    /// Thrown after closing the connection for a "dropped connection" fault.
    struct DroppedConnection: Error {}
    /// Thrown half-way through a body for a "truncated body" fault; Hummingbird closes the connection.
    struct TruncatedBody: Error {}

    func respond(to request: Request, context: Context) async throws -> Response {
        let configuration = state.configuration
        if configuration.latency > .zero {
            try await Task.sleep(for: configuration.latency)
        }
        let target = RequestTarget(request.head.path ?? "/")
        let method = request.method.rawValue
        if target.rawPath == "/_emulator/requests", method == "GET" {
            // How many requests were answered so far (for benchmarks); not itself counted.
            let count = await state.records.count
            return Self.response(.json(.object(JSONObject([("count", .int(Int64(count)))]))), fault: nil, slowDelay: .zero)
        }
        let authorization = request.headers[.authorization]
        let fault = await state.nextFault(method: method, path: target.rawPath)

        let headers = Self.headers(of: request)
        if fault == .dropAfterHandling {
            let body = try await Self.body(of: request, context: context)
            let reply = await route(method: method, target: target, authorization: authorization, body: body, headers: headers)
            await journal(method: method, target: target, reply: reply, body: body)
            await state.record(RequestRecord(method: method, path: target.rawPath, status: reply.status,
                                             hadAuthorization: authorization != nil, fault: fault))
            context.dropConnection()
            throw DroppedConnection()
        }
        if fault == .dropConnection {
            await state.record(RequestRecord(method: method, path: target.rawPath, status: 0,
                                             hadAuthorization: authorization != nil, fault: fault))
            context.dropConnection()
            throw DroppedConnection()
        }
        var reply: Reply
        if case .status(let code) = fault {
            reply = .error(code, code: code == 429 ? "TooManyRequests" : "InjectedFault",
                           message: "fault injected by image2env-emulator: \(code)")
            if code == 429 || code == 503 {
                reply.headers.append(("Retry-After", String(configuration.retryAfterSeconds)))
            }
        } else {
            let body = try await Self.body(of: request, context: context)
            reply = await route(method: method, target: target, authorization: authorization, body: body, headers: headers)
            await journal(method: method, target: target, reply: reply, body: body)
        }
        await state.record(RequestRecord(method: method, path: target.rawPath, status: reply.status,
                                         hadAuthorization: authorization != nil, fault: fault))
        return Self.response(reply, fault: fault, slowDelay: configuration.slowBodyDelay)
    }

    /// Every `PUT`, `POST` and `PATCH` that was handled goes to the journal.
    private func journal(method: String, target: RequestTarget, reply: Reply, body: [UInt8]) async {
        guard ["PUT", "POST", "PATCH"].contains(method) else { return }
        let json = (try? JSONParser.parse(body, file: "body")) ?? .string("<\(body.count) bytes>")
        let operation = reply.headers.first { $0.name == "Operation-Location" }?.value.split(separator: "/").last.map(String.init)
        await state.appendJournal(JournalEntry(method: method, path: target.rawPath, status: reply.status, operationId: operation,
                                               body: body.isEmpty ? .null : json))
    }

    private func route(method: String, target: RequestTarget, authorization: String?, body: [UInt8],
                       headers: [String: String]) async -> Reply {
        let blobType = headers["x-ms-blob-type"]
        let s = target.segments
        if s.count >= 2, s[0] == "modelmanagement", s[1] == "v1.0" {
            guard s.count >= 11, let w = await state.workspaceIndex(s[2..<10]) else {
                return .notFound("no such workspace in this emulator: \(target.rawPath)")
            }
            guard await state.isAuthorized(authorization) else { return Self.unauthorized() }
            return await state.mms(w, method: method, rest: Array(s[10...]), target: target, body: body)
        }
        if s.count >= 2, s[0] == "artifact", s[1] == "v2.0" {
            guard s.count >= 14, let w = await state.workspaceIndex(s[2..<10]), s[10] == "artifacts" else {
                return .notFound("no such workspace or artifact route in this emulator: \(target.rawPath)")
            }
            guard await state.isAuthorized(authorization) else { return Self.unauthorized() }
            if s[11] == "contentinfo", s.count >= 15 {
                guard method == "GET" else { return .error(405, code: "MethodNotAllowed", message: "use GET") }
                return await state.contentInfo(w, Array(s[12...]))
            }
            if s.count == 15, s[11] == "batch", s[12] == "metadata" {
                guard method == "POST" else { return .error(405, code: "MethodNotAllowed", message: "use POST") }
                return await state.createArtifacts(w, origin: s[13], container: s[14], body: body)
            }
            return .notFound("no artifact route \(method) \(target.rawPath)")
        }
        if s.first == "subscriptions" {
            guard await state.isAuthorized(authorization) else { return Self.unauthorized() }
            return await state.arm(method: method, segments: s, target: target, body: body)
        }
        if s.count >= 3, s[0] == "storage" {
            return await state.storage(method: method, segments: Array(s[1...]), target: target, headers: headers,
                                       hasAuthorization: authorization != nil, body: body)
        }
        if s.count >= 4, s[0] == "blob", method == "GET" {
            return await state.blob(Array(s[1...]), target: target, hasAuthorization: authorization != nil)
        }
        if s.count >= 4, s[0] == "blob", method == "PUT" {
            return await state.putBlob(Array(s[1...]), target: target, hasAuthorization: authorization != nil,
                                       blobType: blobType, body: body)
        }
        if s.count == 4, s[1] == "oauth2", s[2] == "v2.0", s[3] == "token", method == "POST" {
            return await state.token(tenant: s[0], form: body)
        }
        return .notFound("no route \(method) \(target.rawPath)")
    }

    /// The request's headers, names lower-cased (the last of repeated ones).
    private static func headers(of request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for field in request.headers { out[field.name.canonicalName.lowercased()] = field.value }
        return out
    }

    private static func unauthorized() -> Reply {
        var reply = Reply.error(401, code: "Unauthorized",
                                message: "missing or invalid bearer token (Authorization: Bearer <token> for https://management.azure.com/)")
        reply.headers.append(("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common\""))
        return reply
    }

    private static func body(of request: Request, context: Context) async throws -> [UInt8] {
        guard request.method == .post || request.method == .put || request.method == .patch else { return [] }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return Array(buffer.readableBytesView)
    }

    private static func response(_ reply: Reply, fault: Fault?, slowDelay: Duration) -> Response {
        var headers = HTTPFields()
        for (name, value) in reply.headers {
            if let field = HTTPFields.Element.Name(name) { headers.append(HTTPFields.Element(name: field, value: value)) }
        }
        let status = HTTPResponse.Status(code: reply.status)
        let bytes = reply.body
        headers[.contentLength] = String(bytes.count)
        switch fault {
        case .truncatedBody where !bytes.isEmpty:
            let half = Array(bytes.prefix(bytes.count / 2))
            return Response(status: status, headers: headers, body: ResponseBody(contentLength: bytes.count) { writer in
                try await writer.write(ByteBuffer(bytes: half))
                throw TruncatedBody()
            })
        case .slowBody:
            return Response(status: status, headers: headers, body: ResponseBody(contentLength: bytes.count) { writer in
                var offset = 0
                let piece = max(bytes.count / 8, 1)
                while offset < bytes.count {
                    let end = min(offset + piece, bytes.count)
                    try await writer.write(ByteBuffer(bytes: bytes[offset..<end]))
                    offset = end
                    try await Task.sleep(for: slowDelay)
                }
                try await writer.finish(nil)
            })
        default:
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
