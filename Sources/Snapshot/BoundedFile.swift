import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads input files with a size limit, and only regular files: a FIFO, a device (`/dev/zero`
/// behind a symbolic link) or a folder is refused instead of blocking or filling memory.
public enum BoundedFile {
    /// Why a file was not read. `description` is a message without the file name.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// open(2) or read(2) failed, with the system's reason.
        case unreadable(reason: String)
        /// Not a regular file (after following symbolic links).
        case notRegular(kind: String)
        /// Larger than the limit; `setting` is the environment variable that raises it.
        case tooLarge(size: Int, limit: Int, setting: String)
        /// There is no such file.
        case missing
        /// The file, once every symbolic link is followed, is outside the folder it must be in.
        case outside

        public var description: String {
            switch self {
            case .unreadable(let reason): return "cannot read the file: \(reason)"
            case .notRegular(let kind): return "is a \(kind), not a regular file; refused"
            case .tooLarge(let size, let limit, let setting):
                return "is \(size) bytes, more than the limit of \(limit) bytes (raise it with \(setting))"
            case .missing: return "does not exist"
            case .outside: return "leads outside the folder it must be in (a symbolic link); refused"
            }
        }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    /// With `inside` (a folder's real path, links resolved), the file opened must really be in
    /// it: the path of the open file is checked, so a link swapped in between cannot escape.
    public static func read(_ path: String, limit: Int, setting: String, inside folder: String? = nil) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .missing }
            throw .unreadable(reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        if let folder {
            guard let real = realPath(of: fd, opened: path), real.hasPrefix(folder + "/") else { throw .outside }
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else { throw .notRegular(kind: kind(of: type)) }
        if Int(info.st_size) > limit { throw .tooLarge(size: Int(info.st_size), limit: limit, setting: setting) }
        let bytes = try readAll(fd, limit: limit, expected: Int(info.st_size))
        if bytes.count > limit { throw .tooLarge(size: bytes.count, limit: limit, setting: setting) }
        return bytes
    }

    /// Where an open file really is: `/proc/self/fd/N` on Linux (one system call), else realpath(3).
    static func realPath(of fd: Int32, opened path: String) -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, Int(PATH_MAX))
        if n > 0 { return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Standard input, at most `limit + 1` bytes (so that the caller can tell it was too long).
    public static func readStandardInput(limit: Int) -> [UInt8] {
        (try? readAll(STDIN_FILENO, limit: limit)) ?? []
    }

    /// Reads until end of file or until more than `limit` bytes were read; `expected` (the size
    /// fstat gave) sizes the buffers so that a small file takes one allocation and one read.
    private static func readAll(_ fd: Int32, limit: Int, expected: Int = 0) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(expected, limit) + 1)
        var chunk = [UInt8](repeating: 0, count: max(min(expected + 1, 1 << 16), 4096))
        while out.count <= limit {
            let want = min(chunk.count, limit + 1 - out.count)
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { usleep(1000); continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    private static func kind(of type: mode_t) -> String {
        switch type {
        case S_IFDIR: return "folder"
        case S_IFIFO: return "FIFO"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        case S_IFSOCK: return "socket"
        default: return "special file"
        }
    }
}

/// read(2), out of reach of `BoundedFile.read`'s name.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
