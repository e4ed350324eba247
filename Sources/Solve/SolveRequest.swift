import MigrationRules
import Snapshot

/// What one image asks of the solve stage: its Environment as the rules left it.
public struct SolveRequest: Sendable, Hashable {
    /// Which Environments are wanted (`convert --target`); an audit wants both.
    public struct Targets: Sendable, Hashable {
        public var v1: Bool
        public var v2: Bool

        public init(v1: Bool, v2: Bool) {
            self.v1 = v1
            self.v2 = v2
        }

        public static let both = Targets(v1: true, v2: true)
    }

    public var pipPackages: [String]
    public var pipOptions: [String]
    public var condaPackages: [String]
    public var baseImage: String?
    public var baseDockerfile: String?
    public var targets: Targets

    public init(pipPackages: [String], pipOptions: [String], condaPackages: [String], baseImage: String?, baseDockerfile: String?,
                targets: Targets) {
        self.pipPackages = pipPackages
        self.pipOptions = pipOptions
        self.condaPackages = condaPackages
        self.baseImage = baseImage
        self.baseDockerfile = baseDockerfile
        self.targets = targets
    }

    /// The request for a draft.
    public init(_ draft: EnvironmentDraft, targets: Targets) {
        self.init(pipPackages: draft.pipPackages, pipOptions: draft.pipOptions, condaPackages: draft.condaPackages,
                  baseImage: draft.baseImage, baseDockerfile: draft.baseDockerfile, targets: targets)
    }

    /// The Python the image pins (`python=3.6.2` → `3.6.2`).
    var imagePython: String? {
        condaPackages.first { PackageSpec.name($0) == "python" }.flatMap(PackageSpec.pinnedVersion)
    }

    /// Conda packages the resolver does not check: all but `python` and `pip`.
    var condaOnly: [String] {
        condaPackages.filter { !["python", "pip"].contains(PackageSpec.name($0)) }
    }
}
