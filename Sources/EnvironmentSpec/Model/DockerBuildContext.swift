/// `docker.build_context` (azureml-core's `DockerBuildContext`).
public struct DockerBuildContext: Sendable, Equatable {
    /// Where the build context is stored (`DockerBuildContext.LocationType`).
    public enum LocationType: String, Sendable, Equatable {
        /// A git repository (`"git"`).
        case git = "git"
        /// A blob folder in a storage account (`"storageAccount"`).
        case storageAccount = "storageAccount"
    }

    /// `location_type`.
    public var locationType: LocationType?
    /// `location`: the repository or blob URL.
    public var location: String?
    /// `dockerfile_path`, relative to the context's root (`"Dockerfile"` by default).
    public var dockerfilePath: String

    /// A build context; an empty `dockerfilePath` becomes `"Dockerfile"` as in the SDK.
    public init(locationType: LocationType? = nil, location: String? = nil, dockerfilePath: String = "Dockerfile") {
        self.locationType = locationType
        self.location = location
        self.dockerfilePath = dockerfilePath.isEmpty ? "Dockerfile" : dockerfilePath
    }
}
