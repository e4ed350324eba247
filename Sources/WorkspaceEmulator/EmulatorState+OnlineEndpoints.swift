import Foundation
import JSONValue

/// Managed online endpoints and their deployments: `PUT` answers 201 (or 200 for an update)
/// with `Azure-AsyncOperation` and `Location`; the operation (and the resource's
/// `provisioningState`) moves on with each poll of either; a deployment of an endpoint named in
/// `failingDeployments` ends `Failed` and its logs say why.
extension EmulatorState {
    func onlineEndpoints(_ w: Int, method: String, rest r: [String], path: String, body: [UInt8], apiVersion: String) -> Reply {
        let endpoint = r[1]
        switch (method, r.count) {
        case ("GET", 2):
            advance(path)
            return found(served[w].managed.endpoints[endpoint], "online endpoint \(endpoint)")
        case ("PUT", 2):
            return putEndpoint(w, name: endpoint, path: path, body: body, apiVersion: apiVersion)
        case ("GET", 4) where r[2] == "deployments":
            advance(path)
            return found(served[w].managed.deployments[endpoint + "/" + r[3]], "deployment \(r[3]) of online endpoint \(endpoint)")
        case ("PUT", 4) where r[2] == "deployments":
            return putDeployment(w, endpoint: endpoint, name: r[3], path: path, body: body, apiVersion: apiVersion)
        case ("POST", 5) where r[2] == "deployments" && r[4] == "getLogs":
            return logs(w, endpoint: endpoint, deployment: r[3], body: body)
        default:
            return .armError(404, code: "NotFound", message: "no online endpoint route \(method) \(path)")
        }
    }

    private func putEndpoint(_ w: Int, name: String, path: String, body: [UInt8], apiVersion: String) -> Reply {
        guard let object = Self.parseObject(body), let location = object["location"]?.stringValue,
              let properties = object["properties"]?.objectValue else {
            return .armError(400, code: "BadRequest", message: "an online endpoint needs \"location\" and \"properties\"")
        }
        guard name.wholeMatch(of: #/[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]/#) != nil else {
            return .armError(400, code: "BadRequest", message: "endpoint name \(name): 3 to 32 letters, digits and '-', starting with a letter")
        }
        guard let mode = properties["authMode"]?.stringValue, ["Key", "AMLToken", "AADToken"].contains(mode) else {
            return .armError(400, code: "BadRequest", message: "properties.authMode must be Key, AMLToken or AADToken")
        }
        let traffic = properties["traffic"]?.objectValue ?? JSONObject()
        var total: Int64 = 0
        for (deployment, share) in traffic.entries {
            guard let percent = share.intValue, (0...100).contains(percent) else {
                return .armError(400, code: "BadRequest", message: "traffic to \(deployment) must be 0 to 100")
            }
            let state = served[w].managed.deployments[name + "/" + deployment]?["properties"]?["provisioningState"]?.stringValue
            if percent > 0 && state != "Succeeded" {
                return .armError(400, code: "BadRequest",
                                 message: "traffic goes only to deployments that succeeded; \(deployment) is \(state ?? "not there")")
            }
            total += percent
        }
        guard total == 0 || total == 100 else {
            return .armError(400, code: "BadRequest", message: "the traffic of an endpoint adds up to 100 (or 0), not \(total)")
        }
        let existing = served[w].managed.endpoints[name]
        var stored = properties
        stored["provisioningState"] = .string(existing == nil ? "Creating" : "Updating")
        stored["scoringUri"] = existing?["properties"]?["scoringUri"] ?? .string("https://\(name).\(location).inference.ml.azure.com/score")
        stored["swaggerUri"] = existing?["properties"]?["swaggerUri"] ?? .string("https://\(name).\(location).inference.ml.azure.com/swagger.json")
        let resource = Self.armResource(path: path, name: name, type: "onlineEndpoints", JSONObject([
            ("location", .string(location)), ("identity", object["identity"] ?? .null), ("tags", object["tags"] ?? .object(JSONObject())),
            ("kind", .string("Managed")), ("properties", .object(stored)),
        ]))
        served[w].managed.endpoints[name] = resource
        return startOperation(w, .endpoint, key: name, path: path, location: location, resource: resource, created: existing == nil,
                              apiVersion: apiVersion)
    }

    private func putDeployment(_ w: Int, endpoint: String, name: String, path: String, body: [UInt8], apiVersion: String) -> Reply {
        guard let host = served[w].managed.endpoints[endpoint] else {
            return .armError(404, code: "ResourceNotFound", message: "The online endpoint \(endpoint) was not found.")
        }
        if host["properties"]?["provisioningState"]?.stringValue == "Creating" {
            return .armError(409, code: "Conflict", message: "the online endpoint \(endpoint) is still being created; wait for it")
        }
        guard let object = Self.parseObject(body), let location = object["location"]?.stringValue,
              let properties = object["properties"]?.objectValue else {
            return .armError(400, code: "BadRequest", message: "a deployment needs \"location\" and \"properties\"")
        }
        if let problem = deploymentProblem(w, properties, sku: object["sku"]) { return .armError(400, code: "BadRequest", message: problem) }
        let key = endpoint + "/" + name
        let existing = served[w].managed.deployments[key]
        var stored = properties
        stored["provisioningState"] = .string(existing == nil ? "Creating" : "Updating")
        let resource = Self.armResource(path: path, name: name, type: "onlineEndpoints/deployments", JSONObject([
            ("location", .string(location)), ("tags", object["tags"] ?? .object(JSONObject())), ("kind", .string("Managed")),
            ("sku", object["sku"] ?? .null), ("properties", .object(stored)),
        ]))
        served[w].managed.deployments[key] = resource
        return startOperation(w, .deployment, key: key, path: path, location: location, resource: resource, created: existing == nil,
                              apiVersion: apiVersion)
    }

    /// What the service refuses in a deployment: unknown code, environment or model ids, no
    /// instance type or count, a request timeout over 3 minutes.
    private func deploymentProblem(_ w: Int, _ p: JSONObject, sku: JSON?) -> String? {
        let managed = served[w].managed
        guard let code = p["codeConfiguration"]?["codeId"]?.stringValue,
              managed.codes.values.contains(where: { $0["id"]?.stringValue?.lowercased() == code.lowercased() }) else {
            return "codeConfiguration.codeId \(p["codeConfiguration"]?["codeId"]?.stringValue ?? "(none)") is not a code version of the workspace"
        }
        guard let environment = p["environmentId"]?.stringValue,
              managed.environments.values.contains(where: { $0["id"]?.stringValue?.lowercased() == environment.lowercased() }) else {
            return "environmentId \(p["environmentId"]?.stringValue ?? "(none)") is not an environment version of the workspace"
        }
        if let model = p["model"]?.stringValue {
            let parts = model.split(separator: "/").map(String.init)
            guard parts.count >= 4, parts[parts.count - 4] == "models",
                  served[w].catalog.models.contains(where: { $0.key == parts[parts.count - 3] + ":" + parts[parts.count - 1] }) else {
                return "model \(model) is not a model version of the workspace"
            }
        }
        guard p["endpointComputeType"]?.stringValue == "Managed", p["instanceType"]?.stringValue?.isEmpty == false else {
            return "a managed deployment needs endpointComputeType Managed and an instanceType"
        }
        guard let capacity = sku?["capacity"]?.intValue, capacity >= 1 else { return "sku.capacity must be at least 1" }
        if let timeout = p["requestSettings"]?["requestTimeout"]?.stringValue, Self.seconds(timeout).map({ $0 > 180 }) ?? true {
            return "requestSettings.requestTimeout \(timeout) is more than the 3 minutes managed online endpoints allow"
        }
        return nil
    }

    /// Seconds of an ISO 8601 duration `PT[nH][nM][n[.f]S]`, or nil.
    static func seconds(_ duration: String) -> Double? {
        guard let match = duration.wholeMatch(of: #/PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?/#) else { return nil }
        let h = match.1.flatMap { Double($0) } ?? 0, m = match.2.flatMap { Double($0) } ?? 0, s = match.3.flatMap { Double($0) } ?? 0
        return h * 3600 + m * 60 + s
    }

    private func startOperation(_ w: Int, _ kind: ArmOperation.Kind, key: String, path: String, location: String,
                                resource: JSONObject, created: Bool, apiVersion: String) -> Reply {
        let id = UUID().uuidString.lowercased()
        armOperations[id] = ArmOperation(workspace: w, kind: kind, key: key, path: path)
        served[w].managed.provisioning[path] = id
        let base = baseURL + "/subscriptions/" + URLText.encode(served[w].subscriptionId)
            + "/providers/Microsoft.MachineLearningServices/locations/" + URLText.encode(location)
        let query = "?api-version=" + URLText.encode(apiVersion)
        var reply = Reply.json(.object(resource), status: created ? 201 : 200)
        reply.headers.append(("Azure-AsyncOperation", base + "/mfeOperationsStatus/" + id + query))
        reply.headers.append(("Location", base + "/mfeOperationResults/" + id + query))
        return reply
    }

    /// A poll of the resource at `path`: its operation moves on.
    private func advance(_ path: String) {
        guard let id = servedManagedOperation(path) else { return }
        progress(id)
    }

    private func servedManagedOperation(_ path: String) -> String? {
        for workspace in served { if let id = workspace.managed.provisioning[path] { return id } }
        return nil
    }

    /// One poll of operation `id`: after the configured polls it ends, and so does the resource's provisioning.
    private func progress(_ id: String) {
        guard var op = armOperations[id], !op.ended else { return }
        op.polls += 1
        if op.polls > operationPollsBeforeDone {
            op.ended = true
            let w = op.workspace
            var state = "Succeeded"
            if op.kind == .deployment, let endpoint = op.key.split(separator: "/").first.map(String.init),
               configuration.failingDeployments.contains(endpoint) || configuration.failingDeployments.contains(op.key) {
                state = "Failed"
                op.error = .object(JSONObject([
                    ("code", .string("ResourceNotReady")),
                    ("message", .string("User container has crashed or terminated: the scoring script's init() raised "
                                        + "(injected by image2env-emulator). See the deployment logs.")),
                ]))
            }
            switch op.kind {
            case .endpoint: setState(&served[w].managed.endpoints, op.key, state)
            case .deployment: setState(&served[w].managed.deployments, op.key, state)
            }
            served[w].managed.provisioning[op.path] = nil
        }
        armOperations[id] = op
    }

    private func setState(_ resources: inout [String: JSONObject], _ key: String, _ state: String) {
        guard var properties = resources[key]?["properties"]?.objectValue else { return }
        properties["provisioningState"] = .string(state)
        resources[key]?["properties"] = .object(properties)
    }

    /// `GET .../mfeOperationsStatus/{id}` (`{"status", "error"}`) or `.../mfeOperationResults/{id}`
    /// (202 while it runs, then the resource).
    func armOperation(_ id: String, results: Bool, target: RequestTarget) -> Reply {
        guard armOperations[id] != nil else { return .armError(404, code: "NotFound", message: "operation \(id) not found") }
        progress(id)
        guard let op = armOperations[id] else { return .armError(404, code: "NotFound", message: "operation \(id) not found") }
        let status = !op.ended ? "InProgress" : op.error == nil ? "Succeeded" : "Failed"
        if results {
            if !op.ended {
                let query = target.parameter("api-version").map { "?api-version=" + URLText.encode($0) } ?? ""
                return Reply(status: 202, headers: [("Location", baseURL + target.rawPath + query)])
            }
            let resources = op.kind == .endpoint ? served[op.workspace].managed.endpoints : served[op.workspace].managed.deployments
            return resources[op.key].map { .json(.object($0)) } ?? Reply(status: 204)
        }
        var object = JSONObject([("id", .string(target.rawPath)), ("name", .string(id)), ("status", .string(status))])
        if let error = op.error { object["error"] = error }
        return .json(.object(object))
    }

    /// `POST .../deployments/{name}/getLogs` with `{"tail": N}`: the container's last lines.
    private func logs(_ w: Int, endpoint: String, deployment: String, body: [UInt8]) -> Reply {
        guard let resource = served[w].managed.deployments[endpoint + "/" + deployment] else {
            return .armError(404, code: "ResourceNotFound", message: "The deployment \(deployment) of online endpoint \(endpoint) was not found.")
        }
        let failed = resource["properties"]?["provisioningState"]?.stringValue == "Failed"
        var lines = [
            "Instance status:", "SystemSetup: Succeeded", "UserContainerImagePull: Succeeded", "ModelDownload: Succeeded",
            "UserContainerStart: " + (failed ? "Failed" : "Succeeded"), "",
            "Container logs:", "Azure ML Inferencing HTTP server v1.5.1", "Initializing logger",
            "Starting up app insights client", "Found user script at /var/azureml-app/source/score.py",
            "run() is decorated with @input_schema or not: False",
        ]
        if failed {
            lines += ["Traceback (most recent call last):", "  File \"/var/azureml-app/source/score.py\", line 12, in init",
                      "RuntimeError: init() raised (injected by image2env-emulator)", "Worker exiting (pid: 42)"]
        } else {
            lines += ["Users's init has completed successfully", "Listening at: http://0.0.0.0:31311"]
        }
        let tail = Self.parseObject(body)?["tail"]?.intValue.map(Int.init) ?? lines.count
        return .json(.object(JSONObject([("content", .string(lines.suffix(max(tail, 0)).joined(separator: "\n") + "\n"))])))
    }
}
