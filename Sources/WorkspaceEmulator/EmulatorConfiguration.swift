/// How an emulator serves a snapshot: credentials, paging, latency and faults.
public struct EmulatorConfiguration: Sendable {
    /// A service principal the token endpoint accepts.
    public struct ServicePrincipal: Sendable {
        /// The tenant in the token URL; nil accepts any tenant.
        public var tenantId: String?
        public var clientId: String
        public var clientSecret: String

        public init(tenantId: String? = nil, clientId: String, clientSecret: String) {
            self.tenantId = tenantId
            self.clientId = clientId
            self.clientSecret = clientSecret
        }
    }

    /// The snapshot folder served (docs/snapshot.md).
    public var snapshot: String
    /// A folder of snapshots served together, each as its own workspace (its `workspace.json`
    /// names it), with the resource manager's subscription and workspace lists; when set,
    /// `snapshot` is not read.
    public var fleet: String?
    /// The port on 127.0.0.1; 0 picks any free port.
    public var port: Int
    /// A bearer token the MMS and artifact routes accept. When neither this nor a service
    /// principal is set, any non-empty bearer token is accepted (but one is still required).
    public var token: String?
    /// The service principal the token endpoint accepts; the tokens it issues are then accepted.
    public var servicePrincipal: ServicePrincipal?
    /// Items per page of the paged lists.
    public var pageSize: Int
    /// Delay before every answer.
    public var latency: Duration
    /// The fraction (0...1) of requests answered with a random fault from `randomFaultKinds`.
    public var failRate: Double
    /// Seed of the random fault choice (the same seed and request order give the same faults).
    public var seed: UInt64
    /// The faults `failRate` chooses from.
    public var randomFaultKinds: [Fault]
    /// Faults for the first N requests to a path, applied before the random ones.
    public var scriptedFaults: [ScriptedFault]
    /// The `Retry-After` value (seconds) sent with 429 and 503 faults.
    public var retryAfterSeconds: Int
    /// The pause between the pieces of a slow body.
    public var slowBodyDelay: Duration
    /// How many `GET /operations/{id}` polls answer `Running` before `Succeeded`.
    public var operationPollsBeforeDone: Int
    /// Services whose deployment ends `Failed` (by name): their operation fails after the
    /// usual polls, with an error the service keeps. For managed online endpoints, the name of
    /// an endpoint (every deployment of it fails) or `endpoint/deployment`.
    public var failingDeployments: [String]
    /// Where to also write the journal of every `PUT`, `POST` and `PATCH` (a JSON array of
    /// `{"method", "path", "body"}`, secrets redacted, rewritten atomically after each); nil
    /// keeps it in memory only.
    public var journalFile: String?

    public init(snapshot: String, port: Int = 0, token: String? = nil, servicePrincipal: ServicePrincipal? = nil,
                pageSize: Int = 100, latency: Duration = .zero, failRate: Double = 0, seed: UInt64 = 0,
                randomFaultKinds: [Fault] = Fault.defaultRandomKinds, scriptedFaults: [ScriptedFault] = [],
                retryAfterSeconds: Int = 1, slowBodyDelay: Duration = .milliseconds(20),
                operationPollsBeforeDone: Int = 1, failingDeployments: [String] = [], journalFile: String? = nil,
                fleet: String? = nil) {
        self.snapshot = snapshot
        self.fleet = fleet
        self.port = port
        self.token = token
        self.servicePrincipal = servicePrincipal
        self.pageSize = pageSize
        self.latency = latency
        self.failRate = failRate
        self.seed = seed
        self.randomFaultKinds = randomFaultKinds
        self.scriptedFaults = scriptedFaults
        self.retryAfterSeconds = retryAfterSeconds
        self.slowBodyDelay = slowBodyDelay
        self.operationPollsBeforeDone = operationPollsBeforeDone
        self.failingDeployments = failingDeployments
        self.journalFile = journalFile
    }
}
