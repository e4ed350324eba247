/// What a pull wrote.
public struct PullSummary: Sendable, Equatable {
    /// The snapshot folder written.
    public var output: String
    public var images: Int
    public var services: Int
    public var models: Int
    public var artifacts: Int
    /// Models and artifacts kept from the interrupted pull (verified by size and SHA-256).
    public var reused: Int
    /// Artifact bytes in the snapshot.
    public var bytes: Int64
    /// Things worth knowing that did not stop the pull (an artifact or model the workspace no
    /// longer has, a filter that matched nothing); already redacted.
    public var warnings: [String]

    public init(output: String, images: Int = 0, services: Int = 0, models: Int = 0, artifacts: Int = 0, reused: Int = 0,
                bytes: Int64 = 0, warnings: [String] = []) {
        self.output = output
        self.images = images
        self.services = services
        self.models = models
        self.artifacts = artifacts
        self.reused = reused
        self.bytes = bytes
        self.warnings = warnings
    }
}
