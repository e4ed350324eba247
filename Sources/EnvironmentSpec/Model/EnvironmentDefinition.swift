/// The target of a migration: an Azure ML Environment, mirroring azureml-core 1.61's
/// `azureml.core.Environment` object graph as `Environment._serialize_to_dict` /
/// `save_to_directory` see it, plus the v2-only `description` and `tags`.
///
/// `EnvironmentDefinition.inference(name:)` gives exactly what `Environment(name)` builds; the
/// memberwise defaults of the sections are those of `Environment(name)` too.
public struct EnvironmentDefinition: Sendable, Equatable {
    /// `name`.
    public var name: String
    /// `version` (nil until registered).
    public var version: String?
    /// `environment_variables`, in insertion order (Python dicts keep it). `Environment(name)`
    /// sets `EXAMPLE_ENV_VAR=EXAMPLE_VALUE`.
    public var environmentVariables: [(name: String, value: String)]
    /// `python`.
    public var python: PythonSection
    /// `docker`.
    public var docker: DockerSection
    /// `spark`.
    public var spark: SparkSection
    /// `databricks`.
    public var databricks: DatabricksSection
    /// `r` (nil unless R is used).
    public var r: RSection?
    /// `inferencing_stack_version`: `"latest"` asks the service to add its inference stack.
    public var inferencingStackVersion: String?
    /// `asset_id` (set by the service on registration).
    public var assetId: String?
    /// v2 only: the environment's description (`description:` of the v2 YAML).
    public var description: String?
    /// v2 only: tags, in order (`tags:` of the v2 YAML).
    public var tags: [(key: String, value: String)]

    /// An Environment with every field given; defaults are those of `Environment(name)`.
    public init(
        name: String,
        version: String? = nil,
        environmentVariables: [(name: String, value: String)] = [("EXAMPLE_ENV_VAR", "EXAMPLE_VALUE")],
        python: PythonSection = PythonSection(),
        docker: DockerSection = DockerSection(),
        spark: SparkSection = SparkSection(),
        databricks: DatabricksSection = DatabricksSection(),
        r: RSection? = nil,
        inferencingStackVersion: String? = nil,
        assetId: String? = nil,
        description: String? = nil,
        tags: [(key: String, value: String)] = []
    ) {
        self.name = name
        self.version = version
        self.environmentVariables = environmentVariables
        self.python = python
        self.docker = docker
        self.spark = spark
        self.databricks = databricks
        self.r = r
        self.inferencingStackVersion = inferencingStackVersion
        self.assetId = assetId
        self.description = description
        self.tags = tags
    }

    /// Exactly what `Environment(name)` in azureml-core 1.61 produces: the SDK's default conda
    /// file (with its comments), the default CPU image, `EXAMPLE_ENV_VAR`, shm size `2g`.
    public static func inference(name: String) -> EnvironmentDefinition {
        EnvironmentDefinition(name: name)
    }

    /// What `Environment.from_conda_specification(name, file)` produces for a conda file whose
    /// content is `conda`: `Environment(name)` with those conda dependencies, where a file
    /// without a `python` package gets `python=3.10.18` appended (the SDK's
    /// `PYTHON_DEFAULT_VERSION`).
    public static func fromCondaSpecification(name: String, conda: CondaDependenciesSpec) -> EnvironmentDefinition {
        var environment = EnvironmentDefinition(name: name)
        var conda = conda
        if conda.pythonVersion == nil {
            conda.setPythonVersion(CondaDependenciesSpec.defaultPythonVersion)
        }
        environment.python.condaDependencies = conda
        return environment
    }

    public static func == (lhs: EnvironmentDefinition, rhs: EnvironmentDefinition) -> Bool {
        lhs.name == rhs.name && lhs.version == rhs.version
            && lhs.environmentVariables.elementsEqual(rhs.environmentVariables, by: { $0 == $1 })
            && lhs.python == rhs.python && lhs.docker == rhs.docker && lhs.spark == rhs.spark
            && lhs.databricks == rhs.databricks && lhs.r == rhs.r
            && lhs.inferencingStackVersion == rhs.inferencingStackVersion && lhs.assetId == rhs.assetId
            && lhs.description == rhs.description && lhs.tags.elementsEqual(rhs.tags, by: { $0 == $1 })
    }
}
