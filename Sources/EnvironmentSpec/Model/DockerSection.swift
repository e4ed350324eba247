/// `Environment.docker` (azureml-core's `DockerSection`).
///
/// The SDK keeps `base_image`, `base_dockerfile` and `build_context` mutually exclusive
/// through its setters; this value does not: set one and clear the others (the v1 writer
/// writes what is there, as `save_to_directory` would for an object built that way).
public struct DockerSection: Sendable, Equatable {
    /// `enabled` (deprecated; false).
    public var enabled: Bool
    /// `base_image`: the image to build on, e.g. `DefaultImages.cpu`.
    public var baseImage: String?
    /// `base_dockerfile`: the text of a Dockerfile to build on (saved as `BaseDockerfile`).
    public var baseDockerfile: String?
    /// `build_context`: a Docker build context stored in git or a storage account.
    public var buildContext: DockerBuildContext?
    /// `shared_volumes` (deprecated; true).
    public var sharedVolumes: Bool
    /// `shm_size` (deprecated; `"2g"`).
    public var shmSize: String?
    /// `arguments` (deprecated; empty).
    public var arguments: [String]
    /// `base_image_registry`: where `baseImage` lives and how to log in. Its password is never
    /// written by this module.
    public var baseImageRegistry: ContainerRegistry
    /// `platform`.
    public var platform: DockerImagePlatform

    /// A docker section; the defaults are those of `DockerSection()`.
    public init(
        enabled: Bool = false,
        baseImage: String? = DefaultImages.cpu,
        baseDockerfile: String? = nil,
        buildContext: DockerBuildContext? = nil,
        sharedVolumes: Bool = true,
        shmSize: String? = "2g",
        arguments: [String] = [],
        baseImageRegistry: ContainerRegistry = ContainerRegistry(),
        platform: DockerImagePlatform = DockerImagePlatform()
    ) {
        self.enabled = enabled
        self.baseImage = baseImage
        self.baseDockerfile = baseDockerfile
        self.buildContext = buildContext
        self.sharedVolumes = sharedVolumes
        self.shmSize = shmSize
        self.arguments = arguments
        self.baseImageRegistry = baseImageRegistry
        self.platform = platform
    }
}

/// `docker.platform` (azureml-core's `DockerImagePlatform`).
public struct DockerImagePlatform: Sendable, Equatable {
    /// `os`: `Linux` (default), `Windows` or `OSX`.
    public var os: String?
    /// `architecture`: `amd64` by default.
    public var architecture: String?

    /// A platform; defaults `Linux` / `amd64`.
    public init(os: String? = "Linux", architecture: String? = "amd64") {
        self.os = os
        self.architecture = architecture
    }
}
