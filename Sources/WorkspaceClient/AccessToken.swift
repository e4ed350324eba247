/// A bearer token. Its text is only ever put in an `Authorization` header; printing it shows
/// `<redacted>`.
public struct AccessToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The token text, for the `Authorization` header only.
    let value: String
    /// When it stops being valid (nil: unknown, assumed valid for the run).
    let expiresAt: ContinuousClock.Instant?

    public init(_ value: String, expiresAt: ContinuousClock.Instant? = nil) {
        self.value = value
        self.expiresAt = expiresAt
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }

    /// Whether it is still good for at least `margin`.
    func isFresh(margin: Duration = .seconds(120)) -> Bool {
        guard let expiresAt else { return true }
        return ContinuousClock.now + margin < expiresAt
    }

    var authorizationHeader: String { "Bearer " + value }
}
