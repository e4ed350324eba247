import Foundation

/// How failed requests are retried: connection errors, 408, 429 and 5xx, with exponential
/// backoff and jitter, honouring `Retry-After` up to a cap.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all (the first try included).
    public var maxAttempts: Int
    /// The delay before the second attempt; it doubles for each further one.
    public var baseDelay: Duration
    /// The longest backoff delay.
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; longer values are cut to this.
    public var maxRetryAfter: Duration

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20),
                maxRetryAfter: Duration = .seconds(60)) {
        self.maxAttempts = max(maxAttempts, 1)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// 6 attempts, 0.5 s doubling up to 20 s, `Retry-After` honoured up to 60 s.
    public static let standard = RetryPolicy()

    /// Whether a status is worth another try.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// The pause after failed attempt `attempt` (1-based): `Retry-After` when the service sent
    /// one (capped), else `baseDelay * 2^(attempt-1)` capped at `maxDelay`, with jitter
    /// (a random point in its upper half).
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxRetryAfter) }
        var d = baseDelay
        for _ in 1..<max(attempt, 1) {
            d = d * 2
            if d >= maxDelay { d = maxDelay; break }
        }
        let nanoseconds = min(d, maxDelay).nanoseconds * Double.random(in: 0.5...1.0)
        return .nanoseconds(Int64(nanoseconds))
    }

    /// Parses `Retry-After`: delay seconds (`120`); an HTTP date is read as "a while" (the cap).
    static func parseRetryAfter(_ value: String?) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        return .seconds(3600)
    }
}

extension Duration {
    /// The duration in nanoseconds, as a Double.
    var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
