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
