/// What the solve stage found out about an image's Environment: whether it installs, on which
/// Python and platform, with which versions, and what had to change. The solve stage (target
/// `Solve`) computes it with a real resolver; the rules that run after it (`resolution`
/// conditions, `${resolution.*}` placeholders) turn it into findings, and the writers put the
/// solved versions into the files.
public struct Resolution: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// A Python was chosen and every requirement solved (v1, and v2 unless `v2Unavailable`).
        case resolved
        /// The resolver ran and no candidate Python solves the requirements.
        case blocked
        /// The resolver could not give an answer (missing, crashed, index unreachable, a
        /// requirement it cannot read); `reason` says why.
        case unresolved
        /// Resolution was switched off (`--resolve off`).
        case off
    }

    /// What stopped the requirements from solving, when `blocked`.
    public enum BlockKind: String, Sendable, CaseIterable {
        /// The pinned release has no wheel for any candidate Python on the platform.
        case noWheels
        /// The release's metadata cannot be read by a standards-conforming resolver.
        case invalidMetadata
        /// The release (or project) does not exist on the index.
        case notFound
        /// Building the release from source (to read its metadata) failed.
        case buildFailed
        /// The requirements contradict each other.
        case conflict
    }

    /// A direct dependency and what it solved to.
    public struct Package: Sendable, Equatable {
        /// The normalized project name (`scikit-learn`).
        public var name: String
        /// The requirement as given to the resolver (`scikit-learn==1.0.2`, `numpy`).
        public var requirement: String
        /// The version solved for the v1 Environment (with `azureml-defaults`), if it is part of it.
        public var v1: String?
        /// The version solved for the v2 Environment (with `azureml-inference-server-http`).
        public var v2: String?

        public init(name: String, requirement: String, v1: String?, v2: String?) {
            self.name = name
            self.requirement = requirement
            self.v1 = v1
            self.v2 = v2
        }
    }

    /// A pin that was changed so that the Environment solves.
    public struct Relaxed: Sendable, Equatable {
        public var name: String
        /// The requirement as the image had it (`pandas==0.23.1`).
        public var from: String
        /// The requirement given to the resolver instead (`pandas`, `azureml-defaults>=1.48`).
        public var to: String
        /// The version it solved to.
        public var version: String?
        /// Why, in one line (the resolver's explanation, condensed).
        public var reason: String

        public init(name: String, from: String, to: String, version: String?, reason: String) {
            self.name = name
            self.from = from
            self.to = to
            self.version = version
            self.reason = reason
        }
    }

    public var status: Status
    /// `unresolved`: why; `blocked`: the resolver's explanation condensed to one line.
    public var reason: String?
    /// `blocked`: the requirement that blocks (`tensorflow-gpu==1.12.0`), its project and what kind of block.
    public var blocking: String?
    public var blockingPackage: String?
    public var blockKind: BlockKind?
    /// `blocked`: the Python tags the blocking release has wheels for (`cp27, cp33–cp36`), when known.
    public var wheelTags: String?
    /// Whether the blocking package is one whose pin is kept exactly (model-critical).
    public var blockingIsModelCritical: Bool
    /// The chosen Python (`3.12`), and the one the image pinned (nil when it pinned none).
    public var python: String?
    public var imagePython: String?
    /// The chosen Python is the last resort (`3.8`, end of life).
    public var lastResortPython: Bool
    /// The resolver's platform (`x86_64-manylinux_2_35`) and whether it was assumed (a base
    /// image the platform table does not know).
    public var platform: String?
    public var platformAssumed: Bool
    /// `uv 0.13.9`.
    public var resolver: String?
    /// The `--exclude-newer` date the resolver used (RFC 3339).
    public var excludeNewer: String?
    /// Every direct dependency with its solved versions, in requirement order.
    public var packages: [Package]
    /// Every pin changed, and why.
    public var relaxed: [Relaxed]
    /// Resolved releases that have no wheel for the platform (pip builds them from source).
    public var sourceBuilds: [String]
    /// Conda packages the resolver does not check (system libraries, compilers, R, ...).
    public var condaOnly: [String]
    /// Requirement lines the resolver was not given (`git+` URLs, local paths), as written.
    public var unchecked: [String]
    /// Why the v2 Environment is not written (its inference stack floor cannot be met), if so.
    public var v2Unavailable: String?
    /// Every package of the v1 and of the v2 solution (normalized names, sorted; direct and
    /// transitive), when solved: what the Environment provides to the scoring script.
    public var installedV1: [String]?
    public var installedV2: [String]?

    public init(status: Status, reason: String? = nil) {
        self.status = status
        self.reason = reason
        blockingIsModelCritical = false
        lastResortPython = false
        platformAssumed = false
        packages = []
        relaxed = []
        sourceBuilds = []
        condaOnly = []
        unchecked = []
    }

    /// The Python changed from the image's pin (or from no pin).
    public var pythonChanged: Bool { status == .resolved && python != nil && python != imagePython }

    /// The v1 version solved for `name`, if any.
    public func v1Version(_ name: String) -> String? { packages.first { $0.name == name }?.v1 }
}
