/// `Environment.python` (azureml-core's `PythonSection`).
public struct PythonSection: Sendable, Equatable {
    /// `user_managed_dependencies`: true when the image already has every package and no conda
    /// environment is built.
    public var userManagedDependencies: Bool
    /// `interpreter_path` (`"python"` by default; used only when dependencies are user managed).
    public var interpreterPath: String
    /// `conda_dependencies`: nil when there are none (then no `conda_dependencies.yml`).
    /// `Environment(name)` sets the SDK's default file (`CondaDependenciesSpec.sdkDefault`).
    public var condaDependencies: CondaDependenciesSpec?
    /// `conda_dependencies_file` (deprecated by the SDK; nil by default).
    public var condaDependenciesFile: String?
    /// `base_conda_environment` (nil by default).
    public var baseCondaEnvironment: String?

    /// A python section; the defaults are those of `PythonSection()`.
    public init(
        userManagedDependencies: Bool = false,
        interpreterPath: String = "python",
        condaDependencies: CondaDependenciesSpec? = .sdkDefault,
        condaDependenciesFile: String? = nil,
        baseCondaEnvironment: String? = nil
    ) {
        self.userManagedDependencies = userManagedDependencies
        self.interpreterPath = interpreterPath
        self.condaDependencies = condaDependencies
        self.condaDependenciesFile = condaDependenciesFile
        self.baseCondaEnvironment = baseCondaEnvironment
    }
}
