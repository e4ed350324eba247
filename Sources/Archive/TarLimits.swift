/// Bounds a `TarReader` enforces so a hostile archive cannot exhaust memory or time.
public struct TarLimits: Equatable, Sendable {
    /// The most members (files, directories, and anything refused) read; extended headers
    /// (`x`, `g`, `L`, `K`) are not counted.
    public var maxMembers: Int
    /// The most bytes of file data, summed over all file members.
    public var maxTotalBytes: Int
    /// The longest member name, in UTF-8 bytes, before normalisation.
    public var maxNameLength: Int
    /// The largest PAX extended header (`x`, `g`) data, in bytes.
    public var maxExtendedHeaderBytes: Int

    /// Creates limits; every parameter defaults to the value in `.default`.
    public init(
        maxMembers: Int = 100_000,
        maxTotalBytes: Int = 1 << 30,
        maxNameLength: Int = 4096,
        maxExtendedHeaderBytes: Int = 1 << 20
    ) {
        self.maxMembers = maxMembers
        self.maxTotalBytes = maxTotalBytes
        self.maxNameLength = maxNameLength
        self.maxExtendedHeaderBytes = maxExtendedHeaderBytes
    }

    /// 100 000 members, 1 GiB of file data, 4096-byte names, 1 MiB PAX headers.
    public static let `default` = TarLimits()
}
