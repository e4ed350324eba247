import Foundation
import JSONValue
import Snapshot

/// The artifact service (`contentinfo`) and the blob host behind its SAS URLs.
extension EmulatorState {
    /// `GET .../artifacts/contentinfo/{origin}/{container}/{path...}` of workspace `w`.
    func contentInfo(_ w: Int, _ parts: [String]) -> Reply {
        let raw = "aml://artifact/" + parts.map(URLText.encode).joined(separator: "/")
        let relative: String
        do {
            relative = try ArtifactStore.relativePath(of: raw)
        } catch {
            return .error(400, code: "BadRequest", message: "\(error)")
        }
        guard hasArtifact(relative, in: w) else {
            return .notFound("artifact \(relative) not found in workspace \(served[w].workspaceName)")
        }
        let sig = Self.randomSecret()
        signatures[sig] = SignedBlob(workspace: w, relative: relative)
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
        let grant = target.parameter("sig").flatMap { signatures[$0] }
        if let refusal = Self.sasRefusal(relative, granted: grant, hasAuthorization: hasAuthorization) {
            return refusal
        }
        guard let w = grant?.workspace else { return Self.storageError(403, code: "AuthenticationFailed", message: "no signature") }
        if let uploaded = served[w].uploadedArtifacts[relative] {
            guard let bytes = uploaded else {
                return Self.storageError(404, code: "BlobNotFound", message: "The specified blob does not exist.")
            }
            return Reply(status: 200, headers: [("Content-Type", "application/octet-stream")], body: bytes)
        }
        guard let data = FileManager.default.contents(atPath: served[w].catalog.artifactsRoot + "/" + relative) else {
            return Self.storageError(404, code: "BlobNotFound", message: "The specified blob does not exist.")
        }
        return Reply(status: 200, headers: [("Content-Type", "application/octet-stream")], body: [UInt8](data))
    }

    /// Whether an artifact (`origin/container/path`) of workspace `w` exists: in the snapshot, or created over the API.
    func hasArtifact(_ relative: String, in w: Int) -> Bool {
        served[w].uploadedArtifacts[relative] != nil
            || FileManager.default.fileExists(atPath: served[w].catalog.artifactsRoot + "/" + relative)
    }

    /// Whether an artifact of workspace `w` has content: in the snapshot, or uploaded after it was created.
    func hasArtifactContent(_ relative: String, in w: Int) -> Bool {
        if let uploaded = served[w].uploadedArtifacts[relative] { return uploaded != nil }
        return FileManager.default.fileExists(atPath: served[w].catalog.artifactsRoot + "/" + relative)
    }

    /// `POST .../artifacts/batch/metadata/{origin}/{container}` with `{"paths": [{"path": ...}]}`:
    /// creates (or finds again) empty artifacts and answers, per path, the artifact and a write
    /// SAS URL (`BatchArtifactContentInformationDto`).
    func createArtifacts(_ w: Int, origin: String, container: String, body: [UInt8]) -> Reply {
        guard let json = try? JSONParser.parse(body, file: "request body"), let paths = json["paths"]?.arrayValue else {
            return .error(400, code: "BadRequest", message: "expected {\"paths\": [{\"path\": ...}]}")
        }
        var artifacts = JSONObject()
        var information = JSONObject()
        for item in paths {
            guard let path = item["path"]?.stringValue, !path.isEmpty, !path.hasPrefix("/"),
                  !path.split(separator: "/").contains("..") else {
                return .error(400, code: "BadRequest", message: "every paths[] item needs a relative \"path\"")
            }
            let relative = origin + "/" + container + "/" + path
            if served[w].uploadedArtifacts[relative] == nil { served[w].uploadedArtifacts[relative] = .some(nil) }
            let sig = Self.randomSecret()
            writeSignatures[sig] = SignedBlob(workspace: w, relative: relative)
            let url = baseURL + "/blob/" + ([origin, container] + path.split(separator: "/").map(String.init))
                .map(URLText.encode).joined(separator: "/") + "?sv=2019-02-02&sr=b&sig=" + URLText.encode(sig) + "&sp=rcw"
            artifacts[path] = .object(JSONObject([("artifactId", .string(relative)), ("origin", .string(origin)),
                                                  ("container", .string(container)), ("path", .string(path))]))
            information[path] = .object(JSONObject([("contentUri", .string(url)), ("origin", .string(origin)),
                                                    ("container", .string(container)), ("path", .string(path))]))
        }
        return .json(.object(JSONObject([("artifacts", .object(artifacts)), ("artifactContentInformation", .object(information)),
                                         ("errors", .object(JSONObject()))])))
    }

    /// `PUT /blob/{origin}/{container}/{path...}?...&sig=...` with `x-ms-blob-type: BlockBlob`:
    /// fills an artifact created by `createArtifacts` (as Azure Storage's Put Blob, 201).
    func putBlob(_ parts: [String], target: RequestTarget, hasAuthorization: Bool, blobType: String?, body: [UInt8]) -> Reply {
        let relative = parts.joined(separator: "/")
        let grant = target.parameter("sig").flatMap { writeSignatures[$0] }
        if let refusal = Self.sasRefusal(relative, granted: grant, hasAuthorization: hasAuthorization) {
            return refusal
        }
        guard let w = grant?.workspace else { return Self.storageError(403, code: "AuthenticationFailed", message: "no signature") }
        guard blobType == "BlockBlob" else {
            return Self.storageError(400, code: "MissingRequiredHeader", message: "An HTTP header that's mandatory for this request is not specified: x-ms-blob-type.")
        }
        served[w].uploadedArtifacts[relative] = .some(body)
        return Reply(status: 201, headers: [("Content-Type", "application/xml")], body: [])
    }

    /// Azure Storage's answer to a SAS request that must not go through: a signature not issued
    /// for this blob (`granted` is what the request's signature grants, if anything; 403), or an
    /// `Authorization` header beside the SAS (400); nil when it may.
    static func sasRefusal(_ relative: String, granted: SignedBlob?, hasAuthorization: Bool) -> Reply? {
        guard let granted, granted.relative == relative else {
            return storageError(403, code: "AuthenticationFailed",
                                message: "Server failed to authenticate the request: the SAS signature is missing or was not issued for this blob.")
        }
        if hasAuthorization {
            return storageError(400, code: "InvalidAuthenticationInfo",
                                message: "An Authorization header was sent with a SAS URL; send the SAS URL alone.")
        }
        return nil
    }

    static func storageError(_ status: Int, code: String, message: String) -> Reply {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>\(code)</Code><Message>\(message)</Message></Error>"
        return Reply(status: status, headers: [("Content-Type", "application/xml")], body: Array(xml.utf8))
    }
}
