/// A file fetched to disk: its size and SHA-256.
public struct DownloadedFile: Sendable, Equatable {
    public var size: Int64
    /// 64 lowercase hex digits.
    public var sha256: String

    public init(size: Int64, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }
}
