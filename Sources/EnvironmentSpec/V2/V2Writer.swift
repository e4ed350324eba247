/// Writes an Environment for azure-ai-ml (SDK/CLI v2): `environment.yml` (schema
/// `environment.schema.json`) plus its conda file, or a Docker build context.
///
/// - A base image: `image:` (prefixed with the registry address when the image names no
///   registry) and `conda_file:` next to it.
/// - A base Dockerfile: `build: {path: docker, dockerfile_path: Dockerfile}` and
///   `docker/Dockerfile`; conda dependencies go to `docker/<condaFileName>` and the Dockerfile
///   gets the steps that build them into a conda environment (v2 builds no conda layer on a
///   Dockerfile, v1 did).
/// - A build context in git or storage: `build: {path: <location>, dockerfile_path: ...}`.
///
/// Strings that YAML 1.1 readers (PyYAML, which azure-ai-ml uses) would read as booleans or
/// numbers (`yes`, `on`, `0777`) are quoted; lines are not folded.
///
/// v2 has no place for environment variables, registry credentials or
/// `inferencing_stack_version`; those are left out (conda dependencies keep
/// `azureml-inference-server-http`, which v2 inference needs: see `forV2Inference`).
public enum V2Writer {
    /// The schema URL written as `$schema`.
    public static let schema = "https://azuremlschemas.azureedge.net/latest/environment.schema.json"
    /// The environment file's name.
    public static let environmentFileName = "environment.yml"
    /// The build context folder used for a base Dockerfile.
    public static let dockerFolder = "docker"

    /// The files of the v2 environment folder: `environment.yml` first, then the conda file or
    /// the Docker build context.
    /// - Throws: `EnvironmentSpecError.noImage` when the environment has neither an image, a
    ///   Dockerfile nor a build context.
    public static func files(for env: EnvironmentDefinition, condaFileName: String = "conda.yml")
        throws(EnvironmentSpecError) -> [OutputFile]
    {
        var e = RuamelEmitter(bestWidth: Int.max, readers: .yaml11And12)
        func field(_ key: String, _ value: String) {
            e.writeKey(key, indent: 0)
            e.writeScalar(value, indent: 2)
        }
        field("$schema", schema)
        field("name", env.name)
        if let version = env.version { field("version", version) }
        if let description = env.description { field("description", description) }
        if !env.tags.isEmpty {
            e.writeKey("tags", indent: 0)
            for (key, value) in env.tags {
                e.writeKey(key, indent: 2)
                e.writeScalar(value, indent: 4)
            }
        }

        let conda = condaForV2(env)
        var extra: [OutputFile] = []
        if let dockerfile = env.docker.baseDockerfile, !dockerfile.isEmpty {
            e.writeKey("build", indent: 0)
            e.writeKey("path", indent: 2)
            e.writeScalar(dockerFolder, indent: 4)
            e.writeKey("dockerfile_path", indent: 2)
            e.writeScalar("Dockerfile", indent: 4)
            var text = dockerfile
            if let conda {
                text += DockerfileCondaLayer.steps(after: dockerfile, condaFileName: condaFileName)
                extra.append(OutputFile(path: dockerFolder + "/" + condaFileName, text: conda))
            }
            extra.insert(OutputFile(path: dockerFolder + "/Dockerfile", text: text), at: 0)
        } else if let image = env.docker.baseImage, !image.isEmpty {
            field("image", qualifiedImage(image, registry: env.docker.baseImageRegistry.address))
            if let conda {
                field("conda_file", condaFileName)
                extra.append(OutputFile(path: condaFileName, text: conda))
            }
        } else if let context = env.docker.buildContext, let location = context.location {
            e.writeKey("build", indent: 0)
            e.writeKey("path", indent: 2)
            e.writeScalar(location, indent: 4)
            e.writeKey("dockerfile_path", indent: 2)
            e.writeScalar(context.dockerfilePath, indent: 4)
        } else {
            throw .noImage(environment: env.name)
        }
        e.finish()
        return [OutputFile(path: environmentFileName, text: String(e.output))] + extra
    }

    /// The v2 conda file's text, or nil when dependencies are user managed or absent.
    static func condaForV2(_ env: EnvironmentDefinition) -> String? {
        guard !env.python.userManagedDependencies, let conda = env.python.condaDependencies else { return nil }
        let v2 = conda.forV2Inference(ensuringInferenceServer: env.inferencingStackVersion != nil)
        return CondaYAMLWriter.text(for: v2, keepComments: false, bestWidth: Int.max, readers: .yaml11And12)
    }

    /// `image` with the registry `address` in front when the image names no registry of its
    /// own (its first path part has no `.` or `:` and is not `localhost`).
    public static func qualifiedImage(_ image: String, registry address: String?) -> String {
        guard let address, !address.isEmpty else { return image }
        let trimmed = address.hasSuffix("/") ? String(address.dropLast()) : address
        let parts = image.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            let first = parts[0]
            if first.contains(".") || first.contains(":") || first == "localhost" { return image }
        }
        return trimmed + "/" + image
    }
}
