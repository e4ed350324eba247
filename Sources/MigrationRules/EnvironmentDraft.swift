import Snapshot

/// The Environment a migration builds, in the normalized terms rules and diffs share. It becomes
/// an SDK `Environment` (v1 folder, v2 YAML) only when written.
public struct EnvironmentDraft: Sendable, Equatable {
    public var name: String
    /// `docker.base_image`; nil when a base Dockerfile is used instead.
    public var baseImage: String?
    /// `docker.base_dockerfile`.
    public var baseDockerfile: String?
    /// `docker.base_image_registry.address` / `.username` (the password is never carried).
    public var registryAddress: String?
    public var registryUsername: String?
    /// Whether the conda spec is the image's own (true) or the SDK's default for `Environment(name)`.
    public var condaFromImage: Bool
    public var condaName: String?
    public var channels: [String]
    public var condaPackages: [String]
    public var pipPackages: [String]
    public var pipOptions: [String]
    public var inferencingStackVersion: String?
    /// The conda packages moved into the pip section, as `conda spec → pip requirement`.
    public var movedToPip: [String] = []

    /// The Environment `convert_parts_to_environment` starts from: `<image>-env`, the image's
    /// conda file (or the SDK's default dependencies when it had none) and the default CPU image.
    public init(name: String, conda: CondaSpec?, defaults: SDKDefaults) {
        self.name = name
        baseImage = defaults.cpuImage
        baseDockerfile = nil
        registryAddress = nil
        registryUsername = nil
        if let conda {
            condaFromImage = true
            condaName = conda.name
            channels = conda.channels
            condaPackages = conda.condaPackages
            if conda.pythonVersion == nil && !condaPackages.contains(where: { PackageSpec.name($0) == "python" }) {
                condaPackages.append("python=" + defaults.condaFilePython)
            }
            pipPackages = conda.pipPackages
            pipOptions = conda.pipOptions
        } else {
            condaFromImage = false
            condaName = defaults.condaName
            channels = defaults.channels
            condaPackages = defaults.condaPackages
            pipPackages = defaults.pipPackages
            pipOptions = []
        }
        inferencingStackVersion = nil
    }

    /// The names examples and reports use for the fields, in a stable order.
    public static let fieldNames = ["name", "baseImage", "baseDockerfile", "registryAddress", "registryUsername",
                                    "condaName", "channels", "condaPackages", "pipPackages", "pipOptions", "inferencingStackVersion"]

    /// A field by name, as an example value.
    public func field(_ name: String) -> ExampleValue? {
        func s(_ v: String?) -> ExampleValue { v.map(ExampleValue.string) ?? .null }
        switch name {
        case "name": return .string(self.name)
        case "baseImage": return s(baseImage)
        case "baseDockerfile": return s(baseDockerfile)
        case "registryAddress": return s(registryAddress)
        case "registryUsername": return s(registryUsername)
        case "condaName": return s(condaName)
        case "channels": return .list(channels)
        case "condaPackages": return .list(condaPackages)
        case "pipPackages": return .list(pipPackages)
        case "pipOptions": return .list(pipOptions)
        case "inferencingStackVersion": return s(inferencingStackVersion)
        default: return nil
        }
    }

    /// The Python version pinned among the conda packages, if any.
    public var pythonVersion: String? {
        CondaSpec(condaPackages: condaPackages).pythonVersion
    }
}

/// What `Environment(name)` gives in the SDK this tool targets: the data behind a new
/// Environment's defaults, read from the `sdkDefaults` table of the rule files.
public struct SDKDefaults: Sendable, Equatable {
    public var cpuImage: String
    public var condaName: String
    public var channels: [String]
    public var condaPackages: [String]
    public var pipPackages: [String]
    /// The Python `from_conda_specification` pins when a conda file has none.
    public var condaFilePython: String

    public init(cpuImage: String, condaName: String, channels: [String], condaPackages: [String], pipPackages: [String],
                condaFilePython: String) {
        self.condaFilePython = condaFilePython
        self.cpuImage = cpuImage
        self.condaName = condaName
        self.channels = channels
        self.condaPackages = condaPackages
        self.pipPackages = pipPackages
    }
}
