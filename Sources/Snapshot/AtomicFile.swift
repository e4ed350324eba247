import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files whole or not at all, also over an existing file: a temporary file beside the
/// target, then POSIX `rename(2)`, which replaces it atomically. (Foundation's `replaceItemAt`
/// fails on Linux when the target exists.)
public enum AtomicFile {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString.prefix(8))").path
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temp))
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw WriteError(description: "\(path): cannot write: \((error as NSError).localizedDescription); check that the folder exists and is writable")
        }
        try move(temp, to: path)
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Array(text.utf8), to: path)
    }

    /// Renames `source` to `destination`, replacing it if it exists; removes `source` on failure.
    public static func move(_ source: String, to destination: String) throws(WriteError) {
        guard rename(source, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: source)
            throw WriteError(description: "\(destination): cannot move the file into place: \(reason)")
        }
    }

    /// A file written piece by piece into a temporary file beside `path`, which `commit()`
    /// renames into place; until then (and when the writer goes away uncommitted, or the process
    /// dies) `path` is untouched and the temporary file is removed.
    public final class Writer {
        public let path: String
        private let temp: String
        private let handle: FileHandle
        private var committed = false

        public init(path: String) throws(WriteError) {
            let url = URL(fileURLWithPath: path)
            self.path = path
            temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString.prefix(8))").path
            guard FileManager.default.createFile(atPath: temp, contents: nil), let handle = FileHandle(forWritingAtPath: temp) else {
                throw WriteError(description: "\(path): cannot write: check that the folder exists and is writable")
            }
            self.handle = handle
        }

        deinit {
            if !committed {
                try? handle.close()
                try? FileManager.default.removeItem(atPath: temp)
            }
        }

        public func write(_ bytes: [UInt8]) throws(WriteError) {
            do {
                try handle.write(contentsOf: Data(bytes))
            } catch {
                throw WriteError(description: "\(path): cannot write: \((error as NSError).localizedDescription)")
            }
        }

        /// Puts the finished file in place of `path`.
        public func commit() throws(WriteError) {
            do {
                try handle.close()
            } catch {
                throw WriteError(description: "\(path): cannot write: \((error as NSError).localizedDescription)")
            }
            try AtomicFile.move(temp, to: path)
            committed = true
        }
    }
}
