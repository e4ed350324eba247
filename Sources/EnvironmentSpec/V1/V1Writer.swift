import JSONValue

/// Writes an Environment as azureml-core 1.61's `Environment.save_to_directory(path)` does,
/// byte for byte, without touching the disk: `conda_dependencies.yml` (when there are conda
/// dependencies), `BaseDockerfile` (when `docker.baseDockerfile` is set) and
/// `azureml_environment.json`, in the order the SDK writes them. `Environment.load_from_directory`
/// reads the folder back.
public enum V1Writer {
    /// The SDK's file names.
    public static let definitionFileName = "azureml_environment.json"
    /// The conda file `save_to_directory` writes.
    public static let condaFileName = "conda_dependencies.yml"
    /// The Dockerfile `save_to_directory` writes.
    public static let baseDockerfileName = "BaseDockerfile"

    /// The files of the environment's v1 folder.
    /// - Throws: `EnvironmentSpecError.pythonPackageMissing` when the conda dependencies pin no
    ///   `python` package (the SDK refuses to save them).
    public static func files(for env: EnvironmentDefinition) throws(EnvironmentSpecError) -> [OutputFile] {
        var files: [OutputFile] = []
        if let conda = env.python.condaDependencies {
            guard conda.pythonPackageIndex != nil else { throw .pythonPackageMissing(environment: env.name) }
            files.append(OutputFile(path: condaFileName, text: CondaYAMLWriter.text(for: conda)))
        }
        if let dockerfile = env.docker.baseDockerfile, !dockerfile.isEmpty {
            files.append(OutputFile(path: baseDockerfileName, text: dockerfile))
        }
        let json: String
        do {
            json = try PythonJSONWriter.write(EnvironmentJSON.object(for: env), indent: 4)
        } catch {
            throw .unwritable(error.description)
        }
        files.append(OutputFile(path: definitionFileName, text: json))
        return files
    }
}
