import Foundation
import JSONValue

/// The emulated storage accounts behind the default datastore and the code uploads, reached as
/// `{base}/storage/{account host}/{container}/{blob}` (what `--endpoint` makes of
/// `https://{account host}/...`): `HEAD`, `GET` and `PUT` of blobs and `PUT ?comp=metadata`,
/// each with a container SAS the emulator issued and no `Authorization` header.
extension EmulatorState {
    /// A SAS query (`sv=...&sig=...`) opening every blob whose path starts with `prefix` (`host/container/...`).
    func issueGrant(prefix: String) -> String {
        let sig = Self.randomSecret()
        storageGrants[sig] = StorageGrant(prefix: prefix)
        let expiry = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        return "sv=2021-08-06&sr=c&sp=racwl&se=" + URLText.encode(expiry) + "&sig=" + URLText.encode(sig)
    }

    func storage(method: String, segments: [String], target: RequestTarget, headers: [String: String],
                 hasAuthorization: Bool, body: [UInt8]) -> Reply {
        let key = segments.joined(separator: "/")
        guard let grant = target.parameter("sig").flatMap({ storageGrants[$0] }), key.hasPrefix(grant.prefix) else {
            return Self.storageError(403, code: "AuthenticationFailed",
                                     message: "Server failed to authenticate the request: the SAS signature is missing or does not cover this blob.")
        }
        if hasAuthorization {
            return Self.storageError(400, code: "InvalidAuthenticationInfo", message: "An Authorization header was sent with a SAS URL; send the SAS URL alone.")
        }
        switch method {
        case "HEAD", "GET":
            guard let blob = blobs[key] else {
                return method == "HEAD" ? Reply(status: 404) : Self.storageError(404, code: "BlobNotFound", message: "The specified blob does not exist.")
            }
            let meta = blob.metadata.map { (name: "x-ms-meta-" + $0.0, value: $0.1) }
            return Reply(status: 200, headers: [("Content-Type", "application/octet-stream")] + meta, body: method == "GET" ? blob.bytes : [])
        case "PUT" where target.parameter("comp") == "metadata":
            guard blobs[key] != nil else { return Self.storageError(404, code: "BlobNotFound", message: "The specified blob does not exist.") }
            blobs[key]?.metadata = headers.filter { $0.key.hasPrefix("x-ms-meta-") }
                .map { (String($0.key.dropFirst("x-ms-meta-".count)), $0.value) }.sorted { $0.0 < $1.0 }
            return Reply(status: 200)
        case "PUT":
            guard headers["x-ms-blob-type"] == "BlockBlob" else {
                return Self.storageError(400, code: "MissingRequiredHeader", message: "An HTTP header that's mandatory for this request is not specified: x-ms-blob-type.")
            }
            if headers["if-none-match"] == "*", blobs[key] != nil {
                return Self.storageError(409, code: "BlobAlreadyExists", message: "The specified blob already exists.")
            }
            blobs[key] = StoredBlob(bytes: body)
            return Reply(status: 201)
        default:
            return Self.storageError(405, code: "UnsupportedHttpVerb", message: "The resource doesn't support the specified HTTP verb.")
        }
    }

    /// Whether any blob was uploaded below the folder a URI (`https://host/container/path[/]`) names.
    func hasUploadedFolder(_ uri: String) -> Bool {
        guard let scheme = uri.range(of: "://") else { return false }
        var folder = String(uri[scheme.upperBound...])
        while folder.hasSuffix("/") { folder.removeLast() }
        let prefix = (folder.removingPercentEncoding ?? folder) + "/"
        return blobs.keys.contains { $0.hasPrefix(prefix) }
    }

    /// The blobs below `prefix` (`host/container/path/`), for tests.
    func blobs(below prefix: String) -> [String: [UInt8]] {
        blobs.filter { $0.key.hasPrefix(prefix) }.mapValues(\.bytes)
    }
}
