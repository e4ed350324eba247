/// A value that `PythonJSONWriter` refuses to write (NaN or an infinity).
///
/// `description` reads `"<message> (at <path>)"`, for example
/// `out of range float value NaN is not JSON compliant (at $.scores[2])`.
public struct JSONWriteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Where the value is in the document being written.
    public var path: JSONPath
    /// What is wrong with it.
    public var message: String

    /// Creates an error from its parts.
    public init(path: JSONPath, message: String) {
        self.path = path
        self.message = message
    }

    /// `"<message> (at <path>)"`.
    public var description: String { "\(message) (at \(path))" }
}
