/// `Environment.spark` (azureml-core's `SparkSection`).
public struct SparkSection: Sendable, Equatable {
    /// `repositories`.
    public var repositories: [String]
    /// `packages`.
    public var packages: [SparkPackage]
    /// `precache_packages` (true by default).
    public var precachePackages: Bool

    /// A spark section; defaults as `SparkSection()`.
    public init(repositories: [String] = [], packages: [SparkPackage] = [], precachePackages: Bool = true) {
        self.repositories = repositories
        self.packages = packages
        self.precachePackages = precachePackages
    }
}

/// One `spark.packages` entry (azureml-core's `SparkPackage`).
public struct SparkPackage: Sendable, Equatable {
    /// `group`.
    public var group: String?
    /// `artifact`.
    public var artifact: String?
    /// `version`.
    public var version: String?

    /// A package coordinate.
    public init(group: String? = nil, artifact: String? = nil, version: String? = nil) {
        self.group = group
        self.artifact = artifact
        self.version = version
    }
}
