import Emit
import EnvironmentSpec
import LegacyImage

/// The v2 files of a plan folder: `v2/endpoint.yml` (managedOnlineEndpoint schema),
/// `v2/deployment.yml` (managedOnlineDeployment schema) with the Environment inline, the
/// environment's files under `v2/environment/`, and `v2/code/` (the source with the v1-only
/// calls rewritten, as `convert` writes it), which the deployment's code configuration names.
enum ManagedEndpointFiles {
    static let endpointSchema = "https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json"
    static let deploymentSchema = "https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json"
    /// The deployment's name inside the endpoint.
    static let deploymentName = "blue"
    /// The code folder, in `v2/`.
    static let codeFolder = "code"

    /// None when the plan has no v2 Environment (its inference stack cannot install).
    static func files(for plan: ServicePlan) throws(EnvironmentSpecError) -> [OutputFile] {
        guard let environmentV2 = plan.environmentV2 else { return [] }
        let c = plan.configuration
        let m = plan.managed
        let tags: [YAMLNode.Entry]
        if case .map(let pairs)? = c["tags"] { tags = pairs.map { YAMLNode.Entry($0.key, .string($0.value)) } } else { tags = [] }

        var endpoint: [YAMLNode.Entry] = [.init("$schema", .string(endpointSchema)), .init("name", .string(plan.newService))]
        if case .string(let d)? = c["description"] { endpoint.append(.init("description", .string(d))) }
        endpoint.append(.init("auth_mode", .string(m.authMode)))
        if !tags.isEmpty { endpoint.append(.init("tags", .mapping(tags))) }

        let environment = try V2Writer.imageFields(for: environmentV2, folder: "environment")
        var deployment: [YAMLNode.Entry] = [
            .init("$schema", .string(deploymentSchema)),
            .init("name", .string(deploymentName)),
            .init("endpoint_name", .string(plan.newService)),
        ]
        if let model = m.model { deployment.append(.init("model", .string("azureml:" + model))) }
        deployment.append(.init("code_configuration", .mapping([
            .init("code", .string(codeFolder)),
            .init("scoring_script", .string(plan.entryScript)),
        ])))
        deployment.append(.init("environment", .mapping(environment.fields)))
        deployment.append(.init("instance_type", .string(m.instanceType)))
        deployment.append(.init("instance_count", .int(m.instanceCount)))
        if case .bool(let b)? = c["enable_app_insights"] { deployment.append(.init("app_insights_enabled", .bool(b))) }
        var request: [YAMLNode.Entry] = []
        if case .int(let v)? = c["scoring_timeout_ms"] { request.append(.init("request_timeout_ms", .int(min(v, 180_000)))) }
        if case .int(let v)? = c["replica_max_concurrent_requests"] { request.append(.init("max_concurrent_requests_per_instance", .int(v))) }
        if case .int(let v)? = c["max_request_wait_time"] { request.append(.init("max_queue_wait_ms", .int(v))) }
        if !request.isEmpty { deployment.append(.init("request_settings", .mapping(request))) }
        var probe: [YAMLNode.Entry] = []
        for (argument, key) in [("initial_delay_seconds", "initial_delay"), ("period_seconds", "period"), ("timeout_seconds", "timeout"),
                                ("success_threshold", "success_threshold"), ("failure_threshold", "failure_threshold")] {
            if case .int(let v)? = c[argument] { probe.append(.init(key, .int(v))) }
        }
        if !probe.isEmpty { deployment.append(.init("liveness_probe", .mapping(probe))) }
        if !tags.isEmpty { deployment.append(.init("tags", .mapping(tags))) }

        return [OutputFile(path: "v2/endpoint.yml", text: YAMLNode.mapping(endpoint).text),
                OutputFile(path: "v2/deployment.yml", text: YAMLNode.mapping(deployment).text)]
            + environment.files.map { OutputFile(path: "v2/" + $0.path, bytes: $0.bytes) }
            + V2Code.files(plan.sourceFiles, plan.v2Edits).map { OutputFile(path: "v2/\(codeFolder)/" + $0.path, bytes: $0.bytes) }
    }
}
