import Archive
import Emit
import EnvironmentSpec
import Foundation
import JSONValue
import LegacyImage
import MigrationRules
import Reports
import Snapshot
import WorkspaceClient

/// Turns an audit into deployment plans: one per webservice that runs a legacy image which the
/// rules convert (ready or review), on ACI or AKS; every other service is listed with the reason.
public struct Planner: Sendable {
    public var ruleSet: RuleSet
    /// Appended to the old name (and DNS label) for the new service: `-env` by default.
    public var nameSuffix: String
    let instanceTypes: InstanceTypes

    /// The folder name of the source tree inside a plan folder (`source_directory`'s basename).
    public static let sourceFolder = "source"
    /// The folder of the v1 Environment inside a plan folder.
    public static let environmentFolder = "environment"

    public init(ruleSet: RuleSet, nameSuffix: String = "-env") throws(ConfigurationError) {
        self.ruleSet = ruleSet
        self.nameSuffix = nameSuffix
        self.instanceTypes = try InstanceTypes(tables: ruleSet.tables)
    }

    /// The plans for `report`'s services (only those named in `services`, when given).
    public func plan(_ report: AuditReport, services wanted: [String] = []) -> RedeployPlan {
        let services = report.workspace.services
            .filter { wanted.isEmpty || wanted.contains($0.service.name) }
            .sorted { Array($0.service.name.utf8).lexicographicallyPrecedes(Array($1.service.name.utf8)) }
        var plans: [ServicePlan] = []
        var skipped: [SkippedService] = []
        for service in services {
            switch planService(service, report: report) {
            case .success(let plan): plans.append(plan)
            case .failure(let skip): skipped.append(skip)
            }
        }
        return RedeployPlan(source: report.workspace.source, workspace: report.workspace.info, nameSuffix: nameSuffix,
                            plans: plans, skipped: skipped)
    }

    /// The environment variable prefix of a service: `IMAGE2ENV_` and its name in upper case
    /// with `_` for anything but letters and digits.
    public static func variablePrefix(_ service: String) -> String {
        "IMAGE2ENV_" + String(service.uppercased().unicodeScalars.map { scalar -> Character in
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
        })
    }

    /// azureml-core's `webservice_name_validation`.
    public static func isValidServiceName(_ name: String) -> Bool {
        (3...32).contains(name.count) && name.range(of: "^[a-z]([-a-z0-9]*[a-z0-9])?$", options: .regularExpression) != nil
    }

    private func planService(_ record: ServiceRecord, report: AuditReport) -> Result<ServicePlan, SkippedService> {
        let service = record.service
        /// `field`: the bad value's JSON path in the service payload (`$.a.b`), for data errors.
        func skip(_ reason: String, dataError: ConfigurationError? = nil) -> Result<ServicePlan, SkippedService> {
            var problem: InputProblem?
            if let dataError {
                let location = record.origin.path.description + (dataError.field.map { String($0.dropFirst()) } ?? "")
                problem = InputProblem(.error, file: record.origin.file, location: location,
                                       message: "\(dataError.message); service \(service.name) is not recreated", imageId: service.imageId)
            }
            return .failure(SkippedService(service: service.name, computeType: service.computeType, imageId: service.imageId,
                                           reason: reason, problem: problem))
        }
        guard PlanFolder.isPlainName(service.name), service.name.utf8.count <= 255 else {
            return skip("the service name cannot be a folder name",
                        dataError: ConfigurationError(field: "$.name", message: "the service name cannot be a folder name"))
        }
        if service.usesEnvironment { return skip("already runs an Environment") }
        guard let imageId = service.imageId else { return skip("names no legacy image (no imageId)") }
        guard let compute = ServiceCompute(computeType: service.computeType) else {
            switch service.computeType?.uppercased() {
            case "IOT":
                return skip("IoT Edge modules are deployed to devices with deployment manifests, not with Model.deploy and an Environment")
            case "MIR":
                return skip("an MIR service is a managed online endpoint already; use the v2 environment of `image2env convert` with its deployment")
            case "AKSENDPOINT":
                return skip("AKS endpoints (with versions) are not recreated; deploy each version as an AKS service or move to v2")
            case let other?:
                return skip("compute type \(other) is unknown; only ACI and AKS services are recreated")
            case nil:
                return skip("the service has no computeType; only ACI and AKS services are recreated")
            }
        }
        guard let row = report.rows.first(where: { $0.image.id == imageId }) else {
            return skip("its image \(imageId) is not in the source")
        }
        if row.readiness == .manual {
            let reason = row.migration.findings.first { $0.severity == .manual }?.message ?? "the rules mark it manual"
            return skip("its image \(imageId) needs manual migration: \(reason)")
        }
        guard let tree = row.resolved.sourceTree, !tree.files.isEmpty else {
            return skip("the source files of image \(imageId) were not recovered (the source is not a snapshot, or its tarballs are missing or unreadable)")
        }
        guard let entry = tree.entryScript else {
            return skip("the entry script of image \(imageId) is not among its recovered files")
        }
        let newName = service.name + nameSuffix
        guard Self.isValidServiceName(newName) else {
            return skip("the new name \(newName) is not a valid service name (3 to 32 lower-case letters, digits and '-', starting with a letter); choose another --name-suffix")
        }
        var notes: [String] = []
        if let why = row.migration.resolution?.v2Unavailable {
            notes.append("No v2 files: \(why).")
        }
        if let taken = report.workspace.services.map(\.service).first(where: { $0.name == newName }) {
            if taken.imageId != nil && !taken.usesEnvironment {
                return skip("the new name \(newName) is taken by a service on a legacy image, which is never replaced; choose another --name-suffix")
            }
            notes.append("A service named \(newName) exists in the source: --apply refuses to replace it unless --overwrite is given.")
        }

        let recorded = RecordedSettings(compute: compute, payload: service.raw)
        let prefix = Self.variablePrefix(service.name)
        let definition = Conversion.environment(for: row.resolved, migration: row.migration, ruleSet: ruleSet)
        let environment = Conversion.v1Environment(definition)
        let files = tree.files.map { (path: $0.path, bytes: $0.data) }
        let driver = DeploymentAssets.driver(sourceFolder: Self.sourceFolder, entryScript: entry)
        let tarball: PlannedAsset
        do {
            tarball = try DeploymentAssets.sourceTarball(sourceFolder: Self.sourceFolder, files: files)
        } catch {
            return skip("cannot pack the source files of image \(imageId): \(error)")
        }

        var inputs: [PlanInput] = []
        var deployed = environment
        Self.setVariable(&deployed, "AZUREML_SOURCE_DIRECTORY", Self.sourceFolder)
        Self.setVariable(&deployed, "AZUREML_ENTRY_SCRIPT", Self.sourceFolder + "/" + entry)
        var password = JSON.null
        if deployed.docker.baseImageRegistry.username != nil {
            password = .string(RequestBody.redacted)
            inputs.append(PlanInput(path: ["environmentImageRequest", "environment", "docker", "baseImageRegistry", "password"],
                                    variable: prefix + "_REGISTRY_PASSWORD", kind: .secret))
        }
        let imageRequest = RequestBody.imageRequest(driver: driver, source: tarball, modelIds: row.image.modelIds,
                                                    environment: EnvironmentJSON.serialized(deployed, registryPassword: password))
        let ssl = (certificate: prefix + "_SSL_CERT_FILE", key: prefix + "_SSL_KEY_FILE")
        func provenance(_ digest: String) -> [KeyValue] {
            [KeyValue(key: "image2env.migratedFrom", value: service.name), KeyValue(key: "image2env.legacyImage", value: imageId),
             KeyValue(key: "image2env.plan", value: digest)]
        }
        var configuration: DeploymentConfiguration
        do {
            configuration = try DeploymentConfiguration.make(recorded, properties: provenance(""), nameSuffix: nameSuffix,
                                                             sslVariables: ssl)
        } catch {
            return skip("its settings cannot be carried: \(error)", dataError: error.isWrongType ? error : nil)
        }
        if configuration["ssl_enabled"] == .bool(true) {
            inputs.append(PlanInput(path: ["sslCertificate"], variable: ssl.certificate, kind: .file))
            inputs.append(PlanInput(path: ["sslKey"], variable: ssl.key, kind: .secretFile))
        }
        let unsigned = RequestBody.make(name: newName, configuration: configuration, imageRequest: imageRequest, overwrite: false)
        let digest = SHA256.hex(Array(((try? PythonJSONWriter.write(.object(unsigned), indent: nil)) ?? "").utf8))
        if let i = configuration.arguments.firstIndex(where: { $0.name == "properties" }) {
            configuration.arguments[i].value = .map(provenance(digest))
        }
        let body = RequestBody.make(name: newName, configuration: configuration, imageRequest: imageRequest, overwrite: false)
        let environmentV2 = Conversion.v2Environment(definition, migration: row.migration)

        return .success(ServicePlan(
            service: service.name, newService: newName, compute: compute, imageId: imageId, workspace: report.workspace.info,
            recorded: recorded, configuration: configuration, modelIds: row.image.modelIds, entryScript: entry,
            environment: environment, environmentV2: environmentV2,
            v2Unavailable: environmentV2 == nil ? row.migration.resolution?.v2Unavailable ?? "no v2 Environment could be made" : nil,
            sourceFiles: tree.files, v2Edits: row.migration.script.v2Edits, driver: driver,
            sourceTarball: tarball, inputs: inputs, body: body, digest: digest, readiness: row.readiness,
            findings: row.migration.findings, notes: notes + configuration.notes,
            managed: managedDeployment(configuration, models: row.image.modelIds)))
    }

    /// Sets an environment variable in place, or appends it (as a Python dict assignment does).
    static func setVariable(_ env: inout EnvironmentDefinition, _ name: String, _ value: String) {
        if let i = env.environmentVariables.firstIndex(where: { $0.name == name }) {
            env.environmentVariables[i].value = value
        } else {
            env.environmentVariables.append((name, value))
        }
    }

    private func managedDeployment(_ c: DeploymentConfiguration, models: [String]) -> ManagedDeployment {
        var notes: [String] = []
        var clamps: [Clamp] = []
        func number(_ name: String, default value: Double) -> Double {
            switch c[name] {
            case .double(let d)?: return d
            case .int(let i)?: return Double(i)
            default: return value
            }
        }
        /// `value` within `range`, with a clamp (and its note) when it was outside.
        func clamped(_ setting: String, _ value: Int64, _ range: ClosedRange<Int64>, _ limit: String) -> Int64 {
            let to = min(max(value, range.lowerBound), range.upperBound)
            if to != value {
                let clamp = Clamp(setting: setting, from: value, to: to, limit: limit)
                clamps.append(clamp)
                notes.append(clamp.note)
            }
            return to
        }
        let cores = number("cpu_cores", default: 0.1)
        let memory = number("memory_gb", default: 0.5)
        let gpus = Int(number("gpu_cores", default: 0))
        let chosen: String
        let entry = instanceTypes.choose(cores: cores, memoryGB: memory, gpus: gpus)
        if let entry {
            chosen = entry.name
        } else {
            chosen = instanceTypes.entries.last?.name ?? "Standard_DS3_v2"
            notes.append("No type in \(InstanceTypes.tableName) has \(cores) cores, \(memory) GB and \(gpus) GPUs; \(chosen) is a placeholder: choose the instance type by hand.")
        }
        var count: Int64 = 1
        if case .int(let n)? = c["num_replicas"] { count = n }
        if c["autoscale_enabled"] == .bool(true) {
            if case .int(let n)? = c["autoscale_min_replicas"] { count = n }
            notes.append("Autoscaling: managed online deployments scale with Azure Monitor autoscale rules, not in the deployment file; instance_count is the old minimum.")
        }
        count = clamped("instance_count", count, 1...Int64.max, "a managed online deployment runs at least 1 instance")
        var authMode = "key"
        if c["token_auth_enabled"] == .bool(true) {
            authMode = "aml_token"
        } else if c["auth_enabled"] != .bool(true) {
            notes.append("The old service took requests without a key; a managed online endpoint always asks for one (auth_mode: key).")
        }
        if models.count > 1 {
            notes.append("A managed online deployment holds one model: \(models[0]) is in deployment.yml; register one model holding \(models.dropFirst().joined(separator: ", ")) too, or load them by name in the scoring script.")
        }
        var request: [(key: String, value: Int64)] = []
        if case .int(let v)? = c["scoring_timeout_ms"] {
            request.append(("request_timeout_ms", clamped("request_settings.request_timeout_ms", v, 1...180_000,
                                                          "managed online endpoints allow 1 to 180000 ms")))
        }
        if case .int(let v)? = c["replica_max_concurrent_requests"] {
            request.append(("max_concurrent_requests_per_instance", clamped("request_settings.max_concurrent_requests_per_instance", v,
                                                                            1...Int64.max, "a managed online deployment takes at least 1 request at a time")))
        }
        if case .int(let v)? = c["max_request_wait_time"] { request.append(("max_queue_wait_ms", v)) }
        var probe: [(key: String, value: Int64)] = []
        for (argument, key) in [("initial_delay_seconds", "initial_delay"), ("period_seconds", "period"), ("timeout_seconds", "timeout"),
                                ("success_threshold", "success_threshold"), ("failure_threshold", "failure_threshold")] {
            guard case .int(let v)? = c[argument] else { continue }
            let range: ClosedRange<Int64> = key == "success_threshold" ? 1...1 : 1...Int64.max
            let limit = key == "success_threshold" ? "a liveness probe's success_threshold is 1 on managed online endpoints"
                : "managed online endpoints want at least 1"
            probe.append((key, clamped("liveness_probe." + key, v, range, limit)))
        }
        return ManagedDeployment(instanceType: chosen, instanceCount: count, authMode: authMode, model: models.first,
                                 requestSettings: request, livenessProbe: probe,
                                 choice: InstanceTypeChoice(cores: cores, memoryGB: memory, gpus: gpus, fits: entry != nil),
                                 clamps: clamps, notes: notes)
    }
}
