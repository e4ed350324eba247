import Foundation

/// A folder of snapshots, one per workspace: what `pull --all-workspaces` writes
/// (`OUT/<subscription>/<resource group>/<workspace>/`), or any folder whose subfolders are
/// snapshots. `audit`, `diff` and `convert` read it as one fleet.
public enum FleetFolder {
    /// One snapshot of the fleet.
    public struct Member: Sendable, Equatable {
        /// The snapshot folder.
        public var path: String
        /// Its path under the fleet folder (`SUB/RG/WS`).
        public var relative: String
    }

    /// How deep snapshots are looked for (`<subscription>/<resource group>/<workspace>`).
    public static let maxDepth = 3

    /// The snapshots of `folder` when it is a fleet: not a snapshot itself, no `*.json` files
    /// of its own, and at least one snapshot (a folder with `images/`) at most `maxDepth` levels
    /// below. Hidden folders (an interrupted pull's `.<name>.partial/`) are skipped; members come
    /// in byte order of their relative paths. Nil when `folder` is not a fleet.
    public static func members(of folder: String) -> [Member]? {
        let base = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        guard SourceLoader.isDirectory(base), !SourceLoader.isDirectory(base + "/images"),
              SourceLoader.jsonFiles(in: base).isEmpty else { return nil }
        var found: [Member] = []
        collect(base, relative: "", depth: 1, into: &found)
        return found.isEmpty ? nil : found
    }

    private static func collect(_ folder: String, relative: String, depth: Int, into found: inout [Member]) {
        guard depth <= maxDepth, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) where !name.hasPrefix(".") {
            let path = folder + "/" + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            guard SourceLoader.isDirectory(path) else { continue }
            if SourceLoader.isDirectory(path + "/images") {
                found.append(Member(path: path, relative: rel))
            } else {
                collect(path, relative: rel, depth: depth + 1, into: &found)
            }
        }
    }
}
