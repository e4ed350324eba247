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
        var fields: [YAMLNode.Entry] = [.init("$schema", .string(schema)), .init("name", .string(env.name))]
        if let version = env.version { fields.append(.init("version", .string(version))) }
        if let description = env.description { fields.append(.init("description", .string(description))) }
        if !env.tags.isEmpty {
            fields.append(.init("tags", .mapping(env.tags.map { YAMLNode.Entry($0.key, .string($0.value)) })))
        }
        let body = try imageFields(for: env, folder: nil, condaFileName: condaFileName)
        return [OutputFile(path: environmentFileName, text: YAMLNode.mapping(fields + body.fields).text)] + body.files
    }

    /// What says how the environment is built: `image:` and `conda_file:`, or `build:`, with
    /// the files they name. With `folder`, paths (in the fields and the files) are inside it, for
    /// an environment written inline in another file (a deployment's `environment:`).
    /// - Throws: `EnvironmentSpecError.noImage` when there is neither an image, a Dockerfile nor
    ///   a build context.
    public static func imageFields(for env: EnvironmentDefinition, folder: String?, condaFileName: String = "conda.yml")
        throws(EnvironmentSpecError) -> (fields: [YAMLNode.Entry], files: [OutputFile])
    {
        func inside(_ path: String) -> String { folder.map { $0 + "/" + path } ?? path }
        let conda = condaForV2(env)
        if let dockerfile = env.docker.baseDockerfile, !dockerfile.isEmpty {
            var text = dockerfile
            var files: [OutputFile] = []
            if let conda {
                text += DockerfileCondaLayer.steps(after: dockerfile, condaFileName: condaFileName)
                files.append(OutputFile(path: inside(dockerFolder + "/" + condaFileName), text: conda))
            }
            files.insert(OutputFile(path: inside(dockerFolder + "/Dockerfile"), text: text), at: 0)
            return ([.init("build", .mapping([.init("path", .string(inside(dockerFolder))),
                                              .init("dockerfile_path", .string("Dockerfile"))]))], files)
        }
        if let image = env.docker.baseImage, !image.isEmpty {
            var fields: [YAMLNode.Entry] = [.init("image", .string(qualifiedImage(image, registry: env.docker.baseImageRegistry.address)))]
            var files: [OutputFile] = []
            if let conda {
                fields.append(.init("conda_file", .string(inside(condaFileName))))
                files.append(OutputFile(path: inside(condaFileName), text: conda))
            }
            return (fields, files)
        }
        if let context = env.docker.buildContext, let location = context.location {
            return ([.init("build", .mapping([.init("path", .string(location)),
                                              .init("dockerfile_path", .string(context.dockerfilePath))]))], [])
        }
        throw .noImage(environment: env.name)
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
