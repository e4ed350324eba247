import JSONValue

/// The body of `POST /services` exactly as azureml-core 1.61's `Model.deploy` builds it for an
/// Environment deployment: `AciServiceDeploymentConfiguration._build_create_payload` /
/// `AksServiceDeploymentConfiguration._build_create_payload` over the base payload, with the
/// `environmentImageRequest` of `InferenceConfig._build_environment_image_request`, and
/// `computeName` set from the deployment target. Key order follows the SDK's templates.
enum RequestBody {
    /// The placeholder standing in for what is read at apply time (secrets, PEM files).
    static let redacted = "<redacted>"

    static func make(name: String, configuration c: DeploymentConfiguration, imageRequest: JSON,
                     overwrite: Bool) -> JSONObject {
        func value(_ name: String) -> JSON { c[name]?.json ?? .null }
        var body = JSONObject()
        switch c.compute {
        case .aci:
            body["containerResourceRequirements"] = .object(JSONObject([("cpu", value("cpu_cores")), ("memoryInGB", value("memory_gb"))]))
            if let v = c["auth_enabled"] { body["authEnabled"] = v.json }
            if let v = c["ssl_enabled"] {
                body["sslEnabled"] = v.json
                let ssl = v == .bool(true)
                body["sslCertificate"] = ssl ? .string(redacted) : .null
                body["sslKey"] = ssl ? .string(redacted) : .null
            }
            if let v = c["enable_app_insights"] { body["appInsightsEnabled"] = v.json }
            if c["collect_model_data"] == .bool(true) { body["dataCollection"] = dataCollection }
            body["cname"] = value("ssl_cname")
            body["dnsNameLabel"] = value("dns_name_label")
            if c["vnet_name"] != nil {
                body["vnetConfiguration"] = .object(JSONObject([("vnetName", value("vnet_name")), ("subnetName", value("subnet_name"))]))
            }
            // The template's order puts sslEnabled, appInsightsEnabled and dataCollection before
            // the certificate fields; rebuild in that order.
            if overwrite { body["overwrite"] = .bool(true) }
            body = ordered(body, ["containerResourceRequirements", "authEnabled", "sslEnabled", "appInsightsEnabled",
                                  "dataCollection", "sslCertificate", "sslKey", "cname", "dnsNameLabel", "overwrite",
                                  "vnetConfiguration"])
        case .aks:
            body["numReplicas"] = value("num_replicas")
            if c["collect_model_data"] == .bool(true) { body["dataCollection"] = dataCollection }
            body["computeName"] = .null
            if let v = c["enable_app_insights"] { body["appInsightsEnabled"] = v.json }
            if let v = c["autoscale_enabled"] {
                body["autoScaler"] = .object(JSONObject([
                    ("autoscaleEnabled", v.json), ("minReplicas", value("autoscale_min_replicas")),
                    ("maxReplicas", value("autoscale_max_replicas")), ("targetUtilization", value("autoscale_target_utilization")),
                    ("refreshPeriodInSeconds", value("autoscale_refresh_seconds")),
                ]))
            }
            body["containerResourceRequirements"] = .object(JSONObject([
                ("cpu", value("cpu_cores")), ("cpuLimit", value("cpu_cores_limit")), ("memoryInGB", value("memory_gb")),
                ("memoryInGBLimit", value("memory_gb_limit")), ("gpu", value("gpu_cores")),
            ]))
            body["maxConcurrentRequestsPerContainer"] = value("replica_max_concurrent_requests")
            body["maxQueueWaitMs"] = value("max_request_wait_time")
            body["namespace"] = value("namespace")
            body["scoringTimeoutMs"] = value("scoring_timeout_ms")
            if let v = c["auth_enabled"] { body["authEnabled"] = v.json }
            if let v = c["token_auth_enabled"] { body["aadAuthEnabled"] = v.json }
            body["livenessProbeRequirements"] = .object(JSONObject([
                ("initialDelaySeconds", value("initial_delay_seconds")), ("periodSeconds", value("period_seconds")),
                ("failureThreshold", value("failure_threshold")), ("successThreshold", value("success_threshold")),
                ("timeoutSeconds", value("timeout_seconds")),
            ]))
            if overwrite { body["overwrite"] = .bool(true) }
        }
        // `json_payload.update(base_payload)`.
        body["name"] = .string(name)
        body["description"] = value("description")
        body["kvTags"] = value("tags")
        body["properties"] = c["properties"]?.json ?? .object(JSONObject())
        body["keys"] = .object(JSONObject([("primaryKey", .null), ("secondaryKey", .null)]))
        body["computeType"] = .string(c.compute.rawValue)
        body["environmentImageRequest"] = imageRequest
        body["location"] = value("location")
        // `Model._deploy_with_environment_image_request`: computeName from the deployment target.
        if let target = c.computeTarget, body["computeName"] != nil { body["computeName"] = .string(target) }
        return body
    }

    /// `InferenceConfig._build_environment_image_request`: the driver wrapper, the source folder
    /// tarball, the model ids and the serialized Environment.
    static func imageRequest(driver: PlannedAsset, source: PlannedAsset, modelIds: [String], environment: JSON) -> JSON {
        var request = JSONObject([("driverProgram", .string(driver.id)), ("assets", .array([])), ("modelIds", .array([]))])
        if !modelIds.isEmpty { request["modelIds"] = .array(modelIds.map(JSON.string)) }
        request["assets"] = .array([
            .object(JSONObject([("id", .string(driver.id)), ("url", .string(driver.url)), ("mimeType", .string("application/x-python"))])),
            .object(JSONObject([("mimeType", .string("application/octet-stream")), ("id", .string(source.id)),
                                ("url", .string(source.url)), ("unpack", .bool(true))])),
        ])
        request["environment"] = environment
        return .object(request)
    }

    private static let dataCollection = JSON.object(JSONObject([("storageEnabled", .bool(true)), ("eventHubEnabled", .bool(false))]))

    private static func ordered(_ object: JSONObject, _ order: [String]) -> JSONObject {
        var out = JSONObject()
        for key in order { if let v = object[key] { out[key] = v } }
        for (key, v) in object.entries where out[key] == nil { out[key] = v }
        return out
    }
}
