import JSONValue
import Snapshot

/// One `PUT`, `POST` or `PATCH` the emulator received: the body verbatim (JSON, or a note of
/// its size) and how it was answered.
public struct JournalEntry: Sendable, Equatable {
    public var method: String
    /// The path, without the query (which may hold a SAS signature).
    public var path: String
    /// The status answered.
    public var status: Int
    /// The operation a `POST /services` started.
    public var operationId: String?
    /// The body: its JSON, or `"<N bytes>"` when it is not JSON (a blob, a form).
    public var body: JSON

    public init(method: String, path: String, status: Int, operationId: String? = nil, body: JSON) {
        self.method = method
        self.path = path
        self.status = status
        self.operationId = operationId
        self.body = body
    }

    /// `{"method", "path", "body"}` with secrets redacted, as `--journal FILE` writes it.
    var redactedJSON: JSON {
        .object(JSONObject([("method", .string(method)), ("path", .string(path)), ("body", Self.redacted(body))]))
    }

    /// Object keys that hold secrets in the bodies the emulator takes (a registry password, an
    /// SSL key, service keys, storage credentials, client secrets).
    static let secretKeys: Set<String> = ["password", "sslkey", "primarykey", "secondarykey", "key", "accountkey", "sastoken",
                                          "sasuri", "client_secret", "clientsecret"]

    static func redacted(_ json: JSON) -> JSON {
        switch json {
        case .object(let object):
            return .object(JSONObject(object.entries.map { entry in
                if secretKeys.contains(entry.key.lowercased()), !entry.value.isNull { return (entry.key, .string("<redacted>")) }
                return (entry.key, redacted(entry.value))
            }))
        case .array(let items):
            return .array(items.map(redacted))
        case .string(let text):
            return .string(Redaction.text(text))
        default:
            return json
        }
    }
}
