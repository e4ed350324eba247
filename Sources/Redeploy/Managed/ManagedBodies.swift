import EnvironmentSpec
import JSONValue

/// The request bodies azure-ai-ml 1.35 builds from the v2 YAML files, serialized as its
/// generated client sends them (camelCase keys in the models' order, absent values left out):
/// `ManagedOnlineEndpoint._to_rest_online_endpoint`, `ManagedOnlineDeployment._to_rest_object`,
/// `Environment._to_rest_object` and `Code._to_rest_object`.
enum ManagedBodies {
    /// The keys image2env writes in `v2/endpoint.yml` (anything else would be left out here).
    static let endpointKeys: Set<String> = ["$schema", "name", "description", "auth_mode", "properties", "tags"]
    /// The keys image2env writes in `v2/deployment.yml`.
    static let deploymentKeys: Set<String> = ["$schema", "name", "endpoint_name", "model", "code_configuration", "environment",
                                              "instance_type", "instance_count", "app_insights_enabled", "request_settings",
                                              "liveness_probe", "properties", "tags"]

    static func checkKeys(_ node: YAMLNode, file: String, allowed: Set<String>) throws(ManagedRequestError) {
        guard case .mapping = node else { throw ManagedRequestError("\(file): expected a mapping") }
        if let other = node.keys.first(where: { !allowed.contains($0) }) {
            throw ManagedRequestError("\(file): \(other) is not a key image2env writes; --apply sends only what it planned: plan again")
        }
    }

    /// `_to_rest_online_endpoint(location)`: a system-assigned identity, no traffic yet.
    static func endpoint(_ yaml: YAMLNode, location: String) throws(ManagedRequestError) -> JSONObject {
        guard let mode = yaml["auth_mode"]?.stringValue else {
            throw ManagedRequestError("\(ManagedRequests.endpointFile): auth_mode is required")
        }
        var properties = JSONObject()
        if let description = yaml["description"]?.stringValue { properties["description"] = .string(description) }
        properties["authMode"] = .string(restAuthMode(mode))
        properties["properties"] = try strings(yaml["properties"], "properties", ManagedRequests.endpointFile)
        properties["traffic"] = .object(JSONObject())
        properties["mirrorTraffic"] = .object(JSONObject())
        return JSONObject([("location", .string(location)), ("properties", .object(properties)),
                           ("identity", .object(JSONObject([("type", .string("SystemAssigned"))]))),
                           ("tags", try strings(yaml["tags"], "tags", ManagedRequests.endpointFile))])
    }

    /// `ManagedOnlineDeployment._to_rest_object(location)` with the code, environment and model
    /// resolved to their ARM ids (as `upload_dependencies` leaves them).
    static func deployment(_ yaml: YAMLNode, location: String, codeId: String, environmentId: String,
                           modelId: String?) throws(ManagedRequestError) -> JSONObject {
        let file = ManagedRequests.deploymentFile
        guard let script = yaml["code_configuration"]?["scoring_script"]?.stringValue else {
            throw ManagedRequestError("\(file): code_configuration.scoring_script is required")
        }
        var properties = JSONObject()
        properties["codeConfiguration"] = .object(JSONObject([("codeId", .string(codeId)), ("scoringScript", .string(script))]))
        properties["environmentId"] = .string(environmentId)
        if let modelId { properties["model"] = .string(modelId) }
        properties["properties"] = try strings(yaml["properties"], "properties", file)
        properties["environmentVariables"] = .object(JSONObject())
        properties["appInsightsEnabled"] = .bool(yaml["app_insights_enabled"]?.boolValue ?? false)
        if let settings = yaml["request_settings"] {
            var out = JSONObject()
            if let v = try integer(settings, "max_queue_wait_ms", file), let d = ISODuration.milliseconds(v) { out["maxQueueWait"] = .string(d) }
            if let v = try integer(settings, "max_concurrent_requests_per_instance", file) { out["maxConcurrentRequestsPerInstance"] = .int(v) }
            if let v = try integer(settings, "request_timeout_ms", file), let d = ISODuration.milliseconds(v) { out["requestTimeout"] = .string(d) }
            properties["requestSettings"] = .object(out)
        }
        if let probe = yaml["liveness_probe"] {
            var out = JSONObject()
            if let v = try integer(probe, "failure_threshold", file) { out["failureThreshold"] = .int(v) }
            if let v = try integer(probe, "success_threshold", file) { out["successThreshold"] = .int(v) }
            for (key, rest) in [("timeout", "timeout"), ("period", "period"), ("initial_delay", "initialDelay")] {
                if let v = try integer(probe, key, file), let d = ISODuration.seconds(v) { out[rest] = .string(d) }
            }
            properties["livenessProbe"] = .object(out)
        }
        if let type = yaml["instance_type"]?.stringValue { properties["instanceType"] = .string(type) }
        properties["endpointComputeType"] = .string("Managed")
        var sku = JSONObject([("name", .string("Default"))])
        if let count = try integer(yaml, "instance_count", file) { sku["capacity"] = .int(count) }
        return JSONObject([("location", .string(location)), ("properties", .object(properties)),
                           ("tags", try strings(yaml["tags"], "tags", file)), ("sku", .object(sku))])
    }

    /// `Code._to_rest_object()` for an anonymous code folder (its `codeUri` filled in at apply time).
    static func codeVersion(hash: String) -> JSONObject {
        JSONObject([("properties", .object(JSONObject([
            ("codeUri", .string(ManagedRequests.codeURIPlaceholder)),
            ("isAnonymous", .bool(true)),
            ("properties", .object(JSONObject([("hash_sha256", .string(hash)), ("hash_version", .int(ContentHash.codeHashVersion))]))),
        ])))])
    }

    /// `Environment._to_rest_object()` of an anonymous environment.
    static func environmentVersion(image: String?, condaFile: String?, build: (context: String, dockerfile: String?)?) -> JSONObject {
        var properties = JSONObject()
        if let condaFile { properties["condaFile"] = .string(condaFile) }
        if let image { properties["image"] = .string(image) }
        if let build {
            var context = JSONObject([("contextUri", .string(build.context))])
            if let dockerfile = build.dockerfile { context["dockerfilePath"] = .string(dockerfile) }
            properties["build"] = .object(context)
        }
        properties["isAnonymous"] = .bool(true)
        properties["isArchived"] = .bool(false)
        return JSONObject([("properties", .object(properties))])
    }

    /// `Environment._generate_anonymous_name_version(source="image")`: SHA-256 of the image's
    /// hash joined (Python's `str.join`) into the conda file's hash.
    static func anonymousVersion(image: String, condaFile: String?) -> String {
        var text = ContentHash.sha256(image)
        if let condaFile { text = ContentHash.pythonJoin(text, ContentHash.sha256(condaFile)) }
        return ContentHash.sha256(text)
    }

    /// The same for `source="build"`: the build context's upload hash, joined into the
    /// Dockerfile path's hash when there is one.
    static func anonymousVersion(uploadHash: String, dockerfilePath: String?) -> String {
        var text = ContentHash.sha256(uploadHash)
        if let dockerfilePath, !dockerfilePath.isEmpty { text = ContentHash.pythonJoin(text, ContentHash.sha256(dockerfilePath)) }
        return ContentHash.sha256(text)
    }

    /// `OnlineEndpoint._yaml_auth_mode_to_rest_auth_mode`.
    static func restAuthMode(_ yaml: String) -> String {
        switch yaml.lowercased() {
        case "key": return "Key"
        case "aml_token": return "AMLToken"
        case "aad_token": return "AADToken"
        default: return yaml.lowercased()
        }
    }

    private static func strings(_ node: YAMLNode?, _ key: String, _ file: String) throws(ManagedRequestError) -> JSON {
        guard let node else { return .object(JSONObject()) }
        guard let pairs = node.stringPairs else { throw ManagedRequestError("\(file): \(key) must map strings to strings") }
        return .object(JSONObject(pairs.map { ($0.0, JSON.string($0.1)) }))
    }

    private static func integer(_ node: YAMLNode, _ key: String, _ file: String) throws(ManagedRequestError) -> Int64? {
        guard let value = node[key], !value.isNull else { return nil }
        guard let number = value.intValue else { throw ManagedRequestError("\(file): \(key) must be an integer") }
        return number
    }
}
