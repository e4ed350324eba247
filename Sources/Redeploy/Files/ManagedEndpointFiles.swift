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

    /// None when the plan has no v2 Environment (its inference stack cannot install). Both
    /// files carry the provenance as `properties` (`image2env.migratedFrom`, `image2env.legacyImage`
    /// and, when known, `image2env.plan`: the digest of the requests that `--apply --to v2` sends,
    /// computed before it went in), which `--apply` uses to recognise what an earlier run created.
    static func files(for plan: ServicePlan, digest: String?) throws(EnvironmentSpecError) -> [OutputFile] {
        guard let environmentV2 = plan.environmentV2 else { return [] }
        let c = plan.configuration
        let m = plan.managed
        let tags: [YAMLNode.Entry]
        if case .map(let pairs)? = c["tags"] { tags = pairs.map { YAMLNode.Entry($0.key, .string($0.value)) } } else { tags = [] }
        var provenance: [YAMLNode.Entry] = [.init("image2env.migratedFrom", .string(plan.service)),
                                            .init("image2env.legacyImage", .string(plan.imageId))]
        if let digest { provenance.append(.init("image2env.plan", .string(digest))) }

        var endpoint: [YAMLNode.Entry] = [.init("$schema", .string(endpointSchema)), .init("name", .string(plan.newService))]
        if case .string(let d)? = c["description"] { endpoint.append(.init("description", .string(d))) }
        endpoint.append(.init("auth_mode", .string(m.authMode)))
        endpoint.append(.init("properties", .mapping(provenance)))
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
        if !m.requestSettings.isEmpty {
            deployment.append(.init("request_settings", .mapping(m.requestSettings.map { .init($0.key, .int($0.value)) })))
        }
        if !m.livenessProbe.isEmpty {
            deployment.append(.init("liveness_probe", .mapping(m.livenessProbe.map { .init($0.key, .int($0.value)) })))
        }
        deployment.append(.init("properties", .mapping(provenance)))
        if !tags.isEmpty { deployment.append(.init("tags", .mapping(tags))) }

        return [OutputFile(path: "v2/endpoint.yml", text: YAMLNode.mapping(endpoint).text),
                OutputFile(path: "v2/deployment.yml", text: YAMLNode.mapping(deployment).text)]
            + environment.files.map { OutputFile(path: "v2/" + $0.path, bytes: $0.bytes) }
            + V2Code.files(plan.sourceFiles, plan.v2Edits).map { OutputFile(path: "v2/\(codeFolder)/" + $0.path, bytes: $0.bytes) }
    }
}
