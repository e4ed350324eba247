import AsyncHTTPClient
import Foundation
import JSONValue
import LegacyImage
import Snapshot

/// A connection to one workspace's REST APIs: the MMS lists and items, artifact
/// `contentinfo` and SAS downloads. Every call retries transient failures and respects the
/// run's deadline; the bearer token goes only to the MMS and artifact hosts, never to SAS URLs.
public final class WorkspaceSession: Sendable {
    /// The workspace talked to.
    public let workspace: WorkspaceRef
    /// Its MMS, artifact and authority hosts.
    public let endpoints: ServiceEndpoints
    /// Concurrency, timeouts, retries, deadline and environment.
    public let settings: ClientSettings
    let rest: RestClient
    let downloads: RestClient
    let tokens: TokenProvider

    /// `deadline`: a run's deadline shared with other sessions (a fleet pull); by default the
    /// session's own, from `settings`.
    init(workspace: WorkspaceRef, endpoints: ServiceEndpoints, credentials: CredentialSource, settings: ClientSettings,
         http: HTTPClient, deadline: RunDeadline? = nil) {
        self.workspace = workspace
        self.endpoints = endpoints
        self.settings = settings
        let deadline = deadline ?? RunDeadline(seconds: settings.deadlineSeconds)
        self.rest = RestClient(http: http, policy: settings.retry, deadline: deadline, requestTimeout: settings.requestTimeout)
        self.downloads = RestClient(http: http, policy: settings.retry, deadline: deadline, requestTimeout: settings.downloadTimeout)
        self.tokens = TokenProvider(source: credentials, authorityHost: endpoints.authorityHost, environment: settings.environment)
    }

    /// Opens a session (an HTTP client that does not follow redirects and leaves retrying
    /// failed connections to the session's retry policy), runs `body`, and closes it again,
    /// also when `body` throws.
    public static func with<T: Sendable>(workspace: WorkspaceRef, endpoints: ServiceEndpoints, credentials: CredentialSource,
                                         settings: ClientSettings, _ body: (WorkspaceSession) async throws -> T) async throws -> T {
        try await HTTPClient.withHTTPClient(configuration: httpConfiguration(settings)) { http in
            let session = WorkspaceSession(workspace: workspace, endpoints: endpoints, credentials: credentials,
                                           settings: settings, http: http)
            return try await body(session)
        }
    }

    /// An HTTP client's configuration: no redirects followed, failed connections left to the
    /// session's retry policy, enough connections per host for `settings.concurrency` fetches.
    static func httpConfiguration(_ settings: ClientSettings) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(15))
        configuration.decompression = .disabled
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, settings.concurrency + 2)
        return configuration
    }

    /// Checks the credentials now (fetching a token), so that a refused login fails first.
    public func authenticate() async throws {
        _ = try await tokens.token(using: rest)
    }

    // MARK: - MMS

    /// Every image (`GET /images?expand=true`, every page) passing `filter`: one listing per
    /// name (the service filters by `name`), tags sent as `tags=k=v,k2`.
    public func listImages(_ filter: ImageFilter = ImageFilter()) async throws -> [JSONObject] {
        var queries: [[(String, String)]] = []
        let tagQuery: [(String, String)] = filter.tags.isEmpty ? [] : [("tags", filter.tags.joined(separator: ","))]
        if filter.names.isEmpty {
            queries = [[("expand", "true")] + tagQuery]
        } else {
            var seen: Set<String> = []
            for name in filter.names {
                let base = name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
                if seen.insert(base).inserted { queries.append([("expand", "true"), ("name", base)] + tagQuery) }
            }
        }
        var images: [JSONObject] = []
        var ids: Set<String> = []
        for query in queries {
            for item in try await listAll("/images", query: query, what: "listing images") {
                let id = Self.imageId(item) ?? ""
                let tags = Self.stringMap(item["kvTags"] ?? item["tags"])
                let fields = ["id": id, "name": item["name"]?.stringValue ?? ""]
                guard filter.matches(fields, tags: tags), ids.insert(id).inserted else { continue }
                images.append(item)
            }
        }
        return images
    }

    /// Every webservice (`GET /services`, every page), optionally only those of one image or compute type.
    public func listServices(imageId: String? = nil, computeType: String? = nil) async throws -> [JSONObject] {
        var query: [(String, String)] = []
        if let imageId { query.append(("imageId", imageId)) }
        if let computeType { query.append(("computeType", computeType)) }
        return try await listAll("/services", query: query, what: "listing services")
    }

    /// One model (`GET /models/{id}`).
    public func model(id: String) async throws -> JSONObject {
        try await object(mmsPath: "/models/" + PercentEncoding.segment(id), what: "fetching model \(id)")
    }

    /// One image (`GET /images/{id}`).
    public func image(id: String) async throws -> JSONObject {
        try await object(mmsPath: "/images/" + PercentEncoding.segment(id), what: "fetching image \(id)")
    }

    /// One webservice (`GET /services/{name}`).
    public func service(name: String) async throws -> JSONObject {
        try await object(mmsPath: "/services/" + PercentEncoding.segment(name), what: "fetching service \(name)")
    }

    private func object(mmsPath: String, what: String) async throws -> JSONObject {
        let json = try await rest.json(.init(url: endpoints.mmsBase(workspace) + mmsPath, token: try await token(), what: what))
        guard let object = json.objectValue else {
            throw WorkspaceClientError(.invalidResponse, "\(what): expected a JSON object, found \(json.typeName)")
        }
        return object
    }

    /// All items of a paged MMS list, following `nextLink` (which must stay on the MMS host).
    private func listAll(_ path: String, query: [(String, String)], what: String) async throws -> [JSONObject] {
        let queryText = query.map { PercentEncoding.value($0.0) + "=" + PercentEncoding.value($0.1) }.joined(separator: "&")
        return try await rest.allItems(endpoints.mmsBase(workspace) + path + (queryText.isEmpty ? "" : "?" + queryText),
                                       host: endpoints.mmsHost, hostName: "the MMS host", what: what) { try await self.token() }
    }

    // MARK: - Artifacts

    /// The SAS URL of an artifact (`GET .../artifacts/contentinfo/{origin}/{container}/{path}`).
    public func artifactContentURI(_ artifactURL: String) async throws -> String {
        let relative = try Self.relativePath(artifactURL)
        let encoded = relative.split(separator: "/").map { PercentEncoding.segment(String($0)) }.joined(separator: "/")
        let what = "locating artifact \(relative)"
        let json = try await rest.json(.init(url: endpoints.artifactBase(workspace) + "/artifacts/contentinfo/" + encoded,
                                             token: try await token(), what: what))
        guard let uri = json["contentUri"]?.stringValue, uri.hasPrefix("https://") || uri.hasPrefix("http://") else {
            throw WorkspaceClientError(.invalidResponse, "\(what): the contentinfo answer has no http(s) contentUri")
        }
        return uri
    }

    /// Downloads an artifact (contentinfo, then its SAS URL without the bearer token) into
    /// `temporaryFile`, returning its size and SHA-256. The caller renames it into place.
    public func downloadArtifact(_ artifactURL: String, to temporaryFile: String) async throws -> DownloadedFile {
        let relative = try Self.relativePath(artifactURL)
        let uri = try await artifactContentURI(artifactURL)
        let call = RestClient.Call(url: uri, token: nil, what: "downloading artifact \(relative)")
        return try await downloads.perform(call) { response in
            try await Self.write(response, to: temporaryFile, what: call.what)
        }
    }

    private static func write(_ response: HTTPClientResponse, to path: String, what: String) async throws -> DownloadedFile {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw WorkspaceClientError(.io, "\(what): cannot create \(path); check that the folder is writable")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        for try await chunk in response.body {
            let bytes = chunk.readableBytesView
            hasher.update(bytes)
            size += Int64(bytes.count)
            do {
                try handle.write(contentsOf: Data(bytes))
            } catch {
                throw WorkspaceClientError(.io, "\(what): cannot write \(path): \(error.localizedDescription)")
            }
        }
        if let expected = response.headers.first(name: "Content-Length").flatMap(Int64.init), expected != size {
            throw RestClient.TransientFailure(description: "the download ended after \(size) of \(expected) bytes")
        }
        return DownloadedFile(size: size, sha256: hasher.finalizeHex())
    }

    // MARK: - Helpers

    private func token() async throws -> AccessToken {
        try await tokens.token(using: rest)
    }

    static func relativePath(_ artifactURL: String) throws(WorkspaceClientError) -> String {
        do {
            return try ArtifactStore.relativePath(of: artifactURL)
        } catch {
            throw WorkspaceClientError(.invalidResponse, error.description)
        }
    }

    /// `id`, or `name:version`.
    static func imageId(_ payload: JSONObject) -> String? {
        if let id = payload["id"]?.stringValue { return id }
        guard let name = payload["name"]?.stringValue, let version = payload["version"]?.intValue else { return nil }
        return "\(name):\(version)"
    }

    static func stringMap(_ json: JSON?) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in json?.objectValue?.entries ?? [] {
            if let s = value.stringValue { out[key] = s }
        }
        return out
    }
}
