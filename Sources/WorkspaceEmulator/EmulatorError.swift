/// Why the emulator cannot start: a snapshot it cannot serve, an address it cannot bind.
public struct EmulatorError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
