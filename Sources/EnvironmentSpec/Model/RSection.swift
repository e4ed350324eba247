/// `Environment.r` (azureml-core's `RSection`); nil in `Environment(name)`.
public struct RSection: Sendable, Equatable {
    /// `r_version`.
    public var rVersion: String?
    /// `user_managed`.
    public var userManaged: Bool
    /// `rscript_path`.
    public var rscriptPath: String?
    /// `snapshot_date` (MRAN, `YYYY-MM-DD`).
    public var snapshotDate: String?
    /// `cran_packages` (nil = not set).
    public var cranPackages: [CranPackage]?
    /// `github_packages` (nil = not set). Their auth tokens are never written.
    public var githubPackages: [String]?
    /// `custom_url_packages`.
    public var customUrlPackages: [String]?
    /// `bioconductor_packages`.
    public var bioconductorPackages: [String]?

    /// An R section; defaults as `RSection()`.
    public init(rVersion: String? = nil, userManaged: Bool = false, rscriptPath: String? = nil,
                snapshotDate: String? = nil, cranPackages: [CranPackage]? = nil, githubPackages: [String]? = nil,
                customUrlPackages: [String]? = nil, bioconductorPackages: [String]? = nil) {
        self.rVersion = rVersion
        self.userManaged = userManaged
        self.rscriptPath = rscriptPath
        self.snapshotDate = snapshotDate
        self.cranPackages = cranPackages
        self.githubPackages = githubPackages
        self.customUrlPackages = customUrlPackages
        self.bioconductorPackages = bioconductorPackages
    }

    /// A CRAN package (`RCranPackage`: name, version, repository).
    public struct CranPackage: Sendable, Equatable {
        /// Package name.
        public var name: String?
        /// Version.
        public var version: String?
        /// Repository.
        public var repository: String?

        /// A CRAN package.
        public init(name: String? = nil, version: String? = nil, repository: String? = nil) {
            self.name = name
            self.version = version
            self.repository = repository
        }
    }
}
