/// What a fleet pull (`pull --all-workspaces`) does and where.
public struct FleetPullOptions: Sendable {
    /// The fleet folder: each workspace goes to `<output>/<subscription>/<resource group>/<workspace>/`.
    public var output: String
    /// `--subscription` (repeatable); empty: every subscription the token can see.
    public var subscriptions: [String]
    /// `--images` and `--tags`, applied in every workspace.
    public var filter: ImageFilter
    /// `--resume`: keep the workspaces already pulled, finish the interrupted ones, pull the rest.
    public var resume: Bool

    public init(output: String, subscriptions: [String] = [], filter: ImageFilter = ImageFilter(), resume: Bool = false) {
        self.output = output
        self.subscriptions = subscriptions
        self.filter = filter
        self.resume = resume
    }
}

/// What happened to one workspace of a fleet pull.
public struct FleetPullOutcome: Sendable {
    public enum Result: Sendable {
        case pulled(PullSummary)
        /// Its snapshot was complete from an earlier run (`--resume`).
        case alreadyPulled
        case failed(WorkspaceClientError)
    }

    public var workspace: WorkspaceRef
    /// Its snapshot folder.
    public var folder: String
    public var result: Result
}

/// What a fleet pull did: every workspace, in order of subscription, resource group and name,
/// and the subscriptions whose workspaces could not be listed.
public struct FleetPullSummary: Sendable {
    public var outcomes: [FleetPullOutcome]
    public var listingFailures: [WorkspaceClientError]

    /// The failures, listing ones first.
    public var failures: [WorkspaceClientError] {
        listingFailures + outcomes.compactMap { if case .failed(let e) = $0.result { return e } else { return nil } }
    }
}
