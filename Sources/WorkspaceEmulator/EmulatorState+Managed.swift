import Foundation
import JSONValue
import Snapshot

/// The resource manager routes below a workspace that azure-ai-ml (and `redeploy --apply --to
/// v2`) use to create a managed online endpoint: environment and code versions (with the
/// code's pending upload), models (the snapshot's v1 models are v2 models), the default
/// datastore and its secrets, online endpoints and deployments. Every request needs an
/// `api-version`.
extension EmulatorState {
    func managed(_ w: Int, method: String, rest r: [String], target: RequestTarget, body: [UInt8]) -> Reply {
        guard target.parameter("api-version")?.isEmpty == false else {
            return .armError(400, code: "MissingApiVersionParameter",
                             message: "The api-version query parameter (?api-version=) is required for all requests.")
        }
        let path = served[w].path + "/" + r.map(URLText.encode).joined(separator: "/")
        switch (method, r.count, r.first) {
        case ("GET", 4, "environments") where r[2] == "versions":
            return found(served[w].managed.environments[r[1] + "/" + r[3]], "environment version \(r[1]):\(r[3])")
        case ("PUT", 4, "environments") where r[2] == "versions":
            return putEnvironment(w, name: r[1], version: r[3], path: path, body: body)
        case ("GET", 3, "codes") where r[2] == "versions":
            return listCodes(w, target: target)
        case ("GET", 4, "codes") where r[2] == "versions":
            return found(served[w].managed.codes[r[1] + "/" + r[3]], "code version \(r[1]):\(r[3])")
        case ("PUT", 4, "codes") where r[2] == "versions":
            return putCode(w, name: r[1], version: r[3], path: path, body: body)
        case ("POST", 5, "codes") where r[2] == "versions" && r[4] == "startPendingUpload":
            return startPendingUpload(w, body: body)
        case ("GET", 4, "models") where r[2] == "versions":
            return model(w, name: r[1], version: r[3], path: path)
        case ("GET", 1, "datastores"):
            return page([defaultDatastore(w)], target: target)
        case ("GET", 2, "datastores") where r[1] == "workspaceblobstore":
            return .json(defaultDatastore(w))
        case ("POST", 3, "datastores") where r[1] == "workspaceblobstore" && r[2] == "listSecrets":
            let sas = issueGrant(prefix: ServedWorkspace.storageHost(w) + "/" + ServedWorkspace.storageContainer + "/")
            return .json(.object(JSONObject([("secretsType", .string("Sas")), ("sasToken", .string(sas))])))
        case (_, 2, "onlineEndpoints"), (_, 4, "onlineEndpoints"), (_, 5, "onlineEndpoints"):
            return onlineEndpoints(w, method: method, rest: r, path: path, body: body, apiVersion: target.parameter("api-version") ?? "")
        default:
            return .armError(404, code: "NotFound", message: "no resource manager route \(method) \(target.rawPath)")
        }
    }

    /// The resource, or the resource manager's 404.
    func found(_ resource: JSONObject?, _ what: String) -> Reply {
        guard let resource else { return .armError(404, code: "ResourceNotFound", message: "The \(what) was not found.") }
        return .json(.object(resource))
    }

    /// A resource as the resource manager answers it: `id`, `name`, `type`, then the rest.
    static func armResource(path: String, name: String, type: String, _ rest: JSONObject) -> JSONObject {
        var out = JSONObject([("id", .string(path)), ("name", .string(name)),
                              ("type", .string("Microsoft.MachineLearningServices/workspaces/" + type))])
        for (key, value) in rest.entries where out[key] == nil { out[key] = value }
        return out
    }

    static func parseObject(_ body: [UInt8]) -> JSONObject? {
        (try? JSONParser.parse(body, file: "request body"))?.objectValue
    }

    /// Environment versions are immutable: the same body again is answered 200, another one 409.
    private func putEnvironment(_ w: Int, name: String, version: String, path: String, body: [UInt8]) -> Reply {
        guard let object = Self.parseObject(body), let properties = object["properties"]?.objectValue else {
            return .armError(400, code: "BadRequest", message: "the environment version needs \"properties\"")
        }
        let image = properties["image"]?.stringValue
        let context = properties["build"]?["contextUri"]?.stringValue
        guard (image != nil) != (context != nil) else {
            return .armError(400, code: "BadRequest", message: "an environment version needs an image or a build context, not both")
        }
        if let context, context.contains("blob.core.windows.net"), !hasUploadedFolder(context) {
            return .armError(400, code: "BadRequest", message: "the build context \(context) holds no uploaded files")
        }
        return Self.putVersion(&served[w].managed.environments, name: name, version: version, path: path, type: "environments/versions",
                               properties: properties, conflict: "environment version \(name):\(version) exists with other properties; versions are immutable")
    }

    /// An immutable version: stored at once as `Succeeded` (201); the same properties again
    /// answer the stored resource (200), other ones 409 with `conflict`.
    private static func putVersion(_ store: inout [String: JSONObject], name: String, version: String, path: String, type: String,
                                   properties: JSONObject, conflict: String) -> Reply {
        let key = name + "/" + version
        if let existing = store[key] {
            guard existing["properties"]?.objectValue.map({ without($0, "provisioningState") }) == properties else {
                return .armError(409, code: "Conflict", message: conflict)
            }
            return .json(.object(existing))
        }
        var stored = properties
        stored["provisioningState"] = .string("Succeeded")
        let resource = armResource(path: path, name: version, type: type, JSONObject([("properties", .object(stored))]))
        store[key] = resource
        return .json(.object(resource), status: 201)
    }

    /// `GET codes/{name}/versions?hash=...&hashVersion=...`: the code versions with that content,
    /// whatever their name (anonymous code is looked up by hash).
    private func listCodes(_ w: Int, target: RequestTarget) -> Reply {
        var items = served[w].managed.codes.sorted { $0.key < $1.key }.map(\.value)
        if let hash = target.parameter("hash") {
            let version = target.parameter("hashVersion")
            items = items.filter {
                $0["properties"]?["properties"]?["hash_sha256"]?.stringValue == hash
                    && (version == nil || $0["properties"]?["properties"]?["hash_version"].map(Self.text) == version)
            }
        }
        return page(items.map(JSON.object), target: target)
    }

    private func putCode(_ w: Int, name: String, version: String, path: String, body: [UInt8]) -> Reply {
        guard let object = Self.parseObject(body), let properties = object["properties"]?.objectValue,
              let uri = properties["codeUri"]?.stringValue else {
            return .armError(400, code: "BadRequest", message: "the code version needs properties.codeUri")
        }
        guard hasUploadedFolder(uri) else {
            return .armError(400, code: "BadRequest", message: "the code at \(uri) holds no uploaded files")
        }
        return Self.putVersion(&served[w].managed.codes, name: name, version: version, path: path, type: "codes/versions",
                               properties: properties, conflict: "code version \(name):\(version) exists with another codeUri or hash")
    }

    /// A temporary blob reference: a fresh folder of the storage account and a SAS for it.
    private func startPendingUpload(_ w: Int, body: [UInt8]) -> Reply {
        guard Self.parseObject(body)?["pendingUploadType"]?.stringValue == "TemporaryBlobReference" else {
            return .armError(400, code: "BadRequest", message: "pendingUploadType must be TemporaryBlobReference")
        }
        let id = UUID().uuidString.lowercased()
        let folder = ServedWorkspace.storageHost(w) + "/" + ServedWorkspace.storageContainer + "/LocalUpload/" + id
        let sas = issueGrant(prefix: folder + "/")
        let blobURI = "https://" + folder
        return .json(.object(JSONObject([
            ("blobReferenceForConsumption", .object(JSONObject([
                ("blobUri", .string(blobURI)),
                ("credential", .object(JSONObject([("credentialType", .string("SAS")), ("sasUri", .string(blobURI + "?" + sas))]))),
            ]))),
            ("pendingUploadId", .string(id)), ("pendingUploadType", .string("TemporaryBlobReference")),
        ])))
    }

    /// A model version of the snapshot (`name:version`), as the resource manager answers it.
    private func model(_ w: Int, name: String, version: String, path: String) -> Reply {
        guard let item = served[w].catalog.models.first(where: { $0.key == name + ":" + version }) else {
            return .armError(404, code: "ResourceNotFound", message: "The model version \(name):\(version) was not found.")
        }
        let properties = JSONObject([("description", item.payload["description"] ?? .null), ("modelType", .string("custom_model")),
                                     ("modelUri", item.payload["url"] ?? .null), ("provisioningState", .string("Succeeded"))])
        return .json(.object(Self.armResource(path: path, name: version, type: "models/versions",
                                              JSONObject([("properties", .object(properties))]))))
    }

    private func defaultDatastore(_ w: Int) -> JSON {
        .object(Self.armResource(path: served[w].path + "/datastores/workspaceblobstore", name: "workspaceblobstore", type: "datastores",
                                 JSONObject([("properties", .object(JSONObject([
                                     ("datastoreType", .string("AzureBlob")),
                                     ("accountName", .string(String(ServedWorkspace.storageHost(w).prefix { $0 != "." }))),
                                     ("containerName", .string(ServedWorkspace.storageContainer)),
                                     ("endpoint", .string("core.windows.net")), ("protocol", .string("https")),
                                     ("credentials", .object(JSONObject([("credentialsType", .string("AccountKey"))]))),
                                     ("isDefault", .bool(true)),
                                 ])))])))
    }

    static func without(_ object: JSONObject, _ key: String) -> JSONObject {
        var copy = object
        copy[key] = nil
        return copy
    }

    static func text(_ json: JSON) -> String {
        switch json {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: return (try? PythonJSONWriter.write(json, indent: nil)) ?? ""
        }
    }
}
