import Archive
import MigrationRules
import Snapshot

/// `v2/code/`: the recovered source with the entry-script analysis's v2 edits applied (every
/// other file as it is), and `v2/code.patch`, the unified diff from `source/` to it
/// (`cp -r source code && patch -d code -p1 < v2/code.patch` gives `v2/code`).
public enum V2Code {
    /// The files of `v2/code`, by path relative to it.
    public static func files(_ tree: RecoveredSourceTree, _ edits: [SourceEdit]) -> [(path: String, bytes: [UInt8])] {
        files(tree.files, edits)
    }

    /// `files` with `edits` applied.
    public static func files(_ files: [RecoveredSourceTree.File], _ edits: [SourceEdit]) -> [(path: String, bytes: [UInt8])] {
        let byFile = Dictionary(grouping: edits, by: \.file)
        return files.map { file in
            guard let mine = byFile[file.path], let changed = SourceEdit.apply(mine, to: file.data) else { return (file.path, file.data) }
            return (file.path, changed)
        }
    }

    /// The patch: one unified diff per changed file, in path order (`a/PATH`, `b/PATH`); empty
    /// when nothing changed.
    public static func patch(_ tree: RecoveredSourceTree, _ edits: [SourceEdit]) -> String {
        let out = patchLines(tree, edits)
        return out.isEmpty ? "" : out.joined(separator: "\n") + "\n"
    }

    /// The patch's lines, its file names prefixed by `oldPrefix` and `newPrefix`.
    public static func patchLines(_ tree: RecoveredSourceTree, _ edits: [SourceEdit], oldPrefix: String = "a/",
                                  newPrefix: String = "b/") -> [String] {
        guard !edits.isEmpty else { return [] }
        var out: [String] = []
        for (original, new) in zip(tree.files, files(tree, edits)) where original.data != new.bytes {
            out += UnifiedDiff.render(old: String(decoding: original.data, as: UTF8.self), new: String(decoding: new.bytes, as: UTF8.self),
                                      oldName: oldPrefix + original.path, newName: newPrefix + original.path, markMissingNewline: true)
        }
        return out
    }
}
