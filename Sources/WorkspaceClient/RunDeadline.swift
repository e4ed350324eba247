/// The whole-run `--deadline`: every request and every backoff pause must end before it.
public struct RunDeadline: Sendable {
    /// The deadline in seconds as given, for messages.
    public let seconds: Double?
    let end: ContinuousClock.Instant?

    /// No deadline when `seconds` is nil.
    public init(seconds: Double?) {
        self.seconds = seconds
        self.end = seconds.map { ContinuousClock.now + .milliseconds(Int64($0 * 1000)) }
    }

    /// Time left; nil when there is no deadline.
    var remaining: Duration? {
        end.map { $0 - ContinuousClock.now }
    }

    /// Throws the "deadline passed" error when no time is left.
    func check(_ what: String) throws(WorkspaceClientError) {
        if let remaining, remaining <= .zero { throw expired(what) }
    }

    func expired(_ what: String) -> WorkspaceClientError {
        let limit = seconds.map { "\(Self.format($0)) s" } ?? "the deadline"
        return WorkspaceClientError(.unavailable, "the run did not finish within --deadline \(limit) (stopped while \(what)); "
                                    + "raise --deadline, or rerun with --resume to continue where it stopped")
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int64(seconds)) : String(seconds)
    }
}
