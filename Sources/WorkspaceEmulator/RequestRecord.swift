/// One request the emulator answered, for tests to assert on.
public struct RequestRecord: Sendable, Equatable {
    public var method: String
    /// The path without the query.
    public var path: String
    /// The status answered (0 for a dropped connection).
    public var status: Int
    /// Whether the request carried an `Authorization` header.
    public var hadAuthorization: Bool
    /// The fault injected, if any.
    public var fault: Fault?

    public init(method: String, path: String, status: Int, hadAuthorization: Bool, fault: Fault?) {
        self.method = method
        self.path = path
        self.status = status
        self.hadAuthorization = hadAuthorization
        self.fault = fault
    }
}
