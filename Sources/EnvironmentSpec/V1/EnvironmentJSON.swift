import JSONValue

/// `Environment._serialize_to_dict(env)`: the SDK's field order and camelCase names.
///
/// `object(for:)` is what `save_to_directory` writes to `azureml_environment.json`:
/// `python.condaDependencies` and a set `docker.baseDockerfile` left out (they go to their own
/// files). `serialized(_:registryPassword:)` is the whole dictionary, as `Model.deploy` sends it
/// in `environmentImageRequest.environment`. Registry passwords are null unless the caller hands
/// one over; R GitHub tokens are always null.
public enum EnvironmentJSON {
    /// The content of `azureml_environment.json`.
    public static func object(for env: EnvironmentDefinition) -> JSON {
        object(for: env, whole: false, registryPassword: .null)
    }

    /// `Environment._serialize_to_dict(env)` whole: `python.condaDependencies` (the conda file's
    /// mapping) last in `python`, `docker.baseDockerfile` with its text, and `registryPassword`
    /// in `docker.baseImageRegistry.password` (a placeholder, or the secret at the last moment).
    public static func serialized(_ env: EnvironmentDefinition, registryPassword: JSON = .null) -> JSON {
        object(for: env, whole: true, registryPassword: registryPassword)
    }

    private static func object(for env: EnvironmentDefinition, whole: Bool, registryPassword: JSON) -> JSON {
        var variables = JSONObject()
        for (name, value) in env.environmentVariables { variables[name] = .string(value) }
        return .object(JSONObject([
            ("name", .string(env.name)),
            ("version", string(env.version)),
            ("environmentVariables", .object(variables)),
            ("python", python(env.python, whole: whole)),
            ("docker", docker(env.docker, whole: whole, password: registryPassword)),
            ("spark", spark(env.spark)),
            ("databricks", databricks(env.databricks)),
            ("r", env.r.map(r) ?? .null),
            ("inferencingStackVersion", string(env.inferencingStackVersion)),
            ("assetId", string(env.assetId)),
        ]))
    }

    private static func string(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
    private static func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }

    private static func python(_ p: PythonSection, whole: Bool) -> JSON {
        var o = JSONObject([
            ("userManagedDependencies", .bool(p.userManagedDependencies)),
            ("interpreterPath", .string(p.interpreterPath)),
            ("condaDependenciesFile", string(p.condaDependenciesFile)),
            ("baseCondaEnvironment", string(p.baseCondaEnvironment)),
        ])
        if whole, let conda = p.condaDependencies { o["condaDependencies"] = conda.json }
        return .object(o)
    }

    private static func docker(_ d: DockerSection, whole: Bool, password: JSON) -> JSON {
        var o = JSONObject()
        o["enabled"] = .bool(d.enabled)
        o["baseImage"] = string(d.baseImage.flatMap { $0.isEmpty ? nil : $0 })
        if let dockerfile = d.baseDockerfile, !dockerfile.isEmpty {
            if whole { o["baseDockerfile"] = .string(dockerfile) }
        } else {
            o["baseDockerfile"] = .null
        }
        o["buildContext"] = d.buildContext.map { c in
            .object(JSONObject([
                ("locationType", string(c.locationType?.rawValue)),
                ("location", string(c.location)),
                ("dockerfilePath", .string(c.dockerfilePath)),
            ]))
        } ?? .null
        o["sharedVolumes"] = .bool(d.sharedVolumes)
        o["shmSize"] = string(d.shmSize)
        o["arguments"] = strings(d.arguments)
        let registry = d.baseImageRegistry
        o["baseImageRegistry"] = .object(JSONObject([
            ("address", string(registry.address)),
            ("username", string(registry.username)),
            ("password", password),
            ("registryIdentity", registry.registryIdentity.map { identity in
                .object(JSONObject([("resourceId", string(identity.resourceId)), ("clientId", string(identity.clientId))]))
            } ?? .null),
        ]))
        o["platform"] = .object(JSONObject([("os", string(d.platform.os)), ("architecture", string(d.platform.architecture))]))
        return .object(o)
    }

    private static func spark(_ s: SparkSection) -> JSON {
        .object(JSONObject([
            ("repositories", strings(s.repositories)),
            ("packages", .array(s.packages.map { p in
                .object(JSONObject([("group", string(p.group)), ("artifact", string(p.artifact)), ("version", string(p.version))]))
            })),
            ("precachePackages", .bool(s.precachePackages)),
        ]))
    }

    private static func databricks(_ d: DatabricksSection) -> JSON {
        func packages(_ list: [DatabricksSection.PackageLibrary]) -> JSON {
            .array(list.map { .object(JSONObject([("package", .string($0.package)), ("repo", .string($0.repo))])) })
        }
        func libraries(_ list: [String]) -> JSON {
            .array(list.map { .object(JSONObject([("library", .string($0))])) })
        }
        return .object(JSONObject([
            ("mavenLibraries", .array(d.mavenLibraries.map { m in
                .object(JSONObject([("coordinates", .string(m.coordinates)), ("repo", .string(m.repo)),
                                    ("exclusions", strings(m.exclusions))]))
            })),
            ("pypiLibraries", packages(d.pypiLibraries)),
            ("rcranLibraries", packages(d.rcranLibraries)),
            ("jarLibraries", libraries(d.jarLibraries)),
            ("eggLibraries", libraries(d.eggLibraries)),
        ]))
    }

    private static func r(_ r: RSection) -> JSON {
        .object(JSONObject([
            ("rVersion", string(r.rVersion)),
            ("userManaged", .bool(r.userManaged)),
            ("rscriptPath", string(r.rscriptPath)),
            ("snapshotDate", string(r.snapshotDate)),
            ("cranPackages", r.cranPackages.map { list in
                .array(list.map { p in
                    .object(JSONObject([("name", string(p.name)), ("version", string(p.version)),
                                        ("repository", string(p.repository))]))
                })
            } ?? .null),
            ("githubPackages", r.githubPackages.map { list in
                .array(list.map { .object(JSONObject([("repository", .string($0)), ("authToken", .null)])) })
            } ?? .null),
            ("customUrlPackages", r.customUrlPackages.map(strings) ?? .null),
            ("bioconductorPackages", r.bioconductorPackages.map(strings) ?? .null),
        ]))
    }
}
