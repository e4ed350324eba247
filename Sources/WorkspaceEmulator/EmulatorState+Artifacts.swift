import Foundation
import JSONValue
import Snapshot

/// The artifact service (`contentinfo`) and the blob host behind its SAS URLs.
extension EmulatorState {
    /// `GET .../artifacts/contentinfo/{origin}/{container}/{path...}`.
    func contentInfo(_ parts: [String]) -> Reply {
        let raw = "aml://artifact/" + parts.map(URLText.encode).joined(separator: "/")
        let relative: String
        do {
            relative = try ArtifactStore.relativePath(of: raw)
        } catch {
            return .error(400, code: "BadRequest", message: "\(error)")
        }
        guard FileManager.default.fileExists(atPath: catalog.artifactsRoot + "/" + relative) else {
            return .notFound("artifact \(relative) not found in workspace \(workspaceName)")
        }
        let sig = Self.randomSecret()
        signatures[sig] = relative
        let expiry = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let url = baseURL + "/blob/" + parts.map(URLText.encode).joined(separator: "/")
            + "?sv=2019-02-02&sr=b&sig=" + URLText.encode(sig) + "&se=" + URLText.encode(expiry) + "&sp=r"
        return .json(.object(JSONObject([
            ("contentUri", .string(url)),
            ("origin", .string(parts[0])),
            ("container", .string(parts[1])),
            ("path", .string(parts.dropFirst(2).joined(separator: "/"))),
        ])))
    }

    /// `GET /blob/{origin}/{container}/{path...}?...&sig=...`: the bytes, for a signature issued for that path.
    /// Like Azure Storage with a SAS, it wants no `Authorization` header.
    func blob(_ parts: [String], target: RequestTarget, hasAuthorization: Bool) -> Reply {
        let relative = parts.joined(separator: "/")
        guard let sig = target.parameter("sig"), signatures[sig] == relative else {
            return Self.storageError(403, code: "AuthenticationFailed",
                                     message: "Server failed to authenticate the request: the SAS signature is missing or was not issued for this blob.")
        }
        if hasAuthorization {
            return Self.storageError(400, code: "InvalidAuthenticationInfo",
                                     message: "An Authorization header was sent with a SAS URL; send the SAS URL alone.")
        }
        guard let data = FileManager.default.contents(atPath: catalog.artifactsRoot + "/" + relative) else {
            return Self.storageError(404, code: "BlobNotFound", message: "The specified blob does not exist.")
        }
        return Reply(status: 200, headers: [("Content-Type", "application/octet-stream")], body: [UInt8](data))
    }

    static func storageError(_ status: Int, code: String, message: String) -> Reply {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>\(code)</Code><Message>\(message)</Message></Error>"
        return Reply(status: status, headers: [("Content-Type", "application/xml")], body: Array(xml.utf8))
    }
}
