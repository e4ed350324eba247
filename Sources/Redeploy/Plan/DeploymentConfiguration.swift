import JSONValue
import LegacyImage

/// What `AciWebservice.deploy_configuration(...)` / `AksWebservice.deploy_configuration(...)`
/// is called with for the new service: the old service's carried settings as keyword arguments
/// (in the SDK's signature order), plus tags, properties and description.
public struct DeploymentConfiguration: Sendable, Equatable {
    /// One keyword argument.
    public struct Argument: Sendable, Equatable {
        public var name: String
        public var value: ConfigValue
    }

    public var compute: ServiceCompute
    /// The arguments passed, in signature order; those not passed are the SDK's `None`.
    public var arguments: [Argument]
    /// AKS: the cluster, as `ComputeTarget(ws, name)`.
    public var computeTarget: String?
    /// What changed on the way, or what the user must know (one sentence each).
    public var notes: [String]

    public subscript(name: String) -> ConfigValue? { arguments.first { $0.name == name }?.value }

    /// The keyword arguments of each `deploy_configuration`, in signature order (azureml-core 1.61).
    static func signature(_ compute: ServiceCompute) -> [String] {
        switch compute {
        case .aci:
            return ["cpu_cores", "memory_gb", "tags", "properties", "description", "location", "auth_enabled",
                    "ssl_enabled", "enable_app_insights", "ssl_cert_pem_file", "ssl_key_pem_file", "ssl_cname",
                    "dns_name_label", "primary_key", "secondary_key", "collect_model_data", "cmk_vault_base_url",
                    "cmk_key_name", "cmk_key_version", "vnet_name", "subnet_name"]
        case .aks:
            return ["autoscale_enabled", "autoscale_min_replicas", "autoscale_max_replicas", "autoscale_refresh_seconds",
                    "autoscale_target_utilization", "collect_model_data", "auth_enabled", "cpu_cores", "memory_gb",
                    "enable_app_insights", "scoring_timeout_ms", "replica_max_concurrent_requests",
                    "max_request_wait_time", "num_replicas", "primary_key", "secondary_key", "tags", "properties",
                    "description", "gpu_cores", "period_seconds", "initial_delay_seconds", "timeout_seconds",
                    "success_threshold", "failure_threshold", "namespace", "token_auth_enabled", "compute_target_name",
                    "cpu_cores_limit", "memory_gb_limit", "blobfuse_enabled"]
        }
    }
}

/// A carried setting the SDK would refuse, or a value of the wrong type: the service is not
/// carried.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The payload field (`$.containerResourceRequirements.cpu`), if one is to blame.
    public var field: String?
    public var message: String
    /// Whether a value has the wrong type (bad input data), rather than a setting the SDK refuses.
    public var isWrongType = false
    public var description: String { (field.map { $0 + ": " } ?? "") + message }
}

extension DeploymentConfiguration {
    /// The configuration that recreates a service with `recorded` settings.
    /// - Parameters:
    ///   - properties: the new service's properties (provenance).
    ///   - nameSuffix: appended to the old DNS label, which the old service keeps using.
    ///   - sslVariables: ACI with SSL: the environment variables naming the PEM certificate and key.
    static func make(_ recorded: RecordedSettings, properties: [KeyValue], nameSuffix: String,
                     sslVariables: (certificate: String, key: String)) throws(ConfigurationError) -> DeploymentConfiguration {
        let reader = SettingsReader(recorded: recorded)
        var values: [String: ConfigValue] = [:]
        var notes: [String] = []
        var computeTarget: String?

        if let description = try reader.string("description") { values["description"] = .string(description) }
        if let tags = try reader.tags(), !tags.isEmpty { values["tags"] = .map(tags) }
        values["properties"] = .map(properties)
        if let cpu = try reader.number("containerResourceRequirements", "cpu") { values["cpu_cores"] = .double(cpu) }
        if let memory = try reader.number("containerResourceRequirements", "memoryInGB") { values["memory_gb"] = .double(memory) }
        if let b = try reader.bool("authEnabled") { values["auth_enabled"] = .bool(b) }
        if let b = try reader.bool("appInsightsEnabled") { values["enable_app_insights"] = .bool(b) }
        if try reader.bool("dataCollection", "storageEnabled") == true { values["collect_model_data"] = .bool(true) }

        switch recorded.compute {
        case .aci:
            if let location = try reader.string("location") { values["location"] = .string(location) }
            let cname = try reader.string("cname")
            if let ssl = try reader.bool("sslEnabled") {
                values["ssl_enabled"] = .bool(ssl)
                if ssl {
                    guard cname != nil else {
                        throw ConfigurationError(field: "$.cname", message: "SSL is enabled but the service has no cname; the SDK needs one to recreate it")
                    }
                    values["ssl_cert_pem_file"] = .environment(sslVariables.certificate)
                    values["ssl_key_pem_file"] = .environment(sslVariables.key)
                }
            }
            if let cname { values["ssl_cname"] = .string(cname) }
            if let label = try reader.string("dnsNameLabel") {
                values["dns_name_label"] = .string(label + nameSuffix)
                notes.append("DNS label: \(label) stays with the old service; the new one gets \(label + nameSuffix).")
            }
            let vnet = try reader.string("vnetConfiguration", "vnetName")
            let subnet = try reader.string("vnetConfiguration", "subnetName")
            if let vnet, let subnet {
                values["vnet_name"] = .string(vnet)
                values["subnet_name"] = .string(subnet)
            }
        case .aks:
            guard let cluster = try reader.string("computeName") else {
                throw ConfigurationError(field: "$.computeName", message: "an AKS service without computeName: the cluster to deploy to is unknown")
            }
            computeTarget = cluster
            let replicas = try reader.integer("numReplicas")
            switch try reader.bool("autoScaler", "autoscaleEnabled") {
            case true?:
                values["autoscale_enabled"] = .bool(true)
                if let v = try reader.integer("autoScaler", "minReplicas") { values["autoscale_min_replicas"] = .int(v) }
                if let v = try reader.integer("autoScaler", "maxReplicas") { values["autoscale_max_replicas"] = .int(v) }
                if let v = try reader.integer("autoScaler", "refreshPeriodInSeconds") { values["autoscale_refresh_seconds"] = .int(v) }
                if let v = try reader.integer("autoScaler", "targetUtilization") { values["autoscale_target_utilization"] = .int(v) }
            case false?:
                guard let replicas else {
                    throw ConfigurationError(field: "$.numReplicas", message: "autoscaling is off but numReplicas is not set; the SDK refuses such a configuration")
                }
                values["autoscale_enabled"] = .bool(false)
                values["num_replicas"] = .int(replicas)
            case nil:
                if let replicas { values["num_replicas"] = .int(replicas) }
            }
            if let v = try reader.number("containerResourceRequirements", "cpuLimit") { values["cpu_cores_limit"] = .double(v) }
            if let v = try reader.number("containerResourceRequirements", "memoryInGBLimit") { values["memory_gb_limit"] = .double(v) }
            if let v = try reader.integer("containerResourceRequirements", "gpu") { values["gpu_cores"] = .int(v) }
            if let v = try reader.integer("scoringTimeoutMs") { values["scoring_timeout_ms"] = .int(v) }
            if let v = try reader.integer("maxConcurrentRequestsPerContainer") { values["replica_max_concurrent_requests"] = .int(v) }
            if let v = try reader.integer("maxQueueWaitMs") { values["max_request_wait_time"] = .int(v) }
            if let v = try reader.string("namespace") { values["namespace"] = .string(v) }
            if let v = try reader.integer("livenessProbeRequirements", "periodSeconds") { values["period_seconds"] = .int(v) }
            if let v = try reader.integer("livenessProbeRequirements", "initialDelaySeconds") { values["initial_delay_seconds"] = .int(v) }
            if let v = try reader.integer("livenessProbeRequirements", "timeoutSeconds") { values["timeout_seconds"] = .int(v) }
            if let v = try reader.integer("livenessProbeRequirements", "successThreshold") { values["success_threshold"] = .int(v) }
            if let v = try reader.integer("livenessProbeRequirements", "failureThreshold") { values["failure_threshold"] = .int(v) }
            if let b = try reader.bool("aadAuthEnabled") { values["token_auth_enabled"] = .bool(b) }
            if values["auth_enabled"] == .bool(true) && values["token_auth_enabled"] == .bool(true) {
                throw ConfigurationError(field: "$.aadAuthEnabled", message: "key auth and token auth are both on; the SDK allows only one")
            }
        }
        for name in ["cpu_cores", "memory_gb", "cpu_cores_limit", "memory_gb_limit"] {
            if case .double(let v)? = values[name], v <= 0 {
                throw ConfigurationError(field: nil, message: "\(name) is \(v); the SDK needs a positive value")
            }
        }
        let arguments = signature(recorded.compute).compactMap { name in values[name].map { Argument(name: name, value: $0) } }
        return DeploymentConfiguration(compute: recorded.compute, arguments: arguments, computeTarget: computeTarget, notes: notes)
    }
}

/// Typed reads of recorded settings; a wrong type is a `ConfigurationError` naming the field.
private struct SettingsReader {
    var recorded: RecordedSettings

    private func value(_ path: [String]) -> JSON? {
        guard let v = RecordedSettings.value(at: path, in: recorded.json), !v.isNull else { return nil }
        return v
    }

    private func wrong(_ path: [String], _ expected: String, _ found: JSON) -> ConfigurationError {
        ConfigurationError(field: "$." + path.joined(separator: "."), message: "expected \(expected), found \(found.typeName)",
                           isWrongType: true)
    }

    func string(_ path: String...) throws(ConfigurationError) -> String? {
        guard let v = value(path) else { return nil }
        guard let s = v.stringValue else { throw wrong(path, "a string", v) }
        return s
    }

    func bool(_ path: String...) throws(ConfigurationError) -> Bool? {
        guard let v = value(path) else { return nil }
        guard let b = v.boolValue else { throw wrong(path, "a boolean", v) }
        return b
    }

    func number(_ path: String...) throws(ConfigurationError) -> Double? {
        guard let v = value(path) else { return nil }
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: throw wrong(path, "a number", v)
        }
    }

    func integer(_ path: String...) throws(ConfigurationError) -> Int64? {
        guard let v = value(path) else { return nil }
        switch v {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: return Int64(d)
        default: throw wrong(path, "an integer", v)
        }
    }

    func tags() throws(ConfigurationError) -> [KeyValue]? {
        guard let v = value(["kvTags"]) else { return nil }
        guard let object = v.objectValue else { throw wrong(["kvTags"], "an object", v) }
        var out: [KeyValue] = []
        for (key, tag) in object.entries {
            guard let s = tag.stringValue else { throw wrong(["kvTags", key], "a string", tag) }
            out.append(KeyValue(key: key, value: s))
        }
        return out
    }
}
