import LegacyImage
import Snapshot

/// What the rules may ask about a legacy image: one flat, typed view of the decoded payload and
/// its artifacts. Rule examples describe their input images in the same terms.
public struct ImageFacts: Sendable, Equatable {
    public var name: String = "example"
    public var version: Int64 = 1
    /// `WebApiContainer`, `AccelContainer`, `IoTContainer`, or `Unknown` (or the raw unknown value).
    public var flavor: String = "WebApiContainer"
    /// `Python`, `SparkPython`, `PythonSlim`, `PythonCustom`, another raw value, or nil (no targetRuntime).
    public var runtime: String? = "Python"
    public var architecture: String = "amd64"
    public var installCuda: Bool = false
    public var cudaVersion: String?
    public var baseImage: String?
    public var registryAddress: String?
    public var registryUser: String?
    public var registryHasPassword: Bool = false
    public var hasDockerSteps: Bool = false
    /// The extra Docker steps, when the artifact could be read.
    public var dockerSteps: String?
    public var hasSchema: Bool = false
    public var hasCondaFile: Bool = false
    /// The conda file, when the artifact could be read.
    public var conda: CondaSpec?
    public var hasInjectedRequirements: Bool = false
    public var creationState: String? = "Succeeded"
    /// `rest` or `serialize`.
    public var shape: String = "rest"
    /// What the entry-script analysis found (`none` until it ran, and for images without source).
    public var script: ScriptFacts = .none

    public init() {}

    public var gpu: Bool { installCuda || cudaVersion != nil }
    public var condaFileMissing: Bool { hasCondaFile && conda == nil }

    /// The facts of a resolved image, with what the entry-script analysis found in its source.
    public init(_ resolved: ResolvedImage, script: ScriptFacts = .none) {
        self.script = script
        let image = resolved.image
        name = image.name
        version = image.version
        switch image.flavor {
        case .unknown(let raw): flavor = raw ?? "Unknown"
        default: flavor = image.flavor.description
        }
        runtime = image.targetRuntime?.runtimeType.description
        architecture = image.targetRuntime?.targetArchitecture ?? "amd64"
        installCuda = image.targetRuntime?.installCuda ?? false
        cudaVersion = image.targetRuntime?.cudaVersion
        baseImage = image.baseImage
        registryAddress = image.baseImageRegistry?.location
        registryUser = image.baseImageRegistry?.user
        registryHasPassword = image.baseImageRegistry?.password != nil
        hasDockerSteps = image.dockerFileUri != nil
        dockerSteps = resolved.dockerSteps
        hasSchema = resolved.schemaFile != nil
        hasCondaFile = image.targetRuntime?.condaEnvFile != nil
        conda = resolved.conda
        // IotContainerImage uploads the user's own requirements file there, not the SDK's.
        hasInjectedRequirements = image.targetRuntime?.pipRequirements != nil && image.flavor != .iotContainer
        creationState = image.creationState
        shape = image.shape == .rest ? "rest" : "serialize"
    }
}
