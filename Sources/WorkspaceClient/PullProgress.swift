/// What a pull reports as it goes.
public enum PullEvent: Sendable, Equatable {
    /// The image listing is complete.
    case imagesListed(Int)
    /// How many models and artifacts will be fetched (or reused).
    case planned(models: Int, artifacts: Int)
    case modelFetched
    /// An artifact landed (or was reused) with this many bytes.
    case artifactFetched(bytes: Int64)
    case servicesListed(Int)
    case finished
    /// A fleet pull: how many workspaces it pulls.
    case fleetPlanned(workspaces: Int)
    /// A fleet pull: one workspace is done (pulled, kept from an earlier run, or failed).
    case workspaceFinished(failed: Bool)
}

/// Receives `PullEvent`s (from many tasks at once).
public protocol PullProgress: Sendable {
    func report(_ event: PullEvent)
}
