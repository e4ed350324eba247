/// Limits of a client run: concurrency, timeouts, retries and the whole-run deadline.
public struct ClientSettings: Sendable {
    /// At most this many artifact and model fetches at once (`--concurrency`).
    public var concurrency: Int
    /// The timeout of one JSON request.
    public var requestTimeout: Duration
    /// The timeout of one artifact download (bodies can be large).
    public var downloadTimeout: Duration
    /// How failed requests are retried.
    public var retry: RetryPolicy
    /// The whole-run deadline in seconds (`--deadline`); nil for none.
    public var deadlineSeconds: Double?
    /// Environment variables consulted for credentials (`AZURE_*`, `PATH`).
    public var environment: [String: String]

    public init(concurrency: Int = 8, requestTimeout: Duration = .seconds(120), downloadTimeout: Duration = .seconds(1800),
                retry: RetryPolicy = .standard, deadlineSeconds: Double? = nil, environment: [String: String]) {
        self.concurrency = max(concurrency, 1)
        self.requestTimeout = requestTimeout
        self.downloadTimeout = downloadTimeout
        self.retry = retry
        self.deadlineSeconds = deadlineSeconds
        self.environment = environment
    }
}
