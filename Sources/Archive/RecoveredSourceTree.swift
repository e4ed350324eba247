/// A project's source tree rebuilt from the `.tar.gz` artifacts of a legacy image.
public struct RecoveredSourceTree: Equatable, Sendable {
    /// One recovered file.
    public struct File: Equatable, Sendable {
        /// Relative path: to `root` for files inside it, to `commonPrefix` for the others.
        public var path: String
        /// The file's bytes.
        public var data: [UInt8]
        /// The file's size in bytes (`data.count`).
        public var size: Int { data.count }

        /// Creates a file.
        public init(path: String, data: [UInt8]) {
            self.path = path
            self.data = data
        }
    }

    /// The member-path prefix removed from files inside the project, e.g.
    /// `home/alice/proj` (no leading or trailing `/`; `""` when nothing was removed).
    public var root: String
    /// The longest common directory prefix of all members (a prefix of `root`); files
    /// outside `root` are relative to it, e.g. `home/alice`.
    public var commonPrefix: String
    /// Every file, sorted by path (UTF-8 byte order), each path once.
    public var files: [File]
    /// The entry script's path relative to `root` (e.g. `score.py`), nil when not found.
    public var entryScript: String?
    /// Paths (in `files`) of files that lived outside `root`, sorted.
    public var outsideRoot: [String]
    /// Paths given different contents by two members (of one or several tarballs), or a
    /// file that another file needs as a directory, sorted. See `SourceTree` for the winner.
    public var duplicates: [String]

    /// Creates a recovered tree.
    public init(
        root: String, commonPrefix: String, files: [File], entryScript: String?,
        outsideRoot: [String], duplicates: [String]
    ) {
        self.root = root
        self.commonPrefix = commonPrefix
        self.files = files
        self.entryScript = entryScript
        self.outsideRoot = outsideRoot
        self.duplicates = duplicates
    }

    /// Where a tar member path (e.g. `home/alice/proj/schema/schema.json`) lands in this
    /// tree: relative to `root` when under it, else relative to `commonPrefix`; nil when
    /// the path is under neither or is the prefix itself. Components are compared as
    /// UTF-8 bytes. The file may still be absent from `files` (e.g. a dropped clash).
    public func relativePath(ofMember memberPath: String) -> String? {
        let components = Self.components(memberPath)
        for prefix in [root, commonPrefix] {
            let base = Self.components(prefix)
            if components.count > base.count && components.starts(with: base) {
                let relative = Array(components.dropFirst(base.count).joined(separator: [UInt8(ascii: "/")]))
                return String(decoding: relative, as: UTF8.self)
            }
        }
        return nil
    }

    private static func components(_ path: String) -> [[UInt8]] {
        path.utf8.split(separator: UInt8(ascii: "/")).map(Array.init)
    }
}
