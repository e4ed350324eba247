import Foundation
import JSONValue
import Snapshot

/// The Model Management Service routes: images, models, services, operations.
extension EmulatorState {
    /// The MMS base path of workspace `w`.
    func mmsPrefix(_ w: Int) -> String { "/modelmanagement/v1.0" + served[w].path }

    /// The MMS routes of served workspace `w`.
    func mms(_ w: Int, method: String, rest: [String], target: RequestTarget, body: [UInt8]) -> Reply {
        let catalog = served[w].catalog
        switch (method, rest.count, rest.first) {
        case ("GET", 1, "images"): return listImages(catalog, target)
        case ("GET", 2, "images"): return one(catalog.images, key: rest[1], what: "image", in: w)
        case ("GET", 1, "models"): return page(catalog.models.map { .object($0.payload) }, target: target)
        case ("GET", 2, "models"): return one(catalog.models, key: rest[1], what: "model", in: w)
        case ("GET", 1, "services"): return listServices(catalog, target)
        case ("GET", 2, "services"): return one(catalog.services, key: rest[1], what: "service", in: w)
        case ("POST", 1, "services"): return createService(w, body: body)
        case ("GET", 2, "operations"): return operation(rest[1], in: w)
        default:
            return .notFound("no MMS route \(method) /\(rest.joined(separator: "/"))")
        }
    }

    private func one(_ items: [SnapshotCatalog.Item], key: String, what: String, in w: Int) -> Reply {
        guard let item = items.first(where: { $0.key == key }) else {
            return .notFound("\(what) \(key) not found in workspace \(served[w].workspaceName)")
        }
        return .json(.object(item.payload))
    }

    private func listImages(_ catalog: SnapshotCatalog, _ target: RequestTarget) -> Reply {
        let expand = target.parameter("expand")?.lowercased() == "true"
        var items = catalog.images.map(\.payload)
        if let name = target.parameter("name") { items = items.filter { $0["name"]?.stringValue == name } }
        if let modelId = target.parameter("modelId") {
            items = items.filter { ($0["modelIds"]?.arrayValue ?? []).contains(.string(modelId)) }
        }
        if let modelName = target.parameter("modelName") {
            items = items.filter { image in
                (image["modelIds"]?.arrayValue ?? []).contains { $0.stringValue?.hasPrefix(modelName + ":") == true }
            }
        }
        if let tags = target.parameter("tags") {
            items = items.filter { Self.matches(filter: tags, in: $0["kvTags"] ?? $0["tags"]) }
        }
        if let properties = target.parameter("properties") {
            items = items.filter { Self.matches(filter: properties, in: $0["properties"]) }
        }
        if !expand {
            items = items.map { var copy = $0; copy["modelDetails"] = nil; return copy }
        }
        return page(items.map { .object($0) }, target: target)
    }

    private func listServices(_ catalog: SnapshotCatalog, _ target: RequestTarget) -> Reply {
        var items = catalog.services.map(\.payload)
        if let imageId = target.parameter("imageId") {
            items = items.filter { ($0["imageId"] ?? $0["imageDetails"]?["id"])?.stringValue == imageId }
        }
        if let computeType = target.parameter("computeType") {
            items = items.filter { $0["computeType"]?.stringValue?.lowercased() == computeType.lowercased() }
        }
        if let name = target.parameter("name") { items = items.filter { $0["name"]?.stringValue == name } }
        return page(items.map { .object($0) }, target: target)
    }

    /// `k=v,k2`: every term must hold (`k` has value `v`; `k2` is present).
    static func matches(filter: String, in tags: JSON?) -> Bool {
        let object = tags?.objectValue ?? JSONObject()
        for term in filter.split(separator: ",") {
            let kv = term.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0])
            guard let value = object[key] else { return false }
            if kv.count > 1, value.stringValue != String(kv[1]) { return false }
        }
        return true
    }

    /// One page of `items` from `skipToken`, with an absolute `nextLink` when more remain.
    func page(_ items: [JSON], target: RequestTarget) -> Reply {
        let size = max(configuration.pageSize, 1)
        let skip = max(Int(target.parameter("skipToken") ?? "") ?? 0, 0)
        let slice = items.dropFirst(skip).prefix(size)
        var object = JSONObject([("value", .array(Array(slice)))])
        if skip + slice.count < items.count {
            let kept = target.query.filter { $0.key.lowercased() != "skiptoken" }
                .map { URLText.encode($0.key) + "=" + URLText.encodeQueryValue($0.value) }
            let query = (kept + ["skipToken=\(skip + slice.count)"]).joined(separator: "&")
            object["nextLink"] = .string(baseURL + target.rawPath + "?" + query)
        }
        return .json(.object(object))
    }

    private func createService(_ w: Int, body: [UInt8]) -> Reply {
        let json: JSON
        do {
            json = try JSONParser.parse(body, file: "request body")
        } catch {
            return .error(400, code: "BadRequest", message: "the request body is not JSON: \(error.message) at \(error.line):\(error.column)")
        }
        guard var service = json.objectValue else {
            return .error(400, code: "BadRequest", message: "the request body must be a JSON object")
        }
        guard let name = service["name"]?.stringValue, !name.isEmpty else {
            return .error(400, code: "BadRequest", message: "the service needs a non-empty string \"name\"")
        }
        if let problem = Self.problem(inCreateBody: service) { return .error(400, code: "BadRequest", message: problem) }
        for asset in service["environmentImageRequest"]?["assets"]?.arrayValue ?? [] {
            guard let url = asset["url"]?.stringValue, let relative = try? ArtifactStore.relativePath(of: url),
                  hasArtifactContent(relative, in: w) else {
                return .error(400, code: "BadRequest",
                              message: "asset \(asset["id"]?.stringValue ?? "?") (\(asset["url"]?.stringValue ?? "no url")) does not exist or was never uploaded")
            }
        }
        let overwrite = service["overwrite"]?.boolValue == true
        let existing = served[w].catalog.services.firstIndex(where: { $0.key == name })
        if existing != nil && !overwrite {
            return .error(409, code: "Conflict", message: "a service named \(name) already exists in workspace \(served[w].workspaceName)")
        }
        let operationId = UUID().uuidString.lowercased()
        service["overwrite"] = nil
        service["state"] = .string("Transitioning")
        if service["scoringUri"] == nil {
            service["scoringUri"] = .string(baseURL + "/api/v1/service/\(URLText.encode(name))/score")
        }
        service["operationId"] = .string(operationId)
        if let existing {
            served[w].catalog.services[existing].payload = service
        } else {
            served[w].catalog.services.append(SnapshotCatalog.Item(key: name, payload: service))
        }
        operations[operationId] = Operation(workspace: w, serviceName: name, polls: 0)
        return Reply(status: 202, headers: [("Operation-Location", baseURL + mmsPrefix(w) + "/operations/" + operationId),
                                            ("Content-Type", "application/json; charset=utf-8")],
                     body: Array("{}".utf8))
    }

    /// What MMS would refuse in a create body: an unknown compute type, an AKS service without
    /// its cluster, an environment image request without assets.
    static func problem(inCreateBody service: JSONObject) -> String? {
        let known = ["ACI", "AKS", "AKSENDPOINT", "MIR"]
        guard let type = service["computeType"]?.stringValue, known.contains(type) else {
            return "computeType must be one of \(known.joined(separator: ", "))"
        }
        if type == "AKS", service["computeName"]?.stringValue?.isEmpty != false {
            return "an AKS service needs \"computeName\" (the cluster)"
        }
        if let request = service["environmentImageRequest"], !request.isNull {
            guard let assets = request["assets"]?.arrayValue, !assets.isEmpty, request["environment"]?.objectValue != nil else {
                return "environmentImageRequest needs assets and an environment"
            }
        }
        return nil
    }

    private func operation(_ id: String, in w: Int) -> Reply {
        guard var op = operations[id], op.workspace == w else { return .notFound("operation \(id) not found") }
        op.polls += 1
        operations[id] = op
        var object = JSONObject([("id", .string(id)), ("operationType", .string("Deploy"))])
        if op.polls <= operationPollsBeforeDone {
            object["state"] = .string("Running")
        } else if configuration.failingDeployments.contains(op.serviceName) {
            let error = JSON.object(JSONObject([
                ("code", .string("DeploymentFailed")),
                ("message", .string("Container crashed during startup: the scoring script's init() raised (injected by image2env-emulator)")),
            ]))
            if let i = served[w].catalog.services.firstIndex(where: { $0.key == op.serviceName }) {
                served[w].catalog.services[i].payload["state"] = .string("Failed")
                served[w].catalog.services[i].payload["error"] = error
            }
            object["state"] = .string("Failed")
            object["error"] = error
        } else {
            if let i = served[w].catalog.services.firstIndex(where: { $0.key == op.serviceName }) {
                served[w].catalog.services[i].payload["state"] = .string("Healthy")
            }
            object["state"] = .string("Succeeded")
            object["resourceLocation"] = .string(mmsPrefix(w) + "/services/" + URLText.encode(op.serviceName))
        }
        return .json(.object(object))
    }
}
