import EnvironmentSpec
import JSONValue

/// One environment of the conformance corpus, described in a neutral form: `environment()`
/// builds it with this module's API (as the migration rules do), `spec()` describes it for the
/// Python checkers, which build the same Environment with the real SDK.
struct CorpusCase {
    /// Where the conda dependencies come from.
    enum Conda {
        /// None at all (`python.conda_dependencies = None`).
        case none
        /// `Environment(name)`'s default file.
        case sdkDefault
        /// A conda file with these parts, through `Environment.from_conda_specification`.
        case file(name: String?, channels: [String], condaPackages: [String], pipOptions: [String], pipPackages: [String])
    }

    var id: String
    var name: String
    var version: String? = nil
    var description: String? = nil
    var tags: [(key: String, value: String)] = []
    var conda: Conda = .sdkDefault
    /// `CondaDependencies` method calls applied afterwards: (`add_pip_package`, `numpy`), ...
    var condaOps: [(op: String, argument: String)] = []
    var userManaged = false
    /// nil keeps `Environment(name)`'s `EXAMPLE_ENV_VAR`.
    var environmentVariables: [(name: String, value: String)]? = nil
    /// nil keeps the SDK's default CPU image.
    var baseImage: String? = nil
    /// `DEFAULT_GPU_IMAGE`, as `convert_parts_to_environment` sets for `enable_gpu`.
    var gpu = false
    var registry: (address: String?, username: String?, password: String?)? = nil
    var baseDockerfile: String? = nil
    var inferencingStackVersion: String? = nil

    /// The Environment, built with EnvironmentSpec's API.
    func environment() throws -> EnvironmentDefinition {
        var env: EnvironmentDefinition
        switch conda {
        case .none:
            env = .inference(name: name)
            env.python.condaDependencies = nil
        case .sdkDefault:
            env = .inference(name: name)
        case .file(let condaName, let channels, let condaPackages, let pipOptions, let pipPackages):
            let parts = CondaDependenciesSpec(name: condaName, channels: channels, condaPackages: condaPackages,
                                              pipPackages: pipPackages, pipOptions: pipOptions)
            env = .fromCondaSpecification(name: name, conda: parts)
        }
        if var deps = env.python.condaDependencies {
            for (op, argument) in condaOps {
                switch op {
                case "add_pip_package": try deps.addPipPackage(argument)
                case "remove_pip_package": try deps.removePipPackage(argument)
                case "add_conda_package": try deps.addCondaPackage(argument)
                case "remove_conda_package": try deps.removeCondaPackage(argument)
                case "add_channel": deps.addChannel(argument)
                case "set_pip_option": try deps.setPipOption(argument)
                case "set_python_version": deps.setPythonVersion(argument)
                default: throw EnvironmentSpecError.invalidPackage(op, reason: "unknown corpus operation")
                }
            }
            env.python.condaDependencies = deps
        }
        env.python.userManagedDependencies = userManaged
        if let environmentVariables { env.environmentVariables = environmentVariables }
        if let baseImage { env.docker.baseImage = baseImage }
        if gpu { env.docker.baseImage = DefaultImages.gpu }
        if let registry {
            env.docker.baseImageRegistry.address = registry.address
            env.docker.baseImageRegistry.username = registry.username
        }
        if let baseDockerfile {
            env.docker.baseDockerfile = baseDockerfile
            env.docker.baseImage = nil
        }
        env.inferencingStackVersion = inferencingStackVersion
        env.version = version
        env.description = description
        env.tags = tags
        return env
    }

    /// The neutral description the Python checkers read (`spec.json`).
    func spec() -> JSON {
        func str(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
        func list(_ items: [String]) -> JSON { .array(items.map(JSON.string)) }
        let condaJSON: JSON
        switch conda {
        case .none: condaJSON = .null
        case .sdkDefault: condaJSON = .string("sdk-default")
        case .file(let condaName, let channels, let condaPackages, let pipOptions, let pipPackages):
            condaJSON = .object(JSONObject([
                ("name", str(condaName)), ("channels", list(channels)), ("conda_packages", list(condaPackages)),
                ("pip_options", list(pipOptions)), ("pip_packages", list(pipPackages)),
            ]))
        }
        return .object(JSONObject([
            ("id", .string(id)),
            ("name", .string(name)),
            ("version", str(version)),
            ("description", str(description)),
            ("tags", .object(JSONObject(tags.map { ($0.key, JSON.string($0.value)) }))),
            ("conda", condaJSON),
            ("conda_ops", .array(condaOps.map { .array([.string($0.op), .string($0.argument)]) })),
            ("user_managed_dependencies", .bool(userManaged)),
            ("environment_variables", environmentVariables.map { vars in
                .object(JSONObject(vars.map { ($0.name, JSON.string($0.value)) }))
            } ?? .null),
            ("base_image", str(baseImage)),
            ("gpu", .bool(gpu)),
            ("registry", registry.map { r in
                .object(JSONObject([("address", str(r.address)), ("username", str(r.username)), ("password", str(r.password))]))
            } ?? .null),
            ("base_dockerfile", str(baseDockerfile)),
            ("inferencing_stack_version", str(inferencingStackVersion)),
        ]))
    }
}
