/// Recovers a project's source tree from the entries of one image's tarballs, whose
/// members are named by absolute local paths (`home/alice/proj/score.py`).
///
/// - The root is the directory holding the entry script: the file member whose last
///   path components equal the entry script name (`score.py`, or `src/score.py` matched
///   component-wise); among several, the one with the fewest components, then the first
///   in UTF-8 byte order. Without an entry script, or when no member matches, the root is
///   the longest common directory prefix of all file members.
/// - Files under the root are relative to it. Other files (dependencies elsewhere on the
///   user's disk) are relative to the common directory prefix of all members (files and
///   directories) and listed in `outsideRoot`.
/// - When a path occurs more than once with different contents it is listed in
///   `duplicates` and one content is kept: a file from inside the root wins over one from
///   outside; otherwise the later one (tarball order, then member order) wins, as when the
///   tarballs are extracted one after another into one folder. A file whose path another
///   file needs as a directory is dropped and listed in `duplicates`.
/// - An entry script uploaded as an artifact of its own (the driver of an IoT image, which
///   `IotContainerImage` uploads as is instead of wrapping it) is placed at the root, and
///   wins over a tarball member at the same path. The root is then the directory the SDK ran
///   in: the longest common directory of the paths the user listed as dependencies (each
///   tarball's shortest member), the entry script having to be in that directory.
/// - Directories are not listed; the result is deterministic.
/// - Paths are compared as UTF-8 bytes, not as Swift `String`s: `é` and `e` + U+0301 are
///   different files on disk, and stay different here.
public enum SourceTree {
    /// A path as components of UTF-8 bytes (byte-exact comparisons).
    private typealias Components = [[UInt8]]

    /// Recovers the source tree.
    ///
    /// - Parameters:
    ///   - tarballs: the entries of each tarball, in the image's asset order.
    ///   - entryScript: the entry script name (e.g. `score.py`), nil if unknown. An
    ///     absolute name or one with `..` is matched by its last component only.
    ///   - driver: the entry script itself when it was not in a tarball (its `path` is its
    ///     name, e.g. `main.py`); `entryScript` is then ignored.
    public static func recover(tarballs: [[TarEntry]], entryScript: String?,
                               driver: RecoveredSourceTree.File? = nil) -> RecoveredSourceTree {
        var files: [Member] = []
        var directories: [Components] = []
        for entry in tarballs.joined() {
            let components = split(entry.path)
            switch entry.kind {
            case .file: files.append(Member(components: components, data: entry.data, order: files.count))
            case .directory: directories.append(components)
            }
        }
        let parents = files.map { Array($0.components.dropLast()) }
        let script: Components?
        let root: Components
        if let driver, let name = scriptComponents(driver.path)?.last {
            script = [name]
            // The folder the SDK ran in holds every dependency the user named (tarball tops).
            let tops = tarballs.compactMap { entries in entries.map { split($0.path) }.min { $0.count < $1.count } }
            root = commonPrefix(tops.map { Array($0.dropLast()) })
            files.append(Member(components: root + [name], data: driver.data, order: files.count))
        } else {
            script = entryScript.flatMap(scriptComponents)
            let match = script.flatMap { findEntry(named: $0, in: files) }
            root = match.map { Array($0.components.dropLast(script?.count ?? 0)) } ?? commonPrefix(parents)
        }
        let found = script.flatMap { s in files.contains { $0.components == root + s } ? s : nil }
        let common = commonPrefix(parents + directories + [root])

        var placed: [[UInt8]: [Placed]] = [:]
        for file in files {
            let inside = file.components.starts(with: root)
            let relative = join(file.components.dropFirst(inside ? root.count : common.count))
            placed[relative, default: []].append(Placed(member: file, inside: inside))
        }
        return resolve(placed, root: root, common: common, script: found)
    }

    /// One file member with its position in input order.
    private struct Member {
        let components: Components
        let data: [UInt8]
        let order: Int
    }

    /// A file member at its relative path.
    private struct Placed {
        let member: Member
        let inside: Bool
    }

    /// Picks one member per path, finds duplicates and file/directory clashes, sorts.
    private static func resolve(
        _ placed: [[UInt8]: [Placed]], root: Components, common: Components, script: Components?
    ) -> RecoveredSourceTree {
        var chosen: [[UInt8]: Placed] = [:]
        var duplicates: Set<[UInt8]> = []
        for (path, candidates) in placed {
            guard let first = candidates.first else { continue }
            if candidates.contains(where: { $0.member.data != first.member.data }) { duplicates.insert(path) }
            chosen[path] = candidates.max { ($0.inside ? 1 : 0, $0.member.order) < ($1.inside ? 1 : 0, $1.member.order) }
        }
        var clashes: Set<[UInt8]> = []
        for path in chosen.keys {
            var ancestor = path[...]
            while let slash = ancestor.lastIndex(of: UInt8(ascii: "/")) {
                ancestor = ancestor[..<slash]
                if chosen[Array(ancestor)] != nil { clashes.insert(Array(ancestor)) }
            }
        }
        for path in clashes { chosen[path] = nil }
        duplicates.formUnion(clashes)

        let paths = chosen.keys.sorted { $0.lexicographicallyPrecedes($1) }
        let entry = script.map { join($0[...]) }
        return RecoveredSourceTree(
            root: string(join(root[...])),
            commonPrefix: string(join(common[...])),
            files: paths.compactMap { path in chosen[path].map { .init(path: string(path), data: $0.member.data) } },
            entryScript: entry.flatMap { chosen[$0]?.inside == true ? string($0) : nil },
            outsideRoot: paths.filter { chosen[$0]?.inside == false }.map(string),
            duplicates: duplicates.sorted { $0.lexicographicallyPrecedes($1) }.map(string))
    }

    /// The file member matching the entry script components (fewest components, then
    /// first in UTF-8 byte order).
    private static func findEntry(named script: Components, in files: [Member]) -> Member? {
        files.filter { $0.components.count >= script.count && Array($0.components.suffix(script.count)) == script }
            .min { lhs, rhs in
                lhs.components.count != rhs.components.count
                    ? lhs.components.count < rhs.components.count
                    : join(lhs.components[...]).lexicographicallyPrecedes(join(rhs.components[...]))
            }
    }

    /// The entry script name as path components, or nil when it has none.
    private static func scriptComponents(_ name: String) -> Components? {
        let parts = split(name).filter { $0 != Array(".".utf8) }
        guard let last = parts.last else { return nil }
        if name.hasPrefix("/") || parts.contains(Array("..".utf8)) { return [last] }
        return parts
    }

    /// The longest common prefix of component lists (`[]` for none).
    private static func commonPrefix(_ lists: [Components]) -> Components {
        guard var prefix = lists.first else { return [] }
        for list in lists.dropFirst() {
            let shared = zip(prefix, list).prefix { $0 == $1 }.count
            prefix.removeSubrange(shared...)
        }
        return prefix
    }

    private static func split(_ path: String) -> Components {
        path.utf8.split(separator: UInt8(ascii: "/")).map(Array.init)
    }

    private static func join(_ components: ArraySlice<[UInt8]>) -> [UInt8] {
        Array(components.joined(separator: [UInt8(ascii: "/")]))
    }

    private static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
