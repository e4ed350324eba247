import Foundation

/// A folder written whole or not at all: files go into a hidden sibling
/// (`.<name>.partial-<pid>`), which replaces the target only on `commit()`. A failed or killed
/// run leaves the target as it was.
public final class OutputFolder {
    public let path: String
    let staging: String
    private var committed = false

    /// Prepares to (re)write `path`. A non-empty existing folder is replaced only with `force`.
    public init(_ path: String, force: Bool) throws(AtomicFile.WriteError) {
        let fm = FileManager.default
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.path = trimmed
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: trimmed, isDirectory: &isDir) {
            guard isDir.boolValue else { throw AtomicFile.WriteError(description: "\(trimmed): exists and is not a folder") }
            let entries = (try? fm.contentsOfDirectory(atPath: trimmed)) ?? []
            if !entries.isEmpty && !force {
                throw AtomicFile.WriteError(description: "\(trimmed): folder is not empty; use --force to replace its content")
            }
        }
        let url = URL(fileURLWithPath: trimmed)
        staging = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)").path
        try? fm.removeItem(atPath: staging)
        Self.removeAbandonedStaging(beside: url)
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw AtomicFile.WriteError(description: "\(trimmed): cannot create \(staging): \((error as NSError).localizedDescription)")
        }
    }

    /// Removes `.<name>.partial-<pid>` folders (and their `.old`) beside `url` whose process is
    /// gone: what a run killed before it could clean up (SIGKILL, power loss) left behind.
    static func removeAbandonedStaging(beside url: URL) {
        let parent = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).partial-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            var rest = name.dropFirst(prefix.count)
            if rest.hasSuffix(".old") { rest = rest.dropLast(4) }
            guard let pid = Int32(rest), pid > 0, pid != ProcessInfo.processInfo.processIdentifier else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: parent + "/" + name)
            }
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// Writes one file at a relative path (`a/b/c.txt`); `..`, empty and absolute paths are refused.
    public func write(_ relative: String, _ bytes: [UInt8]) throws(AtomicFile.WriteError) {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.hasPrefix("/"), !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") }) else {
            throw AtomicFile.WriteError(description: "refusing to write \"\(relative)\": not a plain relative path")
        }
        let url = URL(fileURLWithPath: staging).appendingPathComponent(relative)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        } catch {
            throw AtomicFile.WriteError(description: "\(path)/\(relative): cannot write: \((error as NSError).localizedDescription)")
        }
    }

    /// Puts the finished folder in place of `path`.
    public func commit() throws(AtomicFile.WriteError) {
        let fm = FileManager.default
        let old = staging + ".old"
        do {
            if fm.fileExists(atPath: path) { try fm.moveItem(atPath: path, toPath: old) }
            try fm.moveItem(atPath: staging, toPath: path)
            committed = true
            try? fm.removeItem(atPath: old)
        } catch {
            if !fm.fileExists(atPath: path), fm.fileExists(atPath: old) { try? fm.moveItem(atPath: old, toPath: path) }
            throw AtomicFile.WriteError(description: "\(path): cannot put the new folder in place: \((error as NSError).localizedDescription)")
        }
    }
}
