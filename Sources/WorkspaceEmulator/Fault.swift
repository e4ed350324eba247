/// A way the emulator can misbehave on one request.
public enum Fault: Sendable, Equatable, CustomStringConvertible {
    /// Answer with this status and a JSON error body. 429 and 503 carry `Retry-After`
    /// (`EmulatorConfiguration.retryAfterSeconds`).
    case status(Int)
    /// Close the connection without answering.
    case dropConnection
    /// Handle the request (a POST takes effect), then close the connection without answering:
    /// the client cannot know whether it worked.
    case dropAfterHandling
    /// Send the headers (with the full `Content-Length`) and half of the body, then close.
    case truncatedBody
    /// Send the body in small pieces with a pause between them (`EmulatorConfiguration.slowBodyDelay`).
    case slowBody

    /// Parses `429`, `500`, `503` (any status 400...599), `drop`, `drop-after`, `truncate`, `slow`.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "drop": self = .dropConnection
        case "drop-after": self = .dropAfterHandling
        case "truncate": self = .truncatedBody
        case "slow": self = .slowBody
        default:
            guard let code = Int(text), (400...599).contains(code) else { return nil }
            self = .status(code)
        }
    }

    public var description: String {
        switch self {
        case .status(let code): return "\(code)"
        case .dropConnection: return "drop"
        case .dropAfterHandling: return "drop-after"
        case .truncatedBody: return "truncate"
        case .slowBody: return "slow"
        }
    }

    /// What `--fail-rate` chooses from unless told otherwise: 429, 500, 503 and dropped connections.
    public static let defaultRandomKinds: [Fault] = [.status(429), .status(500), .status(503), .dropConnection]
}

/// A deterministic fault for tests: the first `count` requests whose path contains
/// `pathContains` (and whose method is `method`, when given) get `fault`.
public struct ScriptedFault: Sendable, Equatable {
    public var pathContains: String
    public var method: String?
    public var count: Int
    public var fault: Fault

    public init(pathContains: String, method: String? = nil, count: Int, fault: Fault) {
        self.pathContains = pathContains
        self.method = method
        self.count = count
        self.fault = fault
    }
}
