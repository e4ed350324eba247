import Snapshot
/// Why talking to a workspace failed. The message says what failed, where (the URL, with any
/// SAS signature redacted) and what to do; it never holds a token or a secret.
public struct WorkspaceClientError: Error, Sendable, CustomStringConvertible {
    /// The class of failure; the command line maps it to an exit code.
    public enum Kind: Sendable, Equatable {
        /// Missing or contradictory options: no workspace, no credentials, an existing output (exit 64).
        case usage
        /// The service could not be reached or kept failing after every retry, or the
        /// `--deadline` passed (exit 69).
        case unavailable
        /// Credentials were refused (401/403) or no token could be obtained.
        case authentication
        /// The service refused a request for good (a 4xx other than 408/429).
        case rejected
        /// The service answered something that is not what the API promises.
        case invalidResponse
        /// A local file could not be read or written.
        case io
    }

    /// The class of failure.
    public var kind: Kind
    /// The message, already redacted.
    public let message: String
    /// The HTTP status that caused it, when a service answered.
    public var status: Int?

    public init(_ kind: Kind, _ message: String, status: Int? = nil) {
        self.kind = kind
        self.message = Redaction.text(message)
        self.status = status
    }

    public var description: String { message }
}
