import JSONValue

/// One tag or property: MMS keeps them as an ordered string → string map.
public struct KeyValue: Sendable, Equatable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// Which serializer produced an image payload.
public enum PayloadShape: String, Sendable, Equatable {
    /// The service's REST payload (`GET /images`): tags under `kvTags`.
    case rest
    /// `Image.serialize()` output: tags under `tags`, `workspaceName`, and no
    /// `baseImage`, `dockerFileUri` or `baseImageRegistryInfo`.
    case serialized
}

/// `imageFlavor`: which kind of legacy image this is.
public enum ImageFlavor: Sendable, Equatable, CustomStringConvertible {
    case webApiContainer
    case accelContainer
    case iotContainer
    /// Missing, or a value this tool does not know (kept verbatim).
    case unknown(String?)

    public init(_ raw: String?) {
        switch raw {
        case "WebApiContainer": self = .webApiContainer
        case "AccelContainer": self = .accelContainer
        case "IoTContainer": self = .iotContainer
        default: self = .unknown(raw)
        }
    }

    public var description: String {
        switch self {
        case .webApiContainer: return "WebApiContainer"
        case .accelContainer: return "AccelContainer"
        case .iotContainer: return "IoTContainer"
        case .unknown(let raw): return raw ?? "Unknown"
        }
    }
}

/// `targetRuntime.runtimeType`.
public enum RuntimeType: Sendable, Equatable, CustomStringConvertible {
    case python
    case sparkPython
    case pythonSlim
    /// Python runtime on a custom `baseImage`.
    case pythonCustom
    case other(String)

    /// Case-insensitive: the IoT builder sent `python` where the service answers `Python`.
    public init(_ raw: String) {
        switch raw.lowercased() {
        case "python": self = .python
        case "sparkpython": self = .sparkPython
        case "pythonslim": self = .pythonSlim
        case "pythoncustom": self = .pythonCustom
        default: self = .other(raw)
        }
    }

    public var description: String {
        switch self {
        case .python: return "Python"
        case .sparkPython: return "SparkPython"
        case .pythonSlim: return "PythonSlim"
        case .pythonCustom: return "PythonCustom"
        case .other(let raw): return raw
        }
    }
}

/// A file the image was built from, stored as an artifact (`aml://artifact/...`).
public struct Asset: Sendable, Equatable {
    public var id: String
    public var mimeType: String?
    /// `true` for dependency tarballs; absent on creation payloads, `false` on the driver.
    public var unpack: Bool
    public var url: String

    public init(id: String, mimeType: String?, unpack: Bool, url: String) {
        self.id = id
        self.mimeType = mimeType
        self.unpack = unpack
        self.url = url
    }

    /// The generated `main.py` wrapper around the user's execution script.
    public var isDriver: Bool { id == "driver" }
}

/// `targetRuntime`: how the image runs the scoring code.
public struct TargetRuntime: Sendable, Equatable {
    public var runtimeType: RuntimeType
    /// `amd64` (the SDK's default when absent) or `arm32v7` (IoT).
    public var targetArchitecture: String
    /// Artifact URL of the user's conda YAML.
    public var condaEnvFile: String?
    /// Artifact URL of the requirements file the SDK injected.
    public var pipRequirements: String?
    public var installCuda: Bool?
    public var cudaVersion: String?
    /// Properties this tool does not know, kept verbatim.
    public var otherProperties: [KeyValue]

    public init(runtimeType: RuntimeType, targetArchitecture: String = "amd64", condaEnvFile: String? = nil,
                pipRequirements: String? = nil, installCuda: Bool? = nil, cudaVersion: String? = nil,
                otherProperties: [KeyValue] = []) {
        self.runtimeType = runtimeType
        self.targetArchitecture = targetArchitecture
        self.condaEnvFile = condaEnvFile
        self.pipRequirements = pipRequirements
        self.installCuda = installCuda
        self.cudaVersion = cudaVersion
        self.otherProperties = otherProperties
    }
}

/// A value that must never be written anywhere: its description is redacted.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself. Only code that hands it to its owner (a registry login) may read it.
    public let exposedValue: String
    public init(_ value: String) { exposedValue = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// `baseImageRegistryInfo`: the private registry of a custom base image.
public struct RegistryInfo: Sendable, Equatable {
    public var location: String?
    public var user: String?
    public var password: Secret?

    public init(location: String?, user: String?, password: Secret?) {
        self.location = location
        self.user = user
        self.password = password
    }
}

/// A registered model, as the REST API (`kvTags`) or `Model.serialize()` (`tags`) names it.
public struct LegacyModel: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var version: Int64?
    public var url: String?
    public var mimeType: String?
    public var framework: String?
    public var frameworkVersion: String?
    public var description: String?
    public var createdTime: String?
    public var tags: [KeyValue]
    public var properties: [KeyValue]
    public var unknownFields: [String]
}

/// A legacy Image, decoded from either payload shape.
public struct LegacyImage: Sendable, Equatable {
    public var id: String
    public var name: String
    public var version: Int64
    public var shape: PayloadShape
    public var description: String?
    public var tags: [KeyValue]
    public var properties: [KeyValue]
    public var createdTime: String?
    /// `NotStarted`, `Running`, `Succeeded`, `Failed`, ...; nil when absent.
    public var creationState: String?
    public var imageType: String?
    public var flavor: ImageFlavor
    public var imageLocation: String?
    /// A blob URL that usually carries a SAS token: redact before showing.
    public var imageBuildLogUri: String?
    public var generatedDockerFileUri: String?
    public var modelIds: [String]
    public var models: [LegacyModel]
    public var driverProgram: String?
    public var assets: [Asset]
    public var targetRuntime: TargetRuntime?
    /// Artifact URL of the extra Docker steps (REST shape only).
    public var dockerFileUri: String?
    /// The custom base image (REST shape only).
    public var baseImage: String?
    public var baseImageRegistry: RegistryInfo?
    /// `workspaceName` (serialize() shape only).
    public var workspaceName: String?
    /// The service's error for failed images, verbatim.
    public var error: JSON?
    /// Fields this tool does not know, as JSON paths relative to the payload (`$.newField`).
    public var unknownFields: [String]
}

extension LegacyImage {
    /// Whether the image asks for a GPU: `installCuda`, or a CUDA version.
    public var usesGPU: Bool {
        targetRuntime?.installCuda == true || targetRuntime?.cudaVersion != nil
    }

    /// The dependency tarballs (every asset but the driver).
    public var dependencyAssets: [Asset] { assets.filter { !$0.isDriver } }

    /// The driver wrapper asset, if any.
    public var driverAsset: Asset? { assets.first(where: \.isDriver) }
}
