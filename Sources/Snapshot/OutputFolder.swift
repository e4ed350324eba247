import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder written whole or not at all: files go into a hidden sibling
/// (`.<name>.partial-<pid>`), which replaces the target only on `commit()`. A failed or killed
/// run leaves the target as it was.
/// `write` may be called from several threads at once (each file is its own); `commit` once, at
/// the end, from one.
public final class OutputFolder: @unchecked Sendable {
    public let path: String
    let staging: String
    private var committed = false
    /// Folders below `staging` made so far (guarded by `lock`).
    private var made: Set<String> = []
    private let lock = NSLock()

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
        try makeDirectories(parts.dropLast())
        // Plain open/write/close: the folder as a whole is made durable by its rename at commit;
        // a sync per file (what Foundation's Data.write does) would dominate the run.
        let file = staging + "/" + relative
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw AtomicFile.WriteError(description: "\(path)/\(relative): cannot write: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress.map { $0 + done }, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw AtomicFile.WriteError(description: "\(path)/\(relative): cannot write: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    /// `mkdir -p` of `staging/parts...`, tolerating a folder made meanwhile by another thread;
    /// folders made once are remembered.
    private func makeDirectories(_ parts: ArraySlice<Substring>) throws(AtomicFile.WriteError) {
        var path = staging
        for part in parts {
            path += "/" + part
            if lock.withLock({ made.contains(path) }) { continue }
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw AtomicFile.WriteError(description: "\(path): cannot create the folder: \(String(cString: strerror(errno)))")
            }
            lock.withLock { _ = made.insert(path) }
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

/// write(2), out of reach of `OutputFolder.write`'s name.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
