import JSONValue
import LegacyImage

/// Where a payload came from: the file and the JSON path inside it.
public struct Origin: Sendable, Equatable {
    public var file: String
    public var path: JSONPath
    public init(file: String, path: JSONPath) {
        self.file = file
        self.path = path
    }
}

/// One decoded image and where it was read.
public struct ImageRecord: Sendable, Equatable {
    public var image: LegacyImage
    public var origin: Origin
}

/// One decoded webservice and where it was read.
public struct ServiceRecord: Sendable, Equatable {
    public var service: Webservice
    public var origin: Origin
}

/// Everything read from one source: images, services, models, and the problems met on the way.
public struct LoadedWorkspace: Sendable {
    public enum Kind: String, Sendable {
        case file, folder, stdin, snapshot
        /// A folder of snapshots (one per workspace), audited as one report with a roll-up.
        case fleet
    }

    /// The source as the user named it.
    public var source: String
    public var kind: Kind
    public var info: WorkspaceInfo?
    public var images: [ImageRecord] = []
    public var services: [ServiceRecord] = []
    public var models: [LegacyModel] = []
    /// The artifacts folder; nil when the source is not a snapshot.
    public var artifacts: ArtifactStore?
    public var problems: [InputProblem] = []
    /// The limits the source was read with; artifacts are read with the same.
    public var limits: InputLimits = .default

    public init(source: String, kind: Kind) {
        self.source = source
        self.kind = kind
    }

    /// Whether any problem makes the input partly unreadable (exit 65).
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }
}
