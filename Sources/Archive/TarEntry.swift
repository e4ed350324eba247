/// One file or directory read from a tar archive.
public struct TarEntry: Equatable, Sendable {
    /// What a member is. Links, devices and FIFOs are refused by `TarReader`, never returned.
    public enum Kind: Equatable, Sendable {
        /// A regular file (tar types `0`, `\0` and `7`).
        case file
        /// A directory (tar type `5`, or an old-style `\0` member whose name ends in `/`).
        case directory
    }

    /// The normalised relative path: no leading `/`, no trailing `/`, no empty, `.` or
    /// `..` components, e.g. `home/alice/proj/score.py`.
    public var path: String
    /// File or directory.
    public var kind: Kind
    /// The file's bytes; empty for directories.
    public var data: [UInt8]
    /// Permission bits from the header (`mode & 0o7777`).
    public var mode: UInt32

    /// Creates an entry.
    public init(path: String, kind: Kind, data: [UInt8] = [], mode: UInt32) {
        self.path = path
        self.kind = kind
        self.data = data
        self.mode = mode
    }
}
