import AsyncHTTPClient
import Foundation
import JSONValue

/// What `POST /services` gave: the operation to poll, or why it failed and whether the service
/// could have been created anyway.
public enum CreateOutcome: Sendable, Equatable {
    /// 202 with `Operation-Location`: the deployment runs; poll this operation id.
    case accepted(operationId: String)
    /// The service answered with an error: nothing was created.
    case refused(status: Int, message: String)
    /// No answer (connection dropped, timeout): the service may or may not have been created.
    case noAnswer(String)
}

/// Deployments: create a service, poll its operation, and upload the artifacts it needs.
extension WorkspaceSession {
    /// Opens a session on the workspace `selection` names, runs `body`, and closes it. The
    /// workspace, endpoints and credentials are resolved, then `beforeTraffic` runs (local checks
    /// that should fail first), all before any network traffic.
    public static func open<T: Sendable>(_ selection: WorkspaceSelection, settings: ClientSettings,
                                         workingDirectory: String = FileManager.default.currentDirectoryPath,
                                         beforeTraffic: (WorkspaceRef) throws -> Void = { _ in },
                                         _ body: (WorkspaceSession) async throws -> T) async throws -> T {
        let workspace = try selection.resolveWorkspace(from: workingDirectory)
        let endpoints = try ServiceEndpoints.resolve(region: workspace.region, endpoint: selection.endpoint,
                                                     environment: settings.environment)
        let credentials = try CredentialSource.resolve(tokenFile: selection.tokenFile, environment: settings.environment)
        if case .tokenFile(let path) = credentials { _ = try TokenProvider.read(tokenFile: path) }
        try beforeTraffic(workspace)
        return try await with(workspace: workspace, endpoints: endpoints, credentials: credentials, settings: settings, body)
    }

    /// One webservice, or nil when the workspace has none of that name (404).
    public func serviceIfExists(name: String) async throws -> JSONObject? {
        do {
            return try await service(name: name)
        } catch let error as WorkspaceClientError where error.status == 404 {
            return nil
        }
    }

    /// `POST /services` with `body`, sent once: a create that may have reached the service is
    /// never repeated blindly (the caller looks the service up instead). The body may hold
    /// secrets; it is never logged.
    public func createService(body: [UInt8], name: String) async -> CreateOutcome {
        let url = endpoints.mmsBase(workspace) + "/services"
        let token: AccessToken
        do {
            token = try await tokens.token(using: rest)
        } catch {
            return .refused(status: 0, message: "\(error)")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "image2env/0.1")
        request.headers.add(name: "Authorization", value: token.authorizationHeader)
        request.body = .bytes(body)
        request.headers.add(name: "Content-Length", value: String(body.count))
        let response: HTTPClientResponse
        do {
            response = try await rest.http.execute(request, timeout: .seconds(Int64(settings.requestTimeout.components.seconds)))
        } catch {
            return .noAnswer("creating service \(name): POST \(url): \(error)")
        }
        let status = Int(response.status.code)
        let detail = await RestClient.errorDetail(of: response)
        guard (200..<300).contains(status) else {
            return .refused(status: status, message: "creating service \(name): POST \(url) answered \(status) "
                            + response.status.reasonPhrase + (detail.isEmpty ? "" : ": \(detail)"))
        }
        guard let location = response.headers.first(name: "Operation-Location"),
              let id = location.split(separator: "?").first?.split(separator: "/").last.map(String.init), !id.isEmpty else {
            return .refused(status: status, message: "creating service \(name): the answer has no Operation-Location header")
        }
        return .accepted(operationId: id)
    }

    /// `GET /operations/{id}` (on the MMS host, with retries).
    public func operation(id: String) async throws -> JSONObject {
        let what = "checking deployment operation \(id)"
        let json = try await rest.json(.init(url: endpoints.mmsBase(workspace) + "/operations/" + PercentEncoding.segment(id),
                                             token: try await tokens.token(using: rest), what: what))
        guard let object = json.objectValue else {
            throw WorkspaceClientError(.invalidResponse, "\(what): expected a JSON object, found \(json.typeName)")
        }
        return object
    }

    /// Uploads `bytes` as the artifact `origin/container/path`, as azureml-core's
    /// `ArtifactsClient.upload_artifact_from_path` does: `POST .../artifacts/batch/metadata/{origin}/{container}`
    /// creates it and answers a write SAS URL, then a `PUT` of the bytes to that URL (a block
    /// blob, without the bearer token). Both steps are retried; uploading again overwrites.
    public func uploadArtifact(origin: String, container: String, path: String, bytes: [UInt8]) async throws {
        let what = "uploading artifact \(origin)/\(container)/\(path)"
        let url = endpoints.artifactBase(workspace) + "/artifacts/batch/metadata/" + PercentEncoding.segment(origin) + "/"
            + PercentEncoding.segment(container)
        let command = JSON.object(JSONObject([("paths", .array([.object(JSONObject([("path", .string(path))]))]))]))
        let body = Array(((try? PythonJSONWriter.write(command, indent: nil)) ?? "").utf8)
        let answer = try await rest.json(.init(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body,
                                               token: try await tokens.token(using: rest), what: what))
        if let errors = answer["errors"]?.objectValue, !errors.isEmpty {
            let text = errors.entries.map { "\($0.key): \($0.value["error"]?["message"]?.stringValue ?? $0.value["message"]?.stringValue ?? "error")" }
            throw WorkspaceClientError(.rejected, "\(what): \(text.joined(separator: "; "))")
        }
        guard let sas = answer["artifactContentInformation"]?[path]?["contentUri"]?.stringValue,
              sas.hasPrefix("https://") || sas.hasPrefix("http://") else {
            throw WorkspaceClientError(.invalidResponse, "\(what): the answer has no contentUri for \(path)")
        }
        let put = RestClient.Call(method: "PUT", url: sas, headers: [("x-ms-blob-type", "BlockBlob"),
                                                                      ("Content-Type", "application/octet-stream")],
                                  body: bytes, token: nil, what: what)
        try await downloads.perform(put) { _ in () }
    }
}
