import JSONValue

/// One `POST /services` the emulator received: the body verbatim and the operation it started.
public struct JournalEntry: Sendable, Equatable {
    public var method: String
    public var path: String
    public var operationId: String
    public var body: JSON

    public init(method: String, path: String, operationId: String, body: JSON) {
        self.method = method
        self.path = path
        self.operationId = operationId
        self.body = body
    }

    var json: JSON {
        .object(JSONObject([("method", .string(method)), ("path", .string(path)),
                            ("operationId", .string(operationId)), ("body", body)]))
    }
}
