/// Why an Environment cannot be changed or written.
public enum EnvironmentSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A package or option the SDK refuses (`python` without a version, an option given as a
    /// package, ...).
    case invalidPackage(String, reason: String)
    /// The conda dependencies name no `python` package: `CondaDependencies.save` refuses to
    /// write them ("Python package is missing.").
    case pythonPackageMissing(environment: String)
    /// The environment has no base image, Dockerfile or build context: v2 needs one.
    case noImage(environment: String)
    /// A value that cannot be written as JSON (never happens for strings; kept for the JSON
    /// writer's errors).
    case unwritable(String)

    public var description: String {
        switch self {
        case .invalidPackage(let package, let reason):
            return "invalid package \"\(package)\": \(reason)"
        case .pythonPackageMissing(let environment):
            return "environment \"\(environment)\": the conda dependencies name no python package; "
                + "add one such as python=\(CondaDependenciesSpec.defaultPythonVersion) (azureml-core refuses to save them)"
        case .noImage(let environment):
            return "environment \"\(environment)\": no base image, Dockerfile or build context; "
                + "set docker.baseImage (e.g. \(DefaultImages.cpu))"
        case .unwritable(let message):
            return "cannot write the environment: \(message)"
        }
    }
}
