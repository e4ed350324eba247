/// `Environment.databricks` (azureml-core's `DatabricksSection`): library lists. The
/// section's cluster is not serialized by the SDK and is not modelled.
public struct DatabricksSection: Sendable, Equatable {
    /// `maven_libraries`.
    public var mavenLibraries: [MavenLibrary]
    /// `pypi_libraries`.
    public var pypiLibraries: [PackageLibrary]
    /// `rcran_libraries`.
    public var rcranLibraries: [PackageLibrary]
    /// `jar_libraries` (library paths).
    public var jarLibraries: [String]
    /// `egg_libraries` (library paths).
    public var eggLibraries: [String]

    /// A databricks section; all lists empty by default.
    public init(mavenLibraries: [MavenLibrary] = [], pypiLibraries: [PackageLibrary] = [],
                rcranLibraries: [PackageLibrary] = [], jarLibraries: [String] = [], eggLibraries: [String] = []) {
        self.mavenLibraries = mavenLibraries
        self.pypiLibraries = pypiLibraries
        self.rcranLibraries = rcranLibraries
        self.jarLibraries = jarLibraries
        self.eggLibraries = eggLibraries
    }

    /// A Maven library (`MavenLibrary`: coordinates, repo, exclusions).
    public struct MavenLibrary: Sendable, Equatable {
        /// Gradle-style coordinates, e.g. `org.jsoup:jsoup:1.7.2`.
        public var coordinates: String
        /// Repository URL (`""` when none).
        public var repo: String
        /// Dependencies to exclude.
        public var exclusions: [String]

        /// A Maven library.
        public init(coordinates: String, repo: String = "", exclusions: [String] = []) {
            self.coordinates = coordinates
            self.repo = repo
            self.exclusions = exclusions
        }
    }

    /// A PyPI or CRAN library (`PyPiLibrary` / `RCranLibrary`: package, repo).
    public struct PackageLibrary: Sendable, Equatable {
        /// Package name.
        public var package: String
        /// Repository (`""` when none).
        public var repo: String

        /// A package library.
        public init(package: String, repo: String = "") {
            self.package = package
            self.repo = repo
        }
    }
}
