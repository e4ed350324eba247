import JSONValue

/// Something wrong with one payload, found while decoding it: what and where (JSON path).
public struct DecodeIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: JSONPath
    public var message: String

    public init(path: JSONPath, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// A payload that could not be decoded; holds every issue found, not just the first.
public struct DecodeFailure: Error, Sendable, Equatable {
    public var issues: [DecodeIssue]
    public init(_ issues: [DecodeIssue]) { self.issues = issues }
}

/// A value from the input quoted for a message: in double quotes, cut after `limit`
/// characters with `…` (a hostile payload can hold megabytes in a name). Control characters
/// are escaped where messages are printed.
public func quotedForMessage(_ value: String, limit: Int = 100) -> String {
    "\"" + (value.count > limit ? String(value.prefix(limit)) + "…" : value) + "\""
}
